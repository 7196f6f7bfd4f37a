/**
 * A variant's config: the base of the file with the variant's fields over it. Mappings merge key
 * by key. Where the variant names another part kind (or another env id) than the base, that part
 * starts from the new kind's defaults, so base options for it would be dropped: that is refused,
 * naming the options, instead of training something the file does not say.
 */
import { GymkitError, joinPath } from "@gymkit/core";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The key that names the implementation at `keys`: `id` for the env, `kind` for every part. */
const nameKey = (keys: readonly PropertyKey[]) => (keys.length === 1 && keys[0] === "env" ? "id" : "kind");

/** A part or env written as a bare id (`agent: dqn`) in its object form (`{ kind: dqn }`). */
export function expand(value: unknown, keys: readonly PropertyKey[]): unknown {
  return typeof value === "string" ? { [nameKey(keys)]: value } : value;
}

/** Base options a variant drops by naming another kind: where, which, and the two names. */
export interface Dropped {
  readonly keys: readonly PropertyKey[];
  readonly options: readonly string[];
  readonly base: string;
  readonly variant: string;
}

/**
 * `over` merged onto `base` at `keys`; a part spec (a mapping with `kind`, or the env with `id`)
 * under which the variant names another kind keeps nothing of the base, and the base options it
 * loses are reported to `drop` (which throws).
 */
export function mergeOver(
  base: unknown,
  over: unknown,
  keys: readonly PropertyKey[],
  drop: (dropped: Dropped) => never,
): unknown {
  if (over === undefined) return base;
  const id = nameKey(keys);
  // A bare id on either side (`buffer: uniform` under `buffer: { capacity: 10 }`) is its object
  // form, so the other side's fields merge with it instead of replacing it.
  const b = typeof base === "string" && isRecord(over) ? expand(base, keys) : base;
  const o = typeof over === "string" && isRecord(base) ? expand(over, keys) : over;
  if (!isRecord(b) || !isRecord(o)) return o;
  if (typeof o[id] === "string" && typeof b[id] === "string" && o[id] !== b[id]) {
    const options = Object.keys(b).filter((k) => k !== id);
    if (options.length > 0) drop({ keys, options, base: b[id] as string, variant: o[id] as string });
    return o;
  }
  const out: Record<string, unknown> = { ...b };
  for (const [k, v] of Object.entries(o)) out[k] = mergeOver(b[k], v, [...keys, k], drop);
  return out;
}

/** The message of a refused drop: `where` names the first dropped option's place. */
export function dropMessage(
  d: Dropped,
  where: string,
  variant: { index: number; name: string },
): GymkitError {
  const part = joinPath("", d.keys);
  const what = d.keys.length === 1 && d.keys[0] === "env" ? "env" : `${part} kind`;
  const list = d.options.map((o) => joinPath(part, [o])).join(", ");
  const them = d.options.length === 1 ? "it" : "them";
  return new GymkitError(
    "GYMKIT_INVALID_CONFIG",
    `${where}: Invalid config at ${joinPath(part, [d.options[0]!])}: variants[${variant.index}] (${variant.name}) names another ${what} (${JSON.stringify(d.variant)}, not ${JSON.stringify(d.base)}), which starts from its own defaults, so the base ${list} would be dropped for it. Move ${them} into the variants that use ${JSON.stringify(d.base)}, or remove ${d.keys.length === 1 && d.keys[0] === "env" ? "id" : "kind"} from the base ${part} so that ${d.options.length === 1 ? "it applies" : "they apply"} to every variant.`,
  );
}
