import { parseNumberOption } from "@gymkit/core";

/** Largest capacity accepted: 2^28 transitions (≥ 11 GB for CartPole-sized rows already). */
export const MAX_CAPACITY = 2 ** 28;

/**
 * A capacity: an integer number of transitions in [1, MAX_CAPACITY], `fallback` when not given.
 * The upper bound keeps a typo (an extra zero or two) from allocating tens of gigabytes.
 */
export function parseCapacity(value: unknown, fallback: number, path: string): number {
  return parseNumberOption(value, path, { min: 1, max: MAX_CAPACITY, integer: true, fallback });
}
