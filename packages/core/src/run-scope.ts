import { type DependencyContainer, get, has, provide, provideFactory, type Token, token } from "./di.js";
import { describeValue, GymkitError } from "./errors.js";
import { createTrainingEvents, type TrainingEvents } from "./events.js";
import { type RunSeeds, runSeeds } from "./seeds.js";

/** Per-run values, resolved from a run scope. */
export const SEEDS = token<RunSeeds>("gymkit.seeds");
export const EVENTS = token<TrainingEvents>("gymkit.events");
export const BUDGET = token<{ readonly steps: number }>("gymkit.budget");

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
 * resolved on first use. Several scopes live side by side. `dispose()` disposes what was built,
 * last built first, and awaits async closes.
 */
export class RunScope {
  readonly seeds: RunSeeds;
  readonly events: TrainingEvents;
  readonly budget: { readonly steps: number } | undefined;
  private readonly cleanups: Array<() => void | Promise<void>> = [];
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
    provide(container, SEEDS, this.seeds);
    provide(container, EVENTS, this.events);
    if (this.budget) provide(container, BUDGET, this.budget);
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
