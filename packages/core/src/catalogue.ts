/**
 * The registered parts and presets of each slot, and the resolution of a part spec from a config:
 * shorthand, id lookup, presets merged under the user's options, needed parts, validation with the
 * full path. Resolution builds nothing; `compose` builds what it resolved.
 */
import { closestMatches, describeValue, GymkitError } from "./errors.js";
import {
  aSlot,
  type CheckContext,
  type PartDefinition,
  type PartSpec,
  type PresetDefinition,
  type RegisteredPart,
  type RegisteredPreset,
  SLOTS,
  type Slot,
} from "./parts.js";
import { joinPath, parseOptions, toJsonSchema, z } from "./schema.js";

/** A part spec checked against the catalogue: what to build, with what, at which config path. */
export interface ResolvedPart {
  readonly slot: Slot;
  /** The id the config named (a preset's id, or the part's). */
  readonly id: string;
  readonly part: RegisteredPart;
  readonly preset: RegisteredPreset | undefined;
  readonly path: string;
  /** Validated, defaulted options of the part itself. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The parts it needs, by config key, resolved in the order declared. */
  readonly needs: Readonly<Record<string, ResolvedPart>>;
  /** The whole resolved spec as plain data: `{ kind, ...options, ...needs }`. */
  readonly spec: PartSpec;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `base` with `over` on top: objects merge key by key; a part spec whose `kind` differs from the
 * one below replaces it whole (another part's options do not carry over); anything else replaces.
 */
export function mergeUnder(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isRecord(base) || !isRecord(over)) return over;
  if (typeof over.kind === "string" && typeof base.kind === "string" && over.kind !== base.kind) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeUnder(base[k], v);
  return out;
}

/** Parts and presets by slot; the later registration of an id wins. */
export class Catalogue {
  private readonly parts = new Map<Slot, RegisteredPart[]>();
  private readonly presets = new Map<Slot, RegisteredPreset[]>();

  /** Checks a part without storing it. */
  checkPart(part: PartDefinition, override: boolean): void {
    if (typeof part !== "object" || part === null) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `add: expected a part definition, got ${describeValue(part)}.`,
      );
    }
    if (!Object.hasOwn(SLOTS, part.slot) || part.slot === "env") {
      const slots = Object.keys(SLOTS).filter((s) => s !== "env");
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `add: slot must be one of ${slots.join(", ")} (envs are added with register), got ${describeValue(part.slot)}.`,
      );
    }
    const label = SLOTS[part.slot].label;
    if (typeof part.id !== "string" || part.id.length === 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ID",
        `A ${label} id must be a non-empty string, got ${describeValue(part.id)}.`,
      );
    }
    if (!(part.options instanceof z.ZodType)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `The ${label} "${part.id}" must declare its options as a zod schema (z.strictObject({...}), with z from @gymkit/core), got ${describeValue(part.options)}.`,
      );
    }
    if (typeof part.create !== "function") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `The ${label} "${part.id}" has no create(options, context) function.`,
      );
    }
    if (part.check !== undefined && typeof part.check !== "function") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `The ${label} "${part.id}" has a check that is not a function (check(options, context)), got ${describeValue(part.check)}.`,
      );
    }
    for (const [hook, signature] of [
      ["prepare", "prepare(options, context): Promise<void>"],
      ["load", "load(files, context): Promise<part>"],
    ] as const) {
      if (part[hook] !== undefined && typeof part[hook] !== "function") {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `The ${label} "${part.id}" has a ${hook} that is not a function (${signature}), got ${describeValue(part[hook])}.`,
        );
      }
    }
    const existing = this.find(part.slot, part.id);
    if (existing && !override) {
      throw new GymkitError(
        "GYMKIT_DUPLICATE_ID",
        `The ${label} "${part.id}" is already registered${existing.plugin ? ` by plugin "${existing.plugin}"` : ""}; pass { override: true } to replace it.`,
      );
    }
  }

  addPart(part: RegisteredPart): void {
    this.list(this.parts, part.slot).push(part);
  }

  checkPreset(preset: PresetDefinition, staged: readonly RegisteredPart[] = []): void {
    if (typeof preset !== "object" || preset === null || typeof preset.id !== "string" || preset.id === "") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `preset: expected { slot, id, base, fragment }, got ${describeValue(preset)}.`,
      );
    }
    const label = SLOTS[preset.slot]?.label ?? String(preset.slot);
    const base =
      this.find(preset.slot, preset.base) ??
      staged.find((p) => p.slot === preset.slot && p.id === preset.base);
    if (!base) {
      throw new GymkitError(
        "GYMKIT_UNKNOWN_COMPONENT",
        `Preset "${preset.id}": its base ${label} "${preset.base}" is not registered.`,
      );
    }
    if (!isRecord(preset.fragment)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Preset "${preset.id}": fragment must be an object of ${label} options, got ${describeValue(preset.fragment)}.`,
      );
    }
    // The fragment's own options must be valid for its base (parts it needs are checked at use).
    const needs = Object.keys(base.needs ?? {});
    const own = Object.fromEntries(Object.entries(preset.fragment).filter(([k]) => !needs.includes(k)));
    const partial =
      base.options instanceof z.ZodObject ? (base.options as z.ZodObject).partial() : base.options;
    parseOptions(partial, own, {
      path: `preset "${preset.id}"`,
      owner: `${label} "${preset.base}"`,
      extraKeys: needs,
    });
  }

  addPreset(preset: RegisteredPreset): void {
    this.list(this.presets, preset.slot).push(preset);
  }

  /** Registered part ids and preset ids of a slot, sorted. */
  ids(slot: Slot): string[] {
    const ids = [...(this.parts.get(slot) ?? []), ...(this.presets.get(slot) ?? [])].map((p) => p.id);
    return [...new Set(ids)].sort();
  }

  find(slot: Slot, id: string): RegisteredPart | undefined {
    return latest(this.parts.get(slot), id);
  }

  findPreset(slot: Slot, id: string): RegisteredPreset | undefined {
    return latest(this.presets.get(slot), id);
  }

  /** `hard (agent-dqn), none (agent-dqn)`: ids with the plugin that provides each. */
  describeIds(slot: Slot): string {
    const ids = this.ids(slot);
    if (ids.length === 0) return "(none; did you forget registry.use(plugin)?)";
    return ids
      .map((id) => {
        const plugin = (this.findPreset(slot, id) ?? this.find(slot, id))?.plugin;
        return plugin ? `${id} (${plugin})` : id;
      })
      .join(", ");
  }

  /**
   * Resolves a part spec at `path`: `"hard"` is shorthand for `{ kind: "hard" }`; a preset's
   * fragment goes under the user's options; needed parts resolve at `path.<key>`.
   */
  resolve(slot: Slot, raw: unknown, path: string): ResolvedPart {
    const label = SLOTS[slot].label;
    const spec = typeof raw === "string" ? { kind: raw } : raw;
    if (!isRecord(spec)) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${path}: expected ${aSlot(slot)} as "<id>" or { kind: "<id>", ...options }, got ${describeValue(raw)}. Registered ${slot} ids: ${this.describeIds(slot)}.`,
      );
    }
    const { kind, ...given } = spec;
    if (typeof kind !== "string" || kind.length === 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${joinPath(path, ["kind"])}: expected the id of a registered ${label}, got ${describeValue(kind)}. Registered ${slot} ids: ${this.describeIds(slot)}.`,
      );
    }
    const preset = this.findPreset(slot, kind);
    const part = this.find(slot, preset ? preset.base : kind);
    if (!part) {
      const close = closestMatches(kind, this.ids(slot), 1);
      throw new GymkitError(
        "GYMKIT_UNKNOWN_COMPONENT",
        `Invalid config at ${joinPath(path, ["kind"])}: unknown ${label} "${kind}".${close.length ? ` Did you mean "${close[0]}"?` : ""} Registered ${slot} ids: ${this.describeIds(slot)}.`,
      );
    }
    const merged = (preset ? mergeUnder(preset.fragment, given) : given) as Record<string, unknown>;
    const needs: Record<string, ResolvedPart> = {};
    const own: Record<string, unknown> = {};
    const needKeys = Object.keys(part.needs ?? {});
    for (const [key, value] of Object.entries(merged)) if (!needKeys.includes(key)) own[key] = value;
    const options = parseOptions(part.options, own, {
      path,
      owner: `${label} "${kind}"`,
      aliases: part.aliases,
      extraKeys: needKeys,
    }) as Record<string, unknown>;
    for (const [key, need] of Object.entries(part.needs ?? {})) {
      const given = merged[key];
      const sub = typeof given === "string" ? { kind: given } : given;
      const withDefault =
        isRecord(sub) && sub.kind === undefined ? mergeUnder(need.default, sub) : (sub ?? need.default);
      needs[key] = this.resolve(need.slot, withDefault, joinPath(path, [key]));
    }
    const resolvedSpec: PartSpec = {
      kind,
      ...options,
      ...Object.fromEntries(Object.entries(needs).map(([k, n]) => [k, n.spec])),
    };
    return { slot, id: kind, part, preset, path, options, needs, spec: resolvedSpec };
  }

  /** JSON Schema of one part's options (for a generated reference). */
  optionsJsonSchema(slot: Slot, id: string) {
    const part = this.find(slot, id);
    return part ? toJsonSchema(part.options) : undefined;
  }

  private list<T>(map: Map<Slot, T[]>, slot: Slot): T[] {
    const list = map.get(slot) ?? [];
    map.set(slot, list);
    return list;
  }
}

/**
 * Runs the `check` of a resolved part and of the parts it needs (those first), so that what one
 * schema cannot see (a batch larger than the buffer, a learning start beyond the budget) fails at
 * resolve time with its config path, before anything is built.
 */
export function checkResolved(resolved: ResolvedPart, run: CheckContext["run"]): void {
  for (const need of Object.values(resolved.needs)) checkResolved(need, run);
  const check = resolved.part.check;
  if (!check) return;
  const context: CheckContext = {
    path: resolved.path,
    id: resolved.id,
    spec: resolved.spec,
    run,
    need(key) {
      const need = resolved.needs[key];
      if (!need) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `The ${SLOTS[resolved.slot].label} "${resolved.id}" checked part "${key}", which it did not declare in needs.`,
        );
      }
      return { id: need.id, part: need.part.id, path: need.path, options: need.options };
    },
  };
  try {
    check(resolved.options, context);
  } catch (e) {
    if (e instanceof GymkitError) throw e;
    const from = resolved.part.plugin ? ` (plugin "${resolved.part.plugin}")` : "";
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Checking ${SLOTS[resolved.slot].label} "${resolved.id}" at ${resolved.path}${from} failed: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}

function latest<T extends { id: string }>(entries: readonly T[] | undefined, id: string): T | undefined {
  if (!entries) return undefined;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.id === id) return entries[i];
  return undefined;
}
