/**
 * Configs on which `gymkit` and a JSON Schema validator must give the same verdict (issue 20):
 * valid ones in every form the CLI accepts (shorthands, presets, parts merged over defaults,
 * variants merged over the base), and broken ones of every class the issue names. Each case pins
 * gymkit's verdict, so a case meant as broken is known to be refused.
 */
import { fileURLToPath } from "node:url";

export type Verdict = "accept" | "refuse";

export interface SchemaCase {
  readonly name: string;
  /** The config as a user writes it (the test writes it to a YAML file). */
  readonly config: Record<string, unknown>;
  /** What `gymkit train` says before anything runs. */
  readonly verdict: Verdict;
  /**
   * Set where JSON Schema cannot say what gymkit says: the reason, which the schema's own
   * description at `where` must state (JSON pointer into the schema).
   */
  readonly schemaCannot?: { readonly why: string; readonly where: string } | undefined;
}

const base = { env: "CartPole-v1", agent: "dqn", budget: { steps: 5000 } };
const ok = (name: string, config: Record<string, unknown>): SchemaCase => ({
  name,
  config,
  verdict: "accept",
});
const bad = (name: string, config: Record<string, unknown>): SchemaCase => ({
  name,
  config,
  verdict: "refuse",
});
const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));

/** Checked against docs/gymkit.schema.json: gymkit's built-in plugins only. */
export const STATIC_CASES: readonly SchemaCase[] = [
  ok("the shortest config", base),
  ok("every field in object form", {
    name: "full.v2_a-b",
    env: { id: "CartPole-v1", options: { suttonBartoReward: true, maxEpisodeSteps: 200 }, numEnvs: 1 },
    agent: {
      kind: "dqn",
      lr: 0.0005,
      hidden: [32, 32],
      buffer: { kind: "uniform", capacity: 5000 },
      targetSync: "hard",
      epsilon: { kind: "linear", from: 1, to: 0.1, steps: 500 },
      lrSchedule: { kind: "constant", value: 1 },
    },
    loggers: ["console", { kind: "jsonl", file: "m.jsonl" }, { kind: "csv", file: "progress.csv" }],
    budget: { steps: 2000 },
    eval: false,
    seeds: [1, 2],
    checkpoint: { every: 500 },
    backend: "cpu",
  }),
  ok("a preset with options over it", { ...base, agent: { kind: "dqn-blog", lr: 0.0005 } }),
  ok("a needed part without kind merges over the default", {
    ...base,
    agent: { kind: "dqn", buffer: { alpha: 0.5 }, epsilon: { to: 0.01 } },
  }),
  ok("a needed part without kind merges over the preset's", {
    ...base,
    agent: { kind: "qlearning", buffer: { capacity: 2 } },
  }),
  ok("a vector env with the batched env's options", {
    ...base,
    env: { id: "CartPole-v1", numEnvs: 4, options: { autoresetMode: "same-step" } },
  }),
  ok("variants merge over the base (fields without kind or id)", {
    ...base,
    agent: { kind: "dqn" },
    variants: [
      { name: "lr", agent: { lr: 0.002 } },
      { name: "eps", agent: { epsilon: { fraction: 0.05 } } },
      { name: "buffer", agent: { buffer: { betaFinal: 0.4 } } },
      { name: "other-agent", agent: "qlearning" },
      { name: "sb-reward", env: { options: { suttonBartoReward: true } } },
      { name: "short", budget: { steps: 500 }, eval: { every: 100 }, agent: { learningStarts: 100 } },
    ],
  }),
  {
    ...bad("a base agent option that a variant of another kind would drop", {
      ...base,
      agent: { kind: "dqn", doubleDqn: true },
      variants: [{ name: "a" }, { name: "b", agent: "qlearning" }],
    }),
    schemaCannot: { why: "would drop is refused", where: "/properties/variants" },
  },
  ok("variants give what the base leaves out", {
    variants: [
      { name: "a", env: "CartPole-v1", agent: "dqn", budget: { steps: 5000 } },
      { name: "b", env: { id: "CartPole-v0" }, agent: { kind: "qlearning" }, budget: { steps: 5000 } },
    ],
  }),
  bad("no env", without("env")),
  bad("no agent", without("agent")),
  bad("no budget", without("budget")),
  bad("no agent in the base nor in one variant", {
    ...without("agent"),
    variants: [{ name: "a", agent: "dqn" }, { name: "b" }],
  }),
  bad("a variant's agent without kind and no base agent to merge over", {
    ...without("agent"),
    variants: [{ name: "a", agent: { lr: 0.001 } }],
  }),
  bad("name climbs out of the output directory", { ...base, name: "../../evil" }),
  bad("name is ..", { ...base, name: ".." }),
  bad("name with a slash, with variants", { ...base, name: "a/b", variants: [{ name: "x" }] }),
  bad("variant name is ..", { ...base, variants: [{ name: ".." }] }),
  bad("variant name with a slash", { ...base, variants: [{ name: "x/y" }] }),
  bad("variant without a name", { ...base, variants: [{ agent: "qlearning" }] }),
  {
    ...bad("two variants with one name", { ...base, variants: [{ name: "a" }, { name: "a" }] }),
    schemaCannot: {
      why: "JSON Schema cannot require unique values of a key across array items",
      where: "/properties/variants",
    },
  },
  bad("csv logger file ../x.csv", { ...base, loggers: [{ kind: "csv", file: "../x.csv" }] }),
  bad("jsonl logger file in a subdirectory", { ...base, loggers: [{ kind: "jsonl", file: "a/b.jsonl" }] }),
  bad("plot logger file ..", { ...base, loggers: [{ kind: "plot", file: ".." }] }),
  bad("tensorboard dir with ..", { ...base, loggers: [{ kind: "tensorboard", dir: "runs/../../x" }] }),
  bad("unknown logger", { ...base, loggers: ["consol"] }),
  bad("seed beside seeds", { ...base, seed: 3, seeds: [1, 2] }),
  {
    ...bad("a logger dir in an experiment file", { ...base, loggers: [{ kind: "csv", dir: "out/csv" }] }),
    schemaCannot: { why: "a logger's dir is refused", where: "/properties/loggers" },
  },
  {
    ...bad("learningStarts at the budget", { ...base, agent: { kind: "dqn", learningStarts: 5000 } }),
    schemaCannot: { why: "checked against it when a config is resolved", where: "/properties/budget" },
  },
  bad("unknown option in agent", { ...base, agent: { kind: "dqn", lrr: 0.1 } }),
  bad("agent option of the wrong type", { ...base, agent: { kind: "dqn", lr: "fast" } }),
  bad("agent option out of range", { ...base, agent: { kind: "dqn", gamma: 1.5 } }),
  bad("unknown agent kind", { ...base, agent: { kind: "dqnn" } }),
  bad("unknown agent shorthand", { ...base, agent: "dqnn" }),
  bad("agent as a number", { ...base, agent: 3 }),
  bad("unknown option in a needed part", {
    ...base,
    agent: { kind: "dqn", buffer: { kind: "uniform", alpha: 1 } },
  }),
  bad("unknown option in a needed part without kind", {
    ...base,
    agent: { kind: "dqn", buffer: { capasity: 10 } },
  }),
  bad("unknown needed-part kind", { ...base, agent: { kind: "dqn", targetSync: "hardd" } }),
  bad("linear schedule with fraction and steps", {
    ...base,
    agent: { kind: "dqn", epsilon: { kind: "linear", fraction: 0.1, steps: 100 } },
  }),
  bad("unknown env", { ...base, env: "CartPole-v2" }),
  bad("unknown env option", { ...base, env: { id: "CartPole-v1", options: { renderMod: "ansi" } } }),
  bad("env option of the wrong value", {
    ...base,
    env: { id: "CartPole-v1", options: { renderMode: "png" } },
  }),
  bad("a scalar env option on a vector env", {
    ...base,
    env: { id: "CartPole-v1", numEnvs: 4, options: { renderMode: "ansi" } },
  }),
  bad("a vector env option on one env", {
    ...base,
    env: { id: "CartPole-v1", options: { autoresetMode: "same-step" } },
  }),
  bad("numEnvs 0", { ...base, env: { id: "CartPole-v1", numEnvs: 0 } }),
  bad("env from a module that is not installed", { ...base, env: "no-such-gymkit-plugin:Maze-v0" }),
  bad("buffer at the top (it belongs to the agent)", { ...base, buffer: { kind: "uniform" } }),
  bad("unknown top-level key", { ...base, seedz: 3 }),
  bad("a variant's agent without kind, with an unknown option", {
    ...base,
    variants: [{ name: "a", agent: { lrr: 0.1 } }],
  }),
  bad("a variant's env without id, with an unknown option", {
    ...base,
    variants: [{ name: "a", env: { options: { renderMod: "ansi" } } }],
  }),
  bad("a runner field inside a variant", { ...base, variants: [{ name: "a", seeds: 3 }] }),
  bad("no variants", { ...base, variants: [] }),
  bad("seeds 0", { ...base, seeds: 0 }),
  bad("eval every 0", { ...base, eval: { every: 0 } }),
  bad("budget of 0 steps", { ...base, budget: { steps: 0 } }),
  {
    ...ok("an env from a module the static schema does not know", {
      ...base,
      env: "gymkit-gridworld:GridWorld-v0",
      agent: { kind: "dqn", learningStarts: 10 },
    }),
    schemaCannot: {
      why: "knows the built-in plugins only",
      where: "/description",
    },
  },
];

const example = (dir: string) => fileURLToPath(new URL(`../../../examples/${dir}/`, import.meta.url));

/** A schema `gymkit schema --plugin <plugin>` wrote into an example, and the cases it must agree on. */
export interface PluginCorpus {
  /** The example directory; its gymkit.schema.json is checked. */
  readonly dir: string;
  /** As `gymkit schema --plugin` and the configs name it. */
  readonly plugin: string;
  readonly cases: readonly SchemaCase[];
}

const withPlugin = (plugin: string, config: Record<string, unknown>) => ({ plugins: [plugin], ...config });

export const PLUGIN_CORPORA: readonly PluginCorpus[] = [
  ((plugin) => ({
    dir: example("custom-buffer"),
    plugin: "./src/plugin.ts",
    cases: [
      ok(
        "the plugin's buffer",
        withPlugin(plugin, { ...base, agent: { kind: "dqn", buffer: { kind: "reservoir", capacity: 100 } } }),
      ),
      ok(
        "the plugin's buffer as shorthand",
        withPlugin(plugin, { ...base, agent: { kind: "dqn", buffer: "reservoir" } }),
      ),
      ok(
        "a built-in buffer still",
        withPlugin(plugin, { ...base, agent: { kind: "dqn", buffer: "uniform" } }),
      ),
      bad(
        "unknown option of the plugin's buffer",
        withPlugin(plugin, { ...base, agent: { kind: "dqn", buffer: { kind: "reservoir", capasity: 1 } } }),
      ),
      bad("unknown buffer", withPlugin(plugin, { ...base, agent: { kind: "dqn", buffer: "reservior" } })),
    ],
  }))(`${example("custom-buffer")}src/plugin.ts`),
  ((plugin) => ({
    dir: example("custom-target-sync"),
    plugin: "./src/plugin.ts",
    cases: [
      ok(
        "the plugin's target sync",
        withPlugin(plugin, {
          ...base,
          agent: { kind: "dqn", targetSync: { kind: "episodic", episodes: 2 } },
        }),
      ),
      bad(
        "the plugin's target sync with a bad value",
        withPlugin(plugin, {
          ...base,
          agent: { kind: "dqn", targetSync: { kind: "episodic", episodes: 0 } },
        }),
      ),
      bad(
        "unknown option of the plugin's target sync",
        withPlugin(plugin, { ...base, agent: { kind: "dqn", targetSync: { kind: "episodic", every: 2 } } }),
      ),
    ],
  }))(`${example("custom-target-sync")}src/plugin.ts`),
  {
    dir: example("env-plugin-gridworld"),
    plugin: "gymkit-gridworld",
    cases: [
      ok(
        "the env by its module-prefixed id",
        withPlugin("gymkit-gridworld", { ...base, env: "gymkit-gridworld:GridWorld-v0" }),
      ),
      ok(
        "the env by its plain id, with options",
        withPlugin("gymkit-gridworld", {
          ...base,
          env: { id: "GridWorld-v0", options: { onehot: true, slip: 0.2 } },
        }),
      ),
      ok("the prefixed id without plugins: (the prefix loads it)", {
        ...base,
        env: { id: "gymkit-gridworld:GridWorld-v0", options: { onehot: true } },
      }),
      ok(
        "a variant's env options merge over the plugin env",
        withPlugin("gymkit-gridworld", {
          ...base,
          env: { id: "GridWorld-v0", options: { onehot: true } },
          variants: [{ name: "slippery", env: { options: { slip: 0.3 } } }],
        }),
      ),
      bad(
        "unknown option of the plugin's env",
        withPlugin("gymkit-gridworld", {
          ...base,
          env: { id: "gymkit-gridworld:GridWorld-v0", options: { onehott: true } },
        }),
      ),
      bad(
        "a variant's env options without id, unknown to the base env",
        withPlugin("gymkit-gridworld", {
          ...base,
          env: "GridWorld-v0",
          variants: [{ name: "x", env: { options: { renderMode: "svg" } } }],
        }),
      ),
      bad(
        "an env the plugin does not register",
        withPlugin("gymkit-gridworld", { ...base, env: "gymkit-gridworld:GridWorld-v1" }),
      ),
    ],
  },
];
