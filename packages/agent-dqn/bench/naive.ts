import type { Batch } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";

/**
 * The naive TensorFlow.js DQN step, as tutorials write it: a tfjs-layers `tf.sequential` MLP
 * (tfjs-layers is a dev dependency of this package, for this baseline only),
 * `optimizer.minimize`, a `tf.oneHot` action mask, the target net through `predict`. The
 * benchmark's baseline row; it is not used by the package.
 */
export class NaiveDqn {
  readonly model: tfl.Sequential;
  readonly target: tfl.Sequential;
  private readonly optimizer = tf.train.adam(1e-3);

  constructor(
    readonly hidden: readonly number[],
    readonly inputSize = 4,
    readonly numActions = 2,
    readonly gamma = 0.99,
  ) {
    this.model = this.build();
    this.target = this.build();
    this.target.setWeights(this.model.getWeights());
  }

  private build(): tfl.Sequential {
    const m = tfl.sequential();
    for (const [i, units] of this.hidden.entries()) {
      const first = i === 0 ? { inputShape: [this.inputSize] } : {};
      m.add(tfl.layers.dense({ units, activation: "relu", ...first }));
    }
    m.add(tfl.layers.dense({ units: this.numActions }));
    return m;
  }

  trainStep(b: Batch): void {
    tf.tidy(() => {
      const n = b.size;
      const obs = tf.tensor2d(b.observations, [n, this.inputSize]);
      const next = tf.tensor2d(b.nextObservations, [n, this.inputSize]);
      const rewards = tf.tensor1d(b.rewards);
      const notDone = tf.sub(1, tf.tensor1d(b.terminated, "float32"));
      const qNext = this.target.predict(next, { batchSize: n }) as tf.Tensor2D;
      const y = tf.add(rewards, tf.mul(tf.mul(tf.max(qNext, 1), this.gamma), notDone));
      const mask = tf.oneHot(tf.tensor1d(b.actions, "int32"), this.numActions);
      this.optimizer.minimize(() => {
        const q = this.model.apply(obs) as tf.Tensor2D;
        return tf.losses.huberLoss(y, tf.sum(tf.mul(q, mask), 1)) as tf.Scalar;
      });
    });
  }

  act(observation: Float32Array): number {
    return tf.tidy(
      () =>
        tf
          .argMax(this.model.predict(tf.tensor2d(observation, [1, this.inputSize])) as tf.Tensor, 1)
          .dataSync()[0]!,
    );
  }

  actBatch(observations: Float32Array, count: number): Int32Array {
    let out: Int32Array | undefined;
    tf.tidy(() => {
      const q = this.model.predict(tf.tensor2d(observations, [count, this.inputSize])) as tf.Tensor;
      out = tf.argMax(q, 1).dataSync() as Int32Array;
    });
    return out!;
  }

  dispose(): void {
    this.model.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}
