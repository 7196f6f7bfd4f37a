import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrainingEvents, type Logger, type TrainingEvents } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { type SyntheticEvent, stepClock, syntheticRun } from "../test/synthetic-run.js";
import { CsvLogger } from "./csv.js";
import { JsonlLogger } from "./jsonl.js";
import { PlotLogger } from "./plot-logger.js";
import { TensorBoardLogger } from "./tensorboard.js";

const fresh = () => mkdtempSync(join(tmpdir(), "gymkit-rewind-"));
const RUN = { totalSteps: 3000, seed: 4, warnAt: 1500, evalEvery: 500 };
const CHECKPOINT = 1700;

const emit = (events: TrainingEvents, [name, event]: SyntheticEvent) =>
  // eventemitter3's typed emit cannot take a name chosen at run time.
  (events.emit as (n: string, e: unknown) => boolean)(name, event);

const stepOf = ([, e]: SyntheticEvent) => (e as { step?: number }).step ?? 0;

/** The loggers of a run in `dir`, on a clock that the run's steps drive. */
function loggers(dir: string, events: TrainingEvents, withPlot: boolean): Logger[] {
  const clock = stepClock(events);
  const runtime = { clock, report: (m: string) => expect.fail(m) };
  const list: Logger[] = [
    new JsonlLogger({ dir, every: 400 }, runtime),
    new CsvLogger({ dir, every: 400 }, runtime),
    new TensorBoardLogger({ dir, every: 400 }, runtime),
  ];
  if (withPlot) list.push(new PlotLogger({ dir, every: 400 }, runtime));
  for (const l of list) l.attach(events);
  return list;
}

/** Every file of `dir`, name → bytes. */
const files = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n)).toString("base64")]));

describe("snapshot() and rewind(): a resumed run's log files equal an uninterrupted run's", () => {
  it("jsonl, csv, tensorboard and plot, killed after logging past their checkpoint", async () => {
    const all = [...syntheticRun(RUN)];
    const whole = fresh();
    const eventsA = createTrainingEvents();
    const a = loggers(whole, eventsA, true);
    for (const e of all) emit(eventsA, e);
    for (const l of a) await l.close();

    // The killed run: logs up to the checkpoint, snapshots (as the runner does at a checkpoint),
    // logs 400 steps more, and dies (its files stay as they are).
    const dir = fresh();
    const eventsB = createTrainingEvents();
    const b = loggers(dir, eventsB, true);
    const cut = all.findIndex((e, i) => i > 0 && stepOf(e) > CHECKPOINT);
    for (const e of all.slice(0, cut)) emit(eventsB, e);
    const states = b.map((l) => l.snapshot!());
    for (const e of all.slice(cut).filter((e) => stepOf(e) <= CHECKPOINT + 400 && e[0] !== "runEnd"))
      emit(eventsB, e);
    for (const l of b.slice(0, 3)) await l.close(); // (the plot logger of a killed run renders nothing)

    // The resumed run: new loggers on the same files, rewound, then the events after the checkpoint.
    const eventsC = createTrainingEvents();
    const c = loggers(dir, eventsC, true);
    for (const [i, l] of c.entries()) await l.rewind!({ step: CHECKPOINT, state: states[i] });
    eventsC.emit("checkpoint", { step: CHECKPOINT, path: "" }); // the clock goes on from there
    eventsC.emit("runStart", {
      runId: "run-4",
      seed: 4,
      totalSteps: RUN.totalSteps,
      resumedFrom: CHECKPOINT,
    });
    for (const e of all.slice(cut)) emit(eventsC, e);
    for (const l of c) await l.close();

    expect(Object.keys(files(dir)).sort()).toEqual(Object.keys(files(whole)).sort());
    expect(files(dir)).toEqual(files(whole));
  }, 120_000);

  it("without a checkpoint's state, cuts the records after its step (and keeps the CSV header)", async () => {
    const all = [...syntheticRun(RUN)];
    const dir = fresh();
    const eventsB = createTrainingEvents();
    const b = loggers(dir, eventsB, false);
    for (const e of all.filter((e) => stepOf(e) <= 2200 && e[0] !== "runEnd")) emit(eventsB, e);
    for (const l of b) await l.close();
    const before = readFileSync(join(dir, "metrics.jsonl"), "utf8").trim().split("\n");
    const c = loggers(dir, createTrainingEvents(), false);
    for (const l of c) await l.rewind!({ step: CHECKPOINT, state: undefined });
    for (const l of c) await l.close();
    const jsonl = readFileSync(join(dir, "metrics.jsonl"), "utf8").trim().split("\n");
    const step = (l: string) => (JSON.parse(l) as { step: number }).step;
    expect(jsonl).toEqual(before.filter((l) => step(l) <= CHECKPOINT));
    expect(before.length).toBeGreaterThan(jsonl.length);
    const csv = readFileSync(join(dir, "progress.csv"), "utf8").trim().split("\n");
    expect(csv[0]!.startsWith("kind,step,time,")).toBe(true);
    expect(csv.slice(1).map((r) => Number(r.split(",")[1]))).toEqual(
      jsonl.filter((l) => !l.includes('"warning"')).map((l) => (JSON.parse(l) as { step: number }).step),
    );
    const { readEventFile } = await import("../test/tfevents-reader.js");
    const tf = readdirSync(dir).find((n) => n.startsWith("events.out.tfevents."))!;
    const steps = readEventFile(new Uint8Array(readFileSync(join(dir, tf)))).events.map((e) => e.step);
    expect(Math.max(...steps)).toBe(step(jsonl.at(-1)!));
    expect(steps.length).toBe(csv.length); // file_version + one event per CSV row

    // Back to step 0: nothing but the CSV header and TensorBoard's file-version record.
    const d = loggers(dir, createTrainingEvents(), false);
    for (const l of d) await l.rewind!({ step: 0, state: undefined });
    for (const l of d) await l.close();
    expect(readFileSync(join(dir, "metrics.jsonl"), "utf8")).toBe("");
    expect(readFileSync(join(dir, "progress.csv"), "utf8").split("\n").length).toBe(2);
    expect(readEventFile(new Uint8Array(readFileSync(join(dir, tf)))).events).toHaveLength(1);
  });
});
