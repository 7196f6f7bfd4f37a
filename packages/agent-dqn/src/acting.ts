import { type ActOptions, describeValue, GymkitError, type Rng } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import type { QNetwork } from "./network.js";
import type { SpaceInfo } from "./options.js";

/**
 * DQN's acting: ε-greedy actions, one at a time or a batch in one forward pass, and the
 * observation checks that come before either. Functions of the network and the spaces; the
 * agent owns the state (the exploration stream, ε, a scratch row).
 */

/** Index of the largest of `q[offset .. offset + n)` (the first on ties). */
export function argmax(q: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (q[offset + a]! > q[offset + best]!) best = a;
  return best;
}

/** Q values of `count` row-major observations of `d` numbers, `[count × actions]`, in one forward pass. */
export function qValues(
  online: QNetwork,
  observations: Float32Array,
  count: number,
  d: number,
): Float32Array {
  let q: Float32Array | undefined;
  // Typed arrays are not returned from tidy: it walks a returned container element by element.
  tf.tidy(() => {
    const view = observations.length === count * d ? observations : observations.subarray(0, count * d);
    const x = tf.tensor3d(view, [1, count, d], "float32");
    q = online.forward(x).dataSync() as Float32Array;
  });
  return q!;
}

/** One ε-greedy action: random with probability `epsilon`, else the greedy one (`greedy()`, called only then). */
export function epsilonGreedy(
  spaces: SpaceInfo,
  rng: Rng,
  explore: boolean,
  epsilon: number,
  greedy: () => number,
): number {
  if (explore && rng.float() < epsilon) return spaces.actionStart + rng.int(spaces.numActions);
  return spaces.actionStart + greedy();
}

/**
 * ε-greedy actions for `count` rows of Q values into `out` (checked to be an `Int32Array` with
 * room for them): one exploration draw per row, in row order, as the scalar path draws.
 */
export function epsilonGreedyBatch(
  spaces: SpaceInfo,
  rng: Rng,
  q: Float32Array,
  count: number,
  options: ActOptions,
  epsilon: () => number,
  out: Int32Array,
): Int32Array {
  const { numActions, actionStart } = spaces;
  const explore = options.explore ?? true;
  const eps = explore ? epsilon() : 0;
  for (let i = 0; i < count; i++) {
    if (explore && rng.float() < eps) out[i] = actionStart + rng.int(numActions);
    else out[i] = actionStart + argmax(q, i * numActions, numActions);
  }
  return out;
}

/** The output array of `actBatch`: the caller's, checked, or a fresh one. */
export function batchOutput(count: number, output: Int32Array | undefined): Int32Array {
  const out = output ?? new Int32Array(count);
  if (!(out instanceof Int32Array) || out.length < count) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `actBatch: out must be an Int32Array with room for ${count} actions, got ${describeValue(out)}.`,
    );
  }
  return out;
}

/**
 * Observations must be `count` rows of `d` numbers, all finite: a NaN would give an action
 * silently (every comparison with NaN is false) and poison the replay buffer later.
 */
export function checkObservations(
  observations: ArrayLike<number> | undefined,
  count: number,
  what: string,
  d: number,
): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what}: count must be an integer >= 0, got ${describeValue(count)}.`,
    );
  }
  if (count !== 1 && !(observations instanceof Float32Array)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what}: observations must be a Float32Array of count × ${d} numbers (row-major), got ${describeValue(observations)}.`,
    );
  }
  if (count === 1 && observations?.length !== d) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what}: expected an observation of ${d} numbers, got ${observations === undefined || observations === null ? String(observations) : `${observations.length ?? "no"} numbers`}.`,
    );
  }
  if (count !== 1 && (observations?.length ?? 0) < count * d) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what}: ${count} observations of ${d} numbers need ${count * d} values, got ${observations?.length ?? "none"}.`,
    );
  }
  for (let i = 0; i < count * d; i++) {
    if (!Number.isFinite(observations![i])) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: observation value ${i % d}${count === 1 ? "" : ` of row ${Math.floor(i / d)}`} is ${observations![i]}; observations must be finite numbers (check the env or wrapper that produced it).`,
      );
    }
  }
}
