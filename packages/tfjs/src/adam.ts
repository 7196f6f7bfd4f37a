/**
 * A first-order optimizer over parameters kept in JS: each step reads the gradients and writes
 * new values into the float32 arrays in place (a `ParameterSet`'s `parameters()`); the caller
 * then uploads them (`upload()`). Agents depend on this, so another rule (SGD, RMSProp) drops in.
 */
export interface Optimizer {
  /** Learning rate of the next steps (an lr schedule sets it before each update). */
  lr: number;
  /** Steps taken. */
  readonly t: number;
  /** One step with gradients `grads[i] · gradScale` (the global-norm clipping factor, see {@link clipScale}). */
  step(params: readonly Float32Array[], grads: readonly ArrayLike<number>[], gradScale?: number): void;
}

/** Adam hyper-parameters. */
export interface AdamOptions {
  lr: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** PyTorch's default (Keras uses 1e-7). @default 1e-8 */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015, PyTorch's formulation) in plain JS over the parameters' master copies.
 * Moments are Float64Array and all arithmetic is in doubles: f32 moments on wasm decay into
 * denormals once ReLU units die, and denormal f32 kernels run ~50× slower. One loop per parameter
 * also replaces ~12 kernel launches per tensor that tf-op Adam costs.
 */
export class JsAdam implements Optimizer {
  /** Learning rate of the next steps (an agent's lr schedule sets it before each update). */
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Steps taken. */
  t = 0;
  readonly m: Float64Array[];
  readonly v: Float64Array[];

  constructor(sizes: readonly number[], options: AdamOptions) {
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.m = sizes.map((n) => new Float64Array(n));
    this.v = sizes.map((n) => new Float64Array(n));
  }

  /**
   * One step: `params[i] -= lr · m̂ / (√v̂ + ε)` with gradients `grads[i] · gradScale` (the
   * global-norm clipping factor). Writes the new values into `params` (float32 masters).
   */
  step(params: readonly Float32Array[], grads: readonly ArrayLike<number>[], gradScale = 1): void {
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const bc1 = 1 - b1 ** this.t;
    const sqrtBc2 = Math.sqrt(1 - b2 ** this.t);
    const stepSize = this.lr / bc1;
    const a1 = 1 - b1;
    const a2 = 1 - b2;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const g = grads[i]!;
      const m = this.m[i]!;
      const v = this.v[i]!;
      for (let k = 0; k < p.length; k++) {
        const gk = g[k]! * gradScale;
        const mk = b1 * m[k]! + a1 * gk;
        const vk = b2 * v[k]! + a2 * gk * gk;
        m[k] = mk;
        v[k] = vk;
        p[k] = p[k]! - (stepSize * mk) / (Math.sqrt(vk) / sqrtBc2 + eps);
      }
    }
  }
}

/**
 * The factor that scales gradients to a global L2 norm of at most `maxNorm` (PyTorch's
 * `clip_grad_norm_`: `maxNorm / (norm + 1e-6)`, capped at 1). `maxNorm <= 0` disables clipping.
 */
export function clipScale(
  grads: readonly ArrayLike<number>[],
  maxNorm: number,
): { norm: number; scale: number } {
  let sum = 0;
  for (const g of grads) for (let k = 0; k < g.length; k++) sum += g[k]! * g[k]!;
  const norm = Math.sqrt(sum);
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) return { norm, scale: 1 };
  return { norm, scale: Math.min(1, maxNorm / (norm + 1e-6)) };
}
