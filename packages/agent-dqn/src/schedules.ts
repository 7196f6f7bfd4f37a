import { definePart, GymkitError, type PartDefinition, type Schedule, z } from "@gymkit/core";

const unit = (fallback: number, what: string) => z.number().min(0).max(1).default(fallback).describe(what);

/**
 * Options of the `linear` schedule: `from` → `to` over the first `fraction` of the run's step
 * budget, or over `steps` env steps (not both).
 */
export const LINEAR_SCHEDULE_OPTIONS = z
  .strictObject({
    from: unit(1, "Value at step 0."),
    to: unit(0.05, "Value from the end of the decay on."),
    fraction: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "Share of the run's step budget over which the value moves (SB3's exploration_fraction). Default 0.1.",
      ),
    steps: z.number().int().min(0).optional().describe("Decay length in env steps, instead of fraction."),
  })
  .refine((o) => o.fraction === undefined || o.steps === undefined, {
    message: "give fraction (of the step budget) or steps (env steps), not both",
  })
  // The same rule for editors: a refinement does not reach the JSON Schema.
  .meta({ not: { required: ["fraction", "steps"] } });

/** Options of the `exponential` schedule: `to + (from − to) · exp(−step / decay)`. */
export const EXPONENTIAL_SCHEDULE_OPTIONS = z.strictObject({
  from: unit(1, "Value at step 0."),
  to: unit(0.01, "Asymptote."),
  decay: z.number().gt(0).default(1000).describe("e-folding length in env steps."),
});

/** Options of the `constant` schedule. */
export const CONSTANT_SCHEDULE_OPTIONS = z.strictObject({ value: unit(0.05, "The value at every step.") });

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

/** The `schedule` parts of the plugin. */
export const SCHEDULE_PARTS: readonly PartDefinition[] = [
  definePart({
    slot: "schedule",
    id: "linear",
    description: "Linear from `from` to `to` over `fraction` of the step budget (or `steps`)",
    options: LINEAR_SCHEDULE_OPTIONS,
    create(o, context) {
      if (o.steps !== undefined) return new LinearSchedule(o.from, o.to, o.steps);
      const budget = context.run.budget?.steps;
      if (budget === undefined) {
        throw new GymkitError(
          "GYMKIT_INVALID_CONFIG",
          `Invalid config at ${context.path}.steps: a linear schedule decays over a fraction of the run's step budget, and this one has none; give steps (env steps) instead.`,
        );
      }
      return new LinearSchedule(o.from, o.to, Math.round((o.fraction ?? 0.1) * budget));
    },
  }),
  definePart({
    slot: "schedule",
    id: "exponential",
    description: "to + (from − to)·exp(−step / decay)",
    options: EXPONENTIAL_SCHEDULE_OPTIONS,
    create: (o) => new ExponentialSchedule(o.from, o.to, o.decay),
  }),
  definePart({
    slot: "schedule",
    id: "constant",
    description: "A fixed value",
    options: CONSTANT_SCHEDULE_OPTIONS,
    create: (o) => new ConstantSchedule(o.value),
  }),
];
