import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "./cli.js";

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "gymkit-cmd-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

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

/** An experiment file in the fixtures directory (so `./walk-plugin.ts` resolves next to it). */
function config(name: string, text: string): string {
  const path = join(fixtures, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}
afterAll(() => {
  for (const n of ["walk", "broken", "missing"]) rmSync(join(fixtures, `${n}.yaml`), { force: true });
});

describe("plugins named by a config", () => {
  it("a path plugin is loaded relative to the config; its env trains, evaluates and is listed", async () => {
    const file = config(
      "walk",
      `plugins: ["./walk-plugin.ts"]
env: Walk-v0
agent: { kind: dqn, hidden: [16], learningStarts: 100, batchSize: 16 }
budget: { steps: 600 }
eval: { every: 300, episodes: 2 }
seed: 1
`,
    );
    const out = join(root, "walk");
    const train = await cli("train", file, "--out", out, "--workers", "0", "--backend", "cpu");
    expect(train.err).toBe("");
    expect(train.code).toBe(0);
    expect(train.out).toContain("dqn/seed-1: 600 steps in");
    const evaluated = await cli("eval", join(out, "dqn", "seed-1"), "--episodes", "3");
    expect(evaluated.code).toBe(0);
    expect(evaluated.out).toMatch(/^Walk-v0: greedy return [\d.]+ ± [\d.]+ over 3 episodes \(/);
    const envs = await cli("envs", "--plugin", join(fixtures, "walk-plugin.ts"));
    expect(envs.out).toMatch(/^Walk-v0 +maxEpisodeSteps 20 +rewardThreshold 0\.9 +\(walk\)$/m);
    expect(envs.out).toMatch(/^CartPole-v1 /m);
    expect(envs.out).toMatch(
      /^Acrobot-v1 +maxEpisodeSteps 500 +rewardThreshold -100 +\(env-classic-control\)$/m,
    );
    expect(envs.out).toMatch(
      /^Pendulum-v1 +maxEpisodeSteps 200 +rewardThreshold - +\(env-classic-control\)$/m,
    );
    const checked = await cli("check-env", join(fixtures, "walk-plugin.ts"));
    expect(checked.out).toMatch(/^Walk-v0: /);
  });

  it("a plugin that fails to import or to register is named, and nothing runs", async () => {
    const broken = config(
      "broken",
      `plugins: ["./broken-plugin.ts"]\nenv: CartPole-v1\nagent: dqn\nbudget: { steps: 2000 }\n`,
    );
    const r = await cli("train", broken, "--out", join(root, "broken"));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'gymkit: Plugin "broken" failed to register: this plugin is broken on purpose Nothing it registered was kept.',
    );
    const missing = config(
      "missing",
      `plugins: ["gymkit-no-such-plugin"]\nenv: CartPole-v1\nagent: dqn\nbudget: { steps: 2000 }\n`,
    );
    const m = await cli("train", missing, "--out", join(root, "missing"));
    expect(m.code).toBe(1);
    expect(m.err).toMatch(
      /^gymkit: Plugin "gymkit-no-such-plugin" could not be imported: .*Install it \(npm install gymkit-no-such-plugin\) or fix the name\.$/,
    );
  });

  it("eval on a directory that is not a run says what to pass", async () => {
    const r = await cli("eval", root);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `gymkit: ${root} is not a run directory: it has no config.json. Pass a directory like runs/<experiment>/<variant>/seed-0.`,
    );
  });

  it("schema prints the experiment file's JSON Schema with the loaded plugins' envs", async () => {
    const write = vi.spyOn(console, "log");
    const lines: string[] = [];
    write.mockImplementation((s: string) => void lines.push(s));
    expect(await main(["schema", "--plugin", join(fixtures, "walk-plugin.ts")])).toBe(0);
    write.mockRestore();
    const schema = JSON.parse(lines.join("\n"));
    const plugin = join(fixtures, "walk-plugin.ts");
    // The plugin's env by its id and by the `<plugin>:<id>` form a config may load it with.
    expect(schema.$defs.env.then.enum).toEqual(expect.arrayContaining(["Walk-v0", `${plugin}:Walk-v0`]));
    expect(schema.description).toContain(`This schema knows the built-in plugins and ${plugin}`);
    expect(schema.properties.variants.items.required).toEqual(["name"]);
  });
});
