import { join } from "node:path";
import { type Logger, type LoggerRewind, parseOptions, type TrainingEvents, z } from "@gymkit/core";
import { writeFileAtomic } from "@gymkit/core/node";
import { dirOption, everyOption, fileOption, type LoggerRuntime, optionPath } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { assertPlainName, resolveRunDir } from "./paths.js";
import { renderLearningCurves } from "./plot.js";
import { type LogRecord, RunRecorder } from "./records.js";

/** Options of the `plot` logger. */
export const PLOT_OPTIONS = z.strictObject({
  dir: dirOption(),
  file: fileOption("learning-curves").describe("Base name of the figure: <file>.svg and <file>.png in dir."),
  every: everyOption().describe("Env steps between two points of the loss and ε curves."),
  window: z.number().int().min(1).default(100).describe("Episodes in the moving average of the return."),
  scale: z.number().gt(0).max(8).default(2).describe("PNG pixels per SVG pixel."),
  title: z.string().optional().describe('Figure title. Default: "Learning curves — <run id>".'),
});
export type PlotOptions = z.input<typeof PLOT_OPTIONS>;

/**
 * The `plot` logger: keeps the run's records in memory and, at run end (or on demand with
 * {@link PlotLogger.render}), writes the learning-curve figure as `<dir>/learning-curves.svg` and
 * `.png`. `close()` awaits a render still under way.
 */
export class PlotLogger implements Logger {
  readonly svgPath: string;
  readonly pngPath: string;
  readonly records: LogRecord[] = [];
  private readonly options: z.output<typeof PLOT_OPTIONS>;
  private readonly guard: LoggerGuard;
  private readonly recorder: RunRecorder;
  private runId: string | undefined;
  private pending: Promise<void> | undefined;

  constructor(options: PlotOptions = {}, runtime: LoggerRuntime = {}) {
    this.options = parseOptions(PLOT_OPTIONS, options, {
      path: runtime.path ?? "plot",
      owner: `logger "plot"`,
    });
    const dir = resolveRunDir(this.options.dir, optionPath(runtime, "dir"));
    const base = assertPlainName(this.options.file, "file name");
    this.svgPath = join(dir, `${base}.svg`);
    this.pngPath = join(dir, `${base}.png`);
    this.guard = new LoggerGuard("plot", runtime.report);
    this.recorder = new RunRecorder({ every: this.options.every, clock: runtime.clock }, (r) =>
      this.records.push(r),
    );
  }

  attach(events: TrainingEvents): () => void {
    const r = this.recorder.handlers();
    return this.guard.attach(events, {
      ...r,
      runStart: (e) => {
        this.runId = e.runId;
        r.runStart!(e);
      },
      runEnd: (e) => {
        r.runEnd!(e);
        this.pending = this.guard.run(() => this.render().then(() => undefined));
      },
    });
  }

  /** Renders the figure from what was recorded so far and writes both files. */
  async render(): Promise<{ svg: string; png: string }> {
    const title =
      this.options.title ??
      (this.runId === undefined ? "Learning curves" : `Learning curves — ${this.runId}`);
    const { svg, png } = await renderLearningCurves(this.records, {
      title,
      window: this.options.window,
      scale: this.options.scale,
    });
    await writeFileAtomic(this.svgPath, svg);
    await writeFileAtomic(this.pngPath, png);
    return { svg: this.svgPath, png: this.pngPath };
  }

  /** The records so far and the recorder's state, as JSON data (non-finite numbers as strings). */
  snapshot(): { records: unknown; recorder: unknown } | undefined {
    if (this.guard.failed) return undefined;
    const finite = (_: string, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? { number: String(v) } : v;
    return { records: JSON.parse(JSON.stringify(this.records, finite)), recorder: this.recorder.snapshot() };
  }

  /** Takes back the records of the checkpoint the run resumes from (none without it). */
  rewind(to: LoggerRewind): void {
    const state = to.state as { records?: unknown; recorder?: unknown } | undefined;
    this.records.length = 0;
    if (Array.isArray(state?.records)) {
      const numbers = (_: string, v: unknown) =>
        typeof v === "object" && v !== null && typeof (v as { number?: unknown }).number === "string"
          ? Number((v as { number: string }).number)
          : v;
      this.records.push(...(JSON.parse(JSON.stringify(state.records), numbers) as LogRecord[]));
      this.recorder.restore(to.step, state?.recorder);
    } else {
      this.recorder.restore(to.step);
    }
  }

  async close(): Promise<void> {
    await this.pending;
  }
}
