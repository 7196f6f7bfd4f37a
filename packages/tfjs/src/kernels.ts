/**
 * Raw kernels: thin wrappers over `tf.engine().runKernel`: one kernel call each, no op-level reshapes, no
 * transpose flags. On tfjs-wasm 4.22 only non-transposed batch-1 matmuls reach XNNPACK (transposed
 * ones take a scalar loop, 10× slower at 256 units), and `tf.fused.matMul` is silently unfused
 * under a gradient tape; calling the kernels directly keeps both fast.
 * See docs/benchmarks.md (agent-dqn) and the package README. Use them for forward passes and
 * hand-derived backward passes (no tape records them); call them inside `tf.tidy`.
 *
 * All matrices are rank 3, `[1, rows, cols]`: wasm's `_FusedMatMul` takes rank-3 operands and a
 * rank-1 bias.
 */
import { GymkitError } from "@gymkit/core";
import * as tf from "@tensorflow/tfjs-core";

type T = tf.Tensor;

const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown> = {}): T =>
  // biome-ignore lint/suspicious/noExplicitAny: runKernel's attribute map type is not exported
  tf.engine().runKernel(kernel, inputs, attrs as any) as T;

/** Activations `_FusedMatMul` applies inside the matmul on every backend (tanh is not one of them). */
export const FUSABLE = new Set(["linear", "relu", "sigmoid", "elu"]);

/** `act(a·b + bias)` in one kernel. */
export const fusedMatMul = (a: T, b: T, bias: T, activation: string): T =>
  run("_FusedMatMul", { a, b, bias }, { transposeA: false, transposeB: false, activation });

/** `a·b`, never with transpose flags (see above). */
export const matMul = (a: T, b: T): T =>
  run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false });

/** `[1, r, c]` → `[1, c, r]`. */
export const transpose = (x: T): T => run("Transpose", { x }, { perm: [0, 2, 1] });

/** Sum over the innermost axis: `[1, r, c]` → `[1, r]` (inner-axis reductions are the fast ones). */
export const rowSum = (x: T): T => run("Sum", { x }, { axis: [2], keepDims: false });

/** Element-wise `a·b` (broadcasting). */
export const multiply = (a: T, b: T): T => run("Multiply", { a, b });
/** Element-wise `a − b` (broadcasting). */
export const sub = (a: T, b: T): T => run("Sub", { a, b });
/** Element-wise `a + b` (broadcasting). */
export const add = (a: T, b: T): T => run("Add", { a, b });
/** Element-wise `x²`. */
export const square = (x: T): T => run("Square", { x });
/** Element-wise `tanh(x)`. */
export const tanh = (x: T): T => run("Tanh", { x });
/** 1 where x > 0, else 0: relu's derivative from its output. */
export const step = (x: T): T => run("Step", { x }, { alpha: 0 });
/** Mean over the innermost axis, kept: `[1, r, c]` → `[1, r, 1]`. */
export const meanInner = (x: T): T => run("Mean", { x }, { axis: [2], keepDims: true });

/** One dense layer with its activation, fused when the backend can. */
export function dense(x: T, kernel: T, bias: T, activation: string): T {
  if (FUSABLE.has(activation)) return fusedMatMul(x, kernel, bias, activation);
  if (activation === "tanh") return tanh(fusedMatMul(x, kernel, bias, "linear"));
  throw new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `dense: unsupported activation "${activation}"; expected one of ${[...FUSABLE, "tanh"].join(", ")}.`,
  );
}
