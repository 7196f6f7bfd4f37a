import { clipScale, JsAdam, kernels } from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import type { NetworkSpec, QNetwork } from "./network.js";

const { dense, fusedMatMul, matMul, multiply, rowSum, square, step: stepKernel, sub, transpose } = kernels;

import { type LossKind, type TdBatch, tdLoss, tdTargets } from "./td.js";

/** How gradients are computed: hand-derived kernels, or TensorFlow.js autodiff. */
export type GradientPath = "fast" | "autodiff";

/** True when the hand-derived backward pass covers this network: an MLP with relu or tanh. */
export function fastPathSupports(spec: NetworkSpec): boolean {
  return !spec.dueling && (spec.activation === "relu" || spec.activation === "tanh");
}

/** The learning rule of one gradient step. */
export interface TrainerConfig {
  gamma: number;
  loss: LossKind;
  doubleDqn: boolean;
  lr: number;
  /** Global-norm clipping; 0 disables it. */
  maxGradNorm: number;
}

/** What one gradient step measured. */
export interface StepStats {
  loss: number;
  qMean: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** |δ| per batch row (reused by the next step). */
  absTdErrors: Float32Array;
}

/**
 * One DQN gradient step: TD targets from the target network (or the online one when there is
 * none), the loss and dLoss/dQ in JS, gradients (hand-derived kernels or autodiff), global-norm
 * clipping and Adam in JS on the online network's float32 parameter arrays, then new weight tensors `assign`ed.
 * Weight memory is never written in place: XNNPACK caches packed weights by tensor id.
 */
export class Trainer {
  readonly adam: JsAdam;
  readonly path: GradientPath;
  private readonly one = tf.keep(tf.scalar(1));
  private y = new Float64Array(0);
  private absTd = new Float32Array(0);
  private dq = new Float32Array(0);

  constructor(
    readonly online: QNetwork,
    /** Undefined when the agent bootstraps from the online network (`none` sync). */
    readonly target: QNetwork | undefined,
    readonly config: TrainerConfig,
    /** Backends other than wasm may keep a reference to uploaded arrays, so those get copies. */
    private readonly copyUploads: boolean,
    path?: GradientPath,
  ) {
    this.path = path ?? (fastPathSupports(online.spec) ? "fast" : "autodiff");
    if (this.path === "fast" && !fastPathSupports(online.spec)) {
      throw new Error("Trainer: the fast gradient path supports relu/tanh MLPs without a dueling head");
    }
    this.adam = new JsAdam(
      online.parameters().map((m) => m.length),
      { lr: config.lr },
    );
  }

  /** Gradients of the loss w.r.t. the online parameters (in `names()` order), without applying them. */
  gradients(
    batch: TdBatch,
    path: GradientPath = this.path,
  ): { grads: Float32Array[]; loss: number; qMean: number } {
    this.ensureScratch(batch.size);
    const nA = this.online.spec.outputSize;
    let out: { grads: Float32Array[]; loss: number; qMean: number } | undefined;
    // Nothing is returned from tidy: it would walk the gradient arrays element by element
    // (tfjs' container walk treats a typed array as an object; 8 ms at 256×256).
    tf.tidy(() => {
      const x = this.upload(batch.observations, batch.size);
      const xn = this.upload(batch.nextObservations, batch.size);
      const acts: tf.Tensor[] = [];
      const q = path === "fast" ? this.forwardKeep(x, acts) : this.online.forward(x);
      const qData = q.dataSync();
      const qNextTarget = (this.target ?? this.online).forward(xn).dataSync();
      const qNextOnline =
        this.config.doubleDqn && this.target ? this.online.forward(xn).dataSync() : undefined;
      tdTargets(batch, nA, this.config.gamma, qNextTarget, qNextOnline, this.y);
      const stats = tdLoss(batch, nA, qData, this.y, this.config.loss, this.absTd, this.dq);
      const grads = path === "fast" ? this.fastBackward(x, acts, batch.size) : this.autodiffGrads(x, batch);
      out = { grads, ...stats };
    });
    return out!;
  }

  /** One full gradient step. */
  step(batch: TdBatch): StepStats {
    const { grads, loss, qMean } = this.gradients(batch);
    const { norm, scale } = clipScale(grads, this.config.maxGradNorm);
    this.adam.step(this.online.parameters(), grads, scale);
    this.online.upload();
    return { loss, qMean, gradNorm: norm, absTdErrors: this.absTd };
  }

  dispose(): void {
    this.one.dispose();
  }

  private ensureScratch(n: number): void {
    const nA = this.online.spec.outputSize;
    if (this.y.length < n) this.y = new Float64Array(n);
    if (this.absTd.length !== n) this.absTd = new Float32Array(n);
    if (this.dq.length < n * nA) this.dq = new Float32Array(n * nA);
  }

  private upload(data: Float32Array, n: number): tf.Tensor {
    const d = this.online.spec.inputSize;
    const view = data.length === n * d ? data : data.subarray(0, n * d);
    return tf.tensor3d(this.copyUploads ? view.slice() : view, [1, n, d], "float32");
  }

  /** Online forward pass that keeps each layer's input for the backward pass. */
  private forwardKeep(x: tf.Tensor, acts: tf.Tensor[]): tf.Tensor {
    const { hidden, activation } = this.online.spec;
    let h = x;
    for (let i = 0; i < hidden.length; i++) {
      acts.push(h);
      const l = this.online.layers[i]!;
      h = dense(h, l.kernel, l.bias, activation);
    }
    acts.push(h);
    const out = this.online.layers[hidden.length]!;
    return fusedMatMul(h, out.kernel, out.bias, "linear");
  }

  /**
   * Hand-derived backprop through the MLP, with only non-transposed matmuls and the weights as
   * the LEFT operand (`dhᵀ = W·dzᵀ`), so XNNPACK's packed copy of W is reused. `acts[l]` is the
   * input of layer l (acts[0] = x). Checked against `tf.variableGrads` in trainer.test.ts.
   */
  private fastBackward(x: tf.Tensor, acts: tf.Tensor[], n: number): Float32Array[] {
    const layers = this.online.layers;
    const nA = this.online.spec.outputSize;
    const dqData = this.dq.subarray(0, n * nA);
    let dz: tf.Tensor = tf.tensor3d(this.copyUploads ? dqData.slice() : dqData, [1, n, nA], "float32");
    let dzT = transpose(dz);
    const grads: tf.Tensor[] = new Array(layers.length * 2);
    for (let l = layers.length - 1; l >= 0; l--) {
      grads[2 * l + 1] = rowSum(dzT);
      if (l === 0) {
        grads[0] = transpose(matMul(dzT, x));
        break;
      }
      const aT = transpose(acts[l]!);
      grads[2 * l] = matMul(aT, dz);
      const dhT = matMul(layers[l]!.kernel, dzT);
      const deriv = this.online.spec.activation === "relu" ? stepKernel(aT) : sub(this.one, square(aT));
      dzT = multiply(dhT, deriv);
      if (l > 1) dz = transpose(dzT);
    }
    return grads.map((g) => g.dataSync() as Float32Array);
  }

  /** The same loss differentiated by TensorFlow.js (`ParameterSet.gradients`): any architecture. */
  private autodiffGrads(x: tf.Tensor, batch: TdBatch): Float32Array[] {
    const n = batch.size;
    const nA = this.online.spec.outputSize;
    const mask = new Float32Array(n * nA);
    for (let i = 0; i < n; i++) mask[i * nA + batch.actions[i]!] = 1;
    const maskT = tf.tensor3d(mask, [1, n, nA]);
    const yT = tf.tensor2d(Float32Array.from(this.y.subarray(0, n)), [1, n]);
    const w = new Float32Array(n).fill(1);
    if (batch.weights) for (let i = 0; i < n; i++) w[i] = batch.weights[i]!;
    const wT = tf.tensor2d(w, [1, n]);
    return this.online.parameterSet.gradients(() => {
      const qa = tf.sum(tf.mul(this.online.forwardOps(x), maskT), -1);
      const d = tf.sub(qa, yT);
      let l: tf.Tensor;
      if (this.config.loss === "mse") l = tf.square(d);
      else {
        const ad = tf.abs(d);
        const quad = tf.minimum(ad, 1);
        l = tf.add(tf.mul(0.5, tf.square(quad)), tf.sub(ad, quad));
      }
      return tf.mean(tf.mul(l, wT)) as tf.Scalar;
    }).grads;
  }
}
