/**
 * A deterministic stream of training events, as `train()` would emit them for a DQN run, without
 * an env or an agent: for file-format tests, the kill test's child, and the README's figure.
 */
import { createRng, type TrainingEventMap, type TrainingEvents } from "@gymkit/core";

export type SyntheticEvent = {
  [K in keyof TrainingEventMap]: [name: K, event: TrainingEventMap[K][0]];
}[keyof TrainingEventMap];

export interface SyntheticOptions {
  totalSteps: number;
  seed?: number;
  runId?: string;
  /** Updates start after this many steps, then come every `trainFreq` steps. @default 100 */
  learningStarts?: number;
  trainFreq?: number;
  /** @default 1000 */
  evalEvery?: number;
  /** Env step of a single `divergence` warning, if any. */
  warnAt?: number;
}

export function* syntheticRun(o: SyntheticOptions): Generator<SyntheticEvent> {
  const rng = createRng(o.seed ?? 0);
  const runId = o.runId ?? `run-${o.seed ?? 0}`;
  const learningStarts = o.learningStarts ?? 100;
  const trainFreq = o.trainFreq ?? 4;
  const evalEvery = o.evalEvery ?? 1000;
  yield ["runStart", { runId, seed: o.seed ?? 0, totalSteps: o.totalSteps }];
  let step = 0;
  let episode = 0;
  let updates = 0;
  while (step < o.totalSteps) {
    const cap = 10 + Math.floor((190 * step) / o.totalSteps);
    const length = Math.min(o.totalSteps - step, 8 + rng.int(cap));
    for (let i = 0; i < length; i++) {
      step++;
      if (step > learningStarts && step % trainFreq === 0) {
        updates++;
        yield [
          "update",
          {
            step,
            updates,
            metrics: {
              "train/loss": 1 / (1 + step / 1000) + 0.1 * rng.float(),
              "train/q_mean": step / 500,
              "train/grad_norm": 0.5 + rng.float(),
              "train/n_updates": updates,
              "train/learning_rate": 0.001,
              "rollout/exploration_rate": Math.max(0.05, 1 - step / (0.2 * o.totalSteps)),
            },
          },
        ];
      }
      if (step === o.warnAt) {
        yield [
          "warning",
          { step, kind: "divergence", message: "Q estimates reached 1000.", figures: { qMax: 1000 } },
        ];
      }
      if (step % evalEvery === 0) {
        const mean = Math.min(500, step / 20);
        yield [
          "evaluation",
          {
            step,
            mean,
            std: 2,
            returns: [mean - 2, mean + 2],
            lengths: [mean - 2, mean + 2],
            wallSeconds: step / 1000,
            evalSeconds: 0.1,
          },
        ];
      }
    }
    yield [
      "episodeEnd",
      { episode: episode++, step, return: length, length, terminated: length < cap, truncated: false },
    ];
  }
  yield ["runEnd", { runId, steps: step, episodes: episode, wallSeconds: 1, reason: "completed" }];
}

/** Emits a whole synthetic run on `events`. */
export function emitSyntheticRun(events: TrainingEvents, options: SyntheticOptions): void {
  for (const [name, event] of syntheticRun(options)) {
    // eventemitter3's typed emit cannot take a name chosen at run time.
    (events.emit as (n: string, e: unknown) => boolean)(name, event);
  }
}

/** A clock that advances 1 ms per call, from 2026-01-01 (Unix ms): records get exact times. */
export const fakeClock = (start = Date.UTC(2026, 0, 1)) => {
  let t = start;
  return () => t++;
};

/**
 * A clock driven by the run itself: attach it first, and every event with a `step` sets the time
 * to `start + step` ms, so records made by several loggers get the same, exact times.
 */
export function stepClock(events: TrainingEvents, start = Date.UTC(2026, 0, 1)): () => number {
  let t = start;
  const names = ["episodeEnd", "update", "evaluation", "warning", "targetSync", "checkpoint"] as const;
  for (const name of names) {
    events.on(name, (e: { step: number }) => {
      t = start + e.step;
    });
  }
  events.on("runEnd", (e) => {
    t = start + e.steps;
  });
  return () => t;
}
