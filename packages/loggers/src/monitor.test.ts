import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Agent,
  createTrainingEvents,
  type LoopState,
  Registry,
  type TrainingEvents,
  train,
} from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import { describe, expect, it } from "vitest";
import { loadResults, ts2xyTimesteps } from "../test/sb3-load-results.js";
import { MonitorLogger } from "./monitor.js";

const FIXTURE = new URL("../test/fixtures/sb3-monitor.csv", import.meta.url);
const fresh = () => mkdtempSync(join(tmpdir(), "gymkit-monitor-"));

/** A clock that reads the next of `times` (ms) on every call. */
const clockOf = (times: number[]) => () => times.shift()!;

/** Emits the fixture's run: 7 episodes (returns that exercise Python's round and repr) at set times. */
function emitFixtureRun(events: TrainingEvents): void {
  const config = { env: { id: "CartPole-v1", options: {}, numEnvs: 1 } };
  events.emit("runStart", { runId: "r", seed: 0, totalSteps: 1000, config });
  const episodes: Array<[number, number]> = [
    [500, 500],
    [21, 21],
    [0.1 + 0.2, 3],
    [-3.25, 7],
    [0.0078125, 2], // a tie at the 7th decimal: Python's round goes to even, 0.007812
    [0.00001, 1], // Python's repr: 1e-05
    [12345.6789012, 9],
  ];
  let step = 0;
  episodes.forEach(([ret, length], episode) => {
    step += length;
    events.emit("episodeEnd", { episode, return: ret, length, step, terminated: true, truncated: false });
  });
  events.emit("runEnd", { runId: "r", reason: "completed", steps: step, episodes: 7, wallSeconds: 10 });
}

describe("monitor logger: Stable-Baselines3's monitor.csv", () => {
  it("writes the file SB3's Monitor writes, byte for byte: JSON header (LF), then r,l,t rows (CRLF)", () => {
    const dir = fresh();
    const start = 1769142870396;
    const at = [0, 1500, 1523, 2000, 2250, 2500, 3000, 10001].map((ms) => start + ms);
    const logger = new MonitorLogger({ dir }, { clock: clockOf(at) });
    const events = createTrainingEvents();
    logger.attach(events);
    emitFixtureRun(events);
    logger.close();
    expect(logger.path).toBe(join(dir, "monitor.csv"));
    expect(readFileSync(logger.path)).toEqual(readFileSync(FIXTURE));
  });

  it("load_results and ts2xy (ported) read the fixture: returns, lengths, seconds, cumulative steps", () => {
    const dir = fresh();
    copyFileSync(FIXTURE, join(dir, "monitor.csv"));
    writeFileSync(join(dir, "progress.csv"), "kind,step\n"); // not *monitor.csv: not read
    const rows = loadResults(dir);
    expect(rows.map((r) => r.r)).toEqual([500, 21, 0.3, -3.25, 0.007812, 0.00001, 12345.678901]);
    expect(rows.map((r) => r.l)).toEqual([500, 21, 3, 7, 2, 1, 9]);
    expect(rows[0]!.t).toBeCloseTo(1.5, 6);
    expect(rows.at(-1)!.t).toBeCloseTo(10.001, 6);
    expect(ts2xyTimesteps(rows).x).toEqual([500, 521, 524, 531, 533, 534, 543]);
  });

  it("takes a file name only if load_results would find it, and the env id from its option first", () => {
    const dir = fresh();
    expect(() => new MonitorLogger({ dir, file: "episodes.csv" })).toThrow(
      'Invalid config at monitor.file: expected a file name ending in "monitor.csv" (Stable-Baselines3\'s load_results reads *monitor.csv), got "episodes.csv".',
    );
    expect(() => new MonitorLogger({ dir, file: "../x.monitor.csv" })).toThrow(
      'Invalid config at monitor.file: expected one plain file name (no "/", "\\" or NUL, not "." or ".."), so that files stay inside dir, got "../x.monitor.csv".',
    );
    const logger = new MonitorLogger(
      { dir, file: "0.monitor.csv", envId: "gymkit/Chain-v0" },
      { clock: () => 1e12 },
    );
    const events = createTrainingEvents();
    logger.attach(events);
    events.emit("runStart", { runId: "r", seed: 0, totalSteps: 1 }); // no config: the option names it
    logger.close();
    expect(readFileSync(join(dir, "0.monitor.csv"), "utf8")).toBe(
      '#{"t_start": 1000000000.0, "env_id": "gymkit/Chain-v0"}\nr,l,t\r\n',
    );
  });

  it("a fresh run starts an old file anew (SB3's override_existing); a foreign file fails the logger on resume", () => {
    const dir = fresh();
    const path = join(dir, "monitor.csv");
    writeFileSync(path, '#{"t_start": 5.0, "env_id": "Old-v0"}\nr,l,t\r\n1.0,1,0.5\r\n');
    const logger = new MonitorLogger({ dir }, { clock: () => 7000 });
    const events = createTrainingEvents();
    logger.attach(events);
    events.emit("runStart", { runId: "r", seed: 0, totalSteps: 1 });
    logger.close();
    expect(readFileSync(path, "utf8")).toBe('#{"t_start": 7.0, "env_id": "None"}\nr,l,t\r\n');

    writeFileSync(path, "kind,step\n");
    const reports: string[] = [];
    const foreign = new MonitorLogger({ dir }, { report: (m) => reports.push(m) });
    foreign.attach(createTrainingEvents());
    foreign.close();
    expect(reports).toEqual([
      `Logger "monitor" failed and was detached; training goes on. Cannot append to ${path}: it does not start with Stable-Baselines3's monitor header (#{"t_start": …, "env_id": …} then r,l,t). Move the old file away or choose another dir.`,
    ]);
    expect(readFileSync(path, "utf8")).toBe("kind,step\n");
  });
});

/** Balances the pole from its angle and angular velocity: deterministic, episodes of all lengths. */
class PoleAgent implements Agent {
  act(o: Float32Array): number {
    return o[2]! + 0.3 * o[3]! > 0.01 * o[0]! ? 1 : 0;
  }
  observe(): void {}
  update(): undefined {
    return undefined;
  }
  dispose(): void {}
}

describe("monitor logger on resume", () => {
  const make = () => new Registry().use(cartpole).make("CartPole-v1");
  const config = { env: { id: "CartPole-v1" } };
  const budget = { steps: 3000 };
  const rl = (path: string) =>
    readFileSync(path, "utf8")
      .split("\n")
      .slice(2)
      .map((row) => row.split(",").slice(0, 2).join(","));

  it("cuts the rows written after the checkpoint, keeps t_start: the file is the uninterrupted run's, times aside", async () => {
    const whole = fresh();
    const full = new MonitorLogger({ dir: whole });
    const eventsA = createTrainingEvents();
    full.attach(eventsA);
    await train({ env: make(), agent: new PoleAgent(), budget, seed: 4, events: eventsA, config });
    full.close();

    // Killed run: checkpointed at 1000 steps, then ran (and wrote rows) to 1800 steps.
    const killed = fresh();
    let clock = 1_700_000_000_000;
    const first = new MonitorLogger({ dir: killed }, { clock: () => (clock += 7) });
    const eventsB = createTrainingEvents();
    first.attach(eventsB);
    let saved: LoopState | undefined;
    let stepsB = 0;
    eventsB.on("episodeEnd", (e) => {
      stepsB = e.step;
    });
    await train({
      env: make(),
      agent: new PoleAgent(),
      budget,
      seed: 4,
      events: eventsB,
      config,
      shouldStop: () => stepsB >= 1800,
      checkpoint: {
        every: 1000,
        save: async (step, state) => {
          if (step === 1000) saved = JSON.parse(JSON.stringify(state())) as LoopState;
          return undefined;
        },
      },
    });
    first.close();
    const before = rl(join(killed, "monitor.csv"));
    expect(before.length - 1).toBeGreaterThan(saved!.episodeReturns.length); // rows past the checkpoint

    const resumed = new MonitorLogger({ dir: killed }, { clock: () => (clock += 7) });
    const eventsC = createTrainingEvents();
    resumed.attach(eventsC);
    await train({
      env: make(),
      agent: new PoleAgent(),
      budget,
      seed: 4,
      events: eventsC,
      config,
      resume: saved,
    });
    resumed.close();

    const text = readFileSync(join(killed, "monitor.csv"), "utf8");
    expect(text.startsWith('#{"t_start": 1700000000.007, "env_id": "CartPole-v1"}\nr,l,t\r\n')).toBe(true);
    expect(rl(join(killed, "monitor.csv"))).toEqual(rl(join(whole, "monitor.csv")));
    const rows = loadResults(killed);
    const t = rows.map((r) => r.t!);
    expect(t).toEqual([...t].sort((a, b) => a - b)); // t keeps counting from the first start
    // One env: ts2xy's cumulative lengths are the env steps at which the episodes ended.
    expect(ts2xyTimesteps(rows).x.at(-1)).toBeLessThanOrEqual(budget.steps);
  });

  it("a resumed run that ends before another episode still cuts the rows past the checkpoint", () => {
    const dir = fresh();
    const path = join(dir, "monitor.csv");
    writeFileSync(
      path,
      '#{"t_start": 5.0, "env_id": "CartPole-v1"}\nr,l,t\r\n9.0,9,1.0\r\n8.0,8,2.0\r\n7.0,7,3.0\r\n',
    );
    const logger = new MonitorLogger({ dir }, { clock: () => 9000 });
    const events = createTrainingEvents();
    logger.attach(events);
    events.emit("runStart", { runId: "r", seed: 0, totalSteps: 20, resumedFrom: 17 });
    events.emit("runEnd", { runId: "r", reason: "completed", steps: 20, episodes: 2, wallSeconds: 1 });
    logger.close();
    expect(readFileSync(path, "utf8")).toBe(
      '#{"t_start": 5.0, "env_id": "CartPole-v1"}\nr,l,t\r\n9.0,9,1.0\r\n8.0,8,2.0\r\n',
    );
  });
});
