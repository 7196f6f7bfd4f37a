import { describeValue, GymkitError } from "../errors.js";
import type { Space, SpaceJSON } from "../space.js";
import { Box } from "./box.js";
import { Discrete } from "./discrete.js";

const bad = (message: string) => new GymkitError("GYMKIT_INVALID_SPACE", `spaceFromJSON: ${message}`);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `"inf"`/`"-inf"` back to ±Infinity; numbers as they are. */
function decodeBounds(v: unknown, field: "low" | "high"): number[] {
  if (!Array.isArray(v)) throw bad(`Box "${field}" must be an array, got ${describeValue(v)}.`);
  return v.map((x, i) => {
    if (typeof x === "number") return x;
    if (x === "inf" || x === "+inf") return Number.POSITIVE_INFINITY;
    if (x === "-inf") return Number.NEGATIVE_INFINITY;
    throw bad(`Box ${field}[${i}] must be a number, "inf" or "-inf", got ${describeValue(x)}.`);
  });
}

/**
 * Rebuilds a space from `space.toJSON()` (parsed JSON or the object itself). Validates the input:
 * a wrong type, a missing field or bad bounds throw a `GYMKIT_INVALID_SPACE` error saying which.
 * @example spaceFromJSON(JSON.parse(JSON.stringify(new Discrete(2)))) // Discrete(2)
 */
export function spaceFromJSON(json: unknown): Discrete | Box<"float32"> | Box<"float64"> {
  if (!isRecord(json)) throw bad(`expected an object with a "type" field, got ${describeValue(json)}.`);
  const type = json.type;
  if (type === "Discrete") {
    const { n, start } = json;
    if (typeof n !== "number") throw bad(`Discrete "n" must be a number, got ${describeValue(n)}.`);
    if (start !== undefined && typeof start !== "number") {
      throw bad(`Discrete "start" must be a number, got ${describeValue(start)}.`);
    }
    return new Discrete(n, start ?? 0);
  }
  if (type === "Box") {
    const { shape, dtype } = json;
    if (!Array.isArray(shape)) throw bad(`Box "shape" must be an array, got ${describeValue(shape)}.`);
    if (dtype !== "float32" && dtype !== "float64") {
      throw bad(`Box "dtype" must be "float32" or "float64", got ${describeValue(dtype)}.`);
    }
    const low = decodeBounds(json.low, "low");
    const high = decodeBounds(json.high, "high");
    return dtype === "float64"
      ? new Box(low, high, shape as number[], "float64")
      : new Box(low, high, shape as number[], "float32");
  }
  throw bad(`unknown space type ${describeValue(type)}; known types: "Discrete", "Box".`);
}

/** The JSON form of a space, for symmetry with `spaceFromJSON`. */
export const spaceToJSON = (space: Space<unknown>): SpaceJSON => space.toJSON();
