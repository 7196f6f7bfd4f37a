import type { Batch, ReplayBuffer, Rng, Schedule, TargetSync, UpdateResult } from "@gymkit/core";
import type { QNetwork } from "./network.js";
import type { DqnOptions } from "./options.js";
import type { TdBatch } from "./td.js";
import type { Trainer } from "./trainer.js";

/** What one DQN update works with: built by the agent, held here. */
export interface UpdateParts {
  readonly options: DqnOptions;
  readonly buffer: ReplayBuffer;
  readonly trainer: Trainer;
  readonly targetSync: TargetSync;
  readonly online: QNetwork;
  readonly target: QNetwork | undefined;
  readonly replayRng: Rng;
  readonly lrSchedule: Schedule | undefined;
  /** First action value: sampled actions are shifted to Q-row indices. */
  readonly actionStart: number;
}

/**
 * DQN's update: when due, `gradientSteps` times sample a batch, take a trainer step, give a
 * prioritized buffer its new priorities and let the target sync act; then the averaged metrics
 * and, when Q estimates left every reachable return behind, a divergence warning.
 */
export class DqnUpdate {
  /** Gradient updates done (restored from checkpoints). */
  updates = 0;
  /** Largest |reward| observed, for the divergence bound (`noteReward`). */
  private maxAbsReward = 0;
  /** Sampled actions minus `actionStart`, when it is not 0. */
  private actionScratch = new Int32Array(0);

  constructor(private readonly parts: UpdateParts) {}

  /** Records an observed reward for the divergence bound. */
  noteReward(reward: number): void {
    const r = Math.abs(reward);
    if (r > this.maxAbsReward) this.maxAbsReward = r;
  }

  /** The update after `steps` env steps (ε for the metrics), or undefined when none is due. */
  run(steps: number, epsilon: () => number): UpdateResult | undefined {
    const { options: o, buffer, trainer, targetSync } = this.parts;
    if (steps < o.learningStarts || steps % o.trainFreq !== 0) return undefined;
    if (buffer.size < o.batchSize) return undefined;
    let loss = 0;
    let qMean = 0;
    let gradNorm = 0;
    let synced = false;
    const lr = this.parts.lrSchedule ? o.lr * this.parts.lrSchedule.value(steps) : o.lr;
    trainer.adam.lr = lr;
    for (let g = 0; g < o.gradientSteps; g++) {
      const batch = buffer.sample(o.batchSize, this.parts.replayRng);
      const stats = trainer.step(this.toTdBatch(batch));
      if (buffer.updatePriorities) buffer.updatePriorities(batch.indices, stats.absTdErrors);
      loss += stats.loss;
      qMean += stats.qMean;
      gradNorm += stats.gradNorm;
      this.updates++;
      if (targetSync.afterUpdate(this.updates, this.parts.online, this.parts.target ?? this.parts.online))
        synced = true;
    }
    return {
      step: steps,
      updates: this.updates,
      targetSynced: synced,
      warning: this.divergence(qMean / o.gradientSteps),
      metrics: {
        "train/loss": loss / o.gradientSteps,
        "train/q_mean": qMean / o.gradientSteps,
        "train/grad_norm": gradNorm / o.gradientSteps,
        "train/n_updates": this.updates,
        "train/learning_rate": lr,
        "rollout/exploration_rate": epsilon(),
      },
    };
  }

  /**
   * A `divergence` warning when the mean Q estimate is beyond twice what any discounted return can
   * reach, max|r| / (1 − γ) (100 for CartPole at γ 0.99): Q-learning without a target network can
   * climb to 1e7 while greedy returns stay at 10, and nothing else would say so. Twice, so that
   * early noise around the bound does not warn.
   */
  private divergence(qMean: number): UpdateResult["warning"] {
    const { gamma } = this.parts.options;
    if (gamma >= 1 || this.maxAbsReward === 0) return undefined;
    const bound = this.maxAbsReward / (1 - gamma);
    if (Number.isFinite(qMean) && Math.abs(qMean) <= 2 * bound) return undefined;
    return {
      kind: "divergence",
      message: `Q estimates diverged: mean Q ${qMean.toPrecision(3)} at update ${this.updates}, but no discounted return can exceed ${bound.toPrecision(3)} (max |reward| ${this.maxAbsReward} / (1 − γ ${gamma})). Try a target network (targetSync), a lower lr, or gradient clipping (maxGradNorm).`,
      figures: { qMean, bound, updates: this.updates, maxAbsReward: this.maxAbsReward, gamma },
    };
  }

  /** The trainer's view of a sampled batch: actions as Q-row indices (DQN's actions are Discrete). */
  private toTdBatch(batch: Batch): TdBatch {
    const start = this.parts.actionStart;
    let actions: ArrayLike<number> = batch.actions;
    if (start !== 0) {
      if (this.actionScratch.length !== batch.size) this.actionScratch = new Int32Array(batch.size);
      for (let i = 0; i < batch.size; i++) this.actionScratch[i] = batch.actions[i]! - start;
      actions = this.actionScratch;
    }
    return {
      size: batch.size,
      observations: batch.observations,
      actions,
      rewards: batch.rewards,
      nextObservations: batch.nextObservations,
      terminated: batch.terminated,
      weights: batch.weights,
    };
  }
}
