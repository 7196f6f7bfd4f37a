/**
 * How a command that trains stops (issue #19). SIGINT (Ctrl-C), SIGTERM and SIGHUP (a closed
 * terminal, a dropped ssh) all ask every run to checkpoint and stop. One Ctrl-C acts as one: a
 * terminal sends SIGINT to the whole foreground process group, so under `npx gymkit` or `npm run`
 * the trainer gets it twice (once from the terminal, once forwarded by npm); signals within
 * {@link REPEAT_MS} of the first are that same request. A signal later than that means "stop now":
 * the process exits at once, and the checkpoints already on disk (each written atomically) are
 * what `--resume` goes on from.
 */
import { readFileSync } from "node:fs";

/** Signals this close to the first are the same Ctrl-C (terminal + wrapper), not a second one. */
export const REPEAT_MS = 1000;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What {@link onStopSignals} calls. */
export interface StopHandlers {
  /** The first signal: checkpoint and stop. */
  stop(signal: NodeJS.Signals): void;
  /** A signal {@link REPEAT_MS} or more after the first: say what is kept, then the process exits (130). */
  stopNow(): void;
}

/** Watches for stop signals until the returned function is called. */
export function onStopSignals(handlers: StopHandlers, now: () => number = Date.now): () => void {
  let first: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === "SIGHUP") ignoreClosedTerminal();
    if (first === undefined) {
      first = now();
      handlers.stop(signal);
    } else if (now() - first >= REPEAT_MS) {
      handlers.stopNow();
      process.exit(130);
    }
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  // Orphaned: stop as on SIGHUP, unless already stopping (npm leaves on Ctrl-C before we are done).
  const parent = watchParent(() => {
    if (first !== undefined) return;
    first = now();
    ignoreClosedTerminal();
    handlers.stop("SIGHUP");
  });
  return () => {
    for (const s of SIGNALS) process.off(s, onSignal);
    parent();
  };
}

/** After SIGHUP the terminal is gone: writing progress to it must not end the process before its checkpoints. */
function ignoreClosedTerminal(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}

/** Linux: a process's parent pid and command line, from /proc (undefined elsewhere or when gone). */
function procInfo(pid: number): { ppid: number; state: string; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    return { ppid: Number(ppid), state: state!, command };
  } catch {
    return undefined;
  }
}

/**
 * Under npm (`npx gymkit`, `npm run ...`: npm → sh → gymkit), npm stays while its child runs; if
 * it is gone (SIGKILLed), the run would go on orphaned. Polling npm's pid (Node has no
 * parent-death signal; Linux's /proc finds npm among the ancestors), such a run stops as on
 * SIGHUP: it checkpoints and exits.
 */
function watchParent(onOrphaned: () => void): () => void {
  if (process.env.npm_command === undefined) return () => {};
  let npm: number | undefined;
  for (let pid = process.ppid, i = 0; pid > 1 && i < 4; i++) {
    const info = procInfo(pid);
    if (!info) break;
    if (/^npm\b|npm-cli\.js/.test(info.command)) {
      npm = pid;
      break;
    }
    pid = info.ppid;
  }
  if (npm === undefined) return () => {};
  const watched = npm;
  const timer = setInterval(() => {
    const info = procInfo(watched);
    if (info === undefined || info.state === "Z") {
      clearInterval(timer);
      onOrphaned();
    }
  }, 250);
  timer.unref();
  return () => clearInterval(timer);
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export const shellQuote = (word: string): string =>
  /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
