import { describe, expect, it } from "vitest";
import { ChainEnv } from "../../test/chain-env.js";
import type { Env } from "../env.js";
import { GymkitError } from "../errors.js";
import { createRng } from "../rng.js";
import type { AutoresetMode } from "../vector.js";
import { TimeLimit } from "../wrappers/time-limit.js";
import { SyncVectorEnv } from "./sync-vector-env.js";

/** Sub-env i terminates after 2 + i steps (sub-env 2 is truncated after 3 by a TimeLimit instead). */
const factories = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => (): Env<Float32Array, number> =>
      i === 2 ? new TimeLimit(new ChainEnv(10), 3) : new ChainEnv(2 + i),
  );

interface Row {
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  final?: number[];
}

/**
 * The reference: Gymnasium 1.x SyncVectorEnv semantics written out over plain scalar envs, one
 * sub-env at a time, in the most obvious way.
 */
let sawTruncation = false;

function reference(mode: AutoresetMode, n: number, seed: number, actions: number[][]): Row[][] {
  const envs = factories(n).map((f) => f());
  envs.forEach((e, i) => {
    e.reset({ seed: seed + i });
  });
  const done = new Array(n).fill(false);
  return actions.map((row) =>
    envs.map((env, i) => {
      if (mode === "next-step" && done[i]) {
        done[i] = false;
        return { obs: Array.from(env.reset().observation), reward: 0, terminated: false, truncated: false };
      }
      const r = env.step(row[i]!);
      const out: Row = {
        obs: Array.from(r.observation),
        reward: r.reward,
        terminated: r.terminated,
        truncated: r.truncated,
      };
      if (r.truncated) sawTruncation = true;
      if (mode === "same-step" && (r.terminated || r.truncated)) {
        out.final = out.obs;
        out.obs = Array.from(env.reset().observation);
      } else {
        done[i] = r.terminated || r.truncated;
      }
      return out;
    }),
  );
}

function run(mode: AutoresetMode, n: number, seed: number, actions: number[][]): Row[][] {
  const vec = new SyncVectorEnv(factories(n), { autoresetMode: mode });
  vec.reset({ seed });
  const size = vec.observationSize;
  return actions.map((row) => {
    const r = vec.step(row);
    return Array.from({ length: n }, (_, i) => {
      const out: Row = {
        obs: Array.from(r.observations.subarray(i * size, (i + 1) * size)),
        reward: r.rewards[i]!,
        terminated: r.terminated[i] === 1,
        truncated: r.truncated[i] === 1,
      };
      if (r.finalObservations && (out.terminated || out.truncated)) {
        out.final = Array.from(r.finalObservations.subarray(i * size, (i + 1) * size));
      }
      return out;
    });
  });
}

const randomActions = (steps: number, n: number) => {
  const rng = createRng(5);
  return Array.from({ length: steps }, () => Array.from({ length: n }, () => rng.int(2)));
};

describe("SyncVectorEnv", () => {
  it.each(["next-step", "same-step"] as const)("%s mode matches hand-stepped scalar envs", (mode) => {
    const actions = randomActions(25, 3);
    expect(run(mode, 3, 100, actions)).toEqual(reference(mode, 3, 100, actions));
    expect(sawTruncation).toBe(true);
  });

  it("next-step: the step after a done resets that sub-env, ignores its action, reward 0, flags false", () => {
    const vec = new SyncVectorEnv([() => new ChainEnv(2)]);
    const first = Array.from(vec.reset({ seed: 3 }).observations);
    vec.step([1]);
    const end = vec.step([1]);
    expect(end.terminated[0]).toBe(1);
    expect(end.observations[0]).toBeCloseTo(first[0]! + 2, 5); // the final observation
    const after = vec.step([1]);
    expect([after.rewards[0], after.terminated[0], after.truncated[0]]).toEqual([0, 0, 0]);
    expect(after.observations[1]).toBe(0); // a reset observation, not the result of action 1
    expect(after.infos[0]).toEqual({ seed: undefined });
    expect(vec.step([1]).rewards[0]).toBe(2);
  });

  it("same-step: resets at once, keeps the final observation and info", () => {
    const vec = new SyncVectorEnv([() => new ChainEnv(1), () => new ChainEnv(5)], {
      autoresetMode: "same-step",
    });
    vec.reset({ seed: 0 });
    const r = vec.step([1, 1]);
    expect(r.terminated[0]).toBe(1);
    expect(r.finalObservations![1]).toBe(1); // last action of the ended episode
    expect(r.observations[1]).toBe(0); // new episode
    expect(r.infos[0]).toEqual({ seed: undefined, finalInfo: { t: 1 } });
    expect(r.infos[1]).toEqual({ t: 1 });
  });

  it("disabled: stepping a finished sub-env throws until reset({ mask })", () => {
    const vec = new SyncVectorEnv([() => new ChainEnv(1), () => new ChainEnv(3)], {
      autoresetMode: "disabled",
    });
    vec.reset({ seed: 0 });
    vec.step([0, 0]);
    expect(() => vec.step([0, 0])).toThrowError(
      /sub-env 0 finished its episode; in "disabled" autoreset mode/,
    );
    const before = vec.envs[1]!.unwrapped as ChainEnv;
    const t1 = before.t;
    const { infos } = vec.reset({ mask: [true, false], seed: 10 });
    expect(infos[0]).toEqual({ seed: 10 });
    expect(infos[1]).toEqual({});
    expect(before.t).toBe(t1); // the unmasked sub-env kept its episode
    expect(vec.step([1, 1]).rewards[1]).toBe(2);
    expect(() => vec.reset({ mask: [false, false] })).toThrowError(/mask selects no sub-env/);
    expect(() => vec.reset({ mask: [true] })).toThrowError(/mask has 1 entries for 2 sub-envs/);
  });

  it("reset({ seed }) gives sub-env i seed + i, or one seed each from an array", () => {
    const vec = new SyncVectorEnv(factories(3));
    const a = Array.from(vec.reset({ seed: 7 }).observations);
    const scalar = [7, 8, 9].flatMap((s) => Array.from(new ChainEnv().reset({ seed: s }).observation));
    expect(a).toEqual(scalar);
    expect(Array.from(vec.reset({ seed: [7, 8, 9] }).observations)).toEqual(scalar);
    expect(() => vec.reset({ seed: [1, 2] })).toThrowError(/got 2 seeds for 3 sub-envs/);
    expect(() => vec.reset({ seed: -1 })).toThrowError(GymkitError);
  });

  it("batches observations in one reused Float32Array and reuses the result object", () => {
    const vec = new SyncVectorEnv(factories(2));
    const { observations } = vec.reset({ seed: 0 });
    expect(observations).toBeInstanceOf(Float32Array);
    expect(observations.length).toBe(2 * vec.observationSize);
    const s1 = vec.step([0, 1]);
    const s2 = vec.step([1, 0]);
    expect(s1).toBe(s2);
    expect(s2.observations).toBe(observations);
  });

  it("validates its inputs and refuses to step before reset or after close", () => {
    expect(() => new SyncVectorEnv([])).toThrowError(/non-empty array of env factories/);
    expect(() => new SyncVectorEnv(factories(1), { autoresetMode: "sometimes" as "disabled" })).toThrowError(
      'SyncVectorEnv: autoresetMode must be one of "next-step", "same-step", "disabled", got "sometimes".',
    );
    const vec = new SyncVectorEnv(factories(2));
    expect(() => vec.step([0, 0])).toThrowError("SyncVectorEnv.step: sub-env 0 was never reset.");
    vec.reset();
    expect(() => vec.step([0])).toThrowError("SyncVectorEnv.step: got 1 actions for 2 sub-envs.");
    vec.close();
    vec.close();
    expect((vec.envs[0]!.unwrapped as ChainEnv).closed).toBe(1);
    expect(() => vec.step([0, 0])).toThrowError(/closed/);
  });
});
