/**
 * Issue 19: every CLI argument given an empty string, a number too large, or a path that is a
 * file, a directory or cannot be written gets a message naming it, before anything runs.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { gymkitArgs } from "../test/cli-process.js";
import { main } from "./cli.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-cli-args-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = join(root, "exp.yaml");
writeFileSync(
  config,
  "env: CartPole-v1\nagent: { kind: dqn, hidden: [8], learningStarts: 50 }\nbudget: { steps: 200 }\n",
);
const aFile = join(root, "a-file");
writeFileSync(aFile, "x");

/** The CLI in this process: exit code and everything it printed on stderr (commander's too). */
async function cli(...args: string[]) {
  const err: string[] = [];
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  const write = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    err.push(String(s).trimEnd());
    return true;
  });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    return { code: await main(args), err: err.join("\n") };
  } finally {
    error.mockRestore();
    write.mockRestore();
    log.mockRestore();
  }
}

describe("empty strings are refused, naming the argument", () => {
  it.each([
    [
      ["train", "", "--out", join(root, "o1")],
      `error: command-argument value '' is invalid for argument 'config'. the experiment file must not be empty, got "".`,
    ],
    [
      ["train", config, "--out", ""],
      `error: option '--out <dir>' argument '' is invalid. --out must not be empty, got "".`,
    ],
    [
      ["train", config, "--variant", ""],
      `error: option '--variant <name>' argument '' is invalid. --variant must not be empty, got "".`,
    ],
    [
      ["eval", ""],
      `error: command-argument value '' is invalid for argument 'run-dir'. the run directory must not be empty, got "".`,
    ],
    [
      ["check-env", ""],
      `error: command-argument value '' is invalid for argument 'package-or-path'. the plugin must not be empty, got "".`,
    ],
    [
      ["envs", "--plugin", ""],
      `error: option '--plugin <name...>' argument '' is invalid. --plugin must not be empty, got "".`,
    ],
    [
      ["worker", "--queue", "redis://127.0.0.1:1", "--allow-plugin", ""],
      `error: option '--allow-plugin <name-or-path...>' argument '' is invalid. --allow-plugin must not be empty, got "".`,
    ],
  ])("%j", async (args, message) => {
    const r = await cli(...args);
    expect(r.err.split("\n")[0]).toBe(message);
    expect(r.code).toBe(1);
    expect(existsSync(join(root, "o1"))).toBe(false);
  });
});

describe("numbers beyond what can run are refused", () => {
  it.each([
    [
      ["train", config, "--steps", "99999999999999999999"],
      `--steps must be at most ${Number.MAX_SAFE_INTEGER} (the largest whole number JavaScript holds exactly), got "99999999999999999999".`,
    ],
    [
      ["train", config, "--workers", "99999"],
      `--workers must be at most 256 (threads of one process, each with its own TensorFlow.js; this machine has ${availableParallelism()} cores), got "99999".`,
    ],
    [
      ["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "1000"],
      "--concurrency must be at most 256 (threads of one process",
    ],
    [
      ["worker", "--queue", "redis://127.0.0.1:1", "--lock-ms", "99999999999999999999"],
      '--lock-ms must be at most 86400000 (a day), got "99999999999999999999".',
    ],
    [
      ["eval", root, "--episodes", "99999999999999999999"],
      '--episodes must be at most 1000000, got "99999999999999999999".',
    ],
    [["eval", root, "--episodes", "1e20"], '--episodes must be a whole number >= 1, got "1e20".'],
    [["eval", root, "--seed", "99999999999999999999"], `--seed must be at most ${Number.MAX_SAFE_INTEGER}`],
  ])("%j", async (args, message) => {
    const r = await cli(...args);
    expect(r.err).toContain(message);
    expect(r.code).toBe(1);
  });
});

describe("paths that are directories, files, or cannot be written", () => {
  it("an experiment file that is a directory: the files in it are suggested", async () => {
    const dir = join(root, "configs");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.yaml"), "");
    const r = await cli("train", dir);
    expect(r.err.split("\n")[0]).toBe(
      `error: command-argument value '${dir}' is invalid for argument 'config'. ${dir} is a directory; pass an experiment file (YAML or JSON), e.g. ${join(dir, "a.yaml")}.`,
    );
  });

  it.each([
    [
      aFile,
      `gymkit: Cannot write ${aFile}: ${aFile} is a file, not a directory. Choose a directory, or a path that does not exist yet.`,
    ],
    [
      join(aFile, "out"),
      `gymkit: Cannot write ${join(aFile, "out")}: the parent ${aFile} is a file, not a directory. Move that file away or choose another path.`,
    ],
    [
      "/proc/gymkit-out",
      "gymkit: Cannot write /proc/gymkit-out: /proc does not let files or directories be created in it (ENOENT although it exists: a virtual file system such as /proc or /sys). Choose another path.",
    ],
  ])("--out %s: refused before any run starts (/proc spun for ever)", async (out, message) => {
    const r = await cli("train", config, "--out", out, "--workers", "0");
    expect(r.err).toBe(message);
    expect(r.code).toBe(1);
  });

  it("a plugin that is a directory or not a module", async () => {
    const dir = await cli("check-env", root);
    expect(dir.err).toBe(
      `gymkit: Plugin "${root}" could not be imported: it is a directory. Name the module file in it (e.g. its index.js), or install it as a package and name the package.`,
    );
    const yaml = await cli("check-env", config);
    expect(yaml.err).toBe(
      `gymkit: Plugin "${config}" could not be imported: it is a .yaml file. A plugin is a JavaScript module (.js or .mjs, or TypeScript when gymkit runs from its sources) that default-exports definePlugin({ name, register }); an experiment file goes to gymkit train.`,
    );
  });
});

describe("output that cannot be written", () => {
  it("gymkit schema > /dev/full: one line naming ENOSPC, exit 1 (it was a stack trace)", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, gymkitArgs("schema"), {
        stdio: ["ignore", full, "pipe"],
        encoding: "utf8",
      });
      expect(r.stderr).toBe(
        "gymkit: Cannot write to standard output: no space left on the device (ENOSPC). Free some space or send the output elsewhere.\n",
      );
      expect(r.status).toBe(1);
    } finally {
      closeSync(full);
    }
  }, 120_000);
});

describe("gymkit eval of a run whose env no loaded plugin registers", () => {
  it("says which env, which plugins the run names, and to pass --plugin; with it, evaluates", async () => {
    const plugin = join(fixtures, "walk-plugin.ts");
    const walk = join(root, "walk.yaml");
    writeFileSync(
      walk,
      `plugins: ["${plugin}"]\nenv: Walk-v0\nagent: { kind: dqn, hidden: [8], learningStarts: 50, batchSize: 16 }\nbudget: { steps: 100 }\neval: false\n`,
    );
    const out = join(root, "walk-out");
    const trained = await cli("train", walk, "--out", out, "--workers", "0", "--backend", "cpu");
    expect(trained.code, trained.err).toBe(0);
    const run = join(out, "dqn", "seed-0");
    const manifest = JSON.parse(readFileSync(join(run, "config.json"), "utf8"));
    writeFileSync(join(run, "config.json"), JSON.stringify({ ...manifest, plugins: [] }));
    const r = await cli("eval", run);
    expect(r.err).toBe(
      `gymkit: ${run} was trained on Walk-v0, which no loaded plugin registers (the run names no plugin). Pass the plugin that registers it: gymkit eval ${run} --plugin <package-or-path>.`,
    );
    expect(r.code).toBe(1);
    const evaluated = await cli("eval", run, "--plugin", plugin, "--episodes", "2");
    expect(evaluated.code, evaluated.err).toBe(0);
  });
});
