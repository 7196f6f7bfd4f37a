import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { isMetricName, METRICS, Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadResults, ts2xyTimesteps } from "../test/sb3-load-results.js";
import { readEventFile } from "../test/tfevents-reader.js";
import plugin from "./index.js";
import type { MemoryLogger } from "./memory.js";
import { readJsonlRecords } from "./plot.js";
import { RECORD_FIELDS } from "./records.js";

const fresh = () => mkdtempSync(join(tmpdir(), "gymkit-run-"));
const registry = () => new Registry().use(cartpole).use(replayMemory).use(agentDqn).use(plugin);
const metricsPage = () => readFileSync(new URL("../../../docs/metrics.md", import.meta.url), "utf8");

beforeAll(async () => {
  await prepareBackend("wasm", { log: false });
});

describe("loggers plugin", () => {
  it("is default-exported, named after the package, and registers the seven loggers", () => {
    const r = new Registry().use(plugin);
    expect(plugin.name).toBe("loggers");
    expect(r.plugins()).toEqual(["loggers"]);
    expect(r.ids("logger")).toEqual(["console", "csv", "jsonl", "memory", "monitor", "plot", "tensorboard"]);
  });

  it("rejects a dir with .. and a file name with / when the config is resolved, naming the config path", () => {
    const base = { env: "CartPole-v1", agent: "dqn", budget: { steps: 5000 }, eval: false };
    // resolve builds nothing: the check is the schema's, so no logger gets to create a file.
    expect(() =>
      registry().resolve({ ...base, loggers: [{ kind: "jsonl", dir: "runs/../../etc" }] }),
    ).toThrow(
      'Invalid config at loggers[0].dir: expected a directory path without ".." segments, got "runs/../../etc".',
    );
    for (const [kind, file] of [
      ["csv", "../progress.csv"],
      ["jsonl", "/tmp/m.jsonl"],
      ["plot", ".."],
      ["jsonl", "a\\b"],
    ]) {
      expect(() => registry().resolve({ ...base, loggers: ["console", { kind, file }] })).toThrow(
        `Invalid config at loggers[1].file: expected one plain file name (no "/", "\\" or NUL, not "." or ".."), so that files stay inside dir, got ${JSON.stringify(file)}.`,
      );
    }
  });
});

describe("a composed dqn run on CartPole-v1 with every logger", () => {
  it("writes jsonl, csv, tfevents and the plot; every metric name is in METRICS and in docs/metrics.md", async () => {
    const dir = fresh();
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const run = await registry().compose({
      env: "CartPole-v1",
      agent: { kind: "dqn", learningStarts: 200 },
      loggers: [
        { kind: "console", mode: "lines" },
        { kind: "jsonl", dir, every: 250 },
        { kind: "csv", dir, every: 250 },
        { kind: "monitor", dir },
        { kind: "tensorboard", dir, every: 250 },
        { kind: "plot", dir, every: 250 },
        { kind: "memory", every: 250 },
      ],
      budget: { steps: 1000 },
      eval: { every: 500, episodes: 2 },
      seed: 3,
    });
    let printed: string;
    try {
      await run.train();
    } finally {
      await run.dispose();
      printed = out.mock.calls.map((c) => String(c[0])).join("");
      out.mockRestore(); // (clears mock.calls)
    }
    expect(printed).toMatch(/^run-3 {2}step 0\/1000 \(0\.0%\)/);
    expect(printed).toMatch(/run-3 {2}step 1000\/1000 \(100\.0%\) .* completed {2}return .* eval /);

    const memory = run.loggers[6] as MemoryLogger;
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      expect.stringMatching(/^events\.out\.tfevents\.\d+\./),
      "learning-curves.png",
      "learning-curves.svg",
      "metrics.jsonl",
      "monitor.csv",
      "progress.csv",
    ]);
    const records = readJsonlRecords(join(dir, "metrics.jsonl"));
    expect(records.length).toBe(memory.records.length);
    expect(records.map((r) => [r.kind, r.step])).toEqual(memory.records.map((r) => [r.kind, r.step]));
    expect(readFileSync(join(dir, "progress.csv"), "utf8").split("\n").length).toBe(records.length + 2);
    const tf = readEventFile(new Uint8Array(readFileSync(join(dir, files[0]!))));
    expect(tf.events.length).toBe(records.length + 1);
    // monitor.csv as SB3's load_results reads it: one row per training episode, in order.
    const episodes = memory.records.flatMap((r) => (r.kind === "episode" ? [r] : []));
    const monitor = loadResults(dir);
    expect(monitor.map((r) => [r.r, r.l])).toEqual(
      episodes.map((e) => [e.metrics["charts/episodic_return"], e.metrics["charts/episodic_length"]]),
    );
    expect(ts2xyTimesteps(monitor).x).toEqual(episodes.map((e) => e.step)); // one env: cumsum(l) = steps
    expect(readFileSync(join(dir, "monitor.csv"), "utf8")).toMatch(
      /^#\{"t_start": \d+\.\d+, "env_id": "CartPole-v1"\}\nr,l,t\r\n/,
    );
    const emitted = new Set<string>();
    for (const line of readFileSync(join(dir, "metrics.jsonl"), "utf8").trimEnd().split("\n")) {
      for (const key of Object.keys(JSON.parse(line))) emitted.add(key);
    }
    for (const e of tf.events) for (const tag of Object.keys(e.scalars)) emitted.add(tag);
    const names = [...emitted].filter((k) => !Object.hasOwn(RECORD_FIELDS, k));
    expect(names.filter((n) => !isMetricName(n))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(["train/loss", "rollout/exploration_rate", "eval/mean_reward"]),
    );
    const page = metricsPage();
    const missing = [...names, ...Object.keys(METRICS), ...Object.keys(RECORD_FIELDS)].filter(
      (n) => !page.includes(`\`${n}\``),
    );
    expect(missing).toEqual([]);
    expect(readFileSync(join(dir, "learning-curves.png")).subarray(1, 4).toString()).toBe("PNG");
  });

  it("a logger with an unwritable dir is reported once on stderr and detached; training completes", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "blocker"), "x");
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = await registry().compose({
      env: "CartPole-v1",
      agent: { kind: "dqn", learningStarts: 100 },
      loggers: ["memory", { kind: "jsonl", dir: join(dir, "blocker") }],
      budget: { steps: 300 },
      eval: false,
    });
    let reported: unknown[][];
    try {
      const result = await run.train();
      expect(result.steps).toBe(300);
    } finally {
      await run.dispose();
      reported = err.mock.calls;
      err.mockRestore();
    }
    const message = `Logger "jsonl" failed and was detached; training goes on. Cannot write ${join(dir, "blocker", "metrics.jsonl")}: the parent ${join(dir, "blocker")} is a file, not a directory. Move that file away or choose another path.`;
    expect(reported).toEqual([[message]]);
    expect((run.loggers[0] as MemoryLogger).warnings).toEqual([{ step: 0, kind: "logger", message }]);
    expect(existsSync(join(dir, "blocker", "metrics.jsonl"))).toBe(false);
  });
});
