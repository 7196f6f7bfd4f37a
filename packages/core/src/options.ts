/**
 * Option-parsing primitives for plugin factories. Every factory validates the plain options a
 * config file or code hands it; these helpers give all plugins one error format:
 * `Invalid config at <path>: expected <what>, got <value>.`, with the code `GYMKIT_INVALID_CONFIG`,
 * so a user sees the same shape of message whichever package rejected the value.
 */
import { describeValue, didYouMean, GymkitError } from "./errors.js";

/**
 * The standard config error: `Invalid config at <path>: expected <expected>, got <value>.`,
 * followed by `hint` (e.g. a did-you-mean) when given. Returned, not thrown, so callers write
 * `throw invalidConfig(...)` and TypeScript sees the control flow.
 */
export function invalidConfig(path: string, expected: string, got: unknown, hint = ""): GymkitError {
  const tail = hint.trim() === "" ? "" : ` ${hint.trim()}`;
  return new GymkitError(
    "GYMKIT_INVALID_CONFIG",
    `Invalid config at ${path}: expected ${expected}, got ${describeValue(got)}.${tail}`,
  );
}

/**
 * The options at `path` as a record: `undefined` is "no options" (`{}`); anything but a plain
 * object (an array, `null`, a number…) is a config error. The record is not copied.
 */
export function optionsRecord(input: unknown, path: string): Record<string, unknown> {
  if (input === undefined) return {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidConfig(path, "an object of options", input);
  }
  return input as Record<string, unknown>;
}

/** How {@link rejectUnknownOptions} words and relaxes its check. */
export interface RejectUnknownOptions {
  /** What takes these options, for the message, e.g. `replay buffer "uniform"`. */
  owner?: string | undefined;
  /**
   * Tolerate a `kind` key, because configs often pass a whole `{ kind, ...options }` spec on.
   * `true` accepts any kind; a string accepts only that kind and rejects another one, which
   * means the options were meant for a different component.
   */
  tolerateKind?: boolean | string | undefined;
}

/**
 * Throws on the first key of `record` not in `allowed`, naming the closest allowed key and
 * listing them all: a typo (`capacty`) must fail loudly instead of silently using a default.
 * Message: `Invalid config at <path>: unknown option "<key>"[ for <owner>].[ Did you mean "<x>"?]
 * Allowed options: <a>, <b>.`
 */
export function rejectUnknownOptions(
  record: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
  path: string,
  options: RejectUnknownOptions = {},
): void {
  const { owner, tolerateKind = false } = options;
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    if (key === "kind" && tolerateKind !== false) {
      if (tolerateKind === true || record.kind === tolerateKind) continue;
      throw invalidConfig(`${path}.kind`, `"${tolerateKind}" or no kind`, record.kind);
    }
    const forOwner = owner === undefined ? "" : ` for ${owner}`;
    const list = allowed.length === 0 ? "It takes no options." : `Allowed options: ${allowed.join(", ")}.`;
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: unknown option "${key}"${forOwner}.${didYouMean(key, allowed)} ${list}`,
    );
  }
}

/** Bounds and kind of a number option. */
export interface NumberOptionRule {
  /** Smallest allowed value (included unless `minExclusive`). */
  min?: number | undefined;
  /** Largest allowed value (included unless `maxExclusive`). */
  max?: number | undefined;
  /** Exclude `min` itself (`> min`). */
  minExclusive?: boolean | undefined;
  /** Exclude `max` itself (`< max`). */
  maxExclusive?: boolean | undefined;
  /** Require a safe integer (counts, sizes: beyond 2^53 they would silently round). */
  integer?: boolean | undefined;
  /** Returned, unchecked, when the value is `undefined` (the option was not given). */
  fallback?: number | undefined;
}

/** `a number`, `an integer >= 1`, `a number > 0 and <= 1`: the `expected` text of a rule. */
export function describeNumberRule(rule: NumberOptionRule): string {
  const kind = rule.integer ? "an integer" : "a number";
  const bounds: string[] = [];
  if (rule.min !== undefined && rule.min !== Number.NEGATIVE_INFINITY) {
    bounds.push(`${rule.minExclusive ? ">" : ">="} ${rule.min}`);
  }
  if (rule.max !== undefined && rule.max !== Number.POSITIVE_INFINITY) {
    bounds.push(`${rule.maxExclusive ? "<" : "<="} ${rule.max}`);
  }
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(" and ")}`;
}

/**
 * A finite number obeying `rule` (`rule.fallback` when `undefined`), else a config error such
 * as `Invalid config at buffer.alpha: expected a number >= 0 and <= 10, got -0.1.`
 */
export function parseNumberOption(value: unknown, path: string, rule: NumberOptionRule = {}): number {
  if (value === undefined && rule.fallback !== undefined) return rule.fallback;
  const { min, max } = rule;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isSafeInteger(value)) &&
    (min === undefined || (rule.minExclusive ? value > min : value >= min)) &&
    (max === undefined || (rule.maxExclusive ? value < max : value <= max));
  if (!ok) throw invalidConfig(path, describeNumberRule(rule), value);
  return value as number;
}

/** `true` or `false` (`fallback` when `undefined`); strings such as `"yes"` are errors. */
export function parseBooleanOption(value: unknown, path: string, fallback?: boolean): boolean {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "boolean") throw invalidConfig(path, "true or false", value);
  return value;
}

/**
 * One of the `allowed` strings (`fallback` when `undefined`), else a config error listing them
 * and naming the closest: `expected one of "mse", "huber", got "hubber". Did you mean "huber"?`
 */
export function parseChoiceOption<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
  fallback?: T,
): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === "string" ? didYouMean(value, allowed) : "";
  throw invalidConfig(path, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`, value, hint);
}

/** A component spec as configs write it: `{ kind: "uniform", capacity: 10000 }`. */
export interface KindSpec {
  /** The registered id of the component (`registry.kinds(kind)`). */
  readonly kind: string;
  /** The component's own options. */
  readonly [option: string]: unknown;
}

/** A {@link KindSpec} split into the kind and a fresh copy of the remaining options. */
export interface ParsedKindSpec {
  /** The registered id the spec names. */
  kind: string;
  /** Everything but `kind`, for the component's factory. */
  options: Record<string, unknown>;
}

/**
 * Splits a `{ kind, ...options }` spec. The kind must be a non-empty string; the options are
 * left to the component's factory, which knows them.
 */
export function parseKindSpec(value: unknown, path: string): ParsedKindSpec {
  const { kind, ...options } = optionsRecord(value, path);
  if (typeof kind !== "string" || kind.length === 0) {
    throw invalidConfig(`${path}.kind`, "a registered kind name (a non-empty string)", kind);
  }
  return { kind, options };
}
