import { join } from "node:path";
import {
  GymkitError,
  type Logger,
  type LoggerRewind,
  METRICS,
  type MetricName,
  parseOptions,
  type TrainingEvents,
  z,
} from "@gymkit/core";
import { AppendFile } from "./append-file.js";
import { dirOption, everyOption, fileOption, type LoggerRuntime, optionPath } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { assertPlainName, resolveRunDir } from "./paths.js";
import { type MetricsRecord, RunRecorder } from "./records.js";
import { type FileLoggerState, rewindLines } from "./rewind.js";

/** Options of the `csv` logger. */
export const CSV_OPTIONS = z.strictObject({
  dir: dirOption(),
  file: fileOption("progress.csv"),
  every: everyOption(),
  rows: z
    .enum(["records", "dumps"])
    .default("records")
    .describe(
      '"records": a row per episode, evaluation and interval; "dumps": Stable-Baselines3\'s progress.csv rows, one per dump (interval and evaluation rows, the latter with time/total_timesteps, no episode rows).',
    ),
});
export type CsvOptions = z.input<typeof CSV_OPTIONS>;

/** The columns, in order: the record fields, then every name of core's `METRICS`. */
export const CSV_COLUMNS: readonly string[] = ["kind", "step", "time", ...Object.keys(METRICS)];
const HEADER = CSV_COLUMNS.join(",");
const METRIC_COLUMNS = Object.keys(METRICS) as MetricName[];

/**
 * One CSV row. Every cell is a number or one of the fixed kind words, so nothing needs quoting;
 * a metric the record lacks is an empty cell (pandas reads it as NaN).
 */
export function recordToCsv(record: MetricsRecord): string {
  let row = `${record.kind},${record.step},${record.time}`;
  for (const name of METRIC_COLUMNS) {
    const value = record.metrics[name];
    row += value === undefined ? "," : `,${value}`;
  }
  return row;
}

/**
 * The `csv` logger: Stable-Baselines3's `progress.csv`, one row per finished episode, evaluation
 * and logging interval, with a fixed header (every metric name). With `rows: "dumps"`, only the
 * rows SB3 itself would write (one per dump: intervals, and evaluations with
 * `time/total_timesteps`), so `df.plot(x="time/total_timesteps", y="rollout/ep_rew_mean")` is
 * not broken up by episode rows. Rows are appended and handed to the kernel one by one; a resumed
 * run cuts the file back to what its checkpoint covered, appends after it, and refuses a file
 * whose header differs.
 */
export class CsvLogger implements Logger {
  readonly path: string;
  private readonly file: AppendFile;
  private readonly guard: LoggerGuard;
  private readonly recorder: RunRecorder;
  private readonly report: (message: string) => void;

  constructor(options: CsvOptions = {}, runtime: LoggerRuntime = {}) {
    const o = parseOptions(CSV_OPTIONS, options, { path: runtime.path ?? "csv", owner: `logger "csv"` });
    this.path = join(resolveRunDir(o.dir, optionPath(runtime, "dir")), assertPlainName(o.file, "file name"));
    this.file = new AppendFile(this.path);
    this.report = runtime.report ?? ((m) => console.error(m));
    this.guard = new LoggerGuard("csv", runtime.report);
    const dumps = o.rows === "dumps";
    this.recorder = new RunRecorder({ every: o.every, clock: runtime.clock }, (r) => {
      if (r.kind === "warning" || (dumps && r.kind === "episode")) return;
      // SB3's EvalCallback records time/total_timesteps with eval/* before it dumps.
      const row =
        dumps && r.kind === "evaluation"
          ? { ...r, metrics: { ...r.metrics, "time/total_timesteps": r.step } }
          : r;
      this.file.appendLine(recordToCsv(row));
    });
  }

  attach(events: TrainingEvents): () => void {
    return this.guard.attach(events, this.recorder.handlers(), () => this.open());
  }

  /** The file's length (flushed to the disk) and the recorder's state; undefined once failed. */
  snapshot(): FileLoggerState | undefined {
    let state: FileLoggerState | undefined;
    this.guard.run(() => {
      state = { bytes: this.file.syncedLength(), recorder: this.recorder.snapshot() };
    });
    return this.guard.failed ? undefined : state;
  }

  /** Cuts the file back to what the checkpoint covered (the header stays; see rewind.ts). */
  rewind(to: LoggerRewind): void {
    this.guard.run(() =>
      rewindLines(
        "csv",
        this.file,
        this.recorder,
        to,
        (row, i) => (i === 0 ? undefined : Number(row.split(",", 2)[1] ?? Number.NaN)),
        this.report,
      ),
    );
  }

  close(): void {
    this.guard.close(() => this.file.close());
  }

  private open(): void {
    const header = this.file.open();
    if (header === undefined) {
      this.file.appendLine(HEADER);
    } else if (header !== HEADER) {
      throw new GymkitError(
        "GYMKIT_IO",
        `Cannot append to ${this.path}: its header "${header.length > 40 ? `${header.slice(0, 40)}..." ` : `${header}" `}is not this logger's (${CSV_COLUMNS.length} columns: kind, step, time and every metric name). Move the old file away or choose another dir.`,
      );
    }
  }
}
