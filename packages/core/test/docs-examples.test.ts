import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkEnv, createRng, Registry, TimeLimit, train } from "@gymkit/core";
import { describe, expect, it, vi } from "vitest";
import corridorPlugin, { CorridorEnv } from "./corridor-plugin.js";

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8");

/** The first fenced code block of a markdown file that follows `marker`. */
function codeAfter(markdown: string, marker: string): string {
  const at = markdown.indexOf(marker);
  expect(at, `marker ${marker} not found`).toBeGreaterThanOrEqual(0);
  const start = markdown.indexOf("```ts\n", at) + "```ts\n".length;
  return markdown.slice(start, markdown.indexOf("\n```", start) + 1);
}

describe("docs/guide/writing-a-plugin.md", () => {
  it("shows exactly the plugin in test/corridor-plugin.ts", () => {
    const guide = read("../../../docs/guide/writing-a-plugin.md");
    expect(codeAfter(guide, "<!-- example: corridor-plugin -->")).toBe(read("./corridor-plugin.ts"));
  });

  it("the plugin's env passes checkEnv with no findings, also in ansi render mode", () => {
    expect(checkEnv(new CorridorEnv(8, undefined))).toEqual([]);
    expect(checkEnv(new CorridorEnv(3, "ansi"))).toEqual([]);
    const registry = new Registry().use(corridorPlugin);
    const env = registry.make("gridworld/Corridor-v0", { size: 5 });
    expect(env).toBeInstanceOf(TimeLimit);
    expect(checkEnv(env.unwrapped)).toEqual([]);
    expect(registry.spec("gridworld/Corridor-v0")).toMatchObject({ maxEpisodeSteps: 50, rewardThreshold: 1 });
  });

  it("validates its options and renders", () => {
    const registry = new Registry().use(corridorPlugin);
    expect(() => registry.make("gridworld/Corridor-v0", { size: 1 })).toThrowError(
      'Invalid config at make("gridworld/Corridor-v0").size: expected an integer >= 2, got 1.',
    );
    expect(() => registry.make("gridworld/Corridor-v0", { sise: 4 })).toThrowError(
      'Invalid config at make("gridworld/Corridor-v0").sise: unknown option "sise" for environment "gridworld/Corridor-v0". Did you mean "size"? Allowed options: size, renderMode, maxEpisodeSteps, disableEnvChecker.',
    );
    const env = registry.make("gridworld/Corridor-v0", { size: 4, renderMode: "ansi" });
    env.reset({ seed: 0 });
    expect(env.render()).toMatch(/^[.A]{4}$/);
  });

  it("trains with train() and a hand-written always-right agent", async () => {
    const env = new Registry().use(corridorPlugin).make("gridworld/Corridor-v0");
    const rng = createRng(0);
    const agent = { act: () => 1, observe: () => {}, update: () => undefined, dispose: () => {} };
    const result = await train({ env, agent, budget: { steps: 40 }, seed: rng.int(100) });
    expect(result.episodeReturns.every((r) => r === 1)).toBe(true);
    expect(result.episodeLengths.every((l) => l >= 4 && l <= 7)).toBe(true);
  });
});

describe("packages/core/README.md", () => {
  it("shows exactly test/readme-example.ts, and that example runs", async () => {
    expect(codeAfter(read("../README.md"), "<!-- example: readme -->")).toBe(read("./readme-example.ts"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await import("./readme-example.js");
    expect(log).toHaveBeenCalledOnce();
    const [observation, reward, terminated] = log.mock.calls[0]!;
    expect(observation).toEqual(new Float32Array([0.5]));
    expect([0, 1]).toContain(reward);
    expect(terminated).toBe(true);
    log.mockRestore();
  });
});
