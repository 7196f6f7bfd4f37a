/**
 * A small generic form over the experiment config's JSON Schema (`registry.jsonSchema()`): a
 * select per part (agent, buffer, target sync, schedule; env), one input per option, nested
 * fieldsets for objects. Each input's text is read as YAML, exactly as the CLI reads a config
 * file, so a value typed here and the same value in a file give the same config and the same
 * error. Empty inputs are left out: presets and defaults fill them in, as in a file.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

/** The subset of JSON Schema that `registry.jsonSchema()` emits for configs. */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
  if?: Schema;
  then?: Schema;
  else?: Schema;
  $ref?: string;
  $defs?: Record<string, Schema>;
}

type Obj = Record<string, unknown>;

/** The schema a `#/$defs/<name>` reference names, or the schema itself. */
function deref(schema: Schema, root: Schema): Schema {
  const name = schema.$ref?.replace(/^#\/\$defs\//, "");
  return name === undefined ? schema : (root.$defs?.[decodeURIComponent(name)] ?? schema);
}

/**
 * A part: `if string then <ids> else { allOf: [if <key> is one of ids then <their options>] }`,
 * with `key` `kind` (or `id` for the env); a part another takes refers to one in its `else`.
 * Each id's fields are the branch's, with what the branch adds for that id (a preset's parts).
 */
function partOf(schema: Schema, root: Schema): { key: string; variants: Map<string, Schema> } | undefined {
  let s = deref(schema, root);
  if (s.if?.type === "object" && s.else?.$ref) s = deref(s.else, root); // written without kind: merged
  const key = s.else?.required?.[0];
  if (!s.then?.enum || !key) return undefined;
  const variants = new Map<string, Schema>();
  for (const branch of s.else?.allOf ?? []) {
    const then = branch.then ?? {};
    for (const id of (branch.if?.properties?.[key]?.enum ?? []) as string[]) {
      const forId = then.allOf?.find((r) => r.if?.properties?.[key]?.const === id)?.then;
      // An env's options: the single env's (`else`), not the vector env's.
      const properties = {
        ...s.else?.properties,
        ...(then.properties ?? then.else?.properties),
        ...forId?.properties,
      };
      variants.set(id, { properties });
    }
  }
  return variants.size ? { key, variants } : undefined;
}

/** The object branch of `anyOf: [false, { ... }]` (as `eval`), or the schema itself. */
const objectOf = (schema: Schema): Schema | undefined =>
  schema.properties ? schema : schema.anyOf?.find((s) => s.properties);

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Obj = {},
  ...children: Array<Node | string>
) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
};

const yamlText = (value: unknown) => stringifyYaml(value, { flow: true }).trim();

/** Options of {@link renderSchemaForm}. */
export interface SchemaFormOptions {
  /** Top-level fields to leave out (e.g. `plugins`, `loggers`: Node-only here). */
  skip?: readonly string[];
  /** Called after every edit with the config as it stands. */
  onChange: (config: Obj) => void;
}

/**
 * Renders `schema` into `root`, editing `config` in place. A part's select re-renders its options;
 * a value input only writes its value (so focus stays where the user types).
 */
export function renderSchemaForm(root: HTMLElement, schema: Schema, config: Obj, options: SchemaFormOptions) {
  // Every edit bubbles up to the root last, after the fieldsets have attached their objects.
  const changed = () => options.onChange(config);

  /** Fields of an object schema (minus the part's discriminator) into `parent`. */
  function fields(parent: HTMLElement, s: Schema, value: Obj, path: string, omit: string | undefined) {
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      if (key === omit || (path === "" && options.skip?.includes(key))) continue;
      field(parent, key, child, value, path ? `${path}.${key}` : key);
    }
  }

  function field(parent: HTMLElement, key: string, s: Schema, holder: Obj, path: string) {
    const part = partOf(s, schema);
    if (part) return partField(parent, key, s, part, holder, path);
    const object = objectOf(s);
    if (object) {
      const box = el("fieldset", { "data-path": path }, el("legend", { title: s.description ?? "" }, key));
      parent.append(box);
      const current = holder[key];
      const value: Obj = typeof current === "object" && current !== null ? (current as Obj) : {};
      const attach = () => {
        if (Object.keys(value).length > 0) holder[key] = value;
        else delete holder[key];
      };
      fields(box, object, value, path, undefined);
      box.addEventListener("input", attach);
      box.addEventListener("change", attach);
      return;
    }
    if (s.type === undefined && s.enum === undefined) return; // e.g. a function option (code only)
    const input = el("input", {
      name: path,
      "data-path": path,
      placeholder: s.default === undefined ? "" : yamlText(s.default),
      title: s.description ?? "",
      autocomplete: "off",
      spellcheck: "false",
    });
    if (holder[key] !== undefined) input.value = yamlText(holder[key]);
    input.addEventListener("input", () => {
      const text = input.value.trim();
      if (text === "") delete holder[key];
      else {
        try {
          holder[key] = parseYaml(text);
        } catch {
          holder[key] = text; // not YAML: keep the text, validation names the value
        }
      }
    });
    const list = s.enum ?? (s.type === "boolean" ? [true, false] : undefined);
    if (list) {
      const id = `values-${path.replaceAll(".", "-")}`;
      input.setAttribute("list", id);
      parent.append(el("datalist", { id }, ...list.map((v) => el("option", { value: String(v) }))));
    }
    parent.append(el("label", { title: s.description ?? "" }, el("span", {}, key), input));
  }

  function partField(
    parent: HTMLElement,
    key: string,
    s: Schema,
    part: NonNullable<ReturnType<typeof partOf>>,
    holder: Obj,
    path: string,
  ) {
    const box = el("fieldset", { "data-path": path });
    const select = el("select", { name: `${path}.${part.key}`, "data-path": `${path}.${part.key}` });
    const required = path === "agent" || path === "env";
    if (!required) select.append(el("option", { value: "" }, "(preset default)"));
    for (const id of part.variants.keys()) select.append(el("option", { value: id }, id));
    box.append(el("legend", { title: s.description ?? "" }, key, " ", select));
    parent.append(box);
    const body = el("div");
    box.append(body);
    const current = holder[key];
    const draw = () => {
      body.replaceChildren();
      const value = holder[key];
      if (typeof value !== "object" || value === null) return;
      const id = String((value as Obj)[part.key]);
      const variant = part.variants.get(id);
      if (variant) fields(body, variant, value as Obj, path, part.key);
    };
    if (typeof current === "string") holder[key] = { [part.key]: current };
    const value = holder[key] as Obj | undefined;
    select.value = value ? String(value[part.key]) : "";
    draw();
    select.addEventListener("change", () => {
      if (select.value === "") delete holder[key];
      else holder[key] = { [part.key]: select.value }; // another id: its own options, from their defaults
      draw();
    });
  }

  root.replaceChildren();
  fields(root, schema, config, "", undefined);
  root.oninput = changed;
  root.onchange = changed;
}
