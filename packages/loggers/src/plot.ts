/**
 * The seed blog's monitoring figure: episode return (raw and moving average) with the greedy
 * evaluations, TD loss and ε, against env steps. Vega-Lite → SVG headless (vega's `renderer:
 * "none"`, no canvas), then resvg → PNG with DejaVu Sans passed explicitly: without a font file
 * resvg drops every text element silently. vega and resvg load on first use, not on import.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { GymkitError, type MetricName } from "@gymkit/core";
import type { LogRecord, MetricsRecord } from "./records.js";

/** The TrueType font the PNG's text is drawn with (from the `dejavu-fonts-ttf` package). */
export const FONT_FILE: string = createRequire(import.meta.url).resolve(
  "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
);
const FONT_FAMILY = "DejaVu Sans";

/** Options of {@link learningCurveSpec} and {@link renderLearningCurves}. */
export interface LearningCurveOptions {
  /** @default "Learning curves" */
  title?: string | undefined;
  /** Episodes in the moving average of the return. @default 100 */
  window?: number | undefined;
  /** PNG pixels per SVG pixel. @default 2 */
  scale?: number | undefined;
  /** Draw text in the PNG (tests turn it off to show what a missing font does). @default true */
  font?: boolean | undefined;
}

interface Point {
  step: number;
  value: number;
  series: string;
}

const metricPoints = (records: readonly MetricsRecord[], name: MetricName, series: string): Point[] =>
  records.flatMap((r) => {
    const value = r.metrics[name];
    return value === undefined || !Number.isFinite(value) ? [] : [{ step: r.step, value, series }];
  });

/** The Vega-Lite spec of the figure, from the records a run's loggers make (or a metrics.jsonl). */
export function learningCurveSpec(
  records: readonly LogRecord[],
  options: LearningCurveOptions = {},
): Record<string, unknown> {
  const window = options.window ?? 100;
  const metrics = records.filter((r): r is MetricsRecord => r.kind !== "warning");
  const episodes = metrics.filter((r) => r.kind === "episode");
  const raw = metricPoints(episodes, "charts/episodic_return", "episode return");
  const average: Point[] = [];
  let sum = 0;
  for (let i = 0; i < raw.length; i++) {
    sum += raw[i]!.value - (i >= window ? raw[i - window]!.value : 0);
    average.push({
      step: raw[i]!.step,
      value: sum / Math.min(i + 1, window),
      series: `mean of last ${window}`,
    });
  }
  const evaluation = metricPoints(
    metrics.filter((r) => r.kind === "evaluation"),
    "eval/mean_reward",
    "greedy evaluation",
  );
  const intervals = metrics.filter((r) => r.kind === "interval");
  const loss = metricPoints(intervals, "train/loss", "TD loss");
  const epsilon = metricPoints(intervals, "rollout/exploration_rate", "ε");
  const maxStep = Math.max(1, ...metrics.map((r) => r.step));
  const x = {
    field: "step",
    type: "quantitative",
    title: "env steps",
    scale: { domain: [0, maxStep], nice: false },
  };
  const series = [raw[0]?.series ?? "episode return", `mean of last ${window}`, "greedy evaluation"];
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain: series, range: ["#9ecae1", "#08519c", "#e6550d"] },
    legend: { orient: "top-left", fillColor: "white" },
  };
  const positiveLoss = loss.length > 0 && loss.every((p) => p.value > 0);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: options.title ?? "Learning curves", fontSize: 16 },
    config: { font: FONT_FAMILY, view: { stroke: "#ddd" } },
    resolve: { scale: { x: "shared" } },
    vconcat: [
      {
        width: 640,
        height: 240,
        title: "Episode return",
        layer: [
          {
            data: { values: raw },
            mark: { type: "line", strokeWidth: 1, opacity: 0.7 },
            encoding: { x, y: { field: "value", type: "quantitative", title: "return" }, color },
          },
          {
            data: { values: average },
            mark: { type: "line", strokeWidth: 2.5 },
            encoding: { x, y: { field: "value", type: "quantitative" }, color },
          },
          {
            data: { values: evaluation },
            mark: { type: "line", point: { size: 40 }, strokeWidth: 1.5, strokeDash: [4, 2] },
            encoding: { x, y: { field: "value", type: "quantitative" }, color },
          },
        ],
      },
      {
        width: 640,
        height: 130,
        title: "TD loss",
        data: { values: loss },
        mark: { type: "line", color: "#756bb1", strokeWidth: 1.5 },
        encoding: {
          x,
          y: {
            field: "value",
            type: "quantitative",
            title: positiveLoss ? "loss (log)" : "loss",
            scale: positiveLoss ? { type: "log" } : {},
          },
        },
      },
      {
        width: 640,
        height: 110,
        title: "Exploration ε",
        data: { values: epsilon },
        mark: { type: "line", color: "#31a354", strokeWidth: 1.5 },
        encoding: { x, y: { field: "value", type: "quantitative", title: "ε", scale: { domain: [0, 1] } } },
      },
    ],
  };
}

/** The figure as SVG text and PNG bytes. */
export function renderLearningCurves(
  records: readonly LogRecord[],
  options: LearningCurveOptions = {},
): Promise<{ svg: string; png: Uint8Array }> {
  return renderVegaLite(learningCurveSpec(records, options), options);
}

/** Options of {@link renderVegaLite} and {@link svgToPng}. */
export interface RenderOptions {
  /** PNG pixels per SVG pixel. @default 2 */
  scale?: number | undefined;
  /** Draw text in the PNG with {@link FONT_FILE} (off: no font, so resvg drops the text). @default true */
  font?: boolean | undefined;
}

/**
 * Any Vega-Lite spec (plain data) as SVG text and PNG bytes, headless: vega's `renderer: "none"`
 * (no canvas, text measured by heuristic), then {@link svgToPng}. The runner's compare report
 * renders its figures through this, so vega and resvg stay in this one file.
 */
export async function renderVegaLite(
  spec: Record<string, unknown>,
  options: RenderOptions = {},
): Promise<{ svg: string; png: Uint8Array }> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's TopLevelSpec is a deep union; the spec is plain data
  const compiled = vegaLite.compile(spec as any).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  return { svg, png: await svgToPng(svg, options) };
}

/**
 * An SVG as PNG bytes on a white background, drawn by resvg with DejaVu Sans ({@link FONT_FILE})
 * as every family: vega's SVG asks for `sans-serif`, and without a font file resvg silently drops
 * every text element.
 */
export async function svgToPng(svg: string, options: RenderOptions = {}): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const font =
    options.font === false
      ? { loadSystemFonts: false }
      : {
          loadSystemFonts: false,
          fontFiles: [FONT_FILE],
          defaultFontFamily: FONT_FAMILY,
          sansSerifFamily: FONT_FAMILY,
        };
  const png = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "white",
    font,
  })
    .render()
    .asPng();
  return new Uint8Array(png);
}

/**
 * The records of a metrics.jsonl (the `jsonl` logger's file), to plot a run on demand. Stops at a
 * torn last line (a killed writer's); any other bad line is an error naming it.
 */
export function readJsonlRecords(path: string): LogRecord[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const complete = lines.slice(0, -1); // the part after the last newline is torn (or empty)
  return complete.map((line, i) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new GymkitError(
        "GYMKIT_CORRUPT_FILE",
        `${path}:${i + 1} is not JSON (${(e as Error).message}). Only the last line of a metrics.jsonl may be cut short.`,
      );
    }
    const { kind, step, time, warning, ...metrics } = parsed;
    if (kind === "warning") return { kind, step, time, warning } as LogRecord;
    return { kind, step, time, metrics } as LogRecord;
  });
}
