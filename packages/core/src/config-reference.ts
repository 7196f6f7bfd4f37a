/**
 * The config reference as Markdown, generated from what a registry holds: the experiment fields
 * and, per slot, every id with its options (type and bounds, default, meaning) read from the
 * parts' own schemas. `docs/config-reference.md` is this output; a test fails when it drifts.
 */
import { EXPERIMENT_FIELDS } from "./config.js";
import { SLOT_NAMES, SLOTS } from "./parts.js";
import type { PartInfo, Registry } from "./registry.js";
import { describeSchema, type JsonSchema, toJsonSchema, z } from "./schema.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function defaultOf(s: JsonSchema): string {
  if (s.default === undefined) return "";
  return `\`${JSON.stringify(s.default)}\``;
}

/** A table of the properties of an object schema: option, allowed values, default, meaning. */
export function optionsTable(
  schema: JsonSchema | undefined,
  extra: Array<[string, string, string, string]> = [],
): string {
  const props = Object.entries(schema?.properties ?? {});
  if (props.length === 0 && extra.length === 0) return "No options.\n";
  const rows: string[] = [];
  const row = (name: string, s: JsonSchema) =>
    rows.push(
      `| \`${name}\` | ${cell(describeSchema(s))} | ${defaultOf(s)} | ${cell(s.description ?? "")} |`,
    );
  for (const [name, s] of props) {
    row(name, s);
    // Nested options (`budget.steps`, `eval.every`) get rows of their own.
    const object = [s, ...(s.anyOf ?? [])].find((a) => a.properties !== undefined);
    for (const [child, c] of Object.entries(object?.properties ?? {})) row(`${name}.${child}`, c);
  }
  for (const [name, allowed, dflt, what] of extra)
    rows.push(`| \`${name}\` | ${cell(allowed)} | ${dflt} | ${cell(what)} |`);
  return ["| option | allowed | default | meaning |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
}

function partSection(info: PartInfo): string {
  const from = info.plugin ? ` (plugin \`${info.plugin}\`)` : "";
  const head = `#### \`${info.id}\`${from}\n\n${info.description ?? ""}\n`;
  if (info.preset) {
    return `${head}\nA preset of \`${info.preset.base}\`: its options, with these merged under what you write:\n\n\`\`\`json\n${JSON.stringify(info.preset.fragment)}\n\`\`\`\n`;
  }
  const needs = Object.entries(info.needs).map(
    ([key, need]) =>
      [key, `a ${need.slot} (below)`, `\`${JSON.stringify(need.default)}\``, need.description ?? ""] as [
        string,
        string,
        string,
        string,
      ],
  );
  return `${head}\n${optionsTable(info.options, needs)}`;
}

/** The whole reference for the parts and envs `registry` holds. */
export function renderConfigReference(registry: Registry): string {
  const top = toJsonSchema(z.strictObject(EXPERIMENT_FIELDS));
  const out: string[] = [
    "# Config reference",
    "",
    "<!-- Generated from the registered parts' schemas by `npm run docs:config`; a test fails when it drifts. -->",
    "",
    "An experiment config is plain data (YAML, JSON or an object in code). `registry.compose(config)`",
    "validates it against the schemas below, merges presets and defaults under it, and builds the run.",
    "Every error names the full path (`agent.targetSync.every`), the value and what is allowed; an",
    "unknown key gets a did-you-mean, and Stable-Baselines3's names (`learning_rate`, `buffer_size`,",
    "`target_update_interval`, ...) are pointed to their gymkit place.",
    "",
    "```yaml",
    "env: CartPole-v1                 # or { id: CartPole-v1, options: { ... }, numEnvs: 1 }",
    "agent:",
    "  kind: dqn                      # or a preset: dqn-blog, qlearning; a bare id is shorthand",
    "  lr: 0.001",
    "  buffer: { kind: uniform, capacity: 50000 }",
    "  targetSync: hard               # shorthand for { kind: hard }",
    "  epsilon: { kind: linear, from: 1, to: 0.05, fraction: 0.1 }",
    "loggers: []",
    "budget: { steps: 50000 }",
    "eval: { every: 2500, episodes: 20 }",
    "seed: 0",
    "```",
    "",
    "`registry.jsonSchema()` gives the JSON Schema of this whole file for the plugins in use (one",
    "`if kind is X then ...` branch per id, so an editor's error names the real key), for editors that",
    "complete and check YAML; `gymkit schema --plugin <name>` adds the runner's fields and `variants`.",
    "",
    "## Experiment fields",
    "",
    optionsTable(top, [
      [
        "env",
        "an env id, or { id, options, numEnvs }",
        "",
        "The env; `options` are validated by the env's own schema.",
      ],
      ["agent", "an agent id, or { kind, ...options }", "", "The agent and the parts it takes (see below)."],
      [
        "loggers",
        "an array of logger ids or { kind, ...options }",
        "`[]`",
        "Subscribers to the run's events.",
      ],
    ]),
    "Seeds: one root `seed` per run. The training env's first reset takes it, the evaluation env a",
    "stream derived from it (so evaluation never replays training starts), and the agent's",
    "initialisation, exploration and replay sampling take named forks of it (`runSeeds`); adding a",
    "part never shifts another part's stream.",
    "",
  ];
  for (const slot of SLOT_NAMES) {
    const infos = registry.catalog(slot);
    out.push(`## ${slot === "env" ? "Environments" : `\`${slot}\`: ${SLOTS[slot].plural}`}`, "");
    if (slot === "env") {
      out.push(
        "`env.options` are the env's make options, plus `make`'s own `maxEpisodeSteps` and `disableEnvChecker`.",
        "",
      );
    }
    if (infos.length === 0) out.push("None registered.", "");
    for (const info of infos) out.push(partSection(info));
  }
  return `${out.join("\n").trimEnd()}\n`;
}
