import { type DependencyContainer, get, has, provideFactory, type Token, token } from "./di.js";
import { describeValue, GymkitError } from "./errors.js";
import { createTrainingEvents, type TrainingEvents } from "./events.js";
import { type RunSeeds, runSeeds } from "./seeds.js";

/** Options of a run scope. */
export interface RunScopeOptions {
  /** Root seed of the run. @default 0 */
  seed?: number | undefined;
  events?: TrainingEvents | undefined;
  /** Env steps of the run, for schedules given as a fraction of it. */
  budget?: { readonly steps: number } | undefined;
}

/**
 * A run's own child container: its seeds, event emitter and parts, each part a cached factory
 * registered under its config path (`agent`, `agent.buffer`) and built on first resolution, so
 * the container builds the graph from the roots a run asks for. Several scopes live side by side.
 * `dispose()` disposes what was built, last built first, and awaits async closes.
 */
export class RunScope {
  readonly seeds: RunSeeds;
  readonly events: TrainingEvents;
  readonly budget: { readonly steps: number } | undefined;
  private readonly cleanups: Array<() => void | Promise<void>> = [];
  /** One token per config path: what `definePart` registered and `part` resolves. */
  private readonly tokens = new Map<string, Token<unknown>>();
  /** What was built, by config path, in the order it was built. */
  private readonly built = new Map<string, unknown>();
  private disposed = false;

  constructor(
    private readonly container: DependencyContainer,
    options: RunScopeOptions = {},
  ) {
    this.seeds = runSeeds(options.seed ?? 0);
    const events = options.events as Partial<TrainingEvents> | undefined;
    if (events !== undefined && (typeof events?.emit !== "function" || typeof events.on !== "function")) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `events must be an emitter from createTrainingEvents(), got ${describeValue(options.events)}.`,
      );
    }
    const steps = options.budget?.steps;
    if (options.budget !== undefined && (!Number.isSafeInteger(steps) || (steps as number) < 1)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `budget.steps must be a positive integer, got ${describeValue(steps)}.`,
      );
    }
    this.events = options.events ?? createTrainingEvents();
    this.budget = options.budget;
  }

  /**
   * Registers the part at config `path` as a cached factory: `build` runs once, when `part(path)`
   * first resolves it (a part resolves the parts it needs the same way, from inside `build`),
   * and what it returns is disposed with the scope, last built first.
   */
  definePart<T>(path: string, build: () => T, dispose?: (value: T) => void | Promise<void>): void {
    if (this.tokens.has(path)) {
      throw new GymkitError("GYMKIT_DUPLICATE_ID", `The run already has a part at ${path}.`);
    }
    const t = token<T>(`gymkit.part:${path}`);
    this.tokens.set(path, t);
    this.define(
      t,
      () => {
        const value = build();
        this.built.set(path, value);
        return value;
      },
      dispose,
    );
  }

  /** The part at config `path`, built (with what it needs) on first use. */
  part<T = unknown>(path: string): T {
    const t = this.tokens.get(path);
    if (t === undefined) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `The run has no part at ${path}. Its parts: ${[...this.tokens.keys()].join(", ") || "none"}.`,
      );
    }
    return this.get(t) as T;
  }

  /** Every part built so far, by config path, in the order it was built. */
  parts(): ReadonlyMap<string, unknown> {
    return this.built;
  }

  get<T>(t: Token<T>): T {
    return get(this.container, t);
  }
  has<T>(t: Token<T>): boolean {
    return has(this.container, t);
  }

  /**
   * Registers `build` for `t`: it runs once, on the first `get(t)`, and what it returns is
   * disposed with the scope by `dispose` (when given).
   */
  define<T>(t: Token<T>, build: () => T, dispose?: (value: T) => void | Promise<void>): void {
    provideFactory(this.container, t, () => {
      const value = build();
      if (dispose) this.onDispose(() => dispose(value));
      return value;
    });
  }

  /** Runs `fn` at `dispose()`, last registered first. */
  onDispose(fn: () => void | Promise<void>): void {
    this.cleanups.push(fn);
  }

  /** Disposes everything built, in reverse order; every cleanup runs even when one fails. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        errors.push(e);
      }
    }
    await this.container.dispose();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, "RunScope.dispose: some cleanups failed");
  }
}
