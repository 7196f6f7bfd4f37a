import type { MetricName, Metrics, WarningEvent } from "@gymkit/core";
import type { Handlers } from "./guard.js";
import { EpisodeWindow } from "./internal/window.js";

/** What file loggers write, one per line: a finished episode, an evaluation, or a logging interval. */
export interface MetricsRecord {
  /**
   * `episode`: one finished training episode (`charts/episodic_return`, `charts/episodic_length`,
   * `time/episodes`). `evaluation`: one greedy evaluation (`eval/*`). `interval`: every `every`
   * env steps and at run end, the rollout, train and time metrics (Stable-Baselines3's dump).
   */
  kind: "episode" | "evaluation" | "interval";
  /** Env steps so far (the x axis: TensorBoard's step). */
  step: number;
  /** Wall-clock time of the record, Unix seconds (TensorBoard's `wall_time`). */
  time: number;
  metrics: Metrics;
}

/** A `warning` event, as JSONL records it. */
export interface WarningRecord {
  kind: "warning";
  step: number;
  time: number;
  warning: WarningEvent;
}

/** Any record. */
export type LogRecord = MetricsRecord | WarningRecord;

/** Fields of a JSONL/CSV line besides metric names. */
export const RECORD_FIELDS = {
  kind: "What the record is: episode, evaluation, interval (or warning, JSONL only).",
  step: "Env steps so far when the record was made (TensorBoard's step).",
  time: "Wall-clock time of the record, Unix seconds (TensorBoard's wall_time).",
  warning: "JSONL only, on warning records: the warning event (kind, message, figures).",
} as const;

/** Options of a {@link RunRecorder}. */
export interface RecorderOptions {
  /** Env steps between interval records. */
  every: number;
  /** Milliseconds since the Unix epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /** Also pass on `warning` events as records. @default false */
  warnings?: boolean | undefined;
}

/**
 * Turns a run's events into records named as in core's `METRICS` (Stable-Baselines3's and
 * CleanRL's names): one per finished episode, one per evaluation, one per `every` env steps and
 * a last one at run end. Per step it only stores a reference to the latest update's metrics; the
 * window of the last 100 episodes is a ring of fixed arrays.
 */
export class RunRecorder {
  private readonly clock: () => number;
  private readonly window = new EpisodeWindow(100);
  private metrics: Metrics = {};
  private startedAt: number;
  private episodes = 0;
  private step = 0;
  private lastInterval = -1;
  private nextInterval: number;

  constructor(
    private readonly options: RecorderOptions,
    private readonly emit: (record: LogRecord) => void,
  ) {
    this.clock = options.clock ?? Date.now;
    this.startedAt = this.clock();
    this.nextInterval = options.every;
  }

  /** The listeners to attach (through a `LoggerGuard`). */
  handlers(): Handlers {
    const handlers: Handlers = {
      runStart: () => {
        this.startedAt = this.clock();
      },
      episodeEnd: (e) => {
        this.episodes = e.episode + 1;
        this.window.add(e.return, e.length);
        this.emit({
          kind: "episode",
          step: e.step,
          time: this.clock() / 1000,
          metrics: {
            "charts/episodic_return": e.return,
            "charts/episodic_length": e.length,
            "time/episodes": this.episodes,
          },
        });
        this.advance(e.step);
      },
      update: (e) => {
        this.metrics = e.metrics;
        this.advance(e.step);
      },
      evaluation: (e) => {
        this.emit({
          kind: "evaluation",
          step: e.step,
          time: this.clock() / 1000,
          metrics: {
            "eval/mean_reward": e.mean,
            "eval/std_reward": e.std,
            "eval/mean_ep_length": e.lengths.reduce((a, b) => a + b, 0) / Math.max(1, e.lengths.length),
          },
        });
        this.advance(e.step);
      },
      runEnd: (e) => {
        this.episodes = Math.max(this.episodes, e.episodes);
        this.step = Math.max(this.step, e.steps);
        if (this.step !== this.lastInterval) this.interval();
      },
    };
    if (this.options.warnings) {
      handlers.warning = (w) =>
        this.emit({ kind: "warning", step: w.step, time: this.clock() / 1000, warning: w });
    }
    return handlers;
  }

  private advance(step: number): void {
    this.step = step;
    if (step >= this.nextInterval) {
      this.nextInterval = (Math.floor(step / this.options.every) + 1) * this.options.every;
      this.interval();
    }
  }

  /** Stable-Baselines3's dump: rollout, train and time metrics at this step. */
  private interval(): void {
    const now = this.clock();
    const elapsed = Math.max(0, (now - this.startedAt) / 1000);
    const metrics: Partial<Record<MetricName, number>> = {};
    const epRewMean = this.window.meanReturn();
    if (epRewMean !== undefined) {
      metrics["rollout/ep_rew_mean"] = epRewMean;
      metrics["rollout/ep_len_mean"] = this.window.meanLength()!;
    }
    Object.assign(metrics, this.metrics);
    metrics["time/fps"] = elapsed > 0 ? Math.round(this.step / elapsed) : 0;
    metrics["time/total_timesteps"] = this.step;
    metrics["time/episodes"] = this.episodes;
    metrics["time/time_elapsed"] = elapsed;
    this.lastInterval = this.step;
    this.emit({ kind: "interval", step: this.step, time: now / 1000, metrics });
  }
}
