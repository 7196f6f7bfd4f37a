import cliProgress from "cli-progress";
import type { ProgressMessage } from "./progress.js";

/** What the board writes to: `process.stdout`, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** Options of a {@link ProgressBoard}. */
export interface ProgressBoardOptions {
  /** @default process.stdout */
  stream?: ProgressStream | undefined;
  /**
   * `bars`: cli-progress bars redrawn in place, one per run (needs a terminal). `lines`: one
   * plain line per run every `everyMs` (CI logs, pipes). `auto`: bars when the stream is a TTY.
   * @default "auto"
   */
  mode?: "auto" | "bars" | "lines" | undefined;
  /** Lines mode: at most one line per run per this many ms (first, warnings and the end always print). @default 5000 */
  everyMs?: number | undefined;
  /** Milliseconds since the Unix epoch. @default Date.now */
  clock?: (() => number) | undefined;
}

const DASH = "–";
const num = (x: number | undefined, digits: number) =>
  x === undefined || !Number.isFinite(x) ? (x === undefined ? DASH : String(x)) : x.toFixed(digits);
const sig = (x: number | undefined) =>
  x === undefined ? DASH : Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);

/** Seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Everything after the step count: rate, ETA, returns, ε, loss, warning, end. */
export function formatProgressDetails(m: ProgressMessage): string {
  const eta =
    m.end !== undefined
      ? m.end
      : m.fps && m.fps > 0
        ? `ETA ${formatDuration(Math.max(0, m.total - m.step) / m.fps)}`
        : `ETA ${DASH}`;
  const parts = [
    `${m.fps === undefined ? DASH : Math.round(m.fps)} steps/s`,
    eta,
    `return ${num(m.epRewMean, 1)}`,
    `eval ${num(m.lastEval, 1)}`,
    `ε ${num(m.epsilon, 3)}`,
    `loss ${sig(m.loss)}`,
  ];
  if (m.warning !== undefined) parts.push(`warning ${m.warning}`);
  return parts.join("  ");
}

/**
 * One run as a plain line:
 * `seed-0  step 5000/50000 (10.0%)  1234 steps/s  ETA 0:36  return 21.3  eval 9.4  ε 0.410  loss 0.0123`.
 */
export function formatProgressLine(m: ProgressMessage): string {
  const pct = m.total > 0 ? ((100 * m.step) / m.total).toFixed(1) : DASH;
  return `${m.runId}  step ${m.step}/${m.total} (${pct}%)  ${formatProgressDetails(m)}`;
}

/**
 * One line per run, keyed by run id, fed with {@link ProgressMessage}s from the run's own events
 * (the `console` logger) or from worker threads (the runner). On a terminal it draws cli-progress
 * bars; elsewhere it prints plain lines, since cli-progress prints a broken final frame when the
 * stream is not a TTY.
 */
export class ProgressBoard {
  readonly mode: "bars" | "lines";
  private readonly stream: ProgressStream;
  private readonly everyMs: number;
  private readonly clock: () => number;
  private readonly latest = new Map<string, ProgressMessage>();
  private readonly printed = new Map<string, { at: number; message: ProgressMessage }>();
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private multibar: cliProgress.MultiBar | undefined;
  private closed = false;

  constructor(options: ProgressBoardOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    const mode = options.mode ?? "auto";
    this.mode = mode === "auto" ? (this.stream.isTTY === true ? "bars" : "lines") : mode;
    this.everyMs = options.everyMs ?? 5000;
    this.clock = options.clock ?? Date.now;
  }

  /** Shows `message` on its run's line (a new run gets a new line). */
  update(message: ProgressMessage): void {
    if (this.closed) return;
    const previous = this.latest.get(message.runId);
    this.latest.set(message.runId, message);
    if (this.mode === "bars") this.draw(message, previous);
    else this.print(message, previous);
  }

  /** Prints each run's last state not yet shown (lines), or stops the bars. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.multibar) {
      this.multibar.stop();
      return;
    }
    for (const [runId, message] of this.latest) {
      if (this.printed.get(runId)?.message !== message) this.emitLine(message);
    }
  }

  private print(message: ProgressMessage, previous: ProgressMessage | undefined): void {
    const now = this.clock();
    const last = this.printed.get(message.runId);
    const due =
      last === undefined ||
      message.end !== undefined ||
      message.warning !== previous?.warning ||
      now - last.at >= this.everyMs;
    if (due) {
      this.printed.set(message.runId, { at: now, message });
      this.emitLine(message);
    }
  }

  private emitLine(message: ProgressMessage): void {
    this.printed.set(message.runId, { at: this.printed.get(message.runId)?.at ?? this.clock(), message });
    this.stream.write(`${formatProgressLine(message)}\n`);
  }

  private draw(message: ProgressMessage, previous: ProgressMessage | undefined): void {
    this.multibar ??= new cliProgress.MultiBar(
      {
        // cli-progress types its stream as a Node stream; it only calls write and reads isTTY/columns.
        stream: this.stream as NodeJS.WritableStream,
        format: "{runId} |{bar}| {percentage}% {value}/{total}  {details}",
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        autopadding: true,
        barsize: 24,
      },
      cliProgress.Presets.shades_classic,
    );
    const payload = { runId: message.runId, details: formatProgressDetails(message) };
    const bar = this.bars.get(message.runId);
    if (bar === undefined) {
      this.bars.set(message.runId, this.multibar.create(message.total, message.step, payload));
    } else {
      bar.setTotal(message.total);
      bar.update(message.step, payload);
    }
    if (message.warning !== undefined && message.warning !== previous?.warning) {
      this.multibar.log(`${message.runId} warning ${message.warning}\n`);
    }
  }
}
