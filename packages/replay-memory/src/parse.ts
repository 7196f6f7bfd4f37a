import { describeValue, didYouMean, GymkitError } from "@gymkit/core";

/** Largest capacity accepted: 2^28 transitions (≥ 11 GB for CartPole-sized rows already). */
export const MAX_CAPACITY = 2 ** 28;

/** Throws the standard `Invalid config at <path>: expected …, got …` error. */
export function invalidConfig(path: string, expected: string, got: unknown, hint = ""): never {
  throw new GymkitError(
    "GYMKIT_INVALID_CONFIG",
    `Invalid config at ${path}: expected ${expected}, got ${describeValue(got)}.${hint ? ` ${hint}` : ""}`,
  );
}

/** The input as a record, or a config error when it is not an object. */
export function asRecord(input: unknown, path: string): Record<string, unknown> {
  if (input === undefined) return {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    invalidConfig(path, "an options object", input);
  }
  return input as Record<string, unknown>;
}

/**
 * Rejects keys this buffer does not know, with a did-you-mean, so a typo (`capacty`) fails loudly
 * instead of silently using the default. `kind` is tolerated when it names this buffer, because
 * configs often pass the whole `{ kind, ...options }` object through.
 */
export function rejectUnknownKeys(
  rec: Record<string, unknown>,
  allowed: readonly string[],
  kind: string,
  path: string,
): void {
  for (const key of Object.keys(rec)) {
    if (allowed.includes(key)) continue;
    if (key === "kind" && rec.kind === kind) continue;
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}.${key}: replay buffer "${kind}" has no option "${key}". Options: ${allowed.join(", ")}.${didYouMean(key, allowed)}`,
    );
  }
}

/** A positive integer capacity, at most `MAX_CAPACITY`. */
export function parseCapacity(value: unknown, fallback: number, path: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_CAPACITY) {
    invalidConfig(path, `a positive integer number of transitions (1 <= capacity <= ${MAX_CAPACITY})`, value);
  }
  return value;
}

/** A finite number in [min, max] (inclusive unless `open` names an open end). */
export function parseNumber(
  value: unknown,
  fallback: number,
  path: string,
  range: { min: number; max: number; openMin?: boolean; openMax?: boolean },
): number {
  if (value === undefined) return fallback;
  const { min, max, openMin = false, openMax = false } = range;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (openMin ? value > min : value >= min) &&
    (openMax ? value < max : value <= max);
  if (!ok) {
    const lo = `${openMin ? "(" : "["}${min}`;
    const hi = `${max === Number.POSITIVE_INFINITY ? "inf" : max}${openMax ? ")" : "]"}`;
    invalidConfig(path, `a number in ${lo}, ${hi}`, value);
  }
  return value as number;
}

/** A non-negative safe integer. */
export function parseCount(value: unknown, fallback: number, path: string, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    invalidConfig(path, `an integer >= ${min}`, value);
  }
  return value;
}

/** A boolean. */
export function parseBoolean(value: unknown, fallback: boolean, path: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") invalidConfig(path, "true or false", value);
  return value;
}
