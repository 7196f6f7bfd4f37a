/**
 * Exact resumes for file loggers (issue #19): at a checkpoint a logger records its file's length
 * and its recorder's state; a resumed run cuts the file back to that length and goes on from that
 * state, so the file ends equal to an uninterrupted run's. A checkpoint without them (none, or an
 * older one) falls back to the records' steps.
 */
import type { LoggerRewind } from "@gymkit/core";
import { z } from "@gymkit/core";
import type { AppendFile } from "./append-file.js";
import type { Report } from "./guard.js";
import type { RunRecorder } from "./records.js";

/** A file logger's part of a checkpoint. */
export const FILE_LOGGER_STATE = z.strictObject({
  /** The file, for loggers whose file name is chosen at run time (TensorBoard's). */
  file: z.string().optional(),
  /** Its length in bytes when the checkpoint was written. */
  bytes: z.number().int().min(0),
  recorder: z.unknown(),
});
export type FileLoggerState = z.output<typeof FILE_LOGGER_STATE>;

/** The state in `to`, when it is a file logger's. */
export const fileStateOf = (to: LoggerRewind): FileLoggerState | undefined => {
  const parsed = FILE_LOGGER_STATE.safeParse(to.state);
  return parsed.success ? parsed.data : undefined;
};

/** Says that a crash of the machine lost the tail of a log (the resumed run goes on without it). */
export function reportShort(
  report: Report,
  logger: string,
  path: string,
  missing: number,
  step: number,
): void {
  if (missing > 0) {
    report(
      `Logger "${logger}": ${path} is ${missing} bytes shorter than when the checkpoint at step ${step} was written (a crash of the machine lost them); the resumed run appends after what is left.`,
    );
  }
}

/**
 * Rewinds a line file and its recorder to `to`: to the checkpoint's length and state, or without
 * them to the lines whose step (`stepOf`; undefined keeps the line, e.g. a header) is at most
 * `to.step`.
 */
export function rewindLines(
  logger: string,
  file: AppendFile,
  recorder: RunRecorder,
  to: LoggerRewind,
  stepOf: (line: string, index: number) => number | undefined,
  report: Report,
): void {
  const state = fileStateOf(to);
  if (state) {
    reportShort(report, logger, file.path, file.truncate(state.bytes), to.step);
    recorder.restore(to.step, state.recorder);
    return;
  }
  file.truncateLines((line, i) => {
    const step = stepOf(line, i);
    return step === undefined || step <= to.step;
  });
  recorder.restore(to.step);
}

/** The `step` of a JSONL record line (NaN for a line that is not one: it is cut). */
export const jsonlStep = (line: string): number => {
  try {
    const step = (JSON.parse(line) as { step?: unknown }).step;
    return typeof step === "number" ? step : Number.NaN;
  } catch {
    return Number.NaN;
  }
};
