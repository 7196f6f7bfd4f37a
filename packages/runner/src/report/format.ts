/**
 * How the compare report writes numbers and text: the same formatter serves the HTML, the headline
 * and the terminal table, so the three always show the same digits.
 */
import type { ConfidenceInterval } from "../stats/bootstrap.js";

/** Text as HTML content or a double- or single-quoted attribute value: `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Text for a terminal: control characters (ANSI escapes, newlines in a variant name) shown as `?`. */
export function plainText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

/**
 * Decimals for a return of this size: 0 from 100 up (CartPole returns: `500`, `459`), 1 from 10
 * (`21.3`), else 2 (`9.85`). Three significant digits are what 5–30 seeds can support.
 */
export function scoreDecimals(x: number): number {
  const a = Math.abs(x);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

/** A return, e.g. `500`, `21.3`, `9.85`; `-` for a missing or non-finite value. */
export function formatScore(x: number | null | undefined, decimals?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "-";
  const d = decimals ?? scoreDecimals(x);
  const s = x.toFixed(d);
  return s === `-${(0).toFixed(d)}` ? s.slice(1) : s; // no "-0"
}

/** A point estimate with its interval, all with the point's decimals: `21.3 [12.1, 35.0]`. */
export function formatScoreCi(value: number, ci: ConfidenceInterval): string {
  const d = scoreDecimals(value);
  return `${formatScore(value, d)} [${formatScore(ci[0], d)}, ${formatScore(ci[1], d)}]`;
}

/** A probability with two decimals: `0.98`. */
export function formatProbability(p: number): string {
  return formatScore(p, 2);
}

/** A probability with its interval: `0.98 [0.93, 1.00]`. */
export function formatProbabilityCi(p: number, ci: ConfidenceInterval): string {
  return `${formatProbability(p)} [${formatProbability(ci[0])}, ${formatProbability(ci[1])}]`;
}

/** Env steps with thousands separators: `42,000`; `-` when missing. */
export function formatSteps(steps: number | null | undefined): string {
  if (steps === null || steps === undefined || !Number.isFinite(steps)) return "-";
  const [whole, fraction] = Math.abs(steps)
    .toFixed(Number.isInteger(steps) ? 0 : 1)
    .split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${steps < 0 ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** Wall-clock seconds with one decimal: `61.2`; `-` when missing. */
export function formatSeconds(seconds: number | null | undefined): string {
  return formatScore(seconds, 1);
}

/** A fraction of seeds as `4/5`. */
export function formatCount(count: number, total: number): string {
  return `${count}/${total}`;
}
