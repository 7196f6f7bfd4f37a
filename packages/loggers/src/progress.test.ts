import { createTrainingEvents } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { emitSyntheticRun, stepClock } from "../test/synthetic-run.js";
import { ConsoleLogger } from "./console.js";
import { type ProgressMessage, progressMessages } from "./progress.js";
import { formatDuration, formatProgressLine, ProgressBoard } from "./progress-board.js";

/** A stream that keeps what is written; `isTTY` as given. */
const sink = (isTTY = false) => {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 160, write: (s: string) => chunks.push(s) } };
};

describe("formatProgressLine", () => {
  it("shows steps, rate, ETA, mean return, last evaluation, ε, loss and the warning", () => {
    const m: ProgressMessage = {
      runId: "dqn/seed-0",
      step: 5000,
      total: 50000,
      fps: 1234.4,
      epRewMean: 21.25,
      lastEval: 9.4,
      epsilon: 0.41,
      loss: 0.012345,
      warning: "divergence: Q estimates reached 1000.",
    };
    expect(formatProgressLine(m)).toBe(
      "dqn/seed-0  step 5000/50000 (10.0%)  1234 steps/s  ETA 0:36  return 21.3  eval 9.4  ε 0.410  loss 0.0123  warning divergence: Q estimates reached 1000.",
    );
    expect(formatProgressLine({ runId: "a", step: 0, total: 100 })).toBe(
      "a  step 0/100 (0.0%)  – steps/s  ETA –  return –  eval –  ε –  loss –",
    );
    expect(formatProgressLine({ runId: "a", step: 100, total: 100, fps: 50, end: "completed" })).toBe(
      "a  step 100/100 (100.0%)  50 steps/s  completed  return –  eval –  ε –  loss –",
    );
    expect([formatDuration(59.6), formatDuration(3725)]).toEqual(["1:00", "1:02:05"]);
  });
});

describe("progressMessages", () => {
  it("turns a run's events into serialisable messages: start, every everyMs of the run's clock, evaluations, warnings, end", () => {
    const events = createTrainingEvents();
    const clock = stepClock(events); // 1 env step = 1 ms
    const messages: ProgressMessage[] = [];
    progressMessages(events, (m) => messages.push(m), { clock, everyMs: 1000 });
    emitSyntheticRun(events, { totalSteps: 3000, runId: "r", warnAt: 1500, evalEvery: 2000 });
    expect(messages[0]).toEqual({
      runId: "r",
      step: 0,
      total: 3000,
      fps: undefined,
      epRewMean: undefined,
      lastEval: undefined,
      epsilon: undefined,
      loss: undefined,
      warning: undefined,
      end: undefined,
    });
    expect(structuredClone(messages)).toEqual(messages);
    const last = messages.at(-1)!;
    expect(last).toMatchObject({ step: 3000, end: "completed", lastEval: 100, fps: 1000 });
    expect(last.warning).toBe("divergence: Q estimates reached 1000.");
    expect(last.epsilon).toBe(0.05);
    // Throttled: besides start, eval, warning and end, about one message per 1000 steps.
    expect(messages.length).toBeLessThanOrEqual(1 + 3 + 1 + 1 + 1 + 1);
  });
});

describe("ProgressBoard", () => {
  it("not on a TTY: one plain line per run when due (first, every everyMs, warnings, end), nothing else", () => {
    const { chunks, stream } = sink(false);
    let now = 0;
    const board = new ProgressBoard({ stream, everyMs: 5000, clock: () => now });
    expect(board.mode).toBe("lines");
    const msg = (runId: string, step: number, extra: Partial<ProgressMessage> = {}): ProgressMessage => ({
      runId,
      step,
      total: 1000,
      fps: 100,
      ...extra,
    });
    board.update(msg("a", 0));
    board.update(msg("b", 0));
    now = 4999;
    board.update(msg("a", 400)); // not due
    now = 5000;
    board.update(msg("a", 500));
    board.update(msg("b", 500, { warning: "divergence: big Q" }));
    board.update(msg("b", 510, { warning: "divergence: big Q" })); // same warning, not due
    board.update(msg("a", 1000, { end: "completed" }));
    board.close(); // prints b's last, unshown state
    expect(chunks.join("")).toBe(
      [
        "a  step 0/1000 (0.0%)  100 steps/s  ETA 0:10  return –  eval –  ε –  loss –",
        "b  step 0/1000 (0.0%)  100 steps/s  ETA 0:10  return –  eval –  ε –  loss –",
        "a  step 500/1000 (50.0%)  100 steps/s  ETA 0:05  return –  eval –  ε –  loss –",
        "b  step 500/1000 (50.0%)  100 steps/s  ETA 0:05  return –  eval –  ε –  loss –  warning divergence: big Q",
        "a  step 1000/1000 (100.0%)  100 steps/s  completed  return –  eval –  ε –  loss –",
        "b  step 510/1000 (51.0%)  100 steps/s  ETA 0:05  return –  eval –  ε –  loss –  warning divergence: big Q",
        "",
      ].join("\n"),
    );
  });

  it("on a TTY: cli-progress bars redrawn in place, one per run, the warning on its run's line", () => {
    const { chunks, stream } = sink(true);
    const board = new ProgressBoard({ stream });
    expect(board.mode).toBe("bars");
    board.update({ runId: "seed-0", step: 10, total: 100 });
    board.update({ runId: "seed-1", step: 50, total: 100, warning: "divergence: big Q" });
    board.update({ runId: "seed-0", step: 100, total: 100, end: "completed" });
    board.close();
    const text = chunks.join("");
    expect(text).toMatch(/seed-0 \|[█░]{24}\| 100% 100\/100 {2}– steps\/s {2}completed/);
    expect(text).toMatch(/seed-1 \|[█░]{24}\| {2}50% 50\/100 .*warning divergence: big Q/);
    expect(text).not.toContain("{runId}");
  });
});

describe("console logger", () => {
  it("prints the run's plain lines to the injected stream, the last one at run end", () => {
    const { chunks, stream } = sink(false);
    const events = createTrainingEvents();
    const clock = stepClock(events);
    const logger = new ConsoleLogger({ every: 1 }, { stream, clock });
    logger.attach(events);
    emitSyntheticRun(events, { totalSteps: 2500, runId: "dqn/seed-3" });
    logger.close();
    const lines = chunks.join("").trimEnd().split("\n");
    expect(lines[0]).toBe("dqn/seed-3  step 0/2500 (0.0%)  – steps/s  ETA –  return –  eval –  ε –  loss –");
    expect(lines.at(-1)).toMatch(
      /^dqn\/seed-3 {2}step 2500\/2500 \(100\.0%\) {2}1000 steps\/s {2}completed {2}return \d+\.\d {2}eval 100\.0 {2}ε 0\.050 {2}loss 0\.\d+$/,
    );
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(6);
  });
});
