/**
 * Pieces of the config's JSON Schema (config-schema.ts): JSON Schema's keywords as helpers, and the
 * env's schema, by id, with its make options (the batched env's own when `numEnvs` >= 2).
 */
import { ENV_FIELDS } from "./config.js";
import { type EnvRegistry, MAKE_OPTIONS } from "./env-registry.js";
import { type JsonSchema, toJsonSchema, z } from "./schema.js";

/** JSON Schema's `if`/`then`/`else`. */
export function when(condition: JsonSchema, then: JsonSchema, otherwise?: JsonSchema): JsonSchema {
  return { if: condition, then, ...(otherwise ? { else: otherwise } : {}) };
}
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** A `$defs` reference; the name is a JSON Pointer token inside a URI fragment. */
export const ref = (name: string): JsonSchema => ({
  $ref: `#/$defs/${encodeURIComponent(name.replaceAll("~", "~0").replaceAll("/", "~1"))}`,
});
/** Matches an object that names no `key` (a part without `kind`, an env without `id`). */
export const lacks = (key: string): JsonSchema => ({ type: "object", not: { required: [key] } });
/** Matches one of `ids` as a shorthand string or as `{ <key>: id }`. */
export const names = (key: string, ids: readonly string[]): JsonSchema => ({
  anyOf: [{ enum: [...ids] }, { type: "object", required: [key], properties: { [key]: { enum: [...ids] } } }],
});

/** The env's JSON Schema: by id, its make options (the batched env's own when `numEnvs` >= 2). */
export function envSchemas(envs: EnvRegistry, modules: Readonly<Record<string, readonly string[]>>) {
  const fields = toJsonSchema(z.strictObject(ENV_FIELDS)).properties ?? {};
  // An env without an options schema: only make's own options are checked, as make does.
  const makeOnly: JsonSchema = {
    type: "object",
    properties: toJsonSchema(z.object(MAKE_OPTIONS)).properties,
  };
  const forms = new Map(envs.ids().map((id) => [id, [id, ...(modules[id] ?? []).map((m) => `${m}:${id}`)]]));
  const all = [...forms.values()].flat();
  const optionsOf = (id: string) => {
    const r = envs.get(id).registration;
    const own = envs.optionsSchema(id);
    const scalar = own ? toJsonSchema(own) : makeOnly;
    if (!r.vectorEntry) return { scalar, vector: undefined };
    return { scalar, vector: r.vectorOptions ? toJsonSchema(r.vectorOptions) : { type: "object" } };
  };
  const isVector: JsonSchema = {
    required: ["numEnvs"],
    properties: { numEnvs: { type: "integer", minimum: 2 } },
  };
  const merged = ({ required: _, ...s }: JsonSchema): JsonSchema => s;

  const full: JsonSchema =
    all.length === 0
      ? { description: "No environment is registered.", not: {} }
      : {
          description: `The env: a registered id, or { id, options, numEnvs }. Registered: ${all.join(", ")}.`,
          type: ["string", "object"],
          ...when(
            { type: "string" },
            { enum: all },
            {
              type: "object",
              required: ["id"],
              properties: { ...fields, id: { ...fields.id, enum: all } },
              additionalProperties: false,
              allOf: [...forms].map(([id, names]) => {
                const { scalar, vector } = optionsOf(id);
                const options = vector
                  ? when(isVector, { properties: { options: vector } }, { properties: { options: scalar } })
                  : { properties: { options: scalar } };
                return when({ required: ["id"], properties: { id: { enum: names } } }, options);
              }),
            },
          ),
        };
  /** `{ options, numEnvs }` without id, merged over env `id`: its scalar or its vector options. */
  const partial = (id: string): JsonSchema => {
    const { scalar, vector } = optionsOf(id);
    return {
      type: "object",
      properties: {
        numEnvs: fields.numEnvs!,
        options: vector ? { anyOf: [merged(scalar), merged(vector)] } : merged(scalar),
      },
      additionalProperties: false,
    };
  };
  return { full, forms, partial };
}
