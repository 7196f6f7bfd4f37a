/**
 * Chart axes from d3-scale (the scales vega uses): nice domains and ticks at round values (1, 2 or
 * 5 × 10ᵏ) instead of the data's own odd ends (`254`, `0.00085`), a log scale for quantities that
 * span decades (the TD loss), and fixed, clamped domains for quantities with known bounds (ε).
 */
import { scaleLinear, scaleLog } from "d3-scale";

/** How an axis maps values. */
export type AxisScale = "linear" | "log";

/** What an axis should look like; the data decide the rest. */
export interface AxisOptions {
  /** @default "linear" */
  scale?: AxisScale | undefined;
  /**
   * A fixed domain (ε: [0, 1]): not rounded, and values outside it are drawn at its edge. Without
   * it the domain is the data's extent, extended to round values.
   */
  domain?: readonly [number, number] | undefined;
  /** About how many ticks (d3's `count`). @default 4 */
  ticks?: number | undefined;
  /** Keep the data's extent instead of rounding it out (the step axis ends at the budget). @default false */
  exact?: boolean | undefined;
  /** Tick label of a value; by default d3's for the tick step (`0.5`, `100`, `0.01`). */
  format?: ((value: number) => string) | undefined;
}

/** A tick: its value and label; an empty label is a minor tick (log scale: 2–9 × 10ᵏ). */
export interface Tick {
  value: number;
  label: string;
}

/** An axis: its domain and ticks, and where a value falls on it. */
export interface Axis {
  scale: AxisScale;
  domain: [number, number];
  ticks: Tick[];
  /**
   * Where `value` falls, as a fraction of the axis from `domain[0]` (0) to `domain[1]` (1),
   * clamped; NaN for a value the axis cannot show (not finite, or ≤ 0 on a log axis).
   */
  at(value: number): number;
}

/**
 * The axis for `values`: linear by default (extent rounded out to nice values, a constant widened
 * to ±0.5 around it), or log over the positive values (extent rounded out to powers of 10), or over
 * the fixed `domain` given.
 * @example makeAxis([8, 296]).ticks.map((t) => t.label) // ["0", "100", "200", "300"]
 */
export function makeAxis(values: Iterable<number>, options: AxisOptions = {}): Axis {
  const kind = options.scale ?? "linear";
  const count = options.ticks ?? 4;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v) || (kind === "log" && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (options.domain) [lo, hi] = options.domain;
  else if (lo > hi) [lo, hi] = kind === "log" ? [0.1, 10] : [0, 1];
  else if (hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) {
    [lo, hi] = kind === "log" ? [lo / 10, hi * 10] : [lo - 0.5, hi + 0.5];
  }
  const scale = (kind === "log" ? scaleLog() : scaleLinear()).domain([lo, hi]).range([0, 1]).clamp(true);
  if (!options.domain && !options.exact) scale.nice(count);
  const format = options.format ?? (kind === "log" ? scale.tickFormat(count, "~g") : scale.tickFormat(count));
  const ticks = scale.ticks(count).map((value) => ({ value, label: format(value) }));
  const [d0, d1] = scale.domain() as [number, number];
  return {
    scale: kind,
    domain: [d0, d1],
    ticks,
    at: (value) => (Number.isFinite(value) && (kind !== "log" || value > 0) ? scale(value) : Number.NaN),
  };
}

/** Env steps as tick labels: `0`, `500`, `2.5k`, `15k`. */
export function formatSteps(value: number): string {
  return Math.abs(value) >= 1000 ? `${Number((value / 1000).toPrecision(6))}k` : String(value);
}
