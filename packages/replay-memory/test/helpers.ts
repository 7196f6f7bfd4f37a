import { Box, Discrete, Registry, type ReplayBuffer, type Transition } from "@gymkit/core";
import plugin from "../src/index.js";
import type { StorageFields } from "../src/storage.js";

/** CartPole's spaces (Gymnasium: x ±4.8, θ ±0.418 rad, velocities unbounded; 2 actions). */
export function cartPoleSpaces(): { observationSpace: Box; actionSpace: Discrete } {
  const inf = Number.POSITIVE_INFINITY;
  const high = [4.8, inf, 0.41887903, inf];
  return {
    observationSpace: new Box(
      high.map((h) => -h),
      high,
      [4],
      "float32",
    ),
    actionSpace: new Discrete(2),
  };
}

/** A registry with the replay-memory plugin in use. */
export function registryWithPlugin(): Registry {
  return new Registry().use(plugin);
}

/** Builds a buffer of `kind` through the registry, with CartPole spaces unless overridden. */
export function makeBuffer(kind: string, options: Record<string, unknown> = {}): ReplayBuffer {
  const { observationSpace, actionSpace, ...rest } = { ...cartPoleSpaces(), ...options };
  return registryWithPlugin().create("buffer", kind, rest, {
    env: { observationSpace, actionSpace } as ReturnType<typeof cartPoleSpaces>,
  });
}

/**
 * Transition number `i`: every field is a distinct float32-exact function of i, so a sampled
 * row can be traced back to the transition it came from and compared exactly.
 */
export function transition(i: number, obsSize = 4): Transition<Float32Array, number> {
  const observation = new Float32Array(obsSize);
  const nextObservation = new Float32Array(obsSize);
  for (let j = 0; j < obsSize; j++) {
    observation[j] = i + j / 8;
    nextObservation[j] = -(i + j / 8) - 0.5;
  }
  return {
    observation,
    action: i % 2,
    reward: i + 0.25,
    nextObservation,
    terminated: i % 3 === 0,
    truncated: i % 5 === 0,
  };
}

/** Fills `buffer` with transitions `from .. from+count-1`. */
export function fill(buffer: ReplayBuffer, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) buffer.add(transition(i, buffer.observationSize));
}

/** Everything stored, as rows decoded by reward (each transition's id), via a full draw. */
export function rowMatches(b: StorageFields, row: number, obsSize = 4): number | undefined {
  const id = b.rewards[row]! - 0.25;
  const t = transition(id, obsSize);
  for (let j = 0; j < obsSize; j++) {
    if (b.observations[row * obsSize + j] !== t.observation[j]) return undefined;
    if (b.nextObservations[row * obsSize + j] !== t.nextObservation[j]) return undefined;
  }
  if (b.actions[row] !== t.action) return undefined;
  if (b.terminated[row] !== (t.terminated ? 1 : 0) || b.truncated[row] !== (t.truncated ? 1 : 0))
    return undefined;
  return id;
}

/** Pearson's chi-square statistic of observed counts against expected counts. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < observed.length; i++) x += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return x;
}

/**
 * Upper 0.1% critical value of chi-square with `df` degrees of freedom (Wilson–Hilferty
 * approximation; within ~1% of the tables for df ≥ 5).
 */
export function chiSquareCritical999(df: number): number {
  const z = 3.0902; // standard normal 99.9% quantile
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}
