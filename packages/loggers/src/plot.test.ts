import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrainingEvents } from "@gymkit/core";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { emitSyntheticRun, stepClock } from "../test/synthetic-run.js";
import { MemoryLogger } from "./memory.js";
import { learningCurveSpec, renderLearningCurves } from "./plot.js";
import { PlotLogger } from "./plot-logger.js";

function syntheticRecords() {
  const events = createTrainingEvents();
  const memory = new MemoryLogger({ every: 500 }, { clock: stepClock(events) });
  memory.attach(events);
  emitSyntheticRun(events, { totalSteps: 5000 });
  return memory.records;
}

/** Dark pixels (any channel < 128) in rows [top, bottom) of a PNG. */
function darkPixels(png: Uint8Array, top: number, bottom: number): number {
  const image = PNG.sync.read(Buffer.from(png));
  let n = 0;
  for (let y = top; y < Math.min(bottom, image.height); y++) {
    for (let x = 0; x < image.width; x++) {
      const i = 4 * (y * image.width + x);
      if (image.data[i]! < 128 && image.data[i + 1]! < 128 && image.data[i + 2]! < 128) n++;
    }
  }
  return n;
}

describe("learning-curve plot", () => {
  it("the spec has the three panels against env steps: return (raw, mean of last 100, evaluations), TD loss, ε", () => {
    const spec = learningCurveSpec(syntheticRecords()) as {
      vconcat: Array<{
        title: string;
        layer?: Array<{ data: { values: unknown[] } }>;
        data?: { values: unknown[] };
      }>;
    };
    expect(spec.vconcat.map((p) => p.title)).toEqual(["Episode return", "TD loss", "Exploration ε"]);
    const [raw, average, evaluation] = spec.vconcat[0]!.layer!.map((l) => l.data.values.length);
    expect(raw).toBe(average);
    expect(raw).toBeGreaterThan(50);
    expect(evaluation).toBe(5);
    expect(spec.vconcat[1]!.data!.values).toHaveLength(10); // an interval record every 500 of 5000 steps
  });

  it("renders SVG and a PNG whose text is drawn (the title rows are dark with the font, blank without)", async () => {
    const records = syntheticRecords();
    const { svg, png } = await renderLearningCurves(records, { title: "Learning curves — test", scale: 1 });
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("Learning curves — test");
    expect(svg).toContain("env steps");
    const bare = await renderLearningCurves(records, {
      title: "Learning curves — test",
      scale: 1,
      font: false,
    });
    const header = [0, 24] as const; // the title line, above every chart
    expect(darkPixels(png, ...header)).toBeGreaterThan(300);
    expect(darkPixels(bare.png, ...header)).toBe(0);
  });

  it("the plot logger writes learning-curves.svg and .png at run end; close awaits the render", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gymkit-plot-"));
    const events = createTrainingEvents();
    const plot = new PlotLogger({ dir, every: 500, scale: 1 }, { clock: stepClock(events) });
    plot.attach(events);
    emitSyntheticRun(events, { totalSteps: 2000, runId: "dqn/seed-1" });
    await plot.close();
    expect(readFileSync(join(dir, "learning-curves.svg"), "utf8")).toContain("Learning curves — dqn/seed-1");
    expect(PNG.sync.read(readFileSync(join(dir, "learning-curves.png"))).width).toBeGreaterThan(600);
  });
});
