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

const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown> = {}): tf.Tensor =>
  // biome-ignore lint/suspicious/noExplicitAny: runKernel's attribute map type is not exported
  tf.engine().runKernel(kernel, inputs, attrs as any) as tf.Tensor;

/** Activations `_FusedMatMul` applies inside the matmul on every backend (tanh is not one of them). */
export const FUSABLE = new Set(["linear", "relu", "sigmoid", "elu"]);

/** `act(a·b + bias)` in one kernel. */
export const fusedMatMul = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, activation: string): tf.Tensor =>
  run("_FusedMatMul", { a, b, bias }, { transposeA: false, transposeB: false, activation });

/** `a·b`, never with transpose flags (see above). */
export const matMul = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
  run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false });

/** `[1, r, c]` → `[1, c, r]`. */
export const transpose = (x: tf.Tensor): tf.Tensor => run("Transpose", { x }, { perm: [0, 2, 1] });

/** Sum over the innermost axis: `[1, r, c]` → `[1, r]` (inner-axis reductions are the fast ones). */
export const rowSum = (x: tf.Tensor): tf.Tensor => run("Sum", { x }, { axis: [2], keepDims: false });

/** Element-wise `a·b` (broadcasting). */
export const multiply = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => run("Multiply", { a, b });
/** Element-wise `a − b` (broadcasting). */
export const sub = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => run("Sub", { a, b });
/** Element-wise `a + b` (broadcasting). */
export const add = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => run("Add", { a, b });
/** Element-wise `x²`. */
export const square = (x: tf.Tensor): tf.Tensor => run("Square", { x });
/** Element-wise `tanh(x)`. */
export const tanh = (x: tf.Tensor): tf.Tensor => run("Tanh", { x });
/** 1 where x > 0, else 0: relu's derivative from its output. */
export const step = (x: tf.Tensor): tf.Tensor => run("Step", { x }, { alpha: 0 });
/** Mean over the innermost axis, kept: `[1, r, c]` → `[1, r, 1]`. */
export const meanInner = (x: tf.Tensor): tf.Tensor => run("Mean", { x }, { axis: [2], keepDims: true });

/** One dense layer with its activation, fused when the backend can. */
export function dense(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor, activation: string): tf.Tensor {
  if (FUSABLE.has(activation)) return fusedMatMul(x, kernel, bias, activation);
  if (activation === "tanh") return tanh(fusedMatMul(x, kernel, bias, "linear"));
  throw new GymkitError(
    "GYMKIT_INVALID_ARGUMENT",
    `dense: unsupported activation "${activation}"; expected one of ${[...FUSABLE, "tanh"].join(", ")}.`,
  );
}
