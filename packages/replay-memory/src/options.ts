import {
  invalidConfig,
  optionsRecord,
  parseBooleanOption,
  parseNumberOption,
  rejectUnknownOptions,
  type Space,
} from "@gymkit/core";
import { type TransitionLayout, transitionLayout } from "./layout.js";
import { parseCapacity } from "./parse.js";

/** Options every buffer kind takes: how many transitions, and the env's spaces. */
export interface BufferOptions {
  /** Transitions kept; the oldest is dropped when full. */
  capacity?: number;
  /** The env's observation space (a `Box`): gives the observation shape. Required. */
  observationSpace: Space<unknown>;
  /** The env's action space (a `Discrete`): actions are validated against it. Required. */
  actionSpace: Space<unknown>;
}

/** Options of the `uniform` buffer: a FIFO ring sampled uniformly. */
export interface UniformBufferOptions extends BufferOptions {
  /** Transitions kept (the seed blog's `deque(maxlen=50000)`). @default 50000 */
  capacity?: number;
  /**
   * Draw a batch with replacement (Stable-Baselines3's `randint`) instead of without it (the
   * blog's `random.sample`: no transition twice in one batch). @default false
   */
  replacement?: boolean;
}

/** Defaults of the `uniform` buffer. */
export const DEFAULT_UNIFORM_BUFFER_OPTIONS = { capacity: 50_000, replacement: false } as const;

/** Options of the `prioritized` buffer: proportional prioritized replay (Schaul et al. 2016). */
export interface PrioritizedBufferOptions extends BufferOptions {
  /** Transitions kept. @default 50000 */
  capacity?: number;
  /** Priority exponent: P(i) = p_i^α / Σ p^α; 0 is uniform. @default 0.6 */
  alpha?: number;
  /** Initial importance-sampling exponent. @default 0.4 */
  beta?: number;
  /** β at the end of annealing (1 fully corrects the bias). Set equal to `beta` to keep β fixed. @default 1 */
  betaFinal?: number;
  /**
   * Number of `sample()` calls (= gradient updates) over which β goes linearly from `beta` to
   * `betaFinal`. Counted in sample calls, not env steps, because β corrects the bias of the updates.
   * @default 100000
   */
  betaAnnealSteps?: number;
  /** Added to |TD error| so no transition gets priority 0. @default 1e-6 */
  epsilon?: number;
}

/** Defaults of the `prioritized` buffer. */
export const DEFAULT_PRIORITIZED_BUFFER_OPTIONS = {
  capacity: 50_000,
  alpha: 0.6,
  beta: 0.4,
  betaFinal: 1,
  betaAnnealSteps: 100_000,
  epsilon: 1e-6,
} as const;

/** Options of the `online` buffer: only the newest transition(s). */
export interface OnlineBufferOptions extends BufferOptions {
  /** Newest transitions kept; 1 gives plain online Q-learning. @default 1 */
  capacity?: number;
}

/** Defaults of the `online` buffer. */
export const DEFAULT_ONLINE_BUFFER_OPTIONS = { capacity: 1 } as const;

/** Parsed options common to all kinds. */
export interface ParsedBufferOptions {
  readonly capacity: number;
  readonly layout: TransitionLayout;
}
/** Parsed `uniform` options. */
export interface ParsedUniformBufferOptions extends ParsedBufferOptions {
  readonly replacement: boolean;
}
/** Parsed `prioritized` options. */
export interface ParsedPrioritizedBufferOptions extends ParsedBufferOptions {
  readonly alpha: number;
  readonly beta: number;
  readonly betaFinal: number;
  readonly betaAnnealSteps: number;
  readonly epsilon: number;
}
/** Parsed `online` options. */
export type ParsedOnlineBufferOptions = ParsedBufferOptions;

const COMMON_KEYS = ["capacity", "observationSpace", "actionSpace"] as const;

/**
 * Rejects keys this buffer does not know (a typo such as `capacty` must not silently use the
 * default). `kind` is tolerated when it names this buffer, because configs often pass the whole
 * `{ kind, ...options }` spec through.
 */
function rejectOthers(rec: Record<string, unknown>, allowed: readonly string[], kind: string, path: string) {
  rejectUnknownOptions(rec, allowed, path, { owner: `replay buffer "${kind}"`, tolerateKind: kind });
}

function parseCommon(
  rec: Record<string, unknown>,
  defaultCapacity: number,
  path: string,
): ParsedBufferOptions {
  if (rec.observationSpace === undefined) {
    throw invalidConfig(`${path}.observationSpace`, "the env's observation space (a Box)", undefined);
  }
  if (rec.actionSpace === undefined) {
    throw invalidConfig(`${path}.actionSpace`, "the env's action space (a Discrete)", undefined);
  }
  return {
    capacity: parseCapacity(rec.capacity, defaultCapacity, `${path}.capacity`),
    layout: transitionLayout(rec.observationSpace, rec.actionSpace, path),
  };
}

/**
 * Validates `uniform` options. Throws `GYMKIT_INVALID_CONFIG` naming the field (`buffer.capacity`),
 * the bad value and what is allowed.
 */
export function parseUniformBufferOptions(input: unknown, path = "buffer"): ParsedUniformBufferOptions {
  const rec = optionsRecord(input, path);
  rejectOthers(rec, [...COMMON_KEYS, "replacement"], "uniform", path);
  const d = DEFAULT_UNIFORM_BUFFER_OPTIONS;
  return {
    ...parseCommon(rec, d.capacity, path),
    replacement: parseBooleanOption(rec.replacement, `${path}.replacement`, d.replacement),
  };
}

/** Validates `prioritized` options; errors as `parseUniformBufferOptions`. */
export function parsePrioritizedBufferOptions(
  input: unknown,
  path = "buffer",
): ParsedPrioritizedBufferOptions {
  const rec = optionsRecord(input, path);
  const keys = ["alpha", "beta", "betaFinal", "betaAnnealSteps", "epsilon"];
  rejectOthers(rec, [...COMMON_KEYS, ...keys], "prioritized", path);
  const d = DEFAULT_PRIORITIZED_BUFFER_OPTIONS;
  const alpha = parseNumberOption(rec.alpha, `${path}.alpha`, { min: 0, max: 10, fallback: d.alpha });
  const epsilon = parseNumberOption(rec.epsilon, `${path}.epsilon`, {
    min: 0,
    minExclusive: true,
    fallback: d.epsilon,
  });
  if (!(epsilon ** alpha >= Number.MIN_VALUE * 2 ** 52)) {
    // A priority that underflows would make a stored transition unsampleable.
    throw invalidConfig(`${path}.epsilon`, `epsilon^alpha to be a normal double (alpha ${alpha})`, epsilon);
  }
  return {
    ...parseCommon(rec, d.capacity, path),
    alpha,
    beta: parseNumberOption(rec.beta, `${path}.beta`, { min: 0, max: 1, fallback: d.beta }),
    betaFinal: parseNumberOption(rec.betaFinal, `${path}.betaFinal`, {
      min: 0,
      max: 1,
      fallback: d.betaFinal,
    }),
    betaAnnealSteps: parseNumberOption(rec.betaAnnealSteps, `${path}.betaAnnealSteps`, {
      min: 1,
      integer: true,
      fallback: d.betaAnnealSteps,
    }),
    epsilon,
  };
}

/** Validates `online` options; errors as `parseUniformBufferOptions`. */
export function parseOnlineBufferOptions(input: unknown, path = "buffer"): ParsedOnlineBufferOptions {
  const rec = optionsRecord(input, path);
  rejectOthers(rec, COMMON_KEYS, "online", path);
  return parseCommon(rec, DEFAULT_ONLINE_BUFFER_OPTIONS.capacity, path);
}
