/**
 * @gymkit/tfjs/testing: tensor-leak checks for tests. They throw plain errors, so they work under
 * any test runner (vitest, node:test, a script).
 */
import { GymkitError } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";

/** Tensors alive in TensorFlow.js now (`tf.memory().numTensors`), variables included. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

function check(before: number, what: string): void {
  const after = tensorCount();
  if (after > before) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what} leaked ${after - before} tensor${after - before === 1 ? "" : "s"}: tf.memory().numTensors was ${before} before and ${after} after. Run forward passes inside tf.tidy and dispose every tensor you keep.`,
    );
  }
}

/**
 * Runs `fn` and throws when more tensors are alive afterwards than before (after its promise
 * settles, for an async `fn`); returns what `fn` returns. Freeing tensors is fine.
 * @example expectNoTensorLeak(() => agent.update(), "update()");
 */
export function expectNoTensorLeak<T>(fn: () => Promise<T>, what?: string): Promise<T>;
export function expectNoTensorLeak<T>(fn: () => T, what?: string): T;
export function expectNoTensorLeak<T>(fn: () => T | Promise<T>, what = "the function"): T | Promise<T> {
  const before = tensorCount();
  const result = fn();
  if (result instanceof Promise) {
    return result.then((value) => {
      check(before, what);
      return value;
    });
  }
  check(before, what);
  return result;
}
