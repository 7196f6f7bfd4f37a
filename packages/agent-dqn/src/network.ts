import { GymkitError, type Rng, type SyncableParameters } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs";
import { add, dense, meanInner, sub } from "./internal/kernels.js";

/** Hidden-layer activations. `relu` and `tanh` train on the hand-derived fast path. */
export type Activation = "relu" | "tanh" | "sigmoid" | "elu" | "linear";
export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "elu", "linear"];

/** The shape of a Q-network: an MLP, optionally with a dueling head (Wang et al. 2016). */
export interface NetworkSpec {
  readonly inputSize: number;
  readonly hidden: readonly number[];
  /** Number of actions. */
  readonly outputSize: number;
  readonly activation: Activation;
  readonly dueling: boolean;
}

/** One dense layer's parameters. Kernels are `[1, in, out]` so kernels run on them without reshapes. */
export interface DenseParams {
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** Layer names and sizes, in parameter order. */
export function layerLayout(
  spec: NetworkSpec,
): Array<{ name: string; inputSize: number; outputSize: number }> {
  const layers: Array<{ name: string; inputSize: number; outputSize: number }> = [];
  let size = spec.inputSize;
  spec.hidden.forEach((h, i) => {
    layers.push({ name: `dense${i}`, inputSize: size, outputSize: h });
    size = h;
  });
  if (spec.dueling) {
    layers.push({ name: "value", inputSize: size, outputSize: 1 });
    layers.push({ name: "advantage", inputSize: size, outputSize: spec.outputSize });
  } else {
    layers.push({ name: `dense${spec.hidden.length}`, inputSize: size, outputSize: spec.outputSize });
  }
  return layers;
}

/** Shape of each parameter, in `names()` order. */
export function parameterShapes(spec: NetworkSpec): number[][] {
  return layerLayout(spec).flatMap((l) => [[1, l.inputSize, l.outputSize], [l.outputSize]]);
}

/**
 * Initial parameters drawn in JS from the agent's `Rng` (Glorot uniform kernels, zero biases, as
 * Keras' Dense), so one seed gives the same network on every backend; tfjs' own initialisers
 * draw from a generator we do not control.
 */
export function glorotInit(spec: NetworkSpec, rng: Rng): Float32Array[] {
  return layerLayout(spec).flatMap((l) => {
    const limit = Math.sqrt(6 / (l.inputSize + l.outputSize));
    const kernel = new Float32Array(l.inputSize * l.outputSize);
    for (let i = 0; i < kernel.length; i++) kernel[i] = rng.uniform(-limit, limit);
    return [kernel, new Float32Array(l.outputSize)];
  });
}

let networkCounter = 0;

/**
 * The parameters of a Q-network as named `tf.variable`s (`dense0/kernel`, `dense0/bias`, …), and
 * its forward pass. Implements core's `SyncableParameters`: copies go variable by variable,
 * matched by name with shapes verified, never by position (tfjs `getWeights`/`setWeights` can
 * pair weights in the wrong order, tfjs#1807).
 */
export class QNetwork implements SyncableParameters {
  readonly layers: readonly DenseParams[];
  private readonly byName = new Map<string, tf.Variable>();
  private readonly order: string[] = [];
  /**
   * The parameter values in JS (float32), in `names()` order: the source of truth the variables
   * are uploaded from. Syncs blend and copy these arrays instead of running tfjs kernels on the
   * variables, and the trainer's Adam updates them in place.
   */
  private readonly host: Float32Array[];
  private disposed = false;

  constructor(
    readonly spec: NetworkSpec,
    values: readonly Float32Array[],
    /** Prefix of the tfjs variable names, which must be unique per process. */
    readonly label: string,
    trainable = true,
  ) {
    const shapes = parameterShapes(spec);
    if (values.length !== shapes.length) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `QNetwork: expected ${shapes.length} parameter arrays, got ${values.length}.`,
      );
    }
    const id = networkCounter++;
    this.host = values.map((v) => v.slice());
    this.layers = layerLayout(spec).map((l, i) => {
      const make = (suffix: string, k: number): tf.Variable => {
        const name = `${l.name}/${suffix}`;
        const shape = shapes[k]!;
        const v = values[k]!;
        if (v.length !== shape.reduce((a, b) => a * b, 1)) {
          throw new GymkitError(
            "GYMKIT_INVALID_ARGUMENT",
            `QNetwork: ${name} needs ${shape.join("×")} values, got ${v.length}.`,
          );
        }
        const variable = tf.tidy(() =>
          tf.variable(tf.tensor(v.slice(), shape, "float32"), trainable, `${label}#${id}/${name}`),
        );
        this.byName.set(name, variable);
        this.order.push(name);
        return variable;
      };
      return { ...l, kernel: make("kernel", 2 * i), bias: make("bias", 2 * i + 1) };
    });
  }

  /** Variable names in parameter order, e.g. `dense0/kernel`, `dense0/bias`, … */
  names(): readonly string[] {
    return this.order;
  }

  /** The variable of a parameter name. */
  variable(name: string): tf.Variable {
    const v = this.byName.get(name);
    if (!v) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Network has no variable "${name}"; it has ${this.order.join(", ")}.`,
      );
    }
    return v;
  }

  /** All variables, in `names()` order. */
  variables(): tf.Variable[] {
    return this.order.map((n) => this.byName.get(n)!);
  }

  /** target ← source, variable by variable, matched by name with shapes verified. */
  copyFrom(source: SyncableParameters): void {
    const src = this.matchSource(source, "copyFrom");
    for (let i = 0; i < this.host.length; i++) this.host[i]!.set(src[i]!);
    this.upload();
  }

  /**
   * target ← tau·source + (1 − tau)·target, matched by name, in float32 arithmetic: each product
   * and the sum rounded to float32, so the result is bit for bit what tfjs' `mul`/`add` kernels
   * give (a double holds a float32 product exactly and rounds a float32 sum once), at a fraction
   * of the cost of 3 kernels per variable.
   */
  polyakFrom(source: SyncableParameters, tau: number): void {
    if (!(tau > 0 && tau <= 1)) {
      throw new GymkitError("GYMKIT_INVALID_ARGUMENT", `polyakFrom: tau must be in (0, 1], got ${tau}.`);
    }
    const src = this.matchSource(source, "polyakFrom");
    const a = Math.fround(tau);
    const b = Math.fround(1 - tau);
    const fround = Math.fround;
    for (let i = 0; i < this.host.length; i++) {
      const t = this.host[i]!;
      const s = src[i]!;
      for (let k = 0; k < t.length; k++) t[k] = fround(s[k]! * a) + fround(t[k]! * b);
    }
    this.upload();
  }

  /**
   * The live parameter arrays (in `names()` order) for a trainer that updates them in place;
   * call {@link upload} afterwards so the variables follow.
   */
  parameters(): readonly Float32Array[] {
    return this.host;
  }

  /**
   * Uploads the JS values into the variables as new tensors. Weight memory is never written in
   * place (XNNPACK caches packed weights by tensor id); backends other than wasm may keep a
   * reference to an uploaded array, so they get copies.
   */
  upload(): void {
    const copy = tf.getBackend() !== "wasm";
    tf.tidy(() => {
      for (let i = 0; i < this.order.length; i++) {
        const v = this.byName.get(this.order[i]!)!;
        const data = this.host[i]!;
        v.assign(tf.tensor(copy ? data.slice() : data, v.shape, "float32"));
      }
    });
  }

  /** The source's values in this network's order, after checking names and shapes. */
  private matchSource(source: SyncableParameters, what: string): Float32Array[] {
    if (!(source instanceof QNetwork)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: the source must be an agent-dqn QNetwork, got ${Object.prototype.toString.call(source)}.`,
      );
    }
    // Names first, then shapes: a missing layer is the more telling error.
    for (const name of this.order) {
      if (!source.byName.has(name)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${what}: the source network has no variable "${name}" (it has ${source.order.join(", ")}).`,
        );
      }
    }
    for (const name of this.order) {
      const s = source.byName.get(name)!;
      const t = this.byName.get(name)!;
      if (s.shape.join() !== t.shape.join()) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${what}: variable "${name}" has shape [${s.shape.join(", ")}] in the source but [${t.shape.join(", ")}] in the target.`,
        );
      }
    }
    return this.order.map((name) => source.host[source.order.indexOf(name)]!);
  }

  /** Copies of the current values, in `names()` order. */
  read(): Float32Array[] {
    return this.host.map((a) => a.slice());
  }

  /** Replaces the values, by name; shapes verified. */
  write(values: ReadonlyMap<string, Float32Array>): void {
    for (const name of this.order) {
      const v = this.byName.get(name)!;
      const data = values.get(name);
      if (!data) throw new GymkitError("GYMKIT_INVALID_ARGUMENT", `Missing values for variable "${name}".`);
      if (data.length !== v.size) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `Variable "${name}" has ${v.size} values ([${v.shape.join(", ")}]), got ${data.length}.`,
        );
      }
    }
    for (let i = 0; i < this.order.length; i++) this.host[i]!.set(values.get(this.order[i]!)!);
    this.upload();
  }

  /**
   * Q values `[1, n, actions]` of observations `[1, n, inputSize]`, as raw kernels (no tape).
   * Call inside `tf.tidy`.
   */
  forward(x: tf.Tensor): tf.Tensor {
    const { activation, hidden, dueling } = this.spec;
    let h = x;
    for (let i = 0; i < hidden.length; i++) {
      const l = this.layers[i]!;
      h = dense(h, l.kernel, l.bias, activation);
    }
    if (!dueling) {
      const out = this.layers[hidden.length]!;
      return dense(h, out.kernel, out.bias, "linear");
    }
    const value = this.layers[hidden.length]!;
    const adv = this.layers[hidden.length + 1]!;
    const v = dense(h, value.kernel, value.bias, "linear");
    const a = dense(h, adv.kernel, adv.bias, "linear");
    return add(sub(a, meanInner(a)), v);
  }

  /** The same function as `forward`, written with differentiable tf ops (for the autodiff path). */
  forwardOps(x: tf.Tensor): tf.Tensor {
    const { activation, hidden, dueling } = this.spec;
    const layer = (h: tf.Tensor, l: DenseParams, act: Activation): tf.Tensor => {
      const z = tf.add(tf.matMul(h as tf.Tensor3D, l.kernel as tf.Tensor3D), l.bias);
      switch (act) {
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
    };
    let h = x;
    for (let i = 0; i < hidden.length; i++) h = layer(h, this.layers[i]!, activation);
    if (!dueling) return layer(h, this.layers[hidden.length]!, "linear");
    const v = layer(h, this.layers[hidden.length]!, "linear");
    const a = layer(h, this.layers[hidden.length + 1]!, "linear");
    return tf.add(tf.sub(a, tf.mean(a, -1, true)), v);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.byName.values()) v.dispose();
  }
}
