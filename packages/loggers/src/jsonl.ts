import { join } from "node:path";
import type { Logger, LoggerRewind, TrainingEvents } from "@gymkit/core";
import { parseOptions, z } from "@gymkit/core";
import { AppendFile } from "./append-file.js";
import { dirOption, everyOption, fileOption, type LoggerRuntime, optionPath } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { assertPlainName, resolveRunDir } from "./paths.js";
import { type LogRecord, RunRecorder } from "./records.js";
import { type FileLoggerState, jsonlStep, rewindLines } from "./rewind.js";

/** Options of the `jsonl` logger. */
export const JSONL_OPTIONS = z.strictObject({
  dir: dirOption(),
  file: fileOption("metrics.jsonl"),
  every: everyOption(),
});
export type JsonlOptions = z.input<typeof JSONL_OPTIONS>;

/**
 * One JSON object per line: `{"kind":"interval","step":1000,"time":…,"rollout/ep_rew_mean":…}`.
 * Metrics are flat keys named as in core's `METRICS`; a warning line nests the event under `warning`.
 */
export function recordToJson(record: LogRecord): string {
  if (record.kind === "warning") {
    return JSON.stringify({ kind: "warning", step: record.step, time: record.time, warning: record.warning });
  }
  return JSON.stringify({ kind: record.kind, step: record.step, time: record.time, ...record.metrics });
}

/**
 * The `jsonl` logger: every record (episode, evaluation, interval, warning) as a line of
 * `<dir>/metrics.jsonl`, appended and handed to the kernel line by line. A resumed run cuts the
 * file back to what its checkpoint covered ({@link JsonlLogger.rewind}) and appends after it.
 */
export class JsonlLogger implements Logger {
  readonly path: string;
  private readonly file: AppendFile;
  private readonly guard: LoggerGuard;
  private readonly recorder: RunRecorder;
  private readonly report: (message: string) => void;

  constructor(options: JsonlOptions = {}, runtime: LoggerRuntime = {}) {
    const o = parseOptions(JSONL_OPTIONS, options, {
      path: runtime.path ?? "jsonl",
      owner: `logger "jsonl"`,
    });
    this.path = join(resolveRunDir(o.dir, optionPath(runtime, "dir")), assertPlainName(o.file, "file name"));
    this.file = new AppendFile(this.path);
    this.report = runtime.report ?? ((m) => console.error(m));
    this.guard = new LoggerGuard("jsonl", runtime.report);
    this.recorder = new RunRecorder({ every: o.every, clock: runtime.clock, warnings: true }, (r) =>
      this.file.appendLine(recordToJson(r)),
    );
  }

  attach(events: TrainingEvents): () => void {
    return this.guard.attach(events, this.recorder.handlers(), () => void this.file.open());
  }

  /** The file's length (flushed to the disk) and the recorder's state; undefined once failed. */
  snapshot(): FileLoggerState | undefined {
    let state: FileLoggerState | undefined;
    this.guard.run(() => {
      state = { bytes: this.file.syncedLength(), recorder: this.recorder.snapshot() };
    });
    return this.guard.failed ? undefined : state;
  }

  /** Cuts the file back to what the checkpoint covered (see rewind.ts). */
  rewind(to: LoggerRewind): void {
    this.guard.run(() => rewindLines("jsonl", this.file, this.recorder, to, jsonlStep, this.report));
  }

  close(): void {
    this.guard.close(() => this.file.close());
  }
}
