import { readFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import {
  type EpisodeEndEvent,
  GymkitError,
  type Logger,
  type LoggerRewind,
  parseOptions,
  type RunEndEvent,
  type RunStartEvent,
  type TrainingEvents,
  z,
} from "@gymkit/core";
import { AppendFile } from "./append-file.js";
import { dirOption, fileOption, type LoggerRuntime, optionPath } from "./file-options.js";
import { LoggerGuard } from "./guard.js";
import { pythonFloatRepr, pythonJsonDumps, pythonRound6 } from "./internal/python-format.js";
import { assertPlainName, resolveRunDir } from "./paths.js";
import { type FileLoggerState, fileStateOf, reportShort } from "./rewind.js";

/** What Stable-Baselines3's `load_results` globs in a directory (`get_monitor_files`: `*monitor.csv`). */
export const MONITOR_SUFFIX = "monitor.csv";

/** Options of the `monitor` logger. */
export const MONITOR_OPTIONS = z.strictObject({
  dir: dirOption(),
  file: fileOption(MONITOR_SUFFIX)
    .refine(
      (f) => f.endsWith(MONITOR_SUFFIX),
      `expected a file name ending in "${MONITOR_SUFFIX}" (Stable-Baselines3's load_results reads *${MONITOR_SUFFIX})`,
    )
    .describe(
      `File name inside dir (one plain name), ending in "${MONITOR_SUFFIX}": SB3's load_results reads *${MONITOR_SUFFIX}.`,
    ),
  envId: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The header's env_id. By default the run's env id (`env.id` of its config), else None as SB3 writes it.",
    ),
});
export type MonitorOptions = z.input<typeof MONITOR_OPTIONS>;

/** The line after the JSON header: SB3's `csv.DictWriter` field names. */
const COLUMNS = "r,l,t";
/** Python's `csv` writer ends each row with CRLF (its `excel` dialect); SB3's header line ends with LF. */
const CR = "\r";

/**
 * One row as SB3's `Monitor` writes it: `round(return, 6)`, the length, `round(seconds since
 * t_start, 6)`, floats as Python's `repr`, CRLF-terminated (the LF is `appendLine`'s).
 */
export function monitorRow(episodeReturn: number, length: number, seconds: number): string {
  return `${pythonFloatRepr(pythonRound6(episodeReturn))},${length},${pythonFloatRepr(pythonRound6(seconds))}${CR}`;
}

/** The two header lines: `#{"t_start": …, "env_id": "…"}` (LF) and `r,l,t` (CRLF); no final LF. */
export function monitorHeader(tStart: number, envId: string): string {
  return `#${pythonJsonDumps({ t_start: tStart, env_id: envId })}\n${COLUMNS}${CR}`;
}

/**
 * The `monitor` logger: Stable-Baselines3's `monitor.csv` (`stable_baselines3.common.monitor`),
 * one row per finished training episode (`r,l,t`: return, length, seconds since `t_start`) under
 * its JSON header line, byte for byte as SB3 writes it, so `load_results`, `results_plotter` and
 * RL Zoo's `plot_train` read a gymkit run. With a vector env the rows are its episodes in the order
 * they end, as SB3's `VecMonitor` writes them. Evaluation episodes are not rows (SB3 monitors them
 * in a separate file, if at all).
 *
 * A fresh run starts the file anew (SB3's default, `override_existing=True`). A resumed run keeps
 * the header and its `t_start`, so `t` keeps counting from the first start, and cuts the rows of
 * episodes after the checkpoint: to the length its `snapshot()` recorded (`rewind`, the runner's
 * exact resume), or else by episode index (a row is episode k when k rows precede it; the first
 * episode after resuming, or `runEnd`, says which k), so the file ends up as an uninterrupted
 * run's, times aside.
 */
export class MonitorLogger implements Logger {
  readonly path: string;
  private readonly file: AppendFile;
  private readonly guard: LoggerGuard;
  private readonly clock: () => number;
  private readonly envId: string | undefined;
  /** `t_start` of the header in the file, Unix seconds; `undefined` until one is there. */
  private tStart: number | undefined;
  /** The header found when opening (a resumed run keeps it). */
  private found: { tStart: number; rows: number } | undefined;
  /** Episode rows in the file. */
  private rows = 0;

  private readonly report: (message: string) => void;

  constructor(options: MonitorOptions = {}, runtime: LoggerRuntime = {}) {
    const o = parseOptions(MONITOR_OPTIONS, options, {
      path: runtime.path ?? "monitor",
      owner: `logger "monitor"`,
    });
    this.path = join(resolveRunDir(o.dir, optionPath(runtime, "dir")), assertPlainName(o.file, "file name"));
    this.file = new AppendFile(this.path);
    this.guard = new LoggerGuard("monitor", runtime.report);
    this.report = runtime.report ?? ((m) => console.error(m));
    this.clock = runtime.clock ?? Date.now;
    this.envId = o.envId;
  }

  attach(events: TrainingEvents): () => void {
    return this.guard.attach(
      events,
      {
        runStart: (e) => this.start(e),
        episodeEnd: (e) => this.episode(e),
        runEnd: (e) => this.end(e),
      },
      () => this.open(),
    );
  }

  /** The file's length (flushed) and the header's `t_start` and rows, for the checkpoint. */
  snapshot(): FileLoggerState | undefined {
    let state: FileLoggerState | undefined;
    this.guard.run(() => {
      state = { bytes: this.file.syncedLength(), recorder: { tStart: this.tStart, rows: this.rows } };
    });
    return this.guard.failed ? undefined : state;
  }

  /** Cuts the file back to what the checkpoint covered; the header's `t_start` is kept. */
  rewind(to: LoggerRewind): void {
    this.guard.run(() => {
      const state = fileStateOf(to);
      const saved = state?.recorder as { tStart?: unknown; rows?: unknown } | undefined;
      if (state === undefined || typeof saved?.rows !== "number" || typeof saved.tStart !== "number") {
        return; // no state: the rows are cut by episode index when the run goes on
      }
      reportShort(this.report, "monitor", this.path, this.file.truncate(state.bytes), to.step);
      this.found = { tStart: saved.tStart, rows: saved.rows };
    });
  }

  close(): void {
    this.guard.close(() => this.file.close());
  }

  /** Opens the file (cutting a torn last line) and reads the header and row count already there. */
  private open(): void {
    const first = this.file.open();
    if (first === undefined) return;
    const text = readFileSync(this.path, "utf8");
    const lines = text.split("\n");
    const header = parseHeader(first);
    if (header === undefined || lines[1] !== `${COLUMNS}${CR}`) {
      throw new GymkitError(
        "GYMKIT_IO",
        `Cannot append to ${this.path}: it does not start with Stable-Baselines3's monitor header (#{"t_start": …, "env_id": …} then ${COLUMNS}). Move the old file away or choose another dir.`,
      );
    }
    this.found = { tStart: header, rows: lines.length - 3 }; // 2 header lines, "" after the last LF
  }

  private start(e: RunStartEvent): void {
    if (e.resumedFrom !== undefined && this.found !== undefined) {
      this.tStart = this.found.tStart;
      this.rows = this.found.rows;
      return;
    }
    this.writeHeader(configEnvId(e.config));
  }

  private episode(e: EpisodeEndEvent): void {
    if (this.tStart === undefined) this.writeHeader(undefined); // no runStart: events from a bare loop
    if (this.rows > e.episode) this.cutRows(e.episode);
    this.file.appendLine(monitorRow(e.return, e.length, this.clock() / 1000 - this.tStart!));
    this.rows++;
  }

  private end(e: RunEndEvent): void {
    if (this.rows > e.episodes) this.cutRows(e.episodes);
  }

  /** Starts the file anew: `t_start` is now. */
  private writeHeader(configured: string | undefined): void {
    this.tStart = this.clock() / 1000;
    if (this.found !== undefined) this.truncate(0);
    this.found = undefined;
    this.file.appendLine(monitorHeader(this.tStart, this.envId ?? configured ?? "None"));
    this.rows = 0;
  }

  /** Keeps the header and the first `rows` rows (those of episodes the checkpoint covers). */
  private cutRows(rows: number): void {
    const text = readFileSync(this.path);
    let offset = 0;
    for (let lf = 0; lf < rows + 2; lf++) offset = text.indexOf(0x0a, offset) + 1;
    this.truncate(offset);
    this.rows = rows;
  }

  private truncate(bytes: number): void {
    this.file.close();
    truncateSync(this.path, bytes);
    this.file.open();
  }
}

/** `t_start` of an SB3 header line `#{"t_start": 1.7e9, "env_id": "…"}`, or undefined. */
function parseHeader(line: string): number | undefined {
  if (!line.startsWith("#")) return undefined;
  try {
    const header = JSON.parse(line.slice(1)) as { t_start?: unknown };
    return typeof header.t_start === "number" && Number.isFinite(header.t_start) ? header.t_start : undefined;
  } catch {
    return undefined;
  }
}

/** The env id of a run's resolved config (`config.env.id`), as SB3 writes `env.spec.id`. */
function configEnvId(config: RunStartEvent["config"]): string | undefined {
  const env = config?.env as { id?: unknown } | string | undefined;
  if (typeof env === "string") return env;
  return typeof env?.id === "string" ? env.id : undefined;
}
