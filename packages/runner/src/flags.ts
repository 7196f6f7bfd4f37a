/**
 * The values of `train` and `compare` flags that need more than a number: `--seeds` (a count, a
 * range or a list), `--seed` and `--set path=value`. Errors are commander's `InvalidArgumentError`,
 * which it prints after the flag.
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { parseDocument } from "yaml";
import { checkDocument, documentData } from "./config-text.js";
import { setProblem } from "./overrides.js";

/** The largest seed a config takes (`seed` is a uint32, as NumPy's). */
const MAX_SEED = 2 ** 32 - 1;

const SEED_FORMS =
  "a count (--seeds 5 runs seeds 0..4), a range (--seeds 10..14) or a list (--seeds 3,7,11); for one seed, --seed 13";

/**
 * `--seeds 5` → 5 (a count: seeds 0..4, as `seeds: 5` in a file); `--seeds 10..14` → those five;
 * `--seeds 3,7,11` → exactly those. One seed is `--seed 13` (or `--seeds 13..13`): a bare number is
 * always a count, and the command's first line says which seeds run.
 */
export function parseSeeds(value: string): number | number[] {
  if (/^\d+$/.test(value)) {
    if (Number(value) === 0) {
      throw new InvalidArgumentError(
        `--seeds 0 counts no seeds: a bare number is a count from seed 0 (--seeds 5 runs seeds 0..4). For seed 0 alone write --seed 0; for a range, --seeds 0..4; for a list, --seeds 3,7,11.`,
      );
    }
    if (Number(value) > 10_000) {
      throw new InvalidArgumentError(
        `--seeds ${value} would count ${value} seeds (0..${BigInt(value) - 1n}); at most 10000 runs.${Number(value) <= MAX_SEED ? ` For seed ${value} alone write --seed ${value}.` : ""}`,
      );
    }
    return Number(value);
  }
  const range = /^(\d+)\.\.(\d+)$/.exec(value);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to > MAX_SEED)
      throw new InvalidArgumentError(`seed ${range[2]} is above the largest seed ${MAX_SEED}.`);
    if (from > to) {
      throw new InvalidArgumentError(
        `the range ${value} is empty; write the smaller seed first (--seeds ${to}..${from}).`,
      );
    }
    if (to - from + 1 > 10_000) {
      throw new InvalidArgumentError(`the range ${value} holds ${to - from + 1} seeds; at most 10000 runs.`);
    }
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  if (/^\d+(,\d+)+$/.test(value)) {
    const seeds = value.split(",").map(Number);
    const big = seeds.find((s) => s > MAX_SEED);
    if (big !== undefined)
      throw new InvalidArgumentError(`seed ${big} is above the largest seed ${MAX_SEED}.`);
    const twice = seeds.find((s, i) => seeds.indexOf(s) !== i);
    if (twice !== undefined) throw new InvalidArgumentError(`seed ${twice} is listed twice in "${value}".`);
    return seeds;
  }
  throw new InvalidArgumentError(`expected ${SEED_FORMS}; got "${value}".`);
}

/** `--seed 13`: one run at seed 13. */
export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_SEED) {
    throw new InvalidArgumentError(
      `expected a seed from 0 to ${MAX_SEED}, got "${value}"; for several, --seeds (${SEED_FORMS.split(";")[0]}).`,
    );
  }
  return Number(value);
}

/**
 * `--set agent.lr=0.0005`: the value is read as YAML (numbers, booleans, lists, objects), held
 * to what a config file may hold (plain data, finite numbers); a path through `__proto__`,
 * `constructor` or `prototype` is refused.
 */
export function parseSet(value: string, previous: Array<{ path: string; value: unknown }> = []) {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected path=value, e.g. agent.lr=0.0005, got "${value}".`);
  const path = value.slice(0, eq);
  if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*$/.test(path)) {
    throw new InvalidArgumentError(`"${path}" is not a config path like agent.lr or agent.hidden[0].`);
  }
  let parsed: unknown;
  try {
    parsed = parseValue(value.slice(eq + 1));
  } catch (e) {
    throw new InvalidArgumentError(`the value of ${path} ${(e as Error).message}`);
  }
  const problem = setProblem(path, parsed);
  if (problem) throw new InvalidArgumentError(problem);
  return [...previous, { path, value: parsed }];
}

/** A --set value as YAML, with the checks of a config file (tags, aliases, one document). */
function parseValue(text: string): unknown {
  const doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => `(at column ${offset + 1})`;
  try {
    checkDocument(doc, at, text);
    return documentData(doc, at);
  } catch (e) {
    const message = (e as Error).message.replace(/^\(at column (\d+)\): (not valid YAML\/JSON: )?/, "");
    throw new Error(`is not valid YAML: ${message}`);
  }
}
