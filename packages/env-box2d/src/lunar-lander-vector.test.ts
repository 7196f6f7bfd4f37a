import { type Env, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";
import { LcgPolicy } from "./lcg.js";
import { LunarLanderVector } from "./lunar-lander-vector.js";

const registry = new Registry().use(plugin);

/** One action row per step for `n` sub-envs from LCG policies seeded 100 + i. */
function actionStream(n: number, continuous: boolean, steps: number): Float32Array[] {
  const policies = Array.from({ length: n }, (_, i) => new LcgPolicy(100 + i));
  return Array.from({ length: steps }, () => {
    const row = new Float32Array(n * (continuous ? 2 : 1));
    policies.forEach((p, i) => {
      if (continuous) row.set(p.continuous(), 2 * i);
      else row[i] = p.discrete();
    });
    return row;
  });
}

describe("LunarLanderVector", () => {
  it.each([false, true])(
    "continuous=%s: sub-env i is exactly make() reset with seed + i, across autoresets (next-step, 600 steps)",
    (continuous) => {
      const n = 3;
      const id = continuous ? "LunarLanderContinuous-v3" : "LunarLander-v3";
      const vec = registry.makeVec(id, n) as unknown as LunarLanderVector;
      const envs = Array.from({ length: n }, () => registry.make(id));
      const vecObs = Array.from(vec.reset({ seed: 40 }).observations);
      const oneObs = envs.flatMap((e, i) =>
        Array.from(e.reset({ seed: 40 + i }).observation as Float32Array),
      );
      expect(vecObs).toEqual(oneObs);
      const pending = new Array<boolean>(n).fill(false);
      let episodes = 0;
      for (const row of actionStream(n, continuous, 600)) {
        const r = vec.step(row);
        envs.forEach((env, i) => {
          let obs: number[];
          let reward = 0;
          let flags = "--";
          if (pending[i]) {
            obs = Array.from(env.reset().observation as Float32Array); // next-step: this step resets
            pending[i] = false;
            episodes++;
          } else {
            const s = (env as Env<Float32Array, number | Float32Array>).step(
              continuous ? row.subarray(2 * i, 2 * i + 2) : row[i]!,
            );
            obs = Array.from(s.observation as Float32Array);
            reward = s.reward;
            flags = `${s.terminated ? "T" : "-"}${s.truncated ? "t" : "-"}`;
            pending[i] = s.terminated || s.truncated;
          }
          expect(Array.from(r.observations.subarray(8 * i, 8 * i + 8))).toEqual(obs);
          expect([r.rewards[i], `${r.terminated[i] ? "T" : "-"}${r.truncated[i] ? "t" : "-"}`]).toEqual([
            reward,
            flags,
          ]);
        });
      }
      expect(episodes).toBeGreaterThanOrEqual(10);
    },
  );

  it("same-step mode resets at once and keeps the last observation in finalObservations", () => {
    const same = new LunarLanderVector(2, { autoresetMode: "same-step" });
    const next = new LunarLanderVector(2);
    same.reset({ seed: 7 });
    next.reset({ seed: 7 });
    let checked = 0;
    for (const row of actionStream(2, false, 300)) {
      const a = same.step(row);
      const b = next.step(row);
      for (let i = 0; i < 2; i++) {
        if (b.terminated[i] || b.truncated[i]) {
          expect(Array.from(a.finalObservations!.subarray(8 * i, 8 * i + 8))).toEqual(
            Array.from(b.observations.subarray(8 * i, 8 * i + 8)),
          );
          checked++;
        }
      }
      if (checked > 0) break;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("disabled mode resets only the masked sub-envs", () => {
    const vec = new LunarLanderVector(2, { autoresetMode: "disabled" });
    const first = Array.from(vec.reset({ seed: 3 }).observations);
    vec.step(Float32Array.of(2, 2));
    const after = Array.from(vec.reset({ mask: [false, true] }).observations);
    expect(after.slice(0, 8)).not.toEqual(first.slice(0, 8)); // sub-env 0 kept its stepped state
    expect(after.slice(8)).not.toEqual(first.slice(8)); // sub-env 1 reset (unseeded: a new terrain)
  });

  it("checks its actions: the count, and each action, naming the sub-env", () => {
    const vec = new LunarLanderVector(2);
    vec.reset({ seed: 0 });
    expect(() => vec.step([0])).toThrow(
      "LunarLanderVector: expected 2 action numbers (2 sub-envs × 1), got 1.",
    );
    expect(() => vec.step([0, 7])).toThrow(/^LunarLanderVector: actions\[1\]: invalid action 7 \(number\)/);
    expect(() => vec.step([0, 0])).toThrow(/step\(\) called before reset\(\)/);
    const continuous = new LunarLanderVector(2, { continuous: true });
    expect([continuous.actionSize, continuous.singleActionSpace.toString()]).toEqual([
      2,
      "Box(-1.0, 1.0, (2,), float32)",
    ]);
  });

  it("continues exactly after a JSON round trip of getState (each sub-env replayed)", () => {
    const a = new LunarLanderVector(3, { maxEpisodeSteps: 80 });
    a.reset({ seed: 50 });
    const stream = actionStream(3, false, 260);
    for (const row of stream.slice(0, 130)) a.step(row);
    const b = new LunarLanderVector(3, { maxEpisodeSteps: 80 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    for (const row of stream.slice(130)) {
      const ra = a.step(row);
      const rb = b.step(row);
      expect(Array.from(rb.observations)).toEqual(Array.from(ra.observations));
      expect(Array.from(rb.rewards)).toEqual(Array.from(ra.rewards));
      expect(Array.from(rb.truncated)).toEqual(Array.from(ra.truncated));
    }
  });
});
