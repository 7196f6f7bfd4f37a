import {
  invalidConfig,
  type Options,
  optionsRecord,
  parseNumberOption,
  type RunScope,
  rejectUnknownOptions,
  type Schedule,
  TOTAL_STEPS,
} from "@gymkit/core";

/** Options of the `linear` schedule: `from` → `to` over the first `fraction` of the step budget. */
export interface LinearScheduleOptions {
  /** Value at step 0. @default 1 */
  from: number;
  /** Value from the end of the decay on. @default 0.05 */
  to: number;
  /** Share of the run's step budget over which the value moves (SB3's `exploration_fraction`). @default 0.1 */
  fraction: number;
  /**
   * Decay length in env steps; overrides `fraction` when set. Without it the budget comes from
   * `totalSteps` or the run scope's `TOTAL_STEPS`.
   */
  steps?: number | undefined;
  /** The run's step budget, when the scope does not provide `TOTAL_STEPS`. */
  totalSteps?: number | undefined;
}

export const DEFAULT_LINEAR_SCHEDULE_OPTIONS: LinearScheduleOptions = { from: 1, to: 0.05, fraction: 0.1 };

/** Options of the `exponential` schedule: `to + (from − to) · exp(−step / decay)`. */
export interface ExponentialScheduleOptions {
  /** Value at step 0. @default 1 */
  from: number;
  /** Asymptote. @default 0.01 */
  to: number;
  /** e-folding length in env steps. @default 1000 */
  decay: number;
}

export const DEFAULT_EXPONENTIAL_SCHEDULE_OPTIONS: ExponentialScheduleOptions = {
  from: 1,
  to: 0.01,
  decay: 1000,
};

/** Options of the `constant` schedule. */
export interface ConstantScheduleOptions {
  /** @default 0.05 */
  value: number;
}

export const DEFAULT_CONSTANT_SCHEDULE_OPTIONS: ConstantScheduleOptions = { value: 0.05 };

const unit = { min: 0, max: 1 };

/** Validates `linear` options; `scope` supplies `TOTAL_STEPS` when the options do not. */
export function parseLinearScheduleOptions(
  input: unknown,
  path = "schedule",
  scope?: RunScope,
): LinearScheduleOptions & { decaySteps: number } {
  const r = optionsRecord(input, path);
  rejectUnknownOptions(r, ["from", "to", "fraction", "steps", "totalSteps"], path);
  const d = DEFAULT_LINEAR_SCHEDULE_OPTIONS;
  const from = parseNumberOption(r.from ?? d.from, `${path}.from`, unit);
  const to = parseNumberOption(r.to ?? d.to, `${path}.to`, unit);
  const fraction = parseNumberOption(r.fraction ?? d.fraction, `${path}.fraction`, { min: 0, max: 1 });
  const steps =
    r.steps === undefined
      ? undefined
      : parseNumberOption(r.steps, `${path}.steps`, { min: 0, integer: true });
  let totalSteps =
    r.totalSteps === undefined
      ? undefined
      : parseNumberOption(r.totalSteps, `${path}.totalSteps`, { min: 1, integer: true });
  if (totalSteps === undefined && scope?.has(TOTAL_STEPS)) totalSteps = scope.get(TOTAL_STEPS);
  if (steps === undefined && totalSteps === undefined) {
    throw invalidConfig(
      `${path}.totalSteps`,
      "the run's step budget (a linear schedule decays over `fraction` of it): pass totalSteps, provide TOTAL_STEPS in the run scope, or give `steps`",
      undefined,
    );
  }
  const decaySteps = steps ?? Math.round(fraction * (totalSteps as number));
  return { from, to, fraction, steps, totalSteps, decaySteps };
}

export function parseExponentialScheduleOptions(
  input: unknown,
  path = "schedule",
): ExponentialScheduleOptions {
  const r = optionsRecord(input, path);
  rejectUnknownOptions(r, ["from", "to", "decay", "totalSteps"], path);
  const d = DEFAULT_EXPONENTIAL_SCHEDULE_OPTIONS;
  return {
    from: parseNumberOption(r.from ?? d.from, `${path}.from`, unit),
    to: parseNumberOption(r.to ?? d.to, `${path}.to`, unit),
    decay: parseNumberOption(r.decay ?? d.decay, `${path}.decay`, { min: 0, minExclusive: true }),
  };
}

export function parseConstantScheduleOptions(input: unknown, path = "schedule"): ConstantScheduleOptions {
  const r = optionsRecord(input, path);
  rejectUnknownOptions(r, ["value", "totalSteps"], path);
  return {
    value: parseNumberOption(r.value ?? DEFAULT_CONSTANT_SCHEDULE_OPTIONS.value, `${path}.value`, unit),
  };
}

/** Linear interpolation from `from` to `to` over `decaySteps` env steps, then flat (SB3's `LinearSchedule`). */
export class LinearSchedule implements Schedule {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly decaySteps: number,
  ) {}
  value(step: number): number {
    if (this.decaySteps <= 0 || step >= this.decaySteps) return this.to;
    return this.from + (this.to - this.from) * (step / this.decaySteps);
  }
}

/** `to + (from − to) · exp(−step / decay)`: the seed blog's `get_epsilon_value` and the PyTorch tutorial's ε. */
export class ExponentialSchedule implements Schedule {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly decay: number,
  ) {}
  value(step: number): number {
    return this.to + (this.from - this.to) * Math.exp(-step / this.decay);
  }
}

/** The same value at every step. */
export class ConstantSchedule implements Schedule {
  constructor(readonly constant: number) {}
  value(): number {
    return this.constant;
  }
}

/** Factories registered as `schedule` kinds. */
export const scheduleFactories = {
  linear: (options: Options, scope: RunScope): Schedule => {
    const o = parseLinearScheduleOptions(options, "schedule(linear)", scope);
    return new LinearSchedule(o.from, o.to, o.decaySteps);
  },
  exponential: (options: Options): Schedule => {
    const o = parseExponentialScheduleOptions(options, "schedule(exponential)");
    return new ExponentialSchedule(o.from, o.to, o.decay);
  },
  constant: (options: Options): Schedule =>
    new ConstantSchedule(parseConstantScheduleOptions(options, "schedule(constant)").value),
};
