/**
 * Issue #19: damaged or changed run files are refused by name with what to do, never a raw
 * SyntaxError or a silent restart; a checkpoint is used whole or not at all; a resume with another
 * config is refused naming the keys; a run whose final save fails (disk full) resumes at its end.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "./cli.js";

/** The final save's model write fails once with ENOSPC while `diskFull` is set. */
const disk = vi.hoisted(() => ({ full: false }));
// The runner writes the final model itself (saveModel, the agent's checkpoint() files).
vi.mock("./parts.js", async (original) => {
  const real = await original<typeof import("./parts.js")>();
  return {
    ...real,
    saveModel: async (...args: Parameters<typeof real.saveModel>) => {
      if (disk.full) {
        const { ioError } = await import("@gymkit/core/node");
        throw ioError(
          Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" }),
          "write",
          args[1],
        );
      }
      return real.saveModel(...args);
    },
  };
});

const root = mkdtempSync(join(tmpdir(), "gymkit-damaged-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = join(root, "exp.yaml");
writeFileSync(
  config,
  `name: dmg
env: CartPole-v1
agent: { kind: dqn, hidden: [16], learningStarts: 100, lr: 0.001 }
budget: { steps: 600 }
eval: { every: 300, episodes: 2 }
checkpoint: { every: 200 }
seed: 1
`,
);
const flags = ["--backend", "cpu", "--workers", "0"];

/** Runs the CLI in this process and captures what it prints. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = await main(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

const whole = join(root, "whole");
const runOf = (out: string) => join(out, "dmg", "seed-1");
const outcomeOf = (out: string) =>
  JSON.parse(readFileSync(join(runOf(out), "outcome.json"), "utf8")) as {
    steps: number;
    episodeReturns: number[];
    resumedFrom?: number;
  };

/** A copy of the finished run, as if killed after its final checkpoint (no model, no outcome). */
function killedAtEnd(name: string): string {
  const out = join(root, name);
  cpSync(whole, out, { recursive: true });
  rmSync(join(runOf(out), "outcome.json"));
  rmSync(join(runOf(out), "model"), { recursive: true });
  return out;
}

beforeAll(async () => {
  const r = await cli("train", config, "--out", whole, ...flags);
  expect(r.code, r.err).toBe(0);
}, 600_000);

describe("a damaged checkpoint is refused whole, by name", () => {
  const ckpt = (out: string) => join(runOf(out), "checkpoint");
  const refused = (out: string, what: string) =>
    `gymkit: Cannot resume dmg/seed-1: its checkpoint ${ckpt(out)} is damaged: ${what}. A checkpoint is used whole or not at all: restore that directory from a copy, or delete it to train this run again from step 0 (--resume then cuts its logs back to the start).`;
  const cut = (d: string, name: string, size: number) =>
    writeFileSync(join(d, name), readFileSync(join(d, name)).subarray(0, size));
  const put = (d: string, name: string, text: string) => writeFileSync(join(d, name), text);
  const then = (_done: unknown, what: string) => what;
  /** Each damages the checkpoint in `d` and says what the refusal names. */
  const cases: Array<[string, (d: string) => string]> = [
    [
      "loop.json cut short",
      (d) => then(cut(d, "loop.json", 100), "loop.json is not JSON (cut short or garbled)"),
    ],
    [
      "loop.json garbled",
      (d) => then(put(d, "loop.json", "\u0000garbage{"), "loop.json is not JSON (cut short or garbled)"),
    ],
    ["loop.json empty", (d) => then(put(d, "loop.json", ""), "loop.json is empty")],
    ["loop.json missing", (d) => then(unlinkSync(join(d, "loop.json")), "loop.json is missing")],
    ["buffer.rb missing", (d) => then(unlinkSync(join(d, "buffer.rb")), "buffer.rb is missing")],
    [
      "buffer.rb with one byte changed",
      (d) => {
        const b = readFileSync(join(d, "buffer.rb"));
        b[b.length - 3]! ^= 0xff;
        writeFileSync(join(d, "buffer.rb"), b);
        return "buffer.rb is not the file that was written (its SHA-256 differs)";
      },
    ],
    [
      "weights.bin cut short",
      (d) => {
        const size = readFileSync(join(d, "weights.bin")).length;
        cut(d, "weights.bin", 64);
        return `weights.bin has 64 bytes, it was written with ${size}`;
      },
    ],
    [
      "loop.json at a step beyond the budget",
      (d) => {
        const saved = JSON.parse(readFileSync(join(d, "loop.json"), "utf8"));
        saved.step = 5000;
        saved.loop.step = 5000;
        writeFileSync(join(d, "loop.json"), JSON.stringify(saved));
        return "its step 5000 is beyond this run's budget of 600 steps (loop.json was edited, or belongs to another run)";
      },
    ],
  ];
  it.each(cases)("%s", async (name, damage) => {
    const out = killedAtEnd(`ckpt-${name.replace(/\W+/g, "-")}`);
    const what = damage(ckpt(out));
    const r = await cli("train", config, "--out", out, "--resume", ...flags);
    expect(r.code).toBe(1);
    // Refused before it trains; nothing of it is written.
    expect(r.err).toBe(refused(out, what));
    expect(existsSync(join(runOf(out), "outcome.json"))).toBe(false);
  });

  it("a run killed before its first checkpoint starts over, saying so, and ends as an uninterrupted run", async () => {
    const out = killedAtEnd("no-checkpoint");
    rmSync(join(runOf(out), "checkpoint"), { recursive: true });
    const r = await cli("train", config, "--out", out, "--resume", ...flags);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      "dmg/seed-1: no checkpoint yet; it starts over from step 0 (its logs are cut back to the start).",
    );
    expect(outcomeOf(out).episodeReturns).toEqual(outcomeOf(whole).episodeReturns);
    expect(readFileSync(join(runOf(out), "metrics.jsonl"), "utf8").split("\n").length).toBe(
      readFileSync(join(runOf(whole), "metrics.jsonl"), "utf8").split("\n").length,
    );
  });
});

describe("damaged or edited outcome.json and config.json", () => {
  const todo =
    "Delete it and run the same command with --resume: the run goes on from its last checkpoint (the final one when it finished) and writes outcome.json again.";
  it.each([
    ["cut short", (t: string) => t.slice(0, 40), "it is not JSON (cut short or garbled)"],
    ["empty", () => "", "it is empty"],
    [
      "edited",
      (t: string) => t.replace(/"steps": 600/, '"steps": 599'),
      "it was changed after the run wrote it (its checksum differs)",
    ],
  ])(
    "outcome.json %s is refused by name; deleted, the run finishes again from its final checkpoint",
    async (name, edit, what) => {
      const out = join(root, `outcome-${name.replace(/\W+/g, "-")}`);
      cpSync(whole, out, { recursive: true });
      const path = join(runOf(out), "outcome.json");
      writeFileSync(path, edit(readFileSync(path, "utf8")));
      const r = await cli("train", config, "--out", out, "--resume", ...flags);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`gymkit: Cannot use ${path}: ${what}. ${todo}`);
      unlinkSync(path);
      const again = await cli("train", config, "--out", out, "--resume", ...flags);
      expect(again.code, again.err).toBe(0);
      expect(outcomeOf(out).resumedFrom).toBe(600);
      expect(outcomeOf(out).episodeReturns).toEqual(outcomeOf(whole).episodeReturns);
    },
  );

  it("a manifest without config is refused by name", async () => {
    const out = killedAtEnd("manifest");
    const path = join(runOf(out), "config.json");
    const { config: _, ...rest } = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify(rest));
    const r = await cli("train", config, "--out", out, "--resume", ...flags);
    expect(r.err).toBe(
      `gymkit: Cannot use ${path}: it has no config. It records what trained this run, so --resume cannot check that it goes on with the same config; restore the file, or train again with another --out.`,
    );
  });
});

describe("--resume with another config", () => {
  it("another lr or env is refused, naming the keys; the manifest is left as it was", async () => {
    const out = killedAtEnd("changed");
    const manifest = readFileSync(join(runOf(out), "config.json"), "utf8");
    const r = await cli(
      "train",
      config,
      "--out",
      out,
      "--resume",
      "--set",
      "agent.lr=0.002",
      "--set",
      "env=CartPole-v0",
      ...flags,
    );
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `gymkit: Cannot resume dmg/seed-1: its config differs from the one it was trained with (${join(runOf(out), "config.json")}): env.id "CartPole-v1" → "CartPole-v0", agent.lr 0.001 → 0.002. --resume goes on with the config the run started with: run the command with that config, or train the new one with another --out. Nothing was changed.`,
    );
    expect(readFileSync(join(runOf(out), "config.json"), "utf8")).toBe(manifest);
  });

  it("--steps on a finished run says it cannot be extended exactly, and what to do", async () => {
    for (const command of ["train", "compare"]) {
      const r = await cli(command, config, "--out", whole, "--resume", "--steps", "1200", ...flags);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `gymkit: Cannot resume dmg/seed-1: its config differs from the one it was trained with (${join(runOf(whole), "config.json")}): budget.steps 600 → 1200. A finished run cannot be extended exactly: its schedules follow its budget (ε decays over a fraction of it). Train the longer run anew with another --out. Nothing was changed.`,
      );
    }
  });
});

describe("disk full at the final save", () => {
  it("keeps the final checkpoint; --resume finishes the run from its end, equal to an uninterrupted run", async () => {
    const out = join(root, "enospc");
    disk.full = true;
    const failed = await cli("train", config, "--out", out, ...flags);
    disk.full = false;
    expect(failed.code).toBe(1);
    const model = join(runOf(out), "model");
    expect(failed.err).toContain(
      `run dmg/seed-1 failed after step 600: Cannot write ${model}: no space left on the device (ENOSPC). Free some space and try again.\n  Last checkpoint at step 600; resume with: gymkit train ${config} --out ${out} --backend cpu --workers 0 --resume`,
    );
    expect(existsSync(join(runOf(out), "outcome.json"))).toBe(false);
    const resumed = await cli("train", config, "--out", out, "--resume", ...flags);
    expect(resumed.code, resumed.err).toBe(0);
    expect(outcomeOf(out).resumedFrom).toBe(600); // not retrained from 0
    expect(outcomeOf(out).episodeReturns).toEqual(outcomeOf(whole).episodeReturns);
    expect(readFileSync(join(model, "weights.bin"))).toEqual(
      readFileSync(join(runOf(whole), "model", "weights.bin")),
    );
  });
});
