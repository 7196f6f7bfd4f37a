import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { basename, join } from "node:path";
import { type Logger, type LoggerRewind, parseOptions, type TrainingEvents, z } from "@gymkit/core";
import { ioError, makeDirSync } from "@gymkit/core/node";
import { writeAll } from "./append-file.js";
import { dirOption, everyOption, type LoggerRuntime, optionPath } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { resolveRunDir } from "./paths.js";
import { type LogRecord, RunRecorder } from "./records.js";
import { type FileLoggerState, fileStateOf, reportShort } from "./rewind.js";
import {
  encodeEvent,
  eventStep,
  FILE_VERSION,
  frameRecord,
  keptRecordsLength,
  validRecordsLength,
} from "./tfevents.js";

/** Options of the `tensorboard` logger. */
export const TENSORBOARD_OPTIONS = z.strictObject({
  dir: dirOption(),
  every: everyOption(),
});
export type TensorBoardOptions = z.input<typeof TENSORBOARD_OPTIONS>;

const PREFIX = "events.out.tfevents.";

/** `events.out.tfevents.<unix seconds>.<host>`, TensorFlow's name for an event file. */
export const eventFileName = (unixMs: number, host = hostname()): string =>
  `${PREFIX}${Math.floor(unixMs / 1000)}.${host}`;

/** The newest event file in `dir` (by the time in its name), if any. */
function latestEventFile(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(PREFIX));
  } catch {
    return undefined;
  }
  const time = (n: string) => Number(n.slice(PREFIX.length).split(".")[0]) || 0;
  names.sort((a, b) => time(a) - time(b) || a.localeCompare(b));
  return names.at(-1);
}

/**
 * The `tensorboard` logger: an `events.out.tfevents.<time>.<host>` file in `dir` that TensorBoard
 * opens. The first record is `file_version: "brain.Event:2"`; then one `Event` per record of the
 * run (episode, evaluation, interval), its metrics as `simple_value` scalars tagged with their
 * `METRICS` names at the record's env step. Each record is framed and written in one call; a
 * resumed run cuts the event file back to what its checkpoint covered ({@link
 * TensorBoardLogger.rewind}) and appends after it.
 */
export class TensorBoardLogger implements Logger {
  readonly dir: string;
  /** The event file, once open. */
  path: string | undefined;
  private fd: number | undefined;
  private readonly guard: LoggerGuard;
  private readonly recorder: RunRecorder;
  private readonly clock: () => number;
  private readonly report: (message: string) => void;

  constructor(options: TensorBoardOptions = {}, runtime: LoggerRuntime = {}) {
    const o = parseOptions(TENSORBOARD_OPTIONS, options, {
      path: runtime.path ?? "tensorboard",
      owner: `logger "tensorboard"`,
    });
    this.dir = resolveRunDir(o.dir, optionPath(runtime, "dir"));
    this.clock = runtime.clock ?? Date.now;
    this.report = runtime.report ?? ((m) => console.error(m));
    this.guard = new LoggerGuard("tensorboard", runtime.report);
    this.recorder = new RunRecorder({ every: o.every, clock: this.clock }, (r) => this.write(r));
  }

  attach(events: TrainingEvents): () => void {
    return this.guard.attach(events, this.recorder.handlers(), () => this.open());
  }

  close(): void {
    this.guard.close(() => this.closeFile());
  }

  /** The event file's name and length (flushed to the disk) and the recorder's state; undefined once failed. */
  snapshot(): FileLoggerState | undefined {
    let state: FileLoggerState | undefined;
    this.guard.run(() => {
      if (this.fd === undefined) return;
      try {
        fdatasyncSync(this.fd);
        state = {
          file: basename(this.path!),
          bytes: fstatSync(this.fd).size,
          recorder: this.recorder.snapshot(),
        };
      } catch (e) {
        throw ioError(e, "write", this.path!);
      }
    });
    return this.guard.failed ? undefined : state;
  }

  /**
   * Cuts the event file back to what the checkpoint covered: its length then, or without it the
   * records at steps up to the checkpoint's (TensorBoard would otherwise show the steps the
   * killed process logged after its checkpoint twice).
   */
  rewind(to: LoggerRewind): void {
    this.guard.run(() => {
      const state = fileStateOf(to);
      if (state?.file !== undefined && state.file !== basename(this.path ?? "")) {
        if (existsSync(join(this.dir, state.file))) {
          this.closeFile();
          this.open(state.file);
        }
      }
      if (this.fd === undefined) return;
      try {
        const size = fstatSync(this.fd).size;
        if (state && (state.file === undefined || state.file === basename(this.path!))) {
          if (size > state.bytes) ftruncateSync(this.fd, state.bytes);
          reportShort(this.report, "tensorboard", this.path!, Math.max(0, state.bytes - size), to.step);
          this.recorder.restore(to.step, state.recorder);
          return;
        }
        const keep = keptRecordsLength(new Uint8Array(readFileSync(this.path!)), (data) => {
          const e = eventStep(data);
          return e.fileVersion || e.step <= to.step;
        });
        ftruncateSync(this.fd, keep);
        this.recorder.restore(to.step);
      } catch (e) {
        throw ioError(e, "write", this.path!);
      }
    });
  }

  private closeFile(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private open(name?: string): void {
    const now = this.clock();
    const existing = name ?? latestEventFile(this.dir);
    const path = join(this.dir, existing ?? eventFileName(now));
    this.path = path;
    try {
      makeDirSync(this.dir);
      this.fd = openSync(path, "a+");
      let records = 0;
      if (existing !== undefined) {
        const valid = validRecordsLength(new Uint8Array(readFileSync(path)));
        ftruncateSync(this.fd, valid.length);
        records = valid.length === 0 ? 0 : valid.records;
      }
      if (records === 0) {
        writeAll(
          this.fd,
          frameRecord(encodeEvent({ wallTime: this.clock() / 1000, fileVersion: FILE_VERSION })),
        );
      }
    } catch (e) {
      throw ioError(e, "write", path);
    }
  }

  private write(record: LogRecord): void {
    if (record.kind === "warning" || this.fd === undefined) return;
    const event = encodeEvent({
      wallTime: record.time,
      step: record.step,
      scalars: record.metrics as Readonly<Record<string, number>>,
    });
    try {
      writeAll(this.fd, frameRecord(event));
    } catch (e) {
      throw ioError(e, "write", this.path!);
    }
  }
}
