/**
 * Options as zod 4 schemas, validated with their full config path and reported in the house
 * style: `Invalid config at agent.targetSync.every: expected an integer >= 1, got 0.` The words
 * after "expected" come from the schema's own JSON Schema, so every part's errors read alike
 * whoever wrote the part. Plugins take `z` from here, so one zod instance builds every schema.
 */
import { z } from "zod";
import { closestMatches, describeValue, GymkitError } from "./errors.js";

export { z };

/** A JSON Schema node as `z.toJSONSchema` writes it (the fields this module reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  description?: string;
  default?: unknown;
  required?: string[];
  [key: string]: unknown;
}

/**
 * The standard config error: `Invalid config at <path>: expected <expected>, got <value>.`,
 * followed by `hint` when given. Returned, not thrown, so callers write `throw invalidConfig(...)`.
 */
export function invalidConfig(path: string, expected: string, got: unknown, hint = ""): GymkitError {
  const tail = hint.trim() === "" ? "" : ` ${hint.trim()}`;
  return new GymkitError(
    "GYMKIT_INVALID_CONFIG",
    `Invalid config at ${path}: expected ${expected}, got ${describeValue(got)}.${tail}`,
  );
}

/** The JSON Schema of what a user may write (defaults make fields optional). */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

const cache = new WeakMap<z.ZodType, JsonSchema>();
const jsonOf = (schema: z.ZodType): JsonSchema => {
  let json = cache.get(schema);
  if (!json) {
    json = toJsonSchema(schema);
    cache.set(schema, json);
  }
  return json;
};

const SAFE = Number.MAX_SAFE_INTEGER;

/** `an integer >= 1`, `a number > 0 and <= 1`, `one of "mse", "huber"`, `true or false`, ... */
export function describeSchema(s: JsonSchema | undefined): string {
  if (!s || Object.keys(s).filter((k) => k !== "description" && k !== "default").length === 0) {
    return "any value";
  }
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const parts = alternatives.filter((a) => a.type !== "null").map(describeSchema);
    return [...new Set(parts)].join(" or ");
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum)
    return s.enum.length === 1
      ? JSON.stringify(s.enum[0])
      : `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "integer":
    case "number": {
      const bounds: string[] = [];
      if (s.exclusiveMinimum !== undefined) bounds.push(`> ${s.exclusiveMinimum}`);
      else if (s.minimum !== undefined && s.minimum > -SAFE) bounds.push(`>= ${s.minimum}`);
      if (s.exclusiveMaximum !== undefined) bounds.push(`< ${s.exclusiveMaximum}`);
      else if (s.maximum !== undefined && s.maximum < SAFE) bounds.push(`<= ${s.maximum}`);
      const kind = type === "integer" ? "an integer" : "a number";
      return bounds.length ? `${kind} ${bounds.join(" and ")}` : kind;
    }
    case "boolean":
      return "true or false";
    case "string":
      return s.minLength ? "a non-empty string" : "a string";
    case "array": {
      const of = s.items ? ` of ${plural(describeSchema(s.items))}` : "";
      const n =
        s.minItems !== undefined && s.minItems === s.maxItems
          ? ` of length ${s.minItems}`
          : s.minItems
            ? ` with at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`
            : "";
      return `an array${of}${n}`;
    }
    case "object":
      return s.properties || s.additionalProperties === false ? "an object of options" : "an object";
    case "null":
      return "null";
    default:
      return "a valid value";
  }
}

/** `an integer >= 1` → `integers >= 1`, for "an array of ...". */
function plural(text: string): string {
  return text
    .replace(/^an integer/, "integers")
    .replace(/^a number/, "numbers")
    .replace(/^a string/, "strings")
    .replace(/^a non-empty string/, "non-empty strings")
    .replace(/^an object/, "objects");
}

/** The JSON Schema node at `path` under `root` (through properties, items and unions). */
function schemaAt(root: JsonSchema, path: readonly PropertyKey[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (const key of path) {
    if (!node) return undefined;
    const alts: JsonSchema[] | undefined = node.anyOf ?? node.oneOf;
    if (alts) node = alts.find((a) => a.type === "object" || a.type === "array") ?? alts[0];
    if (!node) return undefined;
    if (typeof key === "number") node = node.prefixItems?.[key] ?? node.items;
    else
      node =
        node.properties?.[String(key)] ??
        (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
  }
  return node;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

/** `agent` + `["hidden", 1]` → `agent.hidden[1]`. */
export function joinPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Names from other libraries a part recognises, mapped to where the value goes here. */
export type Aliases = Readonly<Record<string, string>>;

/** What {@link parseOptions} needs to word its errors. */
export interface ParseContext {
  /** Config path of the options, e.g. `agent.targetSync`. */
  path: string;
  /** Who takes them, e.g. `target-sync strategy "hard"`. */
  owner?: string | undefined;
  /** Foreign names (Stable-Baselines3's `learning_rate`) and where they belong (`lr`). */
  aliases?: Aliases | undefined;
  /** Keys accepted besides the schema's own (e.g. the parts an agent takes), for did-you-mean. */
  extraKeys?: readonly string[] | undefined;
}

function unknownKeyMessage(key: string, at: string, allowed: readonly string[], ctx: ParseContext): string {
  const where = joinPath(at, [key]);
  const forOwner = ctx.owner ? ` for ${ctx.owner}` : "";
  const alias = at === ctx.path ? ctx.aliases?.[key] : undefined;
  if (alias !== undefined) {
    return `Invalid config at ${where}: unknown option "${key}"${forOwner}. "${key}" (Stable-Baselines3's name) is written ${joinPath(ctx.path, alias.split("."))} in gymkit.`;
  }
  const close = closestMatches(key, allowed, 1);
  const mean = close.length ? ` Did you mean "${close[0]}"?` : "";
  const list = allowed.length ? `Allowed options: ${allowed.join(", ")}.` : "It takes no options.";
  return `Invalid config at ${where}: unknown option "${key}"${forOwner}.${mean} ${list}`;
}

/** The house-style message of one zod issue. */
function issueMessage(issue: z.core.$ZodIssue, input: unknown, json: JsonSchema, ctx: ParseContext): string {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const node = schemaAt(json, path);
    const allowed = [
      ...Object.keys(node?.properties ?? {}),
      ...(path.length === 0 ? (ctx.extraKeys ?? []) : []),
    ];
    return unknownKeyMessage(issue.keys[0]!, joinPath(ctx.path, path), allowed, ctx);
  }
  const where = joinPath(ctx.path, path);
  const value = valueAt(input, path);
  // A refinement's or a pattern's own message says what was expected ("a string" would not); the
  // value is shown as everywhere else.
  const ownWords =
    issue.code === "invalid_format" && issue.format === "regex" && issue.message.startsWith("expected");
  if (issue.code === "custom" || ownWords) {
    // "expected X. What to do." reads "expected X, got <value>. What to do."
    // (A final "." after a space is a value, as in "rows of S, G, # and .", not a full stop.)
    const message = issue.message.replace(/(?<! )[.!?]$/, "");
    const stop = /\. (?=[A-Z])/.exec(message)?.index ?? message.length;
    const hint = message.slice(stop + 2);
    return message.startsWith("expected")
      ? `Invalid config at ${where}: ${message.slice(0, stop)}, got ${describeValue(value)}.${hint ? ` ${hint}.` : ""}`
      : `Invalid config at ${where}: ${message}.`;
  }
  if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator) {
    const node = schemaAt(json, path);
    const choices = (node?.anyOf ?? node?.oneOf ?? [])
      .map((a) => a.properties?.[issue.discriminator as string]?.const)
      .filter((c): c is string => typeof c === "string");
    const got = valueAt(value, [issue.discriminator]);
    const close = typeof got === "string" ? closestMatches(got, choices, 1) : [];
    return `Invalid config at ${joinPath(where, [issue.discriminator])}: expected one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${describeValue(got)}.${close.length ? ` Did you mean "${close[0]}"?` : ""}`;
  }
  let expected = describeSchema(schemaAt(json, path));
  if (expected === "any value" || expected === "a valid value") expected = issue.message;
  let hint = "";
  if (issue.code === "invalid_value" && typeof value === "string") {
    const close = closestMatches(
      value,
      issue.values.filter((v): v is string => typeof v === "string"),
      1,
    );
    if (close.length) hint = ` Did you mean "${close[0]}"?`;
  }
  return `Invalid config at ${where}: expected ${expected}, got ${describeValue(value)}.${hint}`;
}

/** The first problem first: an unknown key (usually a typo) explains the rest. */
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
}

/**
 * Validates `input` against `schema` and returns the typed, defaulted options, or throws
 * `GYMKIT_INVALID_CONFIG` naming the full path, the value and what is allowed.
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  ctx: ParseContext = { path: "" },
): z.output<S> {
  if (!(schema instanceof z.ZodType)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `parseOptions: expected a zod schema (z from @gymkit/core), got ${describeValue(schema)}.`,
    );
  }
  const result = schema.safeParse(input === undefined ? {} : input);
  if (result.success) return result.data;
  const issue = firstIssue(result.error.issues);
  throw new GymkitError("GYMKIT_INVALID_CONFIG", issueMessage(issue, input, jsonOf(schema), ctx), {
    cause: result.error,
  });
}
