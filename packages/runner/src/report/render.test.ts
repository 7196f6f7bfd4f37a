import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GymkitError } from "@gymkit/core";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compareRuns, ESCAPED_NAME } from "../../test/compare-runs.js";
import type { RunRecord } from "../stats/summary.js";
import { type CompareSummary, summarize } from "../stats/summary.js";
import { FIGURE_NAMES } from "./figures.js";
import { escapeHtml, formatProbabilityCi, formatScoreCi } from "./format.js";
import { VARIANT_COLORS } from "./model.js";
import { type RenderedReport, renderReport, writeReport } from "./render.js";

const THRESHOLD = 475;
const summaryOf = (runs: RunRecord[]): CompareSummary =>
  summarize({
    env: "CartPole-v1",
    backend: "wasm",
    versions: { "@gymkit/runner": "0.1.0" },
    threshold: THRESHOLD,
    runs,
  });

/** Text as vega writes it into SVG (its `innerText` escaping). */
const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The text of every `<text>` element of a vega SVG (still XML-escaped). */
const svgTexts = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

/** Pixels that are not (near) white. */
function inkedPixels(png: Uint8Array): { width: number; height: number; inked: number } {
  const image = PNG.sync.read(Buffer.from(png));
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i]! < 240 || image.data[i + 1]! < 240 || image.data[i + 2]! < 240) inked++;
  }
  return { width: image.width, height: image.height, inked };
}

const svgSize = (svg: string): [number, number] => {
  const m = /^<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  return [Number(m![1]), Number(m![2])];
};

describe("renderReport (three variants × 5 seeds: one solves everywhere, one never, one in between with a diverged seed)", () => {
  const runs = compareRuns();
  const summary = summaryOf(runs);
  let report: RenderedReport;
  beforeAll(async () => {
    report = await renderReport({
      summary,
      runs,
      threshold: THRESHOLD,
      config: { env: { id: "CartPole-v1" }, note: "</pre><i>config</i>" },
      manifest: {
        createdAt: "2026-11-29T14:00:00Z",
        command: "gymkit compare cmp.yaml",
        gitCommit: "abc123",
      },
      scale: 1,
    });
  });

  it("the page shows summary.json's numbers, formatted", () => {
    const { html } = report;
    for (const [name, v] of Object.entries(summary.variants)) {
      expect(html).toContain(escapeHtml(formatScoreCi(v.finalScore.iqm, v.finalScore.ci95)));
      for (const [other, p] of Object.entries(summary.probabilityOfImprovement[name]!)) {
        expect(other).not.toBe(name);
        expect(html).toContain(formatProbabilityCi(p.value, p.ci95));
      }
    }
    // By hand: IQMs 500, (12+18+25)/3 and (120+300+350)/3.
    expect(html).toMatch(/<td class="n">500 \[\d+, 500\]<\/td>/);
    expect(html).toContain(">18.3 [");
    expect(html).toContain(">257 [");
    // Solved fraction; median steps, seconds and evaluation seconds to solve (dqn seed s solves at
    // evaluation 4 + s: steps 20k–40k, 6.5 s per evaluation of which 0.5 s evaluating).
    expect(html).toContain(">5/5 (100%)<");
    expect(html).toContain(">0/5 (0%)<");
    expect(html).toContain(">2/5 (40%)<");
    // "Solved 2/5" beside a final IQM of 257, explained in place: one of the two ended below 475.
    expect(html).toContain('<th class="n">solved (reached 475)</th><th class="n">final ≥ 475</th>');
    expect(html).toContain(
      "Here &lt;b&gt;x&lt;/b&gt; solved on 2/5 seeds but ended at 475 or more on 1/5, so its final IQM (257) is below what &quot;solved&quot; suggests.",
    );
    expect(html).toContain('<td class="n">30,000</td><td class="n">39.0</td><td class="n">3.0</td>');
    expect(html).toContain('<td class="n">35,000</td><td class="n">45.5</td><td class="n">3.5</td>');
    expect(html).toContain("<td>1 (seed 2)</td>"); // the diverged seed
    expect(html).toContain("P(row &gt; column)");
    // Per-seed rows: dqn seed 0 stopped at its solving evaluation (4 evaluations).
    expect(html).toContain(
      '<td class="n">0</td><td class="n">500</td><td class="n">4</td><td class="n">20,000</td><td class="n">26.0</td>',
    );
    expect(html).toContain("from 25,000 steps on, 1 of 5 seeds had stopped");
    expect(html).toContain("env <b>CartPole-v1</b> · backend <b>wasm</b> · date <b>2026-11-29T14:00:00Z</b>");
    expect(html).toContain("@gymkit/runner 0.1.0");
  });

  it("escapes every name and the config; no scripts, no external URLs, unique ids", () => {
    const { html } = report;
    expect(html).not.toContain(ESCAPED_NAME);
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).toContain("&lt;/pre&gt;&lt;i&gt;config&lt;/i&gt;");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const urls = new Set(html.match(/https?:\/\/[^\s"'<>)]*/g));
    expect([...urls].sort()).toEqual(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"]);
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length); // vega's ids (clip paths) are prefixed per figure
    for (const [, ref] of html.matchAll(/url\(#([^)]*)\)/g)) expect(ids).toContain(ref);
    for (const name of FIGURE_NAMES) expect(html).toContain(`<figure id="${name}"><svg`);
  });

  it("the headline names the winner and says it is clear, with the numbers", () => {
    const { headline, html } = report;
    expect(headline.leader).toBe("dqn");
    expect(headline.runnerUp).toBe(ESCAPED_NAME);
    expect(headline.clear).toBe(true);
    expect(headline.text).toMatch(
      /^dqn: IQM 500 \[\d+, 500\]; <b>x<\/b>: IQM 257 \[\d+, \d+\]; qlearning: IQM 18\.3/,
    );
    // Every dqn seed ends above every <b>x</b> seed: a zero-width interval, labelled and explained.
    expect(headline.text).toContain("P(dqn > <b>x</b>) = 1.00 [1.00, 1.00] (degenerate)");
    expect(headline.verdict).toBe(
      "dqn is clearly ahead of <b>x</b>: the IQM intervals do not overlap and P(dqn > <b>x</b>) stays above 0.5 across its interval.",
    );
    expect(headline.caution).toMatch(
      /^Degenerate: P\(dqn > <b>x<\/b>\), P\(dqn > qlearning\) have an interval/,
    );
    expect(html).toContain(
      `<p class="headline">${escapeHtml(headline.estimates)}<br><strong>${escapeHtml(headline.verdict)}</strong><br><span class="caution">${escapeHtml(headline.caution)}</span></p>`,
    );
    expect(html).toContain('1.00 [1.00, 1.00]<span class="deg">(degenerate)</span></td>');
    expect(html).toContain("No verdict below 5 seeds per variant:");
  });

  it("the terminal, summary.json and the page carry the same headline", () => {
    expect(summary.verdict.headline).toBe(report.headline.text);
    expect(summary.verdict).toMatchObject({
      leader: "dqn",
      runnerUp: ESCAPED_NAME,
      clear: true,
      reason: "clear",
    });
  });

  it("each figure's SVG names every variant in its text and draws paths in its colour", () => {
    const names = Object.keys(summary.variants);
    const {
      "learning-curves": curves,
      "learning-curves-mean": means,
      "final-scores": scores,
      "performance-profile": profile,
      "probability-of-improvement": poi,
    } = report.figures;
    for (const figure of [curves, means, scores, profile]) {
      const texts = svgTexts(figure.svg);
      for (const name of names) expect(texts).toContain(xmlText(name));
    }
    const poiTexts = svgTexts(poi.svg);
    for (const a of names) {
      for (const b of names) {
        if (a !== b) expect(poiTexts).toContain(xmlText(`P(${a} > ${b})`));
      }
    }
    for (const figure of [curves, means, profile]) expect(svgTexts(figure.svg)).toContain("solved: 475");
    expect(svgTexts(curves.svg)).toContain("Greedy evaluation return: IQM across seeds");
    expect(svgTexts(means.svg)).toContain("Greedy evaluation return: mean across seeds");
    expect(svgTexts(profile.svg)).toContain("fraction of seeds above τ");
    // 15 faint seed lines + 3 bands + 3 IQM (or mean) lines, each a path.
    for (const figure of [curves, means])
      expect(figure.svg.match(/<path /g)!.length).toBeGreaterThanOrEqual(21);
    for (const figure of [curves, means, scores, profile, poi]) {
      expect(figure.svg).toMatch(/^<svg /);
      for (const color of VARIANT_COLORS.slice(0, names.length)) expect(figure.svg).toContain(`"${color}"`);
    }
  });

  it("the PNGs decode at the SVG's size and are drawn on, not blank", () => {
    for (const name of FIGURE_NAMES) {
      const { svg, png } = report.figures[name];
      const [width, height] = svgSize(svg);
      const image = inkedPixels(png);
      expect([image.width, image.height]).toEqual([Math.round(width), Math.round(height)]);
      expect(image.inked / (image.width * image.height)).toBeGreaterThan(0.03);
    }
  });

  it("the terminal table: one line per variant with IQM [CI], solved, final ≥ 475 and medians to solve; what solved means", () => {
    const lines = report.table.trimEnd().split("\n");
    expect(report.table.endsWith("\n")).toBe(true);
    expect(lines[0]).toMatch(
      /^variant +final IQM \[95% CI\] +solved +final ≥ 475 +steps to solve +seconds to solve$/,
    );
    expect(lines).toHaveLength(5);
    const dqn = summary.variants.dqn!.finalScore;
    expect(lines[1]).toMatch(
      new RegExp(`^dqn +${escapeRegExp(formatScoreCi(dqn.iqm, dqn.ci95))} +5/5 +5/5 +30,000 +39\\.0$`),
    );
    expect(lines[2]).toMatch(/^qlearning +18\.3 \[[\d.]+, [\d.]+\] +0\/5 +0\/5 +- +-$/);
    expect(lines[3]).toMatch(/^<b>x<\/b> +257 \[\d+, \d+\] +2\/5 +1\/5 +35,000 +45\.5$/);
    expect(lines[4]).toBe(
      "solved: a greedy evaluation reached 475 at some point (steps and seconds: medians at the first one); final: the last evaluation, which a run that solved can end below.",
    );
    expect(lines.every((l) => !l.endsWith(" "))).toBe(true);
  });

  it("writeReport writes the page and figures/*.svg|png, the page last", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gymkit-report-"));
    const written = await writeReport(join(dir, "out"), report);
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual([
      ...FIGURE_NAMES.flatMap((n) => [`out/figures/${n}.svg`, `out/figures/${n}.png`]),
      "out/report.html",
    ]);
    expect(readFileSync(join(dir, "out/report.html"), "utf8")).toBe(report.html);
    expect(new Uint8Array(readFileSync(join(dir, "out/figures/final-scores.png")))).toEqual(
      report.figures["final-scores"].png,
    );
  });
});

describe("renderReport with overlapping variants and a hostile name", () => {
  it("says there is no clear winner, and no name can inject markup into the page or the SVGs", async () => {
    const hostile = "</svg><script>alert(1)</script>";
    const runs = compareRuns()
      .filter((r) => r.variant !== "dqn")
      .map((r) => (r.variant === "qlearning" ? { ...r, variant: hostile } : r));
    // Make the two overlap: the hostile variant gets the other's scores shifted a little.
    const x = runs.filter((r) => r.variant === ESCAPED_NAME);
    const shifted = x.map((r) => ({ ...r, variant: hostile, finalScore: r.finalScore + 10 }));
    const all = [...x, ...shifted];
    const summary = summaryOf(all);
    const report = await renderReport({ summary, runs: all, threshold: THRESHOLD, scale: 1 });
    expect(report.headline.leader).toBe(hostile);
    expect(report.headline.clear).toBe(false);
    expect(report.headline.verdict).toBe(
      `${hostile} has the higher IQM, but the intervals of ${hostile} and <b>x</b> overlap: no clear winner at this number of seeds (5 seeds).`,
    );
    expect(report.html).toContain("no clear winner at this number of seeds (5 seeds).");
    expect(report.html).toContain('<p class="headline unclear">');
    expect(report.html).not.toMatch(/<script/i);
    for (const name of FIGURE_NAMES) {
      const { svg } = report.figures[name];
      expect(svg).not.toMatch(/<script/i);
      expect(svg.indexOf("</svg>")).toBe(svg.length - "</svg>".length); // one closing tag, the last
      const label = name === "probability-of-improvement" ? `P(${hostile} > <b>x</b>)` : hostile;
      expect(svgTexts(svg)).toContain(xmlText(label));
    }
  });

  it("refuses runs that are not the summary's (another variant, a missing seed) and a missing threshold", async () => {
    const runs = compareRuns();
    const summary = summaryOf(runs.filter((r) => r.variant === "dqn"));
    const error = await renderReport({ summary, runs, threshold: THRESHOLD }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GymkitError);
    expect((error as GymkitError).message).toBe(
      'renderReport: a run belongs to variant "qlearning", which summary.json does not have (it has "dqn"). Pass the runs the summary was made from.',
    );
    await expect(renderReport({ summary, runs: runs.slice(1, 5), threshold: THRESHOLD })).rejects.toThrow(
      'renderReport: summary.json has seeds [0, 1, 2, 3, 4] for variant "dqn", the runs [1, 2, 3, 4]. Pass the runs the summary was made from.',
    );
    await expect(renderReport({ summary, runs: [], threshold: Number.NaN })).rejects.toThrow(
      "renderReport: threshold must be a finite number (the env's reward threshold, 475 for CartPole-v1), got NaN.",
    );
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
