/**
 * The JSON Schema of an experiment config, for editors (`# yaml-language-server: $schema=...`) and
 * any other validator: it accepts what `registry.resolve` accepts (issue 20). Each slot is a
 * `$defs` entry with one `if kind is X then ...` branch per part (its presets share it), so a
 * validator's first error names the real key (`/agent` has no `lrr`) instead of "not valid under
 * any of the given schemas".
 * A part written without `kind` merges over the default (or the preset's) part of its key, as
 * `resolve` does, and is checked against that part's options. With `overlays`, fragments merged
 * over the config (the runner's variants) are checked against the base they merge over where
 * JSON Schema can say it, and loosely where it cannot (each such place says so).
 */
import type { Catalogue } from "./catalogue.js";
import { EXPERIMENT_FIELDS } from "./config.js";
import { envSchemas, isRecord, lacks, names, ref, when } from "./config-schema-parts.js";
import type { EnvRegistry } from "./env-registry.js";
import { aSlot, type Need, SLOTS, type Slot } from "./parts.js";
import { type JsonSchema, toJsonSchema, z } from "./schema.js";

/** What `configJsonSchema` emits besides the config itself. */
export interface ConfigSchemaOptions {
  /**
   * Module names a config may put before an env id (`pkg:GridWorld-v0`, Gymnasium's
   * `module:Env-v0`), by env id: the runner loads the module, then makes the id.
   */
  readonly envModules?: Readonly<Record<string, readonly string[]>> | undefined;
  /**
   * A top-level array of fragments that are each merged over the config with `mergeUnder` (the
   * runner's `variants`): `key` names it, `array` adds keywords to the array (a description),
   * `properties`/`required` are what a fragment holds besides config fields (its name).
   */
  readonly overlays?:
    | {
        readonly key: string;
        readonly array?: JsonSchema | undefined;
        readonly properties?: Readonly<Record<string, JsonSchema>> | undefined;
        readonly required?: readonly string[] | undefined;
      }
    | undefined;
}

const LOOSE =
  "Written without kind, it merges over the same key of the agent below, which this schema cannot see: it is accepted when valid for some kind.";

/** The JSON Schema of a config for the envs and parts registered now. */
export function configJsonSchema(
  envs: EnvRegistry,
  catalogue: Catalogue,
  options: ConfigSchemaOptions = {},
): JsonSchema {
  const $defs: Record<string, JsonSchema> = {};
  const fields = toJsonSchema(z.object(EXPERIMENT_FIELDS)).properties ?? {};

  const lookup = (slot: Slot, id: string) => {
    const preset = catalogue.findPreset(slot, id);
    const part = catalogue.find(slot, preset ? preset.base : id)!;
    return { preset, part, options: toJsonSchema(part.options) };
  };

  /** Ids by the part they build: a part's own id and its presets'. */
  const byPart = (slot: Slot, ids: readonly string[]) => {
    const groups = new Map<string, string[]>();
    for (const id of ids) {
      const base = lookup(slot, id).part.id;
      groups.set(base, [...(groups.get(base) ?? []), id]);
    }
    return groups;
  };

  /** The kind of a need the config writes without one: the preset's, else the need's default. */
  const kindOf = (need: Need, fromPreset: unknown): string =>
    typeof fromPreset === "string"
      ? fromPreset
      : isRecord(fromPreset) && typeof fromPreset.kind === "string"
        ? fromPreset.kind
        : need.default.kind;

  /**
   * `{ kind, ...options }` of one part and its presets (`ids`): one branch, so a part's options are
   * written once. A need without kind is the options of the kind it merges over (each preset's
   * own); over a base the schema cannot see, needs are loose and nothing is required.
   */
  const branch = (slot: Slot, ids: readonly string[], overBase: boolean): JsonSchema => {
    const { part, options } = lookup(slot, ids[0]!);
    const { properties, required, type: _, description: __, ...rest } = options;
    const presets = ids.map((id) => ({ id, preset: catalogue.findPreset(slot, id) }));
    const own: Record<string, JsonSchema> = {
      kind: {
        enum: [...ids],
        description: presets
          .map(({ id, preset }) => `${id}: ${preset?.description ?? part.description ?? id}`)
          .join("; "),
      },
    };
    const perId = presets.map(() => ({}) as Record<string, JsonSchema>);
    for (const [key, need] of Object.entries(part.needs ?? {})) {
      const about = need.description ? { description: need.description } : {};
      if (overBase) {
        own[key] = { description: `${need.description ?? ""} ${LOOSE}`.trim(), ...loose(need.slot) };
        continue;
      }
      const kinds = presets.map(({ preset }) => kindOf(need, preset?.fragment[key]));
      const checked = (kind: string) => when(lacks("kind"), partial(need.slot, kind), slotRef(need.slot));
      if (new Set(kinds).size === 1) own[key] = { ...about, ...checked(kinds[0]!) };
      else {
        own[key] = about; // checked per id below: each preset merges over its own part
        for (const [i, kind] of kinds.entries()) perId[i]![key] = checked(kind);
      }
    }
    // A required option may come from the preset, or from the base below.
    const stillRequired = presets.map(({ preset }) =>
      overBase ? [] : (required ?? []).filter((k) => !(k in (preset?.fragment ?? {}))),
    );
    const refine = presets.flatMap(({ id }, i) =>
      Object.keys(perId[i]!).length || stillRequired[i]!.length
        ? [
            when(
              { properties: { kind: { const: id } } },
              {
                properties: perId[i]!,
                ...(stillRequired[i]!.length ? { required: stillRequired[i] } : {}),
              },
            ),
          ]
        : [],
    );
    return { ...rest, properties: { ...own, ...properties }, ...(refine.length ? { allOf: refine } : {}) };
  };

  /** Options of `id` written without kind, merged over a part of that kind: nothing required. */
  const partial = (slot: Slot, id: string): JsonSchema => {
    const { part, options } = lookup(slot, id);
    const name = `${slot}.${part.id}`; // a preset's options are its part's
    if ($defs[name]) return ref(name);
    $defs[name] = {}; // taken first: a part may take a part of its own slot
    const own: Record<string, JsonSchema> = {};
    for (const [key, need] of Object.entries(part.needs ?? {})) own[key] = loose(need.slot);
    $defs[name] = {
      type: "object",
      description: `Options of ${SLOTS[slot].label} "${part.id}" written without kind, merged over the one below.`,
      properties: { ...options.properties, ...own },
      ...(options.additionalProperties === undefined
        ? {}
        : { additionalProperties: options.additionalProperties }),
    };
    return ref(name);
  };

  /** A part merged over one this schema cannot see: with kind, checked; without, valid for some kind. */
  const loose = (slot: Slot): JsonSchema => {
    const name = `${slot}-options`;
    if (!$defs[name]) {
      $defs[name] = {}; // taken before its parts are built: a part may need its own slot
      $defs[name] = {
        description: `Options of any ${SLOTS[slot].label}, merged over the one below.`,
        anyOf: catalogue.ids(slot).map((id) => partial(slot, id)),
      };
    }
    return when(lacks("kind"), ref(name), slotRef(slot));
  };

  /** `"<id>"` or `{ kind: "<id>", ...options }` of a slot, as a `$defs` entry. */
  function slotRef(slot: Slot, overBase = false): JsonSchema {
    const name = overBase ? `${slot}-over-base` : slot;
    if ($defs[name]) return ref(name);
    $defs[name] = {};
    const ids = catalogue.ids(slot);
    $defs[name] =
      ids.length === 0
        ? { description: `No ${SLOTS[slot].label} is registered.`, not: {} }
        : {
            description: `${aSlot(slot)}: "<id>" or { kind: "<id>", ...options }. Registered: ${ids.join(", ")}.`,
            type: ["string", "object"],
            ...when(
              { type: "string" },
              { enum: ids },
              {
                type: "object",
                required: ["kind"],
                properties: { kind: { enum: ids } },
                allOf: [...byPart(slot, ids).values()].map((same) =>
                  when(
                    { required: ["kind"], properties: { kind: { enum: same } } },
                    branch(slot, same, overBase),
                  ),
                ),
              },
            ),
          };
    return ref(name);
  }

  const env = envSchemas(envs, options.envModules ?? {});
  $defs.env = env.full;
  const properties: Record<string, JsonSchema> = {
    ...fields,
    env: { ...ref("env"), description: "The env: a registered id, or { id, options, numEnvs }." },
    agent: { ...slotRef("agent"), description: "The agent and the parts it takes." },
    loggers: {
      type: "array",
      items: slotRef("logger"),
      description: "Loggers that subscribe to the run's events.",
    },
  };
  const root: JsonSchema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    description: "A gymkit experiment: one env, one agent, its parts, loggers, budget, evaluation and seed.",
    type: "object",
    properties,
    required: ["env", "agent", "budget"],
    additionalProperties: false,
  };
  const overlays = options.overlays;
  if (overlays) {
    properties[overlays.key] = {
      ...overlays.array,
      type: "array",
      items: {
        type: "object",
        properties: {
          ...properties,
          // Without id or kind they merge over the base's: the rules below check them against it.
          env: when(lacks("id"), { type: "object" }, ref("env")),
          agent: when(lacks("kind"), { type: "object" }, slotRef("agent", true)),
          budget: { type: "object", properties: fields.budget?.properties, additionalProperties: false },
          ...overlays.properties,
        },
        required: [...(overlays.required ?? [])],
        additionalProperties: false,
      },
    };
    delete root.required;
    root.allOf = overlayRules(overlays.key);
  }
  return { ...root, $defs };

  /** Root rules for fragments under `key`: what they must give, and what they merge over. */
  function overlayRules(key: string): JsonSchema[] {
    const each = (s: JsonSchema): JsonSchema => ({
      properties: { [key]: { type: "array", items: { type: "object", ...s } } },
    });
    const whole: Record<string, JsonSchema> = {
      env: ref("env"),
      agent: ref("agent"),
      budget: fields.budget!,
    };
    // env, agent and budget: in the config, or whole in every fragment.
    const rules: JsonSchema[] = Object.entries(whole).map(([field, schema]) => ({
      anyOf: [
        { required: [field] },
        { required: [key], ...each({ required: [field], properties: { [field]: schema } }) },
      ],
    }));
    for (const [part, ids] of byPart("agent", catalogue.ids("agent"))) {
      const over = each({ properties: { agent: when(lacks("kind"), partial("agent", part)) } });
      rules.push(when({ required: ["agent"], properties: { agent: names("kind", ids) } }, over));
    }
    for (const [id, forms] of env.forms) {
      const over = each({ properties: { env: when(lacks("id"), env.partial(id)) } });
      rules.push(when({ required: ["env"], properties: { env: names("id", forms) } }, over));
    }
    // With nothing to merge over, a fragment's agent or env must be whole.
    for (const field of ["agent", "env"]) {
      rules.push(when({ not: { required: [field] } }, each({ properties: { [field]: ref(field) } })));
    }
    return rules;
  }
}
