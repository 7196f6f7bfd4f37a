/** Loss functions of the TD error. */
export type LossKind = "mse" | "huber";
export const LOSSES: readonly LossKind[] = ["mse", "huber"];

/** The sampled transitions one gradient step uses (core's `Batch`, actions as 0-based indices). */
export interface TdBatch {
  readonly size: number;
  readonly observations: Float32Array;
  /** 0-based action indices. */
  readonly actions: ArrayLike<number>;
  readonly rewards: ArrayLike<number>;
  readonly nextObservations: Float32Array;
  readonly terminated: ArrayLike<number>;
  /** Importance-sampling weights (prioritized replay), else all 1. */
  readonly weights?: ArrayLike<number> | undefined;
}

/**
 * TD targets `y = r + γ · (1 − terminated) · Q_target(s', a*)`, `a* = argmax_a Q_target(s', a)`,
 * or `argmax_a Q_online(s', a)` for double DQN (van Hasselt et al. 2016). Truncated transitions
 * bootstrap like any other: only `terminated` stops it.
 */
export function tdTargets(
  batch: TdBatch,
  numActions: number,
  gamma: number,
  qNextTarget: ArrayLike<number>,
  qNextOnline: ArrayLike<number> | undefined,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < batch.size; i++) {
    if (batch.terminated[i]) {
      out[i] = batch.rewards[i]!;
      continue;
    }
    const row = i * numActions;
    const select = qNextOnline ?? qNextTarget;
    let best = 0;
    for (let a = 1; a < numActions; a++) if (select[row + a]! > select[row + best]!) best = a;
    out[i] = batch.rewards[i]! + gamma * qNextTarget[row + best]!;
  }
  return out;
}

/** What one TD loss evaluation gives. */
export interface TdLoss {
  /** mean_i w_i · ℓ(δ_i). */
  loss: number;
  /** Mean Q(s, a) of the batch. */
  qMean: number;
}

/**
 * Loss, |δ| and dLoss/dQ for `loss = mean_i w_i · ℓ(q_i[a_i] − y_i)`, with ℓ = δ² (`mse`, the
 * blog's) or Huber with δ=1 (`huber`, SB3's `smooth_l1_loss`). `dq` is the one-hot-masked
 * gradient w.r.t. the Q output, `[batch, actions]`, built in JS so no mask tensor is needed.
 */
export function tdLoss(
  batch: TdBatch,
  numActions: number,
  q: ArrayLike<number>,
  y: Float64Array,
  loss: LossKind,
  absTdErrors: Float32Array,
  dq: Float32Array,
): TdLoss {
  const n = batch.size;
  let total = 0;
  let qSum = 0;
  dq.fill(0, 0, n * numActions);
  for (let i = 0; i < n; i++) {
    const k = i * numActions + batch.actions[i]!;
    const qa = q[k]!;
    const d = qa - y[i]!;
    const w = batch.weights ? batch.weights[i]! : 1;
    const ad = Math.abs(d);
    absTdErrors[i] = ad;
    qSum += qa;
    if (loss === "mse") {
      total += w * d * d;
      dq[k] = (2 * w * d) / n;
    } else {
      total += w * (ad < 1 ? 0.5 * d * d : ad - 0.5);
      dq[k] = (w * (ad < 1 ? d : Math.sign(d))) / n;
    }
  }
  return { loss: total / n, qMean: qSum / n };
}
