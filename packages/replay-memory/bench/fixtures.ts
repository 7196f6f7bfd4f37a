/** What both replay-memory benchmarks feed the buffers: CartPole's spaces and CartPole-like transitions. */
import { Box, Discrete, type Rng, type Transition } from "@gymkit/core";

const inf = Number.POSITIVE_INFINITY;
export const observationSpace = new Box(
  [-4.8, -inf, -0.41887903, -inf],
  [4.8, inf, 0.41887903, inf],
  [4],
  "float32",
);
export const actionSpace = new Discrete(2);

/** 1024 CartPole-like transitions, cycled through by the add loops (as an env would feed them). */
export function transitionPool(rng: Rng): Transition<Float32Array, number>[] {
  return Array.from({ length: 1024 }, () => ({
    observation: Float32Array.from({ length: 4 }, () => rng.uniform(-0.2, 0.2)),
    action: rng.int(2),
    reward: 1,
    nextObservation: Float32Array.from({ length: 4 }, () => rng.uniform(-0.2, 0.2)),
    terminated: rng.float() < 0.05,
    truncated: false,
  }));
}
