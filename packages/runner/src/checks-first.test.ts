import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "./cli.js";

// Issue 19: everything that can be checked is checked before anything is created. Each bad
// command exits 1 with its message, and leaves --out absent; the fixed command then runs.
const root = mkdtempSync(join(tmpdir(), "gymkit-checks-first-"));
const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const bin = fileURLToPath(new URL("../bin/gymkit.js", import.meta.url));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI in this process; returns its exit code and what it printed. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  try {
    const code = await main(args);
    return { code, out: out.join("\n"), err: err.join("").trim() };
  } finally {
    for (const spy of [log, error, write, stderr]) spy.mockRestore();
  }
}

let n = 0;
/** A config file in its own directory (`./walk-plugin.ts`-style paths resolve from fixtures). */
function config(text: string | Buffer, dir = root): string {
  const path = join(dir, `exp-${++n}.yaml`);
  writeFileSync(path, text);
  return path;
}
const RUN = ["--workers", "0", "--backend", "cpu"];
const BASE = `name: early
env: CartPole-v1
budget: { steps: 300 }
eval: { every: 300, episodes: 2 }
agent: { kind: dqn, hidden: [8], learningStarts: 100, batchSize: 16 }
`;

/** Runs a command that must be refused: exit 1, exactly `message`, and nothing at `out`. */
async function refused(args: string[], message: string) {
  const out = join(root, `out-${++n}`);
  const r = await cli(...args, "--out", out, ...RUN);
  expect(r.err.split(root).join("$ROOT")).toBe(message);
  expect(r.code).toBe(1);
  expect(r.out).toBe("");
  expect(existsSync(out)).toBe(false);
}

describe("checked before anything is created", () => {
  it("cross-part checks: learningStarts beyond the budget, a batch larger than the buffer", async () => {
    const file = config(BASE.replace("learningStarts: 100", "learningStarts: 5000"));
    await refused(
      ["train", file],
      `gymkit: $ROOT/exp-${n}.yaml:5:34: Invalid config at agent.learningStarts: 5000 is not below the run's step budget 300 (budget.steps), so the agent would never update. Lower learningStarts or raise the budget.`,
    );
    const small = config(
      `${BASE}variants:\n  - name: small\n    agent: { buffer: { kind: uniform, capacity: 8 } }\n`,
    );
    await refused(
      ["compare", small],
      `gymkit: $ROOT/exp-${n}.yaml:5:55 (variant small): Invalid config at agent.batchSize: 16 is larger than the uniform buffer's capacity 8 (agent.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.`,
    );
  });

  it("compare: evaluation off, beyond a budget, on two envs, or on an env without a threshold", async () => {
    const two = `${BASE}variants:\n  - name: a\n  - name: b\n`;
    const file = config(two);
    await refused(
      ["compare", file, "--set", "eval=false"],
      "gymkit: --set eval=false (variant a): Invalid config at eval: compare ranks variants by their greedy evaluations (the last one is a run's final score), and variant a has eval: false. Remove eval: false (or set eval: { every: N }), or train it alone with gymkit train.",
    );
    await refused(
      ["compare", file, "--steps", "200"],
      `gymkit: $ROOT/exp-${n - 1}.yaml:4:9 (variant a): Invalid config at eval.every: variant a evaluates every 300 env steps but runs 200 (budget.steps), so it would end without an evaluation, and compare without its final score. Set eval.every to at most 200.`,
    );
    await refused(
      ["compare", config(`${two}    env: CartPole-v0\n`)],
      `gymkit: $ROOT/exp-${n}.yaml:9:5: Invalid config at variants[1].env: compare summarises every variant against one env's reward threshold, and variant b runs CartPole-v0 while a runs CartPole-v1. Compare variants on one env: one file (or one --set env=...) per env.`,
    );
    const bare = config(
      `plugins: ["./bare-plugin.ts"]\n${two.replace("env: CartPole-v1", "env: Bare-v0").replace("hidden", "hidden: [4], x")}`.replace(
        ", x: [8]",
        "",
      ),
      fixtures,
    );
    try {
      await refused(
        ["compare", bare],
        `gymkit: ${bare}:3:1 (variant a): Invalid config at env: Bare-v0 has no reward threshold, so "solved" is undefined and compare cannot summarise its runs. Register the env with rewardThreshold, or train the variants with gymkit train --variant <name>.`
          .split(root)
          .join("$ROOT"),
      );
    } finally {
      rmSync(bare);
    }
  });

  it("paths stay inside --out: names of variants and experiments, logger dirs and files", async () => {
    const plain =
      'expected one plain name of letters, digits, "_", "-" or "." (not "." or "..", at most 200 characters), since it names a directory';
    await refused(
      ["compare", config(`${BASE}variants:\n  - name: ".."\n  - name: b\n`)],
      `gymkit: $ROOT/exp-${n}.yaml:7:5: Invalid config at variants[0].name: ${plain}, got "..".`,
    );
    await refused(
      [
        "compare",
        config(`${BASE.replace("name: early", "name: ../../x")}variants:\n  - name: a\n  - name: b\n`),
      ],
      `gymkit: $ROOT/exp-${n}.yaml:1:1: Invalid config at name: ${plain}, got "../../x".`,
    );
    await refused(
      ["train", config(BASE), "--set", "name=/tmp/elsewhere"],
      `gymkit: --set name=/tmp/elsewhere: Invalid config at name: ${plain}, got "/tmp/elsewhere".`,
    );
    await refused(
      ["train", config(`${BASE}loggers: [{ kind: jsonl, dir: ${root} }]\n`)],
      `gymkit: $ROOT/exp-${n}.yaml:6:26: Invalid config at loggers[0].dir: the runner writes each run's files in its own directory (<out>/<variant>/seed-<n>), so a logger's dir would send every run's files to "$ROOT". Remove dir, and choose where runs go with --out.`,
    );
    await refused(
      ["train", config(`${BASE}loggers: [{ kind: csv, file: ../../progress.csv }]\n`)],
      `gymkit: $ROOT/exp-${n}.yaml:6:24: Invalid config at loggers[0].file: expected one plain file name (no "/", "\\" or NUL, not "." or ".."), so that files stay inside dir, got "../../progress.csv".`,
    );
  });

  it("without --out, a bad experiment name creates nothing in the working directory", () => {
    const cwd = mkdtempSync(join(root, "cwd-"));
    const file = config(`${BASE.replace("name: early", "name: ../escaped")}variants:\n  - name: a\n`, cwd);
    // The bin resolves its loader from the repository, whatever the working directory.
    const r = spawnSync(process.execPath, [bin, "train", file, ...RUN], { cwd, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gymkit: .*exp-\d+\.yaml:1:1: Invalid config at name: expected one plain name/);
    expect(readdirSync(cwd)).toEqual([file.slice(cwd.length + 1)]);
    expect(existsSync(join(root, "escaped"))).toBe(false);
  });

  it("--set through a prototype, and files YAML cannot mean, are refused before anything", async () => {
    const file = config(BASE);
    const r = await cli("train", file, "--set", "__proto__.polluted=1", ...RUN);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: option '--set <path=value>' argument '__proto__.polluted=1' is invalid. "__proto__" in __proto__.polluted is refused: it names a JavaScript object's prototype machinery, never a gymkit option.\n(run with --help for usage)`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await refused(
      [
        "train",
        config(
          `${BASE}x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`,
        ),
      ],
      `gymkit: $ROOT/exp-${n}.yaml:7:8: the aliases (*name) of this file expand to more than 1000 copies (nested aliases multiply, as in a "billion laughs" file); refused so that reading it cannot exhaust memory. Write the values out, or alias fewer times.`,
    );
    await refused(
      ["train", config(Buffer.from(BASE, "utf16le"))],
      `gymkit: $ROOT/exp-${n}.yaml: looks like UTF-16 text without a byte-order mark (a NUL byte beside every character); save it as UTF-8. An experiment file is YAML or JSON text in UTF-8; pass one, e.g. examples/qlearning-vs-dqn.yaml.`,
    );
    await refused(
      ["train", config('{ "name": "j", // a comment\n  "env": "CartPole-v1" }\n')],
      `gymkit: $ROOT/exp-${n}.yaml:1:16: a comment (//) in JSON, which has no comments (YAML would read it as part of a key or value). Remove it, or write the file as YAML, whose comments start with #.`,
    );
  });
});

const tfjsNode = (() => {
  try {
    createRequire(import.meta.url).resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
})();

describe("a backend that cannot load", () => {
  it.skipIf(tfjsNode)(
    "--backend tensorflow without tfjs-node is refused before any run directory exists",
    async () => {
      const out = join(root, "no-tfjs-node");
      const r = await cli("train", config(BASE), "--out", out, "--workers", "0", "--backend", "tensorflow");
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^gymkit: The "tensorflow" backend needs the optional package @tensorflow\/tfjs-node, which could not be loaded \(.*\)\. Install it with `npm install @tensorflow\/tfjs-node` \(it downloads libtensorflow\), or use backend "wasm", which works everywhere\.$/,
      );
      expect(existsSync(out)).toBe(false);
    },
  );
});

describe("after a refusal, the fixed command runs", () => {
  it("nothing was created, so the fixed re-run is not refused; a start that left no manifest blocks nothing", async () => {
    const out = join(root, "fixed");
    const file = config(BASE.replace("learningStarts: 100", "learningStarts: 5000"));
    expect((await cli("train", file, "--out", out, "--seed", "7", ...RUN)).code).toBe(1);
    // A directory a failed start may have left (no manifest in it) does not hold a run.
    mkdirSync(join(out, "early", "seed-7"), { recursive: true });
    const fixed = await cli(
      "train",
      file,
      "--out",
      out,
      "--seed",
      "7",
      "--set",
      "agent.learningStarts=100",
      ...RUN,
    );
    expect(fixed.err).toBe("");
    expect(fixed.code).toBe(0);
    expect(fixed.out.split("\n")[0]).toBe(`gymkit train: 1 run(s), seed 7 → ${out}`);
    expect(readdirSync(join(out, "early"))).toEqual(["seed-7"]);
    expect(existsSync(join(out, "early", "seed-7", "outcome.json"))).toBe(true);
    // A run that started is there now: the same command is refused, pointing at --resume.
    const again = await cli(
      "train",
      file,
      "--out",
      out,
      "--seed",
      "7",
      "--set",
      "agent.learningStarts=100",
      ...RUN,
    );
    expect(again.code).toBe(1);
    expect(again.err).toBe(
      `gymkit: ${out} already holds runs of this experiment. Continue them with --resume, or choose another --out (nothing was changed).`,
    );
  });
});
