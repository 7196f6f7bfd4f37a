import { invalidConfig, parseOptions, type Space, z } from "@gymkit/core";
import { type TransitionLayout, transitionLayout } from "./layout.js";

/** Largest capacity accepted: 2^28 transitions (≥ 11 GB for CartPole-sized rows already). */
export const MAX_CAPACITY = 2 ** 28;
/**
 * Largest capacity of the `prioritized` buffer: its rows are one array of at least 64 bytes per
 * transition (a cache line), and one array holds at most 2^32 bytes in Node 20, so 2^28 could
 * never be allocated (issue 19: "Invalid typed array length"); 2^26 can, for CartPole-sized rows.
 */
export const MAX_PRIORITIZED_CAPACITY = 2 ** 26;

/** A capacity; the upper bound keeps a typo (an extra zero or two) from allocating tens of gigabytes. */
const capacity = (fallback: number, what: string, max = MAX_CAPACITY) =>
  z.number().int().min(1).max(max).default(fallback).describe(what);

/** Options of the `uniform` buffer: a FIFO ring sampled uniformly. */
export const UNIFORM_BUFFER_OPTIONS = z.strictObject({
  capacity: capacity(
    50_000,
    "Transitions kept (the seed blog's deque(maxlen=50000)); the oldest is dropped when full.",
  ),
  replacement: z
    .boolean()
    .default(false)
    .describe(
      "Draw a batch with replacement (Stable-Baselines3's randint) instead of without (the blog's random.sample).",
    ),
});

/** Options of the `prioritized` buffer: proportional prioritized replay (Schaul et al. 2016). */
export const PRIORITIZED_BUFFER_OPTIONS = z
  .strictObject({
    capacity: capacity(
      50_000,
      "Transitions kept; the oldest is dropped when full.",
      MAX_PRIORITIZED_CAPACITY,
    ),
    alpha: z
      .number()
      .min(0)
      .max(10)
      .default(0.6)
      .describe("Priority exponent: P(i) = p_i^α / Σ p^α; 0 is uniform."),
    beta: z.number().min(0).max(1).default(0.4).describe("Initial importance-sampling exponent."),
    betaFinal: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe("β at the end of annealing (1 fully corrects the bias); equal to beta keeps β fixed."),
    betaAnnealSteps: z
      .number()
      .int()
      .min(1)
      .default(100_000)
      .describe("sample() calls (gradient updates, not env steps) over which β goes from beta to betaFinal."),
    epsilon: z.number().gt(0).default(1e-6).describe("Added to |TD error| so no transition gets priority 0."),
  })
  .refine((o) => o.epsilon ** o.alpha >= Number.MIN_VALUE * 2 ** 52, {
    // A priority that underflows would make a stored transition unsampleable.
    message: "expected epsilon^alpha to be a normal double; raise epsilon or lower alpha",
    path: ["epsilon"],
  });

/** Options of the `online` buffer: only the newest transition(s). */
export const ONLINE_BUFFER_OPTIONS = z.strictObject({
  capacity: capacity(1, "Newest transitions kept; 1 gives plain online Q-learning."),
});

/** The env's spaces, which every buffer kind needs besides its own options. */
export interface BufferSpaces {
  /** The env's observation space (a `Box`): gives the observation shape. */
  observationSpace: Space<unknown>;
  /** The env's action space (a `Discrete`): actions are validated against it. */
  actionSpace: Space<unknown>;
}

/** What the `uniform` buffer's constructor takes. */
export type UniformBufferOptions = z.input<typeof UNIFORM_BUFFER_OPTIONS> & BufferSpaces;
/** What the `prioritized` buffer's constructor takes. */
export type PrioritizedBufferOptions = z.input<typeof PRIORITIZED_BUFFER_OPTIONS> & BufferSpaces;
/** What the `online` buffer's constructor takes. */
export type OnlineBufferOptions = z.input<typeof ONLINE_BUFFER_OPTIONS> & BufferSpaces;

/** Parsed options common to all kinds. */
export interface ParsedBufferOptions {
  readonly capacity: number;
  readonly layout: TransitionLayout;
}
export type ParsedUniformBufferOptions = z.output<typeof UNIFORM_BUFFER_OPTIONS> & ParsedBufferOptions;
export type ParsedPrioritizedBufferOptions = z.output<typeof PRIORITIZED_BUFFER_OPTIONS> &
  ParsedBufferOptions;
export type ParsedOnlineBufferOptions = z.output<typeof ONLINE_BUFFER_OPTIONS> & ParsedBufferOptions;

/** Defaults of each kind, from its schema. */
export const DEFAULT_UNIFORM_BUFFER_OPTIONS = UNIFORM_BUFFER_OPTIONS.parse({});
export const DEFAULT_PRIORITIZED_BUFFER_OPTIONS = PRIORITIZED_BUFFER_OPTIONS.parse({});
export const DEFAULT_ONLINE_BUFFER_OPTIONS = ONLINE_BUFFER_OPTIONS.parse({});

/**
 * Splits constructor input into the spaces and the kind's own options, validates the latter with
 * the kind's schema (errors name `path.<field>`), and derives the storage layout from the spaces.
 */
function parseBufferOptions<S extends z.ZodType>(
  schema: S,
  kind: string,
  input: unknown,
  path: string,
): z.output<S> & ParsedBufferOptions {
  if (input !== undefined && (typeof input !== "object" || input === null || Array.isArray(input))) {
    parseOptions(schema, input, { path }); // throws the house-style "expected an object" error
  }
  const { observationSpace, actionSpace, ...own } = (input ?? {}) as Record<string, unknown>;
  const { kind: named, ...options } = own;
  if (named !== undefined && named !== kind) {
    throw invalidConfig(`${path}.kind`, `"${kind}" or no kind`, named);
  }
  const parsed = parseOptions(schema, options, { path, owner: `replay buffer "${kind}"` }) as z.output<S> & {
    capacity: number;
  };
  if (observationSpace === undefined)
    throw invalidConfig(`${path}.observationSpace`, "the env's observation space (a Box)", undefined);
  if (actionSpace === undefined)
    throw invalidConfig(`${path}.actionSpace`, "the env's action space (a Discrete)", undefined);
  return { ...parsed, layout: transitionLayout(observationSpace, actionSpace, path) };
}

/** Validates `uniform` constructor input; errors name the field (`buffer.capacity`), the value and what is allowed. */
export const parseUniformBufferOptions = (input: unknown, path = "buffer"): ParsedUniformBufferOptions =>
  parseBufferOptions(UNIFORM_BUFFER_OPTIONS, "uniform", input, path);

/** Validates `prioritized` constructor input; errors as `parseUniformBufferOptions`. */
export const parsePrioritizedBufferOptions = (
  input: unknown,
  path = "buffer",
): ParsedPrioritizedBufferOptions =>
  parseBufferOptions(PRIORITIZED_BUFFER_OPTIONS, "prioritized", input, path);

/** Validates `online` constructor input; errors as `parseUniformBufferOptions`. */
export const parseOnlineBufferOptions = (input: unknown, path = "buffer"): ParsedOnlineBufferOptions =>
  parseBufferOptions(ONLINE_BUFFER_OPTIONS, "online", input, path);
