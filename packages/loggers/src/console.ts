import { type Logger, parseOptions, type TrainingEvents, z } from "@gymkit/core";
import type { LoggerRuntime } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { progressHandlers } from "./progress.js";
import { ProgressBoard, type ProgressStream } from "./progress-board.js";

/** Options of the `console` logger. */
export const CONSOLE_OPTIONS = z.strictObject({
  mode: z
    .enum(["auto", "bars", "lines"])
    .default("auto")
    .describe(
      "bars: redrawn progress bars (a terminal); lines: one plain line every `every` seconds; auto: bars on a TTY.",
    ),
  every: z.number().gt(0).default(5).describe("Lines mode: seconds between two lines of a run."),
});
export type ConsoleOptions = z.input<typeof CONSOLE_OPTIONS>;

/** What the `console` logger takes besides its options. */
export interface ConsoleRuntime extends LoggerRuntime {
  /** @default process.stdout */
  stream?: ProgressStream | undefined;
  /** A board shared by several runs in one process; the logger then does not close it. */
  board?: ProgressBoard | undefined;
}

/**
 * The `console` logger: the run's line on a {@link ProgressBoard}: steps done/total, env-steps/s,
 * ETA, mean return of the last 100 episodes, last greedy evaluation, ε, last loss, and warnings.
 */
export class ConsoleLogger implements Logger {
  readonly board: ProgressBoard;
  private readonly ownsBoard: boolean;
  private readonly guard: LoggerGuard;
  private readonly clock: (() => number) | undefined;

  constructor(options: ConsoleOptions = {}, runtime: ConsoleRuntime = {}) {
    const o = parseOptions(CONSOLE_OPTIONS, options, {
      path: runtime.path ?? "console",
      owner: `logger "console"`,
    });
    this.clock = runtime.clock;
    this.ownsBoard = runtime.board === undefined;
    this.board =
      runtime.board ??
      new ProgressBoard({
        stream: runtime.stream,
        mode: o.mode,
        everyMs: o.every * 1000,
        clock: runtime.clock,
      });
    this.guard = new LoggerGuard("console", runtime.report);
  }

  attach(events: TrainingEvents): () => void {
    return this.guard.attach(
      events,
      progressHandlers((m) => this.board.update(m), {
        clock: this.clock,
        // Bars redraw at most ~10 times a second; lines are throttled by the board itself.
        everyMs: this.board.mode === "bars" ? 100 : 250,
      }),
    );
  }

  close(): void {
    if (this.ownsBoard) this.guard.close(() => this.board.close());
  }
}
