import { GymkitError, type SyncableParameters } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's main entry registers no gradient functions; this does, in Node and in bundles. It is
// here, not in index.ts, because bundlers drop the side-effect imports of a barrel declared
// side-effect free (package.json "sideEffects"); every network is a ParameterSet, so this stays.
import "#register-gradients";

/** One named float32 parameter: its shape and values (row-major). */
export interface ParameterEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** A named float32 tensor's shape and values, as agent files store them. */
export interface NamedTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Something that keeps its parameters in a {@link ParameterSet} (an `Mlp`, an agent's network). */
export interface HasParameterSet {
  readonly parameterSet: ParameterSet;
}

/** The `ParameterSet` behind `source`, when it is one or holds one. */
export function parameterSetOf(source: unknown): ParameterSet | undefined {
  if (source instanceof ParameterSet) return source;
  const held = (source as Partial<HasParameterSet> | null | undefined)?.parameterSet;
  return held instanceof ParameterSet ? held : undefined;
}

let setCounter = 0;

/**
 * Named float32 parameters kept in JS and mirrored into `tf.variable`s (`dense0/kernel`,
 * `dense0/bias`, …). The JS arrays are the source of truth: optimizers update them in place and
 * {@link upload} sends them to the variables as new tensors, syncs blend and copy them without
 * running kernels, and checkpoints read them without a read-back from the backend.
 *
 * Implements core's `SyncableParameters`: copies go parameter by parameter, matched by name with
 * shapes verified, never by position (tfjs `getWeights`/`setWeights` can pair weights in the wrong
 * order, tfjs#1807).
 */
export class ParameterSet implements SyncableParameters {
  private readonly byName = new Map<string, tf.Variable>();
  private readonly order: string[] = [];
  /** The values, in `names()` order. */
  private readonly host: Float32Array[];
  private disposed = false;

  constructor(
    entries: readonly ParameterEntry[],
    /** Prefix of the tfjs variable names (made unique per process with a counter). */
    readonly label: string,
    /** False for a copy that is never trained (a target network). */
    trainable = true,
  ) {
    const id = setCounter++;
    for (const e of entries) {
      const size = e.shape.reduce((a, b) => a * b, 1);
      if (e.values.length !== size) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${label}: parameter "${e.name}" of shape [${e.shape.join(", ")}] needs ${size} values, got ${e.values.length}.`,
        );
      }
      if (this.byName.has(e.name)) {
        throw new GymkitError("GYMKIT_INVALID_ARGUMENT", `${label}: parameter "${e.name}" is given twice.`);
      }
      // In tidy: the initial tensor is released once the variable holds the values.
      const variable = tf.tidy(() =>
        tf.variable(
          tf.tensor(e.values.slice(), [...e.shape], "float32"),
          trainable,
          `${label}#${id}/${e.name}`,
        ),
      );
      this.byName.set(e.name, variable);
      this.order.push(e.name);
    }
    this.host = entries.map((e) => e.values.slice());
  }

  /** Itself (see {@link HasParameterSet}). */
  get parameterSet(): ParameterSet {
    return this;
  }

  /** Parameter names in order, e.g. `dense0/kernel`, `dense0/bias`, … */
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

  /** Number of values in all parameters. */
  size(): number {
    return this.host.reduce((n, a) => n + a.length, 0);
  }

  /**
   * The live parameter arrays (in `names()` order) for an optimizer that updates them in place;
   * call {@link upload} afterwards so the variables follow.
   */
  parameters(): readonly Float32Array[] {
    return this.host;
  }

  /**
   * Every parameter by name with its shape, in `names()` order, for an agent file (the values are
   * the live arrays: copy them to keep a snapshot).
   */
  tensors(): Map<string, NamedTensor> {
    return new Map(
      this.order.map((name, i) => [name, { shape: this.byName.get(name)!.shape, values: this.host[i]! }]),
    );
  }

  /**
   * The value of `loss` and its gradient with respect to every parameter (TensorFlow.js autodiff,
   * `tf.variableGrads`), as float32 arrays in `names()` order, zeros for a parameter the loss does
   * not use. Build the loss from differentiable ops (`Mlp.forwardOps`); tensors it makes are freed.
   * @example const { value, grads } = net.gradients(() => tf.mean(tf.square(tf.sub(net.forwardOps(x), y))));
   */
  gradients(loss: () => tf.Scalar): { value: number; grads: Float32Array[] } {
    const vars = this.variables();
    let out: { value: number; grads: Float32Array[] } | undefined;
    // Nothing is returned from tidy: it would walk the gradient arrays element by element.
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, vars);
      out = {
        value: value.dataSync()[0]!,
        grads: vars.map((v) => {
          const g = grads[v.name];
          return g ? (g.dataSync() as Float32Array) : new Float32Array(v.size);
        }),
      };
    });
    return out!;
  }

  /** Copies of the current values, in `names()` order. */
  read(): Float32Array[] {
    return this.host.map((a) => a.slice());
  }

  /** Replaces the values, by name; every name must be present with the right size (checked first). */
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

  /** target ← source, parameter by parameter, matched by name with shapes verified. */
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

  /** Frees the variables; the JS values stay readable. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.byName.values()) v.dispose();
  }

  /** The source's values in this set's order, after checking names and shapes. */
  private matchSource(source: SyncableParameters, what: string): Float32Array[] {
    const set = parameterSetOf(source);
    if (!set) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: the source must keep its parameters in a @gymkit/tfjs ParameterSet (an Mlp or a network holding one), got ${Object.prototype.toString.call(source)}.`,
      );
    }
    // Names first, then shapes: a missing layer is the more telling error.
    for (const name of this.order) {
      if (!set.byName.has(name)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${what}: the source network has no variable "${name}" (it has ${set.order.join(", ")}).`,
        );
      }
    }
    for (const name of this.order) {
      const s = set.byName.get(name)!;
      const t = this.byName.get(name)!;
      if (s.shape.join() !== t.shape.join()) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${what}: variable "${name}" has shape [${s.shape.join(", ")}] in the source but [${t.shape.join(", ")}] in the target.`,
        );
      }
    }
    return this.order.map((name) => set.host[set.order.indexOf(name)]!);
  }
}
