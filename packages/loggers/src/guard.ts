import type { TrainingEventMap, TrainingEventName, TrainingEvents } from "@gymkit/core";

/** Listeners by event name, each taking the event's one payload. */
export type Handlers = { [K in TrainingEventName]?: (event: TrainingEventMap[K][0]) => void };

/** Where a logger's failure is reported (one line). @default console.error */
export type Report = (message: string) => void;

const defaultReport: Report = (message) => console.error(message);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps one logger's failure from stopping training. Its listeners run inside a try/catch; the
 * first exception (or rejected async write passed to {@link LoggerGuard.run}) is reported once,
 * with the logger's name, as one line to `report` and as a `warning` event of kind `logger` (so
 * other loggers record it), and every listener of the logger is detached. Later calls do nothing.
 */
export class LoggerGuard {
  /** True once the logger failed; it is detached and writes nothing more. */
  failed = false;
  private readonly detachers: Array<() => void> = [];
  private events: TrainingEvents | undefined;
  private step = 0;

  constructor(
    /** The logger's id as configs name it, e.g. `jsonl`. */
    readonly name: string,
    private readonly report: Report = defaultReport,
  ) {}

  /**
   * Runs `setup` (e.g. opening a file), then subscribes `handlers` to `events`, each guarded;
   * returns the unsubscribe. When `setup` throws, the logger fails and subscribes nothing.
   */
  attach(events: TrainingEvents, handlers: Handlers, setup?: () => void): () => void {
    this.events = events;
    if (setup) this.run(setup);
    if (this.failed) return () => {};
    for (const name of Object.keys(handlers) as TrainingEventName[]) {
      const handler = handlers[name] as (event: unknown) => void;
      const listener = (event: unknown) => {
        if (this.failed) return;
        const step = (event as { step?: unknown }).step;
        if (typeof step === "number") this.step = step;
        try {
          handler(event);
        } catch (error) {
          this.fail(error);
        }
      };
      // eventemitter3's typed `on` cannot take a listener chosen by a runtime name.
      events.on(name, listener as never);
      this.detachers.push(() => events.off(name, listener as never));
    }
    return () => this.detach();
  }

  /** Runs `fn` (e.g. opening a file, or a close); a throw or rejection fails the logger instead. */
  run(fn: () => Promise<void>): Promise<void>;
  run(fn: () => void): void;
  run(fn: () => void | Promise<void>): void | Promise<void> {
    if (this.failed) return;
    try {
      const result = fn();
      if (result instanceof Promise) return result.catch((error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Runs a logger's `close` work even after a failure (files must be closed either way); a throw
   * or rejection is reported unless the logger already failed. Never throws.
   */
  close(fn: () => void | Promise<void>): void | Promise<void> {
    try {
      const result = fn();
      if (result instanceof Promise) return result.catch((error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Reports `error` once, emits the `warning` event, and detaches the logger's listeners. */
  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.detach();
    const message = `Logger "${this.name}" failed and was detached; training goes on. ${messageOf(error)}`;
    this.report(message);
    this.events?.emit("warning", { step: this.step, kind: "logger", message });
  }

  private detach(): void {
    for (const off of this.detachers.splice(0)) off();
  }
}
