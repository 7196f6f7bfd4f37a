import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrainingEvents, type WarningEvent } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { emitSyntheticRun, stepClock } from "../test/synthetic-run.js";
import { CSV_COLUMNS, CsvLogger, recordToCsv } from "./csv.js";
import { JsonlLogger, recordToJson } from "./jsonl.js";
import { MemoryLogger } from "./memory.js";
import { readJsonlRecords } from "./plot.js";
import type { MetricsRecord } from "./records.js";

const fresh = () => mkdtempSync(join(tmpdir(), "gymkit-files-"));
const START = Date.UTC(2026, 0, 1);

/** A synthetic run through jsonl + csv + memory loggers, with one clock driven by the run. */
function writeRun(dir: string, totalSteps = 2500, seed = 0) {
  const events = createTrainingEvents();
  const clock = stepClock(events);
  const jsonl = new JsonlLogger({ dir, every: 1000 }, { clock });
  const csv = new CsvLogger({ dir, every: 1000 }, { clock });
  const memory = new MemoryLogger({ every: 1000 }, { clock });
  for (const logger of [jsonl, csv, memory]) logger.attach(events);
  emitSyntheticRun(events, { totalSteps, seed, warnAt: 1234 });
  jsonl.close();
  csv.close();
  return { jsonl, csv, memory };
}

describe("jsonl logger", () => {
  it("writes one line per episode, evaluation, interval and warning, with METRICS names; reads back equal", () => {
    const dir = fresh();
    const { jsonl, memory } = writeRun(dir);
    expect(jsonl.path).toBe(join(dir, "metrics.jsonl"));
    const text = readFileSync(jsonl.path, "utf8");
    expect(text).toBe(memory.records.map((r) => `${recordToJson(r)}\n`).join(""));
    const first = memory.episodes[0]!;
    expect(text.split("\n")[0]).toBe(
      `{"kind":"episode","step":${first.step},"time":${(START + first.step) / 1000},"charts/episodic_return":${first.return},"charts/episodic_length":${first.length},"time/episodes":1}`,
    );
    const interval = JSON.parse(text.split("\n").find((l) => l.includes('"kind":"interval"'))!);
    expect(Object.keys(interval)).toEqual([
      "kind",
      "step",
      "time",
      "rollout/ep_rew_mean",
      "rollout/ep_len_mean",
      "train/loss",
      "train/q_mean",
      "train/grad_norm",
      "train/n_updates",
      "train/learning_rate",
      "rollout/exploration_rate",
      "time/fps",
      "time/total_timesteps",
      "time/episodes",
      "time/time_elapsed",
    ]);
    expect(interval).toMatchObject({ step: 1000, "time/total_timesteps": 1000, "time/time_elapsed": 1 });
    expect(interval["time/fps"]).toBe(1000); // 1000 steps in 1 s of the run's clock
    expect(text).toContain(
      '{"kind":"warning","step":1234,"time":1767225601.234,"warning":{"step":1234,"kind":"divergence","message":"Q estimates reached 1000.","figures":{"qMax":1000}}}',
    );
    expect(text).toContain('{"kind":"evaluation","step":2000,"time":1767225602,"eval/mean_reward":100,');
    expect(readJsonlRecords(jsonl.path)).toEqual(memory.records);
  });

  it("a resumed run cuts a torn last line, then appends whole lines after the last complete one", () => {
    const dir = fresh();
    const { jsonl } = writeRun(dir, 1000);
    const before = readFileSync(jsonl.path, "utf8");
    appendFileSync(jsonl.path, '{"kind":"episode","step":10'); // a line cut short by a kill
    const events = createTrainingEvents();
    const resumed = new JsonlLogger({ dir, every: 5000 }, { clock: () => START });
    resumed.attach(events);
    events.emit("episodeEnd", {
      episode: 50,
      step: 1010,
      return: 10,
      length: 10,
      terminated: true,
      truncated: false,
    });
    resumed.close();
    expect(readFileSync(jsonl.path, "utf8")).toBe(
      `${before}{"kind":"episode","step":1010,"time":1767225600,"charts/episodic_return":10,"charts/episodic_length":10,"time/episodes":51}\n`,
    );
  });

  it("readJsonlRecords ignores a torn last line and names a bad line elsewhere", () => {
    const dir = fresh();
    const path = join(dir, "metrics.jsonl");
    writeFileSync(path, '{"kind":"interval","step":5,"time":1,"time/fps":3}\n{"kind":"epis');
    expect(readJsonlRecords(path)).toEqual([
      { kind: "interval", step: 5, time: 1, metrics: { "time/fps": 3 } },
    ]);
    writeFileSync(path, 'oops\n{"kind":"interval","step":5,"time":1}\n');
    expect(() => readJsonlRecords(path)).toThrow(
      `${path}:1 is not JSON (Unexpected token 'o', "oops" is not valid JSON). Only the last line of a metrics.jsonl may be cut short.`,
    );
  });
});

describe("csv logger", () => {
  it("writes Stable-Baselines3's progress.csv: a fixed header, then one row per record, empty cells for missing metrics", () => {
    const dir = fresh();
    const { csv, memory } = writeRun(dir);
    expect(csv.path).toBe(join(dir, "progress.csv"));
    const lines = readFileSync(csv.path, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(
      "kind,step,time,train/loss,train/q_mean,train/grad_norm,train/n_updates,train/learning_rate,rollout/exploration_rate,rollout/ep_rew_mean,rollout/ep_len_mean,time/fps,time/total_timesteps,time/episodes,time/time_elapsed,charts/episodic_return,charts/episodic_length,eval/mean_reward,eval/std_reward,eval/mean_ep_length",
    );
    const metricRecords = memory.records.filter((r): r is MetricsRecord => r.kind !== "warning");
    expect(lines.slice(1, -1)).toEqual(metricRecords.map(recordToCsv));
    const first = memory.episodes[0]!;
    expect(lines[1]).toBe(
      `episode,${first.step},${(START + first.step) / 1000},,,,,,,,,,,1,,${first.return},${first.length},,,`,
    );
    // Round trip: every cell parses back to the record's value.
    for (const [i, line] of lines.slice(1, -1).entries()) {
      const cells = line.split(",");
      expect(cells).toHaveLength(CSV_COLUMNS.length);
      const r = metricRecords[i]!;
      CSV_COLUMNS.slice(3).forEach((name, j) => {
        const value = (r.metrics as Record<string, number>)[name];
        expect(cells[j + 3]).toBe(value === undefined ? "" : String(value));
        if (value !== undefined) expect(Number(cells[j + 3])).toBe(value);
      });
    }
  });

  it("a resumed run appends after the last complete row, without a second header", () => {
    const dir = fresh();
    const { csv } = writeRun(dir, 1000);
    const before = readFileSync(csv.path, "utf8");
    appendFileSync(csv.path, "interval,1000,17672");
    const events = createTrainingEvents();
    const resumed = new CsvLogger({ dir, every: 5000 }, { clock: () => START });
    resumed.attach(events);
    events.emit("episodeEnd", {
      episode: 50,
      step: 1010,
      return: 10,
      length: 10,
      terminated: true,
      truncated: false,
    });
    resumed.close();
    expect(readFileSync(csv.path, "utf8")).toBe(`${before}episode,1010,1767225600,,,,,,,,,,,51,,10,10,,,\n`);
  });

  it("refuses to append to a file with another header, reporting once and detaching", () => {
    const dir = fresh();
    const path = join(dir, "progress.csv");
    writeFileSync(path, "a,b\n1,2\n");
    const reports: string[] = [];
    const csv = new CsvLogger({ dir }, { report: (m) => reports.push(m) });
    const events = createTrainingEvents();
    csv.attach(events);
    expect(reports).toEqual([
      `Logger "csv" failed and was detached; training goes on. Cannot append to ${path}: its header "a,b" is not this logger's (20 columns: kind, step, time and every metric name). Move the old file away or choose another dir.`,
    ]);
    expect(events.listenerCount("episodeEnd")).toBe(0);
    csv.close();
    expect(readFileSync(path, "utf8")).toBe("a,b\n1,2\n");
  });
});

describe("a failing logger", () => {
  it("pointed at a path whose parent is a file: reported once with its name, detached, warning emitted, training goes on", () => {
    const dir = fresh();
    writeFileSync(join(dir, "blocker"), "x");
    const reports: string[] = [];
    const warnings: WarningEvent[] = [];
    const events = createTrainingEvents();
    events.on("warning", (w) => void warnings.push(w));
    const jsonl = new JsonlLogger({ dir: join(dir, "blocker", "run") }, { report: (m) => reports.push(m) });
    const memory = new MemoryLogger();
    jsonl.attach(events);
    memory.attach(events);
    emitSyntheticRun(events, { totalSteps: 500 });
    jsonl.close();
    const message = `Logger "jsonl" failed and was detached; training goes on. Cannot write ${join(dir, "blocker", "run", "metrics.jsonl")}: the parent ${join(dir, "blocker")} is a file, not a directory. Move that file away or choose another path.`;
    expect(reports).toEqual([message]);
    expect(warnings).toEqual([{ step: 0, kind: "logger", message }]);
    expect(memory.runEnds).toHaveLength(1); // the other logger saw the whole run
    expect(readFileSync(join(dir, "blocker"), "utf8")).toBe("x");
  });

  it("that throws while writing is detached at that step; later events reach only the others", () => {
    const reports: string[] = [];
    const events = createTrainingEvents();
    const memory = new MemoryLogger({}, { report: (m) => reports.push(m) });
    memory.attach(events);
    // Sabotage: the memory logger's episode array refuses the 3rd push.
    const push = memory.episodes.push.bind(memory.episodes);
    memory.episodes.push = (...items) => {
      if (memory.episodes.length === 2) throw new Error("disk full");
      return push(...items);
    };
    const other = new MemoryLogger();
    other.attach(events);
    emitSyntheticRun(events, { totalSteps: 500 });
    expect(reports).toEqual([`Logger "memory" failed and was detached; training goes on. disk full`]);
    expect(memory.episodes).toHaveLength(2);
    expect(memory.runEnds).toHaveLength(0);
    expect(other.warnings).toEqual([{ step: other.episodes[2]!.step, kind: "logger", message: reports[0] }]);
    expect(other.runEnds).toHaveLength(1);
  });
});
