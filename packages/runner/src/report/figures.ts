/**
 * The compare report's figures as Vega-Lite specs (plain data), after rliable's plots (Agarwal et
 * al. 2021, `plot_utils.py`): sample-efficiency curves (IQM, and the mean), aggregate-metric
 * intervals, performance profiles and probability of improvement. `@gymkit/loggers`'
 * `renderVegaLite` turns them into SVG and PNG.
 */
import type { ReportModel } from "./model.js";

/** The figures, in report order; also their file names under `figures/`. */
export const FIGURE_NAMES = [
  "learning-curves",
  "learning-curves-mean",
  "final-scores",
  "performance-profile",
  "probability-of-improvement",
] as const;
/** One of {@link FIGURE_NAMES}. */
export type FigureName = (typeof FIGURE_NAMES)[number];

type Spec = Record<string, unknown>;

const FONT = "DejaVu Sans"; // the font the PNG is drawn with (loggers' FONT_FILE)
const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const BAR_HEIGHT = 30; // px per row of the interval plots
/** Label width before vega cuts a name with "…" (its default, 180 px, cuts 30-character pair labels). */
const LABEL_LIMIT = 480;

const base = (title: string, subtitle?: string): Spec => ({
  $schema: SCHEMA,
  title: {
    text: title,
    fontSize: 15,
    anchor: "start",
    ...(subtitle ? { subtitle, subtitleColor: "#555" } : {}),
  },
  config: { font: FONT, view: { stroke: "#ddd" } },
  background: "white",
});

/** The colour encoding shared by every figure: variant → the same colour everywhere. */
function colorEncoding(model: ReportModel, field: string, legend: Spec | null): Spec {
  return {
    field,
    type: "nominal",
    title: "variant",
    scale: { domain: model.variants.map((v) => v.name), range: model.variants.map((v) => v.color) },
    legend,
  };
}

/** The dashed rule and label of the reward threshold, on the axis `channel` ("y" or "x"). */
function thresholdLayers(threshold: number, channel: "x" | "y"): Spec[] {
  const values = [{ threshold, label: `solved: ${threshold}` }];
  const at = { [channel]: { field: "threshold", type: "quantitative" } };
  return [
    { data: { values }, mark: { type: "rule", strokeDash: [6, 4], color: "#444" }, encoding: at },
    {
      data: { values },
      mark:
        channel === "y"
          ? { type: "text", align: "left", baseline: "bottom", dx: 4, dy: -3, color: "#444" }
          : { type: "text", align: "right", baseline: "top", dx: -4, dy: 4, color: "#444" },
      encoding: { ...at, [channel === "y" ? "x" : "y"]: { value: 0 }, text: { field: "label" } },
    },
  ];
}

/**
 * Greedy evaluation return against env steps, rliable's sample-efficiency curve: per variant the
 * IQM across seeds (or the mean; thick) with its 95% bootstrap band (from `curveBand`: a seed whose
 * run stopped early keeps its last value, carried forward, rather than dropping out), each seed
 * faint, and the reward threshold as a dashed rule.
 */
export function learningCurvesSpec(model: ReportModel, statistic: "iqm" | "mean" = "iqm"): Spec {
  const points: Array<{ variant: string; run: string; step: number; value: number }> = [];
  const band: Array<{ variant: string; step: number; value: number; lo: number; hi: number }> = [];
  for (const v of model.variants) {
    if (v.curve === null) continue;
    const { steps } = v.curve;
    const b = v.curve[statistic];
    steps.forEach((step, i) => {
      band.push({ variant: v.name, step, value: b.value[i]!, lo: b.lo[i]!, hi: b.hi[i]! });
    });
  }
  for (const run of model.runs) {
    const key = `${JSON.stringify(run.variant)}/${run.seed}`;
    for (const e of run.evaluations)
      points.push({ variant: run.variant, run: key, step: e.step, value: e.mean });
  }
  const x = {
    field: "step",
    type: "quantitative",
    title: "env steps",
    axis: { labelExpr: 'datum.value === 0 ? "0" : format(datum.value, "~s")' },
    scale: { zero: true },
  };
  // Stroke symbols at full opacity: the band layer would otherwise make the legend's swatches pale.
  const color = colorEncoding(model, "variant", {
    symbolType: "stroke",
    symbolStrokeWidth: 3,
    symbolOpacity: 1,
    labelLimit: LABEL_LIMIT,
  });
  const runs = model.runs.filter((r) => r.evaluations.length > 0).length;
  return {
    ...base(
      statistic === "iqm"
        ? "Greedy evaluation return: IQM across seeds"
        : "Greedy evaluation return: mean across seeds",
      `${statistic === "iqm" ? "interquartile mean" : "mean"} across seeds with a 95% bootstrap band; faint lines are single seeds (${runs} runs)`,
    ),
    width: 640,
    height: 320,
    layer: [
      {
        data: { values: points },
        mark: { type: "line", strokeWidth: 1, opacity: 0.3 },
        encoding: {
          x,
          y: { field: "value", type: "quantitative", title: "greedy evaluation return" },
          color,
          detail: { field: "run", type: "nominal" },
        },
      },
      {
        data: { values: band },
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          x,
          y: { field: "lo", type: "quantitative" },
          y2: { field: "hi" },
          color,
        },
      },
      {
        data: { values: band },
        mark: { type: "line", strokeWidth: 2.5 },
        encoding: { x, y: { field: "value", type: "quantitative" }, color },
      },
      ...thresholdLayers(model.threshold, "y"),
    ],
  };
}

/**
 * rliable's performance profile (score distribution, `plot_performance_profiles`): per variant the
 * fraction of seeds whose final score is above τ, against τ, with its 95% bootstrap band, and the
 * reward threshold as a dashed rule. Steps, because with a few seeds the profile is a step function.
 */
export function performanceProfileSpec(model: ReportModel): Spec {
  const rows = model.variants.flatMap((v) =>
    model.taus.map((tau, i) => ({
      variant: v.name,
      tau,
      fraction: v.profile.fraction[i]!,
      lo: v.profile.lo[i]!,
      hi: v.profile.hi[i]!,
    })),
  );
  // nice: false keeps the axis at the thresholds' ends; 10 ticks put them at round scores (0, 50, …).
  const x = {
    field: "tau",
    type: "quantitative",
    title: "final score τ",
    scale: { nice: false },
    axis: { tickCount: 10 },
  };
  const color = colorEncoding(model, "variant", {
    symbolType: "stroke",
    symbolStrokeWidth: 3,
    symbolOpacity: 1,
    labelLimit: LABEL_LIMIT,
  });
  return {
    ...base(
      "Performance profile: fraction of seeds with final score > τ",
      "rliable's score distribution, with a 95% bootstrap band",
    ),
    width: 640,
    height: 280,
    data: { values: rows },
    layer: [
      {
        mark: { type: "area", opacity: 0.2, interpolate: "step-after" },
        encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color },
      },
      {
        mark: { type: "line", strokeWidth: 2.5, interpolate: "step-after" },
        encoding: {
          x,
          y: {
            field: "fraction",
            type: "quantitative",
            title: "fraction of seeds above τ",
            scale: { domain: [0, 1] },
            axis: { format: ".0%" },
          },
          color,
        },
      },
      ...thresholdLayers(model.threshold, "x"),
    ],
  };
}

/** The interval rows of {@link finalScoresSpec}: metric, variant, point estimate, 95% interval. */
function finalScoreRows(model: ReportModel) {
  return model.variants.flatMap((v) => {
    const f = v.summary.finalScore;
    return [
      { metric: "Median", variant: v.name, value: f.median, lo: v.medianCi[0], hi: v.medianCi[1] },
      { metric: "IQM", variant: v.name, value: f.iqm, lo: f.ci95[0], hi: f.ci95[1] },
      { metric: "Mean", variant: v.name, value: f.mean, lo: v.meanCi[0], hi: v.meanCi[1] },
    ];
  });
}

/**
 * rliable's aggregate-metrics plot of the final scores: one panel per estimate (median, IQM, mean),
 * one row per variant, the 95% interval as a bar and the point estimate as a black tick.
 */
export function finalScoresSpec(model: ReportModel): Spec {
  const y = {
    field: "variant",
    type: "nominal",
    sort: model.variants.map((v) => v.name),
    title: null,
    axis: { labelLimit: LABEL_LIMIT },
  };
  return {
    ...base(
      "Final score (last greedy evaluation)",
      "point estimate (tick) with its 95% bootstrap interval (bar)",
    ),
    data: { values: finalScoreRows(model) },
    facet: {
      column: {
        field: "metric",
        type: "nominal",
        sort: ["Median", "IQM", "Mean"],
        title: null,
        header: { labelFontSize: 13, labelFontWeight: "bold" },
      },
    },
    spec: {
      width: 200,
      height: BAR_HEIGHT * model.variants.length,
      layer: [
        {
          mark: { type: "bar", height: { band: 0.6 }, opacity: 0.75 },
          encoding: {
            y,
            x: { field: "lo", type: "quantitative", title: "return", scale: { zero: false } },
            x2: { field: "hi" },
            color: colorEncoding(model, "variant", null),
          },
        },
        {
          mark: { type: "tick", color: "black", thickness: 2, bandSize: BAR_HEIGHT * 0.7 },
          encoding: { y, x: { field: "value", type: "quantitative" } },
        },
      ],
    },
    resolve: { scale: { x: "independent" } },
  };
}

/**
 * rliable's probability-of-improvement plot: for every ordered pair (a, b) of distinct variants,
 * P(a > b) as a tick with its 95% interval as a bar coloured by a, and a dashed rule at 0.5 (no
 * difference).
 */
export function improvementSpec(model: ReportModel): Spec {
  const rows = model.variants.flatMap((a) =>
    model.variants.flatMap((b) => {
      const p = model.summary.probabilityOfImprovement[a.name]?.[b.name];
      if (a === b || p === undefined) return [];
      return [{ pair: `P(${a.name} > ${b.name})`, a: a.name, value: p.value, lo: p.ci95[0], hi: p.ci95[1] }];
    }),
  );
  const y = {
    field: "pair",
    type: "nominal",
    sort: rows.map((r) => r.pair),
    title: null,
    axis: { labelLimit: LABEL_LIMIT },
  };
  const x = {
    field: "value",
    type: "quantitative",
    title: "probability of improvement",
    // Padding keeps a tick at 0 or 1 clear of the axis line; nice: false keeps the ticks at 0…1.
    scale: { domain: [0, 1], padding: 8, nice: false },
    axis: { values: [0, 0.25, 0.5, 0.75, 1], format: ".2~f" },
  };
  return {
    ...base("Probability of improvement", "P(a > b): a random seed of a beats one of b; 95% interval"),
    width: 420,
    height: BAR_HEIGHT * Math.max(1, rows.length),
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.6 }, opacity: 0.75 },
        encoding: {
          y,
          x: { ...x, field: "lo" },
          x2: { field: "hi" },
          color: colorEncoding(model, "a", null),
        },
      },
      {
        mark: { type: "tick", color: "black", thickness: 2, bandSize: BAR_HEIGHT * 0.7 },
        encoding: { y, x },
      },
      {
        data: { values: [{ half: 0.5 }] },
        mark: { type: "rule", strokeDash: [6, 4], color: "#444" },
        encoding: { x: { field: "half", type: "quantitative" } },
      },
    ],
  };
}
