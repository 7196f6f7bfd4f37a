import { describeValue, didYouMean, GymkitError } from "@gymkit/core";

/** `Invalid config at <path>: expected <what>, got <value>.` */
export function invalid(path: string, expected: string, value: unknown): GymkitError {
  return new GymkitError(
    "GYMKIT_INVALID_CONFIG",
    `Invalid config at ${path}: expected ${expected}, got ${describeValue(value)}.`,
  );
}

/** A plain object (options come from JSON/YAML or code). */
export function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(path, "an object of options", value);
  }
  return value as Record<string, unknown>;
}

/** Rejects keys that are not options, naming the close match: typos must not pass silently. */
export function checkKeys(record: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${path}: unknown option "${key}".${didYouMean(key, allowed)} Allowed: ${allowed.join(", ")}.`,
      );
    }
  }
}

export interface NumberRule {
  min?: number;
  max?: number;
  /** Exclude `min` itself. */
  minExclusive?: boolean;
  integer?: boolean;
}

function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? "an integer" : "a number";
  const lo = rule.min === undefined ? undefined : `${rule.minExclusive ? ">" : ">="} ${rule.min}`;
  const hi = rule.max === undefined ? undefined : `<= ${rule.max}`;
  const bounds = [lo, hi].filter((b) => b !== undefined).join(" and ");
  return bounds ? `${kind} ${bounds}` : kind;
}

/** A finite number within the rule, else a config error naming the path. */
export function num(value: unknown, path: string, rule: NumberRule = {}): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.minExclusive ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) throw invalid(path, ruleText(rule), value);
  return value as number;
}

export function bool(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw invalid(path, "true or false", value);
  return value;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    const hint = typeof value === "string" ? didYouMean(value, allowed) : "";
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}: expected one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describeValue(value)}.${hint}`,
    );
  }
  return value as T;
}

/** A component spec `{ kind, ...options }` as configs write them. */
export interface KindSpec {
  readonly kind: string;
  readonly [option: string]: unknown;
}

export function kindSpec(value: unknown, path: string): KindSpec {
  const record = asRecord(value, path);
  if (typeof record.kind !== "string" || record.kind.length === 0) {
    throw invalid(`${path}.kind`, "a registered kind name (a non-empty string)", record.kind);
  }
  return record as KindSpec;
}

/** Splits `{ kind, ...options }`. */
export function splitKind(spec: KindSpec): { kind: string; options: Record<string, unknown> } {
  const { kind, ...options } = spec;
  return { kind, options };
}
