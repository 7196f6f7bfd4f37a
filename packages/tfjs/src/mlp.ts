import { GymkitError, type Rng } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
import { GLOROT_UNIFORM, initKernel, type LayerInit } from "./init.js";
import { dense } from "./kernels.js";
import { ParameterSet } from "./parameters.js";

/** Hidden-layer activations. */
export type Activation = "relu" | "tanh" | "sigmoid" | "elu" | "linear";
/** Accepted values of {@link Activation}, for schemas and messages. */
export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "elu", "linear"];

/** A named linear output layer on the last hidden layer. */
export interface HeadSpec {
  readonly name: string;
  readonly size: number;
}

/** The shape of a multilayer perceptron: hidden layers, then one or more linear heads. */
export interface MlpSpec {
  readonly inputSize: number;
  /** Hidden layer sizes, input side first; may be empty (a linear model). */
  readonly hidden: readonly number[];
  /** Activation of every hidden layer; heads are linear. */
  readonly activation: Activation;
  /**
   * The output: a size gives one linear layer named `dense{hidden.length}` (so the layers read
   * `dense0`, `dense1`, … `denseN`); a list gives named linear heads that share the hidden layers
   * (an actor's logits and a critic's value, DQN's dueling value and advantage).
   */
  readonly output: number | readonly HeadSpec[];
}

/** One dense layer's name and sizes. */
export interface LayerShape {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
}

/** One dense layer's parameters. Kernels are `[1, in, out]` so raw kernels run on them without reshapes. */
export interface DenseParams extends LayerShape {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/**
 * How an MLP's kernels are drawn: one {@link LayerInit} for all layers, or per layer (e.g.
 * CleanRL's PPO: orthogonal √2 for hidden layers, 0.01 for the policy head, 1 for the value head).
 */
export type MlpInit = LayerInit | ((layer: LayerShape, index: number, isHead: boolean) => LayerInit);

/** The heads of a spec, with the single-output shorthand spelled out. */
export function mlpHeads(spec: MlpSpec): readonly HeadSpec[] {
  return typeof spec.output === "number"
    ? [{ name: `dense${spec.hidden.length}`, size: spec.output }]
    : spec.output;
}

/** Layer names and sizes, in parameter order: hidden layers, then heads. */
export function mlpLayers(spec: MlpSpec): LayerShape[] {
  const layers: LayerShape[] = [];
  let size = spec.inputSize;
  spec.hidden.forEach((h, i) => {
    layers.push({ name: `dense${i}`, inputSize: size, outputSize: h });
    size = h;
  });
  for (const head of mlpHeads(spec)) layers.push({ name: head.name, inputSize: size, outputSize: head.size });
  return layers;
}

/** Each parameter's name and shape, in order: `<layer>/kernel` `[1, in, out]`, `<layer>/bias` `[out]`. */
export function mlpParameterShapes(spec: MlpSpec): Array<{ name: string; shape: number[] }> {
  return mlpLayers(spec).flatMap((l) => [
    { name: `${l.name}/kernel`, shape: [1, l.inputSize, l.outputSize] },
    { name: `${l.name}/bias`, shape: [l.outputSize] },
  ]);
}

function checkSpec(spec: MlpSpec): void {
  const bad = (what: string) => new GymkitError("GYMKIT_INVALID_ARGUMENT", `Mlp: ${what}.`);
  const isSize = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 1;
  if (!isSize(spec.inputSize)) throw bad(`inputSize must be an integer >= 1, got ${spec.inputSize}`);
  if (!spec.hidden.every(isSize))
    throw bad(`hidden sizes must be integers >= 1, got [${spec.hidden.join(", ")}]`);
  if (!ACTIVATIONS.includes(spec.activation)) {
    throw bad(`activation must be one of ${ACTIVATIONS.join(", ")}, got ${JSON.stringify(spec.activation)}`);
  }
  const heads = mlpHeads(spec);
  if (heads.length === 0) throw bad("it needs at least one head");
  const names = new Set(spec.hidden.map((_, i) => `dense${i}`));
  for (const h of heads) {
    if (!isSize(h.size)) throw bad(`head "${h.name}" needs a size >= 1, got ${h.size}`);
    if (names.has(h.name)) throw bad(`layer name "${h.name}" is used twice`);
    names.add(h.name);
  }
}

/**
 * Initial parameters (kernels as `init` says, biases 0) in parameter order, drawn layer by layer
 * from `rng`. The default, Glorot uniform, is what gymkit's DQN has always drawn, value for value.
 */
export function initMlp(spec: MlpSpec, rng: Rng, init: MlpInit = GLOROT_UNIFORM): Float32Array[] {
  checkSpec(spec);
  const nHidden = spec.hidden.length;
  return mlpLayers(spec).flatMap((l, i) => {
    const layerInit = typeof init === "function" ? init(l, i, i >= nHidden) : init;
    return [initKernel(l.inputSize, l.outputSize, layerInit, rng), new Float32Array(l.outputSize)];
  });
}

/** `act(z)` as differentiable tf ops. */
function activateOps(z: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case "relu":
      return tf.relu(z);
    case "tanh":
      return tf.tanh(z);
    case "sigmoid":
      return tf.sigmoid(z);
    case "elu":
      return tf.elu(z);
    default:
      return z;
  }
}

/**
 * A multilayer perceptron whose parameters live in a {@link ParameterSet} (so it syncs, trains in
 * JS and checkpoints like one), with two forward passes over the same weights:
 *
 * - `forward`/`forwardHeads`: raw kernels, fused where the backend can, no gradient tape (acting,
 *   target values, the forward half of a hand-derived backward pass);
 * - `forwardOps`/`forwardHeadsOps`: differentiable tf ops, for `tf.variableGrads`.
 *
 * Inputs are rank 3, `[1, n, inputSize]`; outputs `[1, n, size]`. Call both inside `tf.tidy`.
 * @example
 * const net = Mlp.create({ inputSize: 4, hidden: [64, 64], activation: "tanh", output: 2 }, rng, { label: "actor" });
 */
export class Mlp extends ParameterSet {
  readonly spec: MlpSpec;
  /** Every dense layer in order: hidden layers, then heads. */
  readonly layers: readonly DenseParams[];
  /** The hidden layers. */
  readonly body: readonly DenseParams[];
  /** The linear heads, in the spec's order. */
  readonly heads: readonly DenseParams[];

  /** An MLP with the given initial values (in {@link mlpParameterShapes} order). */
  constructor(spec: MlpSpec, values: readonly Float32Array[], label: string, trainable = true) {
    checkSpec(spec);
    const shapes = mlpParameterShapes(spec);
    if (values.length !== shapes.length) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Mlp ${label}: expected ${shapes.length} parameter arrays (${shapes.map((s) => s.name).join(", ")}), got ${values.length}.`,
      );
    }
    super(
      shapes.map((s, i) => ({ ...s, values: values[i]! })),
      label,
      trainable,
    );
    this.spec = spec;
    this.layers = mlpLayers(spec).map((l) => ({
      ...l,
      kernel: this.variable(`${l.name}/kernel`),
      bias: this.variable(`${l.name}/bias`),
    }));
    this.body = this.layers.slice(0, spec.hidden.length);
    this.heads = this.layers.slice(spec.hidden.length);
  }

  /** A freshly initialised MLP (see {@link initMlp}). */
  static create(
    spec: MlpSpec,
    rng: Rng,
    options: { label: string; init?: MlpInit | undefined; trainable?: boolean | undefined },
  ): Mlp {
    return new Mlp(spec, initMlp(spec, rng, options.init), options.label, options.trainable ?? true);
  }

  /** The last hidden layer's output (raw kernels); `x` itself when there are no hidden layers. */
  hidden(x: tf.Tensor): tf.Tensor {
    let h = x;
    for (const l of this.body) h = dense(h, l.kernel, l.bias, this.spec.activation);
    return h;
  }

  /** Every head's output, in order (raw kernels). */
  forwardHeads(x: tf.Tensor): tf.Tensor[] {
    const h = this.hidden(x);
    return this.heads.map((l) => dense(h, l.kernel, l.bias, "linear"));
  }

  /** The output of a one-head MLP (raw kernels). */
  forward(x: tf.Tensor): tf.Tensor {
    this.assertOneHead("forward");
    const out = this.heads[0]!;
    return dense(this.hidden(x), out.kernel, out.bias, "linear");
  }

  /** The last hidden layer's output as differentiable ops. */
  hiddenOps(x: tf.Tensor): tf.Tensor {
    let h = x;
    for (const l of this.body) h = activateOps(this.linearOps(h, l), this.spec.activation);
    return h;
  }

  /** Every head's output as differentiable ops, in order. */
  forwardHeadsOps(x: tf.Tensor): tf.Tensor[] {
    const h = this.hiddenOps(x);
    return this.heads.map((l) => this.linearOps(h, l));
  }

  /** The same function as `forward`, as differentiable ops. */
  forwardOps(x: tf.Tensor): tf.Tensor {
    this.assertOneHead("forwardOps");
    return this.linearOps(this.hiddenOps(x), this.heads[0]!);
  }

  private linearOps(h: tf.Tensor, l: DenseParams): tf.Tensor {
    return tf.add(tf.matMul(h as tf.Tensor3D, l.kernel as tf.Tensor3D), l.bias);
  }

  private assertOneHead(what: string): void {
    if (this.heads.length !== 1) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Mlp ${this.label}.${what}: it has ${this.heads.length} heads (${this.heads.map((h) => h.name).join(", ")}); use ${what === "forward" ? "forwardHeads" : "forwardHeadsOps"}.`,
      );
    }
  }
}
