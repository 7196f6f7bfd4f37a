import { EventEmitter } from "eventemitter3";
import type { Metrics } from "./metrics.js";

/** `runStart`: a run begins. */
export interface RunStartEvent {
  runId: string;
  seed: number;
  /** The resolved config of the run (plain data), when the runner has one. */
  config?: Readonly<Record<string, unknown>> | undefined;
  /** TensorFlow.js backend chosen by the agent, when known. */
  backend?: string | undefined;
  totalSteps: number;
  /** The step a resumed run continues from (`train({ resume })`); absent for a fresh run. */
  resumedFrom?: number | undefined;
}

/** `episodeEnd`: a training episode ended (terminated or truncated). */
export interface EpisodeEndEvent {
  /** 0-based episode index. */
  episode: number;
  return: number;
  length: number;
  /** Env steps so far, including this episode's. */
  step: number;
  terminated: boolean;
  truncated: boolean;
}

/** `update`: the agent did gradient steps; `metrics` are its `UpdateResult.metrics`. */
export interface UpdateEvent {
  step: number;
  updates: number;
  metrics: Metrics;
}

/** `targetSync`: the target network was synced. */
export interface TargetSyncEvent {
  step: number;
  updates: number;
}

/** What `evaluate` measured. `std` is the population standard deviation (numpy's default). */
export interface EvaluationResult {
  mean: number;
  std: number;
  returns: number[];
  lengths: number[];
}

/** `evaluation`: greedy evaluation episodes on a separately seeded env, at env step `step`. */
export interface EvaluationEvent extends EvaluationResult {
  step: number;
  /** Wall-clock seconds since the run started, this evaluation included. */
  wallSeconds: number;
  /** Wall-clock seconds this evaluation took. */
  evalSeconds: number;
}

/**
 * `warning`: something a user should see but that does not stop the run, emitted once per kind
 * (e.g. Q estimates beyond what the discounted return can reach: divergence).
 */
export interface WarningEvent {
  /** Env steps so far. */
  step: number;
  /** What kind of warning, e.g. `divergence`. */
  kind: string;
  /** One or two sentences, with the figures. */
  message: string;
  /** The figures, by name, for loggers and reports. */
  figures?: Readonly<Record<string, number>> | undefined;
}

/** `checkpoint`: a checkpoint was written. */
export interface CheckpointEvent {
  step: number;
  path: string;
}

/** How far a run got: shared by the `runEnd` event and `train()`'s result. */
export interface RunProgress {
  /** Env steps taken (all sub-envs). */
  steps: number;
  /** Finished training episodes. */
  episodes: number;
  wallSeconds: number;
}

/** `runEnd`: the run stopped. */
export interface RunEndEvent extends RunProgress {
  runId: string;
  reason: "completed" | "stopped" | "failed";
  /** Last evaluation, if any ran. */
  lastEvaluation?: EvaluationEvent | undefined;
  error?: unknown;
}

/**
 * Training events and their payloads. Labelled tuples, so eventemitter3 types listeners
 * (a bare value type would make them `any[]`).
 */
export interface TrainingEventMap {
  runStart: [event: RunStartEvent];
  episodeEnd: [event: EpisodeEndEvent];
  update: [event: UpdateEvent];
  targetSync: [event: TargetSyncEvent];
  evaluation: [event: EvaluationEvent];
  checkpoint: [event: CheckpointEvent];
  warning: [event: WarningEvent];
  runEnd: [event: RunEndEvent];
}

export type TrainingEventName = keyof TrainingEventMap;

/** One typed emitter per run. `emit` is synchronous: listeners must be cheap and must not throw. */
export type TrainingEvents = EventEmitter<TrainingEventMap>;

export const createTrainingEvents = (): TrainingEvents => new EventEmitter<TrainingEventMap>();

/**
 * Where a resumed run goes on from, as {@link Logger.rewind} gets it (issue #19): the env step of
 * its checkpoint (0: the run starts over), and what the logger's `snapshot()` returned when that
 * checkpoint was written (undefined when there is none: no checkpoint, or one without it).
 */
export interface LoggerRewind {
  readonly step: number;
  readonly state: unknown;
}

/** Anything that listens to a run's events; `attach` returns its own unsubscribe. */
export interface Logger {
  attach(events: TrainingEvents): () => void;
  /** Flushes and closes files. */
  close(): void | Promise<void>;
  /**
   * What the logger needs to go on exactly from a checkpoint written now, as JSON data (e.g. its
   * files' lengths and its running means), with its files flushed to the disk. Called between two
   * steps, after every event of the checkpoint's step.
   */
  snapshot?(): unknown;
  /**
   * The run goes on from a checkpoint (or starts over): cut what the logger wrote after it and take
   * back its state, so the resumed run's files equal an uninterrupted run's. Called after
   * `attach`, before the run's first event.
   */
  rewind?(to: LoggerRewind): void | Promise<void>;
}
