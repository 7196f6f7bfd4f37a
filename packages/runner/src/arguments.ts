/**
 * Parsers of the CLI's arguments (commander's argParser): every value is checked before anything
 * runs, and a bad one is named with what is allowed (issue 19: an empty --out trained into the
 * working directory, a huge --workers started that many threads).
 */
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "@commander-js/extra-typings";

/** A whole number in [min, max]; `max` says why when it is not the safe-integer limit. */
export const int =
  (what: string, min = 0, max: { value: number; why: string } = SAFE) =>
  (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new InvalidArgumentError(
        `${what} must be a whole number${min > 0 ? ` >= ${min}` : ""}, got "${value}".`,
      );
    }
    if (Number(value) > max.value) {
      throw new InvalidArgumentError(`${what} must be at most ${max.value}${max.why}, got "${value}".`);
    }
    return Number(value);
  };
const SAFE = { value: Number.MAX_SAFE_INTEGER, why: " (the largest whole number JavaScript holds exactly)" };
/** Threads of one process: past this, memory runs out long before the cores are busy. */
export const threads = {
  value: 256,
  why: ` (threads of one process, each with its own TensorFlow.js; this machine has ${availableParallelism()} cores)`,
};

/** A path or name that must not be empty (an empty --out meant the working directory, silently). */
export const nonEmpty =
  (what: string) =>
  (value: string): string => {
    if (value.trim() === "") throw new InvalidArgumentError(`${what} must not be empty, got "${value}".`);
    return value;
  };
/** {@link nonEmpty} for a variadic option: each value is checked, the list kept. */
export const nonEmptyEach =
  (what: string) =>
  (value: string, previous: string[] = []): string[] => [...previous, nonEmpty(what)(value)];

/** An experiment file: not empty, not a directory (the files in it are suggested). */
export function experimentFile(value: string): string {
  nonEmpty("the experiment file")(value);
  let inside: string[] | undefined;
  try {
    if (statSync(value).isDirectory()) inside = readdirSync(value).filter((f) => /\.(ya?ml|json)$/i.test(f));
  } catch {
    return value; // missing or unreadable: the reader says so, with the path
  }
  if (inside === undefined) return value;
  throw new InvalidArgumentError(
    `${value} is a directory; pass an experiment file (YAML or JSON)${
      inside.length > 0
        ? `, e.g. ${inside
            .slice(0, 3)
            .map((f) => join(value, f))
            .join(", ")}`
        : ""
    }.`,
  );
}
