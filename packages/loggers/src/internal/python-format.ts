/**
 * Numbers and JSON as CPython writes them, so a file gymkit writes for Python readers is
 * byte-for-byte what the Python library would have written (Stable-Baselines3's monitor.csv:
 * `json.dumps` for its header, `round(x, 6)` and `csv.writer` (which writes `repr(float)`) for
 * its rows).
 */

/**
 * `repr(x)` of a Python float: the shortest digits that read back as `x` (JavaScript's
 * `Number#toString` finds the same digits: both choose the shortest round-trip string, the closest
 * one on a tie), in fixed notation for exponents -4 to 15 with at least one decimal (`500.0`),
 * otherwise in exponent notation with a sign and at least two exponent digits (`1e-05`, `1.5e+16`).
 * @example pythonFloatRepr(500) // "500.0"
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, exp] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const e = Number(exp);
  if (e < -4 || e > 15) {
    const tail = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${sign}${digits[0]}${tail}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, "0");
  const fraction = digits.slice(e + 1);
  return `${sign}${whole}.${fraction === "" ? "0" : fraction}`;
}

/**
 * `round(x, 6)` of a Python float: the decimal with 6 places nearest to x's exact binary value,
 * ties to even, read back as a float. `toFixed(6)` rounds the exact value too but breaks ties away
 * from zero; a tie needs x·10⁶ to end in exactly .5, which for a binary float means x = m/128 with
 * m odd (5⁷ must divide the numerator), so only those values are corrected.
 * @example pythonRound6(0.0078125) // 0.007812 (toFixed gives 0.007813)
 */
export function pythonRound6(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e15) return x; // no digits below 10⁻⁶ to round
  const fixed = x.toFixed(6);
  const m = x * 128; // exact: a power of two
  if (!(Number.isInteger(m) && Math.abs(m) % 2 === 1)) return Number(fixed);
  const last = Number(fixed.at(-1));
  if (last % 2 === 0) return Number(fixed);
  // toFixed went away from zero onto an odd digit: the even neighbour is one unit toward zero.
  const units = BigInt(fixed.replace("-", "").replace(".", "")) - 1n;
  const text = units.toString().padStart(7, "0");
  return Number(`${x < 0 ? "-" : ""}${text.slice(0, -6)}.${text.slice(-6)}`);
}

/**
 * `json.dumps(value)` with Python's defaults for a flat object of floats and strings: `": "` and
 * `", "` separators, floats as `repr`, non-ASCII escaped as `\uXXXX` (`ensure_ascii`).
 * @example pythonJsonDumps({ t_start: 1700000000, env_id: "CartPole-v1" })
 *   // '{"t_start": 1700000000.0, "env_id": "CartPole-v1"}'
 */
export function pythonJsonDumps(value: Record<string, number | string | null>): string {
  const str = (s: string) =>
    JSON.stringify(s).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  const item = (v: number | string | null) =>
    v === null ? "null" : typeof v === "string" ? str(v) : pythonFloatRepr(v);
  return `{${Object.entries(value)
    .map(([k, v]) => `${str(k)}: ${item(v)}`)
    .join(", ")}}`;
}
