import { GymkitError, type Transition, z } from "@gymkit/core";

/** One env step as a window keeps it (its own copies of the observations). */
export interface PendingStep {
  observation: number[];
  action: number;
  reward: number;
  nextObservation: number[];
  terminated: boolean;
  truncated: boolean;
}

/** The steps waiting in one source's window (a sub-env of a vector env, or the one env). */
export interface PendingWindow {
  source: number;
  steps: PendingStep[];
}

/** The JSON form of the pending windows in a checkpoint (validated before a restore). */
export const PENDING_WINDOWS = z.array(
  z.strictObject({
    source: z.number().int().min(0),
    steps: z.array(
      z.strictObject({
        observation: z.array(z.number()),
        action: z.number().int(),
        reward: z.number(),
        nextObservation: z.array(z.number()),
        terminated: z.boolean(),
        truncated: z.boolean(),
      }),
    ),
  }),
);

/**
 * Multi-step returns (Sutton 1988; Rainbow's "multi-step learning"): turns the env's transitions
 * into n-step ones, `(s_t, a_t, r_t + γ r_{t+1} + … + γ^{n−1} r_{t+n−1}, s_{t+n})`, which the
 * agent stores and bootstraps with γⁿ. So a reward reaches the value of a state n steps back in
 * one update instead of n.
 *
 * Each source (`transition.source`: the sub-env of a vector env; 0 for one env) has its own
 * window. At a termination every pending window step is emitted with the rewards up to the end
 * and no bootstrap (exact). At a truncation (time limit) the full window is emitted and the
 * shorter ones are dropped: they would need γ^k with k < n, and the buffer stores one discount for
 * all rows; dropping loses at most n − 1 transitions per truncated episode and biases nothing.
 * An episode left unfinished (the next transition does not continue it, e.g. `train()` called
 * again resets the env) is dropped the same way; two such breaks in a row mean the transitions are
 * not one env's trajectory (several envs without `source`, or shuffled data), which is refused.
 */
export class NStepWindow {
  private readonly windows = new Map<number, PendingStep[]>();
  /** Sources whose last transition did not continue the one before. */
  private readonly broken = new Set<number>();

  constructor(
    readonly n: number,
    readonly gamma: number,
    private readonly emit: (transition: Transition<ArrayLike<number>, number>) => void,
  ) {}

  /** Steps waiting for their window to fill (at most n − 1 per source), for checkpoints. */
  get pending(): PendingWindow[] {
    return [...this.windows]
      .filter(([, steps]) => steps.length > 0)
      .map(([source, steps]) => ({ source, steps }));
  }

  /** Replaces the pending windows (a restore; already validated). */
  set pending(windows: readonly PendingWindow[]) {
    this.windows.clear();
    for (const w of windows) {
      this.windows.set(
        w.source,
        w.steps.map((s) => ({
          ...s,
          observation: [...s.observation],
          nextObservation: [...s.nextObservation],
        })),
      );
    }
  }

  push(t: Transition<ArrayLike<number>, number>): void {
    const source = t.source ?? 0;
    let steps = this.windows.get(source);
    if (!steps) {
      steps = [];
      this.windows.set(source, steps);
    }
    const last = steps.at(-1);
    if (last && !sameValues(last.nextObservation, t.observation)) {
      if (this.broken.has(source)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `observe: with nStep ${this.n} the agent follows each env's episodes step by step, but transitions from source ${source} twice in a row did not continue the previous one (observation ≠ the previous nextObservation). Transitions of several envs need their index in transition.source (core's train() sets it for a vector env's sub-envs); for data that is not a trajectory use nStep 1.`,
        );
      }
      // The episode was left unfinished: drop its windows, as at a truncation.
      steps.length = 0;
      this.broken.add(source);
    } else this.broken.delete(source);
    steps.push({
      observation: Array.from(t.observation),
      action: t.action,
      reward: t.reward,
      nextObservation: Array.from(t.nextObservation),
      terminated: t.terminated,
      truncated: t.truncated,
    });
    if (t.terminated) {
      while (steps.length > 0) {
        this.emitWindow(steps, steps.length);
        steps.shift();
      }
      return;
    }
    if (steps.length === this.n) {
      this.emitWindow(steps, this.n);
      steps.shift();
    }
    if (t.truncated) steps.length = 0;
  }

  /** Emits the window of the first `k` pending steps. */
  private emitWindow(steps: readonly PendingStep[], k: number): void {
    let reward = 0;
    let discount = 1;
    for (let i = 0; i < k; i++) {
      reward += discount * steps[i]!.reward;
      discount *= this.gamma;
    }
    const first = steps[0]!;
    const end = steps[k - 1]!;
    this.emit({
      observation: first.observation,
      action: first.action,
      reward,
      nextObservation: end.nextObservation,
      terminated: end.terminated,
      truncated: end.truncated,
    });
  }
}

function sameValues(a: readonly number[], b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
