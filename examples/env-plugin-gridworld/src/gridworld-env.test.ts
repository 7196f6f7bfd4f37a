import { checkEnv, createRng, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAP, GridWorldEnv } from "./gridworld-env.js";
import gridworld from "./index.js";

const LEFT = 0;
const DOWN = 1;
const RIGHT = 2;
const UP = 3;
const env = (slip = 0, renderMode?: "ansi" | "rgb_array") =>
  new GridWorldEnv({ map: DEFAULT_MAP, slip, renderMode });

describe("GridWorldEnv", () => {
  it("walks the shortest path to the goal in 6 steps, paying 1 only there", () => {
    const e = env();
    expect(e.reset({ seed: 0 }).observation).toBe(0);
    const path = [RIGHT, RIGHT, DOWN, DOWN, DOWN, RIGHT];
    const results = path.map((a) => ({ ...e.step(a) }));
    expect(results.map((r) => r.observation)).toEqual([1, 2, 6, 10, 14, 15]);
    expect(results.map((r) => r.reward)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(results.map((r) => r.terminated)).toEqual([false, false, false, false, false, true]);
  });

  it("stays put against walls and edges", () => {
    const e = env();
    e.reset({ seed: 0 });
    expect(e.step(UP).observation).toBe(0); // the top edge
    expect(e.step(LEFT).observation).toBe(0); // the left edge
    e.step(RIGHT);
    expect(e.step(DOWN).observation).toBe(1); // the wall at row 1, column 1
  });

  it("slips sideways with the given probability, never backwards", () => {
    const e = env(0.3);
    e.reset({ seed: 1 });
    const counts = { intended: 0, sideways: 0, other: 0 };
    for (let i = 0; i < 4000; i++) {
      e.setState({ ...(e.getState() as object), cell: 10 }); // row 2, column 2: free on all sides but the right
      const cell = e.step(DOWN).observation;
      if (cell === 14) counts.intended++;
      else if (cell === 9 || cell === 10)
        counts.sideways++; // left to 9, or right into the wall
      else counts.other++;
    }
    expect(counts.other).toBe(0);
    // 4000 draws at p = 0.3: the standard deviation of the count is 29, so ±150 is > 5 sigma.
    expect(Math.abs(counts.sideways - 1200)).toBeLessThan(150);
  });

  it("renders the grid as text with the agent, and as an RGB picture", () => {
    const text = env(0, "ansi");
    text.reset({ seed: 0 });
    text.step(RIGHT);
    expect(text.render()).toBe("SA..\n.#.#\n...#\n#..G");
    const picture = env(0, "rgb_array");
    picture.reset({ seed: 0 });
    const frame = picture.render() as { width: number; height: number; data: Uint8Array };
    expect([frame.width, frame.height]).toEqual([64, 64]);
    const pixel = (x: number, y: number) =>
      Array.from(frame.data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3));
    expect(pixel(8, 8)).toEqual([30, 90, 220]); // the agent, in the start cell
    expect(pixel(24, 24)).toEqual([64, 64, 64]); // the wall at row 1, column 1
    expect(pixel(56, 56)).toEqual([40, 180, 60]); // the goal
  });

  it("passes checkEnv, and throws on step() before reset()", () => {
    expect(checkEnv(env(0.1, "ansi"))).toEqual([]);
    expect(() => env().step(0)).toThrowError(
      "GridWorld: step() called before reset(). Call env.reset({ seed }) once first.",
    );
  });
});

describe("the gymkit-gridworld plugin", () => {
  const registry = new Registry().use(gridworld);

  it("registers GridWorld-v0 with Discrete observations, or one-hot ones on request", () => {
    const plain = registry.make("GridWorld-v0");
    expect(String(plain.observationSpace)).toBe("Discrete(16)");
    expect(plain.spec?.maxEpisodeSteps).toBe(100);
    const onehot = registry.make("GridWorld-v0", { onehot: true });
    expect(String(onehot.observationSpace)).toBe("Box(0.0, 1.0, (16,), float32)");
    onehot.reset({ seed: 0 });
    expect(Array.from(onehot.step(RIGHT).observation as Float32Array).indexOf(1)).toBe(1);
  });

  it("validates its options with the path, the value and what is allowed", () => {
    expect(() => registry.make("GridWorld-v0", { slip: 2 })).toThrowError(
      'Invalid config at make("GridWorld-v0").slip: expected a number >= 0 and <= 1, got 2.',
    );
    expect(() => registry.make("GridWorld-v0", { map: ["S.", "G"] })).toThrowError(
      /expected rows of equal length/,
    );
    expect(() => registry.make("GridWorld-v0", { slipp: 0 })).toThrowError(/Did you mean "slip"\?/);
  });

  it("truncates after 100 steps", () => {
    const e = registry.make("GridWorld-v0", { map: ["S.#G"] }); // the goal is walled off
    e.reset({ seed: 0 });
    const rng = createRng(0);
    let last = e.step(e.actionSpace.sample(rng));
    for (let i = 1; i < 100; i++) last = e.step(e.actionSpace.sample(rng));
    expect(last).toMatchObject({ terminated: false, truncated: true });
  });
});
