/**
 * numpy-like text for space reprs (`Box(-4.8, 4.8, (4,), float32)`). Internal: not exported from
 * the package. Arrays are printed single-spaced (numpy pads columns; we do not).
 */

/** The shortest decimal that reads back as `v` in the given precision. */
function shortestDigits(v: number, dtype: "float32" | "float64"): number {
  if (dtype === "float64") return v;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

/** One number as numpy prints a float scalar: `4.8`, `1.0`, `-inf`, `1e-05`, `-0.0`. */
export function formatFloat(v: number, dtype: "float32" | "float64"): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Number.POSITIVE_INFINITY) return "inf";
  if (v === Number.NEGATIVE_INFINITY) return "-inf";
  if (Object.is(v, -0)) return "-0.0";
  const d = shortestDigits(v, dtype);
  const a = Math.abs(d);
  if (a !== 0 && (a >= 1e16 || a < 1e-4)) {
    const [mantissa, exponent] = d.toExponential().split("e") as [string, string];
    const sign = exponent.startsWith("-") ? "-" : "+";
    const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  const s = String(d);
  return s.includes(".") ? s : `${s}.0`;
}

/** A flat row-major array of the given shape, as nested brackets; long axes summarised like numpy. */
export function formatArray(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: "float32" | "float64",
): string {
  const summarise = values.length > 1000; // numpy's print threshold; edgeitems = 3
  const strides: number[] = new Array(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  const axis = (offset: number, d: number): string => {
    if (d === shape.length) return formatFloat(values[offset]!, dtype);
    const len = shape[d]!;
    const parts: string[] = [];
    for (let i = 0; i < len; i++) {
      if (summarise && len > 6 && i === 3) {
        parts.push("...");
        i = len - 4;
        continue;
      }
      parts.push(axis(offset + i * strides[d]!, d + 1));
    }
    return `[${parts.join(" ")}]`;
  };
  return axis(0, 0);
}

/** A Python tuple: `(4,)`, `(2, 3)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
