import type {
  CheckpointEvent,
  EpisodeEndEvent,
  EvaluationEvent,
  Logger,
  RunEndEvent,
  RunStartEvent,
  TargetSyncEvent,
  TrainingEvents,
  UpdateEvent,
  WarningEvent,
} from "@gymkit/core";
import { parseOptions, z } from "@gymkit/core";
import { everyOption, type LoggerRuntime } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { type LogRecord, RunRecorder } from "./records.js";

/** Options of the `memory` logger. */
export const MEMORY_OPTIONS = z.strictObject({ every: everyOption() });
export type MemoryOptions = z.input<typeof MEMORY_OPTIONS>;

/**
 * The `memory` logger: every event of the run in arrays, plus the records the file loggers would
 * write, for tests and notebooks. Holds one object per update; use it for short runs.
 * @example
 * const memory = new MemoryLogger();
 * memory.attach(run.events);
 * await run.train();
 * memory.episodes.map((e) => e.return);
 */
export class MemoryLogger implements Logger {
  readonly runStarts: RunStartEvent[] = [];
  readonly episodes: EpisodeEndEvent[] = [];
  readonly updates: UpdateEvent[] = [];
  readonly targetSyncs: TargetSyncEvent[] = [];
  readonly evaluations: EvaluationEvent[] = [];
  readonly checkpoints: CheckpointEvent[] = [];
  readonly warnings: WarningEvent[] = [];
  readonly runEnds: RunEndEvent[] = [];
  /** Records as the `jsonl` logger writes them (episode, evaluation, interval, warning). */
  readonly records: LogRecord[] = [];
  closed = false;
  private readonly guard: LoggerGuard;
  private readonly recorder: RunRecorder;

  constructor(options: MemoryOptions = {}, runtime: LoggerRuntime = {}) {
    const o = parseOptions(MEMORY_OPTIONS, options, {
      path: runtime.path ?? "memory",
      owner: `logger "memory"`,
    });
    this.guard = new LoggerGuard("memory", runtime.report);
    this.recorder = new RunRecorder({ every: o.every, clock: runtime.clock, warnings: true }, (r) =>
      this.records.push(r),
    );
  }

  attach(events: TrainingEvents): () => void {
    const r = this.recorder.handlers();
    return this.guard.attach(events, {
      runStart: (e) => {
        this.runStarts.push(e);
        r.runStart!(e);
      },
      episodeEnd: (e) => {
        this.episodes.push(e);
        r.episodeEnd!(e);
      },
      update: (e) => {
        this.updates.push(e);
        r.update!(e);
      },
      targetSync: (e) => void this.targetSyncs.push(e),
      evaluation: (e) => {
        this.evaluations.push(e);
        r.evaluation!(e);
      },
      checkpoint: (e) => void this.checkpoints.push(e),
      warning: (e) => {
        this.warnings.push(e);
        r.warning!(e);
      },
      runEnd: (e) => {
        this.runEnds.push(e);
        r.runEnd!(e);
      },
    });
  }

  close(): void {
    this.closed = true;
  }
}
