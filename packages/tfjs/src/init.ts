/**
 * Weight initialisers drawn in JS from gymkit's seeded `Rng`, so one seed gives the same network on
 * every backend: tfjs' own initialisers draw from a generator we do not control, and backends
 * would round a QR decomposition differently.
 */
import { GymkitError, type Rng } from "@gymkit/core";

/** How one dense layer's kernel is drawn; biases always start at 0. */
export type LayerInit =
  /** Glorot (Xavier) uniform, Keras' Dense default: U(−l, l), l = √(6 / (in + out)). */
  | { readonly kind: "glorot-uniform" }
  /**
   * Orthogonal (Saxe et al. 2014) scaled by `gain`, PyTorch's `nn.init.orthogonal_`: what
   * CleanRL's `layer_init(layer, std=gain, bias_const=0)` does (√2 for hidden layers, 0.01 for a
   * policy head, 1 for a value head).
   */
  | { readonly kind: "orthogonal"; readonly gain: number };

/** Glorot uniform for every layer. */
export const GLOROT_UNIFORM: LayerInit = { kind: "glorot-uniform" };

function checkShape(inputSize: number, outputSize: number, what: string): void {
  if (
    !Number.isSafeInteger(inputSize) ||
    inputSize < 1 ||
    !Number.isSafeInteger(outputSize) ||
    outputSize < 1
  ) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `${what}: a kernel needs integer sizes >= 1, got ${inputSize} × ${outputSize}.`,
    );
  }
}

/**
 * A Glorot-uniform kernel `[inputSize × outputSize]`, row-major, drawn in that order from `rng`
 * (the draw order is part of gymkit's determinism: changing it changes every seeded network).
 */
export function glorotUniform(inputSize: number, outputSize: number, rng: Rng): Float32Array {
  checkShape(inputSize, outputSize, "glorotUniform");
  const limit = Math.sqrt(6 / (inputSize + outputSize));
  const kernel = new Float32Array(inputSize * outputSize);
  for (let i = 0; i < kernel.length; i++) kernel[i] = rng.uniform(-limit, limit);
  return kernel;
}

/**
 * An orthogonal kernel `[inputSize × outputSize]` times `gain`, row-major: its columns are
 * orthonormal when inputSize ≥ outputSize (WᵀW = gain²·I), its rows when the kernel is wide
 * (WWᵀ = gain²·I). As PyTorch: a standard normal matrix, its QR decomposition with R's diagonal
 * made positive (so Q is Haar-distributed), scaled. QR here is Gram–Schmidt run twice in float64
 * ("twice is enough", Giraud et al. 2005): orthogonal to float64 precision even for square
 * 256 × 256 normal matrices, whose condition number is in the hundreds.
 */
export function orthogonal(inputSize: number, outputSize: number, gain: number, rng: Rng): Float32Array {
  checkShape(inputSize, outputSize, "orthogonal");
  if (!Number.isFinite(gain)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `orthogonal: gain must be a finite number, got ${gain}.`,
    );
  }
  const rows = Math.max(inputSize, outputSize);
  const cols = Math.min(inputSize, outputSize);
  // cols vectors of length rows, each contiguous, drawn column after column.
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < q.length; i++) q[i] = rng.normal(0, 1);
  for (let j = 0; j < cols; j++) {
    const v = q.subarray(j * rows, (j + 1) * rows);
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const u = q.subarray(k * rows, (k + 1) * rows);
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += u[r]! * v[r]!;
        for (let r = 0; r < rows; r++) v[r] = v[r]! - dot * u[r]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += v[r]! * v[r]!;
    norm = Math.sqrt(norm);
    // A zero column has probability 0 for normal draws; guard anyway rather than divide by 0.
    if (!(norm > 0))
      throw new GymkitError("GYMKIT_INVALID_ARGUMENT", "orthogonal: the random draw was degenerate.");
    for (let r = 0; r < rows; r++) v[r] = v[r]! / norm;
  }
  const kernel = new Float32Array(inputSize * outputSize);
  // Tall kernel: column j of W is vector j. Wide kernel: row j of W is vector j.
  const tall = inputSize >= outputSize;
  for (let i = 0; i < inputSize; i++) {
    for (let o = 0; o < outputSize; o++) {
      kernel[i * outputSize + o] = gain * (tall ? q[o * rows + i]! : q[i * rows + o]!);
    }
  }
  return kernel;
}

/** A kernel drawn as `init` says. */
export function initKernel(inputSize: number, outputSize: number, init: LayerInit, rng: Rng): Float32Array {
  switch (init.kind) {
    case "glorot-uniform":
      return glorotUniform(inputSize, outputSize, rng);
    case "orthogonal":
      return orthogonal(inputSize, outputSize, init.gain, rng);
    default:
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Unknown layer init ${JSON.stringify((init as { kind?: unknown }).kind)}; expected "glorot-uniform" or "orthogonal".`,
      );
  }
}
