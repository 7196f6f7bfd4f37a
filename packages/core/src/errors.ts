/** Machine-readable error codes; the message says what failed, the bad value, what is allowed. */
export type GymkitErrorCode =
  | "GYMKIT_UNKNOWN_COMPONENT"
  | "GYMKIT_UNKNOWN_ENV"
  | "GYMKIT_DUPLICATE_ID"
  | "GYMKIT_INVALID_ID"
  | "GYMKIT_INVALID_CONFIG"
  | "GYMKIT_INVALID_SPACE"
  | "GYMKIT_INVALID_ACTION"
  | "GYMKIT_INVALID_SEED"
  | "GYMKIT_RESET_NEEDED"
  | "GYMKIT_PLUGIN_FAILED"
  | "GYMKIT_BACKEND_UNAVAILABLE"
  | "GYMKIT_CORRUPT_FILE"
  | "GYMKIT_IO"
  | "GYMKIT_RUN_FAILED"
  | "GYMKIT_INVALID_ARGUMENT"
  | "GYMKIT_QUEUE_UNREACHABLE"
  | "GYMKIT_PLUGIN_REFUSED"
  | "GYMKIT_RUN_LOCKED"
  | "GYMKIT_RUN_STUCK"
  | "GYMKIT_INVALID_ENV_OUTPUT"
  | "GYMKIT_ENV_FAILED";

/** The one error class of gymkit. Lower-level failures ride along as `cause`. */
export class GymkitError extends Error {
  override readonly name = "GymkitError";
  constructor(
    readonly code: GymkitErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Levenshtein distance; small inputs only (ids, option names). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/**
 * The candidates closest to `name`, best first (like Python's `difflib.get_close_matches`):
 * case-insensitive edit distance at most 40% of the longer string, or a shared prefix/substring.
 */
export function closestMatches(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const cl = c.toLowerCase();
    const d = editDistance(lower, cl);
    const limit = Math.max(2, Math.ceil(0.4 * Math.max(lower.length, cl.length)));
    if (d <= limit || cl.includes(lower) || lower.includes(cl)) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([c]) => c);
}

/** `Did you mean "x"?` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const [best] = closestMatches(name, candidates, 1);
  return best === undefined ? "" : ` Did you mean "${best}"?`;
}

/** Short, unambiguous rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === "bigint") return `${value}n`;
  if (ArrayBuffer.isView(value)) {
    const arr = Array.from(value as unknown as ArrayLike<number>).slice(0, 8);
    return `${value.constructor.name}[${arr.join(", ")}${(value as unknown as ArrayLike<number>).length > 8 ? ", …" : ""}]`;
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
