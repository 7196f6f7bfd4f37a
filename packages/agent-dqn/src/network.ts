import type { Rng, SyncableParameters } from "@gymkit/core";
import {
  type Activation,
  type DenseParams,
  type HasParameterSet,
  initMlp,
  kernels,
  type LayerShape,
  Mlp,
  type MlpSpec,
  mlpLayers,
  mlpParameterShapes,
  type ParameterSet,
} from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";

export { ACTIVATIONS, type Activation, type DenseParams } from "@gymkit/tfjs";

/** The shape of a Q-network: an MLP, optionally with a dueling head (Wang et al. 2016). */
export interface NetworkSpec {
  readonly inputSize: number;
  readonly hidden: readonly number[];
  /** Number of actions. */
  readonly outputSize: number;
  readonly activation: Activation;
  readonly dueling: boolean;
}

/**
 * The MLP behind a Q-network: one linear output per action (`dense{hidden.length}`), or the
 * dueling heads `value` (1) and `advantage` (one per action) on the shared hidden layers.
 */
export function mlpSpecOf(spec: NetworkSpec): MlpSpec {
  return {
    inputSize: spec.inputSize,
    hidden: spec.hidden,
    activation: spec.activation,
    output: spec.dueling
      ? [
          { name: "value", size: 1 },
          { name: "advantage", size: spec.outputSize },
        ]
      : spec.outputSize,
  };
}

/** Layer names and sizes, in parameter order. */
export function layerLayout(spec: NetworkSpec): LayerShape[] {
  return mlpLayers(mlpSpecOf(spec));
}

/** Shape of each parameter, in `names()` order. */
export function parameterShapes(spec: NetworkSpec): number[][] {
  return mlpParameterShapes(mlpSpecOf(spec)).map((p) => p.shape);
}

/**
 * Initial parameters drawn in JS from the agent's `Rng` (Glorot uniform kernels, zero biases, as
 * Keras' Dense), so one seed gives the same network on every backend; tfjs' own initialisers
 * draw from a generator we do not control.
 */
export function glorotInit(spec: NetworkSpec, rng: Rng): Float32Array[] {
  return initMlp(mlpSpecOf(spec), rng);
}

/**
 * A Q-network: an `Mlp` from @gymkit/tfjs (parameters kept in JS, named `dense0/kernel`,
 * `dense0/bias`, …, synced by name) whose forward pass gives Q values, combining the dueling
 * heads as `Q = V + A − mean(A)`. Implements core's `SyncableParameters`.
 */
export class QNetwork implements SyncableParameters, HasParameterSet {
  /** The MLP that holds the parameters and runs the layers. */
  readonly mlp: Mlp;

  constructor(
    readonly spec: NetworkSpec,
    values: readonly Float32Array[],
    /** Prefix of the tfjs variable names, which must be unique per process. */
    readonly label: string,
    trainable = true,
  ) {
    this.mlp = new Mlp(mlpSpecOf(spec), values, label, trainable);
  }

  /** The parameters (see `HasParameterSet`): what syncs and checkpoints read. */
  get parameterSet(): ParameterSet {
    return this.mlp;
  }

  /** Every dense layer: hidden layers, then the output layer or the `value` and `advantage` heads. */
  get layers(): readonly DenseParams[] {
    return this.mlp.layers;
  }

  /** Variable names in parameter order, e.g. `dense0/kernel`, `dense0/bias`, … */
  names(): readonly string[] {
    return this.mlp.names();
  }

  /** The variable of a parameter name. */
  variable(name: string): tf.Variable {
    return this.mlp.variable(name);
  }

  /** All variables, in `names()` order. */
  variables(): tf.Variable[] {
    return this.mlp.variables();
  }

  /** target ← source, variable by variable, matched by name with shapes verified. */
  copyFrom(source: SyncableParameters): void {
    this.mlp.copyFrom(source);
  }

  /** target ← tau·source + (1 − tau)·target, matched by name, bit for bit what tfjs' kernels give. */
  polyakFrom(source: SyncableParameters, tau: number): void {
    this.mlp.polyakFrom(source, tau);
  }

  /** The live parameter arrays for a trainer that updates them in place; call {@link upload} afterwards. */
  parameters(): readonly Float32Array[] {
    return this.mlp.parameters();
  }

  /** Uploads the JS values into the variables as new tensors (never in place). */
  upload(): void {
    this.mlp.upload();
  }

  /** Copies of the current values, in `names()` order. */
  read(): Float32Array[] {
    return this.mlp.read();
  }

  /** Replaces the values, by name; shapes verified. */
  write(values: ReadonlyMap<string, Float32Array>): void {
    this.mlp.write(values);
  }

  /**
   * Q values `[1, n, actions]` of observations `[1, n, inputSize]`, as raw kernels (no tape).
   * Call inside `tf.tidy`.
   */
  forward(x: tf.Tensor): tf.Tensor {
    if (!this.spec.dueling) return this.mlp.forward(x);
    const [v, a] = this.mlp.forwardHeads(x) as [tf.Tensor, tf.Tensor];
    return kernels.add(kernels.sub(a, kernels.meanInner(a)), v);
  }

  /** The same function as `forward`, written with differentiable tf ops (for the autodiff path). */
  forwardOps(x: tf.Tensor): tf.Tensor {
    if (!this.spec.dueling) return this.mlp.forwardOps(x);
    const [v, a] = this.mlp.forwardHeadsOps(x) as [tf.Tensor, tf.Tensor];
    return tf.add(tf.sub(a, tf.mean(a, -1, true)), v);
  }

  dispose(): void {
    this.mlp.dispose();
  }
}
