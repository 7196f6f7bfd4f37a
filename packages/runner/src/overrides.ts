/**
 * `--set path=value` and where a config value came from. A --set applies to the experiment file
 * when its path starts with a field of the file as a whole (`name`, `plugins`, `seed`, `seeds`,
 * `variants`, `checkpoint`, `backend`), and otherwise to every run's config after its variant's
 * own fields, so `--set agent.lr=0.001` reaches every variant whatever agent each names.
 */
import { GymkitError, joinPath } from "@gymkit/core";
import { type ConfigFile, splitPath } from "./config-file.js";
import { FORBIDDEN_KEYS, findNotPlain } from "./config-text.js";

/** One `--set`, in the order given. */
export interface SetOverride {
  readonly path: string;
  readonly value: unknown;
}

/** Fields of the file as a whole: a --set of these changes the file before variants are planned. */
export const FILE_FIELDS = ["name", "plugins", "seed", "seeds", "variants", "checkpoint", "backend"];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Does the --set write to the file as a whole (else: to every run's config)? */
export const setsFile = (set: SetOverride): boolean => FILE_FIELDS.includes(String(splitPath(set.path)[0]));

/** `--set agent.lr=0.001`, as the user could have typed it (for messages). */
export const showSet = (set: SetOverride): string =>
  `--set ${set.path}=${typeof set.value === "string" ? set.value : JSON.stringify(set.value)}`;

/**
 * Why a --set path or value cannot be used, or undefined: a segment that reaches an object's
 * prototype (`__proto__`, `constructor`, `prototype`), or a value that is not plain data.
 */
export function setProblem(path: string, value: unknown): string | undefined {
  const bad = splitPath(path).find((k) => typeof k === "string" && FORBIDDEN_KEYS.has(k));
  if (bad !== undefined) {
    return `"${String(bad)}" in ${path} is refused: it names a JavaScript object's prototype machinery, never a gymkit option.`;
  }
  const odd = findNotPlain(value);
  if (odd) return `the value of ${joinPath(path, odd.path)}: ${odd.problem}.`;
  return undefined;
}

/**
 * Sets the value at a path in a copy of `data`. A shorthand on the way (`agent: dqn`,
 * `env: CartPole-v1`) becomes its object form, so `--set env.numEnvs=2` keeps the env's id and
 * `--set agent.lr=...` its kind; a list index may extend a list by one, not leave holes.
 */
export function setPath(data: Record<string, unknown>, set: SetOverride): Record<string, unknown> {
  const keys = splitPath(set.path);
  const problem =
    keys.length === 0 ? "expected path=value, e.g. --set agent.lr=0.0005." : setProblem(set.path, set.value);
  if (problem) throw new GymkitError("GYMKIT_INVALID_ARGUMENT", `--set ${set.path}: ${problem}`);
  const root = structuredClone(data);
  let node: Record<PropertyKey, unknown> | unknown[] = root;
  keys.forEach((key, i) => {
    const slot = node as Record<PropertyKey, unknown>;
    if (Array.isArray(node) && typeof key === "number" && key > node.length) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${showSet(set)}: the config gives ${joinPath("", keys.slice(0, i))} ${node.length} item(s) (defaults are not filled in yet), so [${key}] would leave a hole; set the whole list, e.g. --set ${joinPath("", keys.slice(0, i))}=[64,64].`,
      );
    }
    if (i === keys.length - 1) {
      slot[key as string] = set.value;
      return;
    }
    const next = slot[key as string];
    if (typeof next === "string" && typeof keys[i + 1] === "string") {
      // The env is named by `id`; every part (agent, buffer, logger, ...) by `kind`.
      slot[key as string] = key === "env" ? { id: next } : { kind: next };
    } else if (typeof next !== "object" || next === null) {
      slot[key as string] = typeof keys[i + 1] === "number" ? [] : {};
    }
    node = slot[key as string] as Record<PropertyKey, unknown>;
  });
  return root;
}

/** How many of `keys` lead through `data` (a string or number stops the walk). */
export function definedDepth(data: unknown, keys: readonly PropertyKey[]): number {
  let node = data;
  let depth = 0;
  for (const key of keys) {
    if (!isRecord(node) && !Array.isArray(node)) return depth;
    if (!Object.hasOwn(node as object, key as string)) return depth;
    node = (node as Record<PropertyKey, unknown>)[key as string];
    depth++;
  }
  return depth;
}

const related = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.slice(0, Math.min(a.length, b.length)).every((k, i) => String(k) === String(b[i]));

/** Where a value of a run's config came from: a --set, a variant or the base of the file. */
export interface Origins {
  readonly file: ConfigFile;
  /** Every --set, in order (file-level and per-run). */
  readonly sets: readonly SetOverride[];
}

/**
 * The place to name for a value at `keys` of variant `index`'s config: the last --set that wrote
 * it (or something above or below it), else its `file:line:col` in the variant when the variant
 * wrote more of the path than the base, else in the base (naming the variant it failed in).
 * `path` is the config path to show.
 */
export function originOf(
  origins: Origins,
  keys: readonly PropertyKey[],
  variant: { index: number; name: string; fields: unknown } | undefined,
): { where: string; path: string } {
  const inVariant =
    variant !== undefined &&
    definedDepth(variant.fields, keys) > 0 &&
    definedDepth(variant.fields, keys) >= definedDepth(origins.file.data, keys);
  const full = inVariant ? ["variants", variant.index, ...keys] : [...keys];
  for (let i = origins.sets.length - 1; i >= 0; i--) {
    const set = origins.sets[i]!;
    const setKeys = splitPath(set.path);
    const hits = setsFile(set) ? related(setKeys, full) : related(setKeys, keys);
    if (hits) {
      const which = variant !== undefined && !setsFile(set) ? ` (variant ${variant.name})` : "";
      return { where: `${showSet(set)}${which}`, path: joinPath("", setsFile(set) ? full : keys) };
    }
  }
  // A base value at fault in one variant (e.g. with that variant's buffer): say which variant.
  const which = variant !== undefined && !inVariant ? ` (variant ${variant.name})` : "";
  return { where: `${origins.file.locate(full)}${which}`, path: joinPath("", full) };
}
