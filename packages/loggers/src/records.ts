import { type MetricName, type Metrics, type WarningEvent, z } from "@gymkit/core";
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

/** JSON has no NaN or ±Infinity: they travel as strings. */
const number = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);
type JsonNumber = z.output<typeof number>;
const toJsonNumber = (x: number): JsonNumber =>
  Number.isFinite(x) ? x : (String(x) as "NaN" | "Infinity" | "-Infinity");
const fromJsonNumber = (x: JsonNumber): number => Number(x);

/** What a {@link RunRecorder} needs to go on after a checkpoint, as JSON data. */
export const RECORDER_STATE = z.strictObject({
  metrics: z.record(z.string(), number),
  episodes: z.number().int().min(0),
  step: z.number().int().min(0),
  lastInterval: z.number().int().min(-1),
  nextInterval: z.number().int().min(1),
  elapsedSeconds: z.number().min(0),
  window: z.strictObject({
    returns: z.array(number),
    lengths: z.array(z.number()),
    count: z.number().int().min(0),
    next: z.number().int().min(0),
    returnSum: number,
    lengthSum: z.number(),
  }),
});
export type RecorderState = z.output<typeof RECORDER_STATE>;

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

  /** Seconds of the run before this process (a resumed run's clock goes on from its checkpoint). */
  private elapsedBefore = 0;

  /** Its state between two steps, as JSON data (see {@link RunRecorder.restore}). */
  snapshot(): RecorderState {
    const window = this.window.toJSON();
    return {
      metrics: Object.fromEntries(Object.entries(this.metrics).map(([k, v]) => [k, toJsonNumber(v!)])),
      episodes: this.episodes,
      step: this.step,
      lastInterval: this.lastInterval,
      nextInterval: this.nextInterval,
      elapsedSeconds: Math.max(0, (this.clock() - this.startedAt) / 1000),
      window: {
        ...window,
        returns: window.returns.map(toJsonNumber),
        returnSum: toJsonNumber(window.returnSum),
      },
    };
  }

  /**
   * Goes on from a {@link RunRecorder.snapshot} (a resumed run): its next records are the ones an
   * uninterrupted run would write. Without a state, it goes on from `step` with empty means.
   * Returns false when `state` is not a recorder's state (then only `step` is used).
   */
  restore(step: number, state?: unknown): boolean {
    const parsed = RECORDER_STATE.safeParse(state);
    if (!parsed.success || parsed.data.window.returns.length !== this.window.size) {
      this.step = step;
      this.lastInterval = step === 0 ? -1 : step;
      this.nextInterval = (Math.floor(step / this.options.every) + 1) * this.options.every;
      return state === undefined;
    }
    const s = parsed.data;
    this.metrics = Object.fromEntries(Object.entries(s.metrics).map(([k, v]) => [k, fromJsonNumber(v)]));
    this.episodes = s.episodes;
    this.step = s.step;
    this.lastInterval = s.lastInterval;
    this.nextInterval = s.nextInterval;
    this.elapsedBefore = s.elapsedSeconds;
    this.window.restore({
      ...s.window,
      returns: s.window.returns.map(fromJsonNumber),
      returnSum: fromJsonNumber(s.window.returnSum),
    });
    return true;
  }

  /** The listeners to attach (through a `LoggerGuard`). */
  handlers(): Handlers {
    const handlers: Handlers = {
      runStart: () => {
        this.startedAt = this.clock() - this.elapsedBefore * 1000;
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
