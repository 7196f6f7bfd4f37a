import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareBackend } from "../backend.js";
import { expectNoTensorLeak, tensorCount } from "./index.js";

beforeAll(async () => {
  await prepareBackend("cpu", { log: false });
});

describe("tensor-leak checks", () => {
  it("tensorCount is tf.memory().numTensors", () => {
    const before = tensorCount();
    const t = tf.scalar(1);
    expect(tensorCount()).toBe(before + 1);
    expect(tensorCount()).toBe(tf.memory().numTensors);
    t.dispose();
  });

  it("passes through a tidy function's result, and fails on a leak naming the counts", () => {
    expect(expectNoTensorLeak(() => tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]))).toBe(3);
    const before = tensorCount();
    let kept: tf.Tensor[] = [];
    expect(() =>
      expectNoTensorLeak(() => {
        kept = [tf.scalar(1), tf.scalar(2)];
      }, "step()"),
    ).toThrow(
      `step() leaked 2 tensors: tf.memory().numTensors was ${before} before and ${before + 2} after. Run forward passes inside tf.tidy and dispose every tensor you keep.`,
    );
    tf.dispose(kept);
    // Freeing tensors is not a leak.
    const t = tf.scalar(1);
    expectNoTensorLeak(() => t.dispose());
  });

  it("waits for an async function", async () => {
    await expect(expectNoTensorLeak(async () => "ok")).resolves.toBe("ok");
    let kept: tf.Tensor | undefined;
    await expect(
      expectNoTensorLeak(async () => {
        await Promise.resolve();
        kept = tf.scalar(1);
      }),
    ).rejects.toThrow(/^the function leaked 1 tensor: /);
    kept?.dispose();
  });
});
