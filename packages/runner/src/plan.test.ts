import { describe, expect, it } from "vitest";
import { checkComparable } from "./compare-checks.js";
import { parseConfigText } from "./config-file.js";
import { experimentPlugins, type Overrides, planRuns } from "./experiment.js";
import { builtinRegistry } from "./registry.js";

const registry = builtinRegistry();
const file = (text: string) => parseConfigText(text, "exp.yaml");
const plan = (text: string, overrides: Overrides = {}) => planRuns(registry, file(text), overrides);
const set = (...pairs: Array<[string, unknown]>): Overrides => ({
  set: pairs.map(([path, value]) => ({ path, value })),
});

const BASE = `name: cmp
env: CartPole-v1
budget: { steps: 5000 }
`;
const PLAIN =
  'one plain name of letters, digits, "_", "-" or "." (not "." or "..", at most 200 characters), since it names a directory';

describe("base options and variants", () => {
  it("a variant of the same kind gets the base agent's options, whether it writes the kind or not", () => {
    const p = plan(`${BASE}agent: { kind: dqn, gamma: 0.9, buffer: { kind: uniform, capacity: 900 } }
variants:
  - name: bare
    agent: dqn
  - name: over
    agent: { lr: 0.01, buffer: { capacity: 800 } }
  - name: nested-bare
    agent: { kind: dqn, buffer: uniform }
`);
    expect(
      p.runs.map((r) => [r.variant, r.config.agent.gamma, r.config.agent.lr, r.config.agent.buffer]),
    ).toEqual([
      ["bare", 0.9, 0.002, { kind: "uniform", capacity: 900, replacement: false }],
      ["over", 0.9, 0.01, { kind: "uniform", capacity: 800, replacement: false }],
      ["nested-bare", 0.9, 0.002, { kind: "uniform", capacity: 900, replacement: false }],
    ]);
  });

  it("a variant of another kind would drop base options: refused, naming them and where they are", () => {
    const text = `${BASE}agent: { kind: dqn, gamma: 0.9, hidden: [32] }
variants:
  - name: dqn
  - name: ql
    agent: qlearning
`;
    expect(() => plan(text)).toThrow(
      'exp.yaml:4:21: Invalid config at agent.gamma: variants[1] (ql) names another agent kind ("qlearning", not "dqn"), which starts from its own defaults, so the base agent.gamma, agent.hidden would be dropped for it. Move them into the variants that use "dqn", or remove kind from the base agent so that they apply to every variant.',
    );
    // A base option is validated where it is used (it was not, when it was dropped silently).
    expect(() => plan(text.replace("0.9", "1.5"))).toThrow(
      "exp.yaml:4:21 (variant dqn): Invalid config at agent.gamma: expected a number >= 0 and <= 1, got 1.5.",
    );
    // Nested parts and the env likewise.
    expect(() =>
      plan(`${BASE}agent: { kind: dqn, buffer: { kind: uniform, capacity: 900 } }
variants:
  - name: p
    agent: { buffer: { kind: prioritized } }
`),
    ).toThrow(
      'exp.yaml:4:46: Invalid config at agent.buffer.capacity: variants[0] (p) names another agent.buffer kind ("prioritized", not "uniform"), which starts from its own defaults, so the base agent.buffer.capacity would be dropped for it. Move it into the variants that use "uniform", or remove kind from the base agent.buffer so that it applies to every variant.',
    );
    expect(() =>
      plan(`${BASE.replace("env: CartPole-v1", "env: { id: CartPole-v1, numEnvs: 2 }")}agent: dqn
variants:
  - name: v0
    env: CartPole-v0
`),
    ).toThrow(
      'exp.yaml:2:25: Invalid config at env.numEnvs: variants[0] (v0) names another env ("CartPole-v0", not "CartPole-v1"), which starts from its own defaults, so the base env.numEnvs would be dropped for it. Move it into the variants that use "CartPole-v1", or remove id from the base env so that it applies to every variant.',
    );
  });

  it("base options without kind apply to every variant, over its preset", () => {
    const p = plan(`${BASE}agent: { hidden: [32] }
variants:
  - name: ql
    agent: qlearning
  - name: dqn
    agent: dqn
`);
    expect(p.runs.map((r) => [r.variant, r.config.agent.hidden, r.config.agent.activation])).toEqual([
      ["ql", [32], "tanh"],
      ["dqn", [32], "relu"],
    ]);
  });
});

describe("--set", () => {
  const VARIANTS = `${BASE}agent: dqn
variants:
  - name: ql
    agent: qlearning
  - name: blog
    agent: { kind: dqn-blog, lr: 0.0001 }
`;

  it("a run-level path applies to every variant after the variant's own fields", () => {
    const p = plan(VARIANTS, set(["agent.lr", 0.005], ["env", "CartPole-v0"], ["eval.episodes", 3]));
    expect(
      p.runs.map((r) => [r.variant, r.config.agent.kind, r.config.agent.lr, r.config.env.id, r.config.eval]),
    ).toEqual([
      ["ql", "qlearning", 0.005, "CartPole-v0", { every: 2500, episodes: 3 }],
      ["blog", "dqn-blog", 0.005, "CartPole-v0", { every: 2500, episodes: 3 }],
    ]);
    // A path into the file's variants changes that variant alone, under the run-level ones.
    const q = plan(VARIANTS, set(["variants[0].agent.gamma", 0.5]));
    expect(q.runs.map((r) => r.config.agent.gamma)).toEqual([0.5, 0.99]);
  });

  it("keeps a shorthand's id or kind: env.numEnvs on `env: CartPole-v1`, agent.buffer.capacity on `buffer: uniform`", () => {
    const p = plan(
      `${BASE}agent: { kind: dqn, buffer: uniform }\n`,
      set(["env.numEnvs", 2], ["agent.buffer.capacity", 700]),
    );
    expect(p.runs[0]!.config.env).toMatchObject({ id: "CartPole-v1", numEnvs: 2 });
    expect(p.runs[0]!.config.agent.buffer).toMatchObject({ kind: "uniform", capacity: 700 });
  });

  it("an error in a --set value names the --set (and the variant it failed in)", () => {
    expect(() => plan(VARIANTS, set(["agent.batchSize", 4]))).toThrow(
      "--set agent.batchSize=4 (variant ql): Invalid config at agent.batchSize: 4 is larger than the online buffer's capacity 1 (agent.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.",
    );
    expect(() => plan(VARIANTS, set(["name", "../evil"]))).toThrow(
      `--set name=../evil: Invalid config at name: expected ${PLAIN}, got "../evil".`,
    );
    expect(() => plan(VARIANTS, set(["__proto__.polluted", 1]))).toThrow(
      '--set __proto__.polluted: "__proto__" in __proto__.polluted is refused: it names a JavaScript object\'s prototype machinery, never a gymkit option.',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("plugins and env packages named by --set are loaded", () => {
    const f = file(`${BASE}agent: dqn\nplugins: [./a.js]\nvariants:\n  - name: x\n    env: pkg-x:Maze-v0\n`);
    expect(experimentPlugins(f)).toEqual(["./a.js", "pkg-x"]);
    expect(experimentPlugins(f, set(["plugins", ["./b.js"]], ["env", "pkg-y:Maze-v1"]).set)).toEqual([
      "./b.js",
      "pkg-x",
      "pkg-y",
    ]);
  });
});

describe("names are one plain path segment, in every form", () => {
  it("variant names, the experiment name with and without variants, and a name taken from the agent", () => {
    for (const name of [".", "..", "a/b", "/abs"]) {
      expect(() => plan(`${BASE}agent: dqn\nvariants:\n  - name: ${JSON.stringify(name)}\n`)).toThrow(
        `exp.yaml:6:5: Invalid config at variants[0].name: expected ${PLAIN}, got ${JSON.stringify(name)}.`,
      );
      const named = `${BASE.replace("name: cmp", `name: ${JSON.stringify(name)}`)}agent: dqn\n`;
      expect(() => plan(named)).toThrow(
        `exp.yaml:1:1: Invalid config at name: expected ${PLAIN}, got ${JSON.stringify(name)}.`,
      );
      expect(() => plan(`${named}variants:\n  - name: a\n  - name: b\n`)).toThrow(
        `exp.yaml:1:1: Invalid config at name: expected ${PLAIN}, got ${JSON.stringify(name)}.`,
      );
    }
  });

  it("a variant name set by --set is named by its --set", () => {
    expect(() =>
      plan(`${BASE}agent: dqn\nvariants:\n  - name: a\n  - name: b\n`, set(["variants[1].name", ".."])),
    ).toThrow(`--set variants[1].name=..: Invalid config at variants[1].name: expected ${PLAIN}, got "..".`);
  });

  it("a logger dir is refused (every run has its own directory); a file name must be plain", () => {
    expect(() => plan(`${BASE}agent: dqn\nloggers: [jsonl, { kind: csv, dir: /tmp/all-runs }]\n`)).toThrow(
      `exp.yaml:5:31: Invalid config at loggers[1].dir: the runner writes each run's files in its own directory (<out>/<variant>/seed-<n>), so a logger's dir would send every run's files to "/tmp/all-runs". Remove dir, and choose where runs go with --out.`,
    );
    expect(() => plan(`${BASE}agent: dqn\nloggers: [{ kind: csv, file: ../../x.csv }]\n`)).toThrow(
      'exp.yaml:5:24: Invalid config at loggers[0].file: expected one plain file name (no "/", "\\" or NUL, not "." or ".."), so that files stay inside dir, got "../../x.csv".',
    );
  });
});

describe("seeds", () => {
  it("seed beside seeds, or a variant's own seed, would be ignored: refused", () => {
    expect(() => plan(`${BASE}agent: dqn\nseed: 3\nseeds: 5\n`)).toThrow(
      "exp.yaml:5:1: Invalid config at seed: both seed (3) and seeds (5) are given; seeds says which runs there are, one per seed, so seed would be ignored. Keep one (seeds: [3] runs that seed alone).",
    );
    expect(() => plan(`${BASE}agent: dqn\nvariants:\n  - name: a\n    seed: 7\n`)).toThrow(
      "exp.yaml:7:5: Invalid config at variants[0].seed: a variant cannot have its own seed: every variant runs the experiment's seeds (seeds:, --seeds), so that they are compared on the same ones. Remove it.",
    );
    expect(plan(`${BASE}agent: dqn\nseed: 3\n`).seeds).toEqual([3]);
    expect(plan(`${BASE}agent: dqn\nseed: 3\n`, { seeds: [9] }).seeds).toEqual([9]);
  });
});

describe("cross-part checks run at plan time, with the place in the file", () => {
  it("learningStarts beyond the budget (from --steps too), batch larger than the buffer", () => {
    expect(() => plan(`${BASE}agent: { kind: dqn, learningStarts: 6000 }\n`)).toThrow(
      "exp.yaml:4:21: Invalid config at agent.learningStarts: 6000 is not below the run's step budget 5000 (budget.steps), so the agent would never update. Lower learningStarts or raise the budget.",
    );
    expect(() => plan(`${BASE}agent: dqn\n`, { steps: 800 })).toThrow(
      "exp.yaml:4:1: Invalid config at agent.learningStarts: 1000 is not below the run's step budget 800 (budget.steps), so the agent would never update. Lower learningStarts or raise the budget.",
    );
    expect(() =>
      plan(
        `${BASE}agent: dqn\nvariants:\n  - name: small\n    agent: { buffer: { kind: uniform, capacity: 32 } }\n`,
      ),
    ).toThrow(
      "exp.yaml:7:5: Invalid config at variants[0].agent.batchSize: 64 is larger than the uniform buffer's capacity 32 (agent.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.",
    );
  });
});

describe("compare checks every variant before running any", () => {
  const compare =
    (text: string, overrides: Overrides = {}) =>
    () => {
      const p = plan(text, overrides);
      checkComparable(registry, p);
    };
  const VARIANTS = `${BASE}agent: dqn\nvariants:\n  - name: a\n  - name: b\n    agent: { lr: 0.01 }\n`;

  it("evaluation off, or never reached within a variant's budget", () => {
    expect(compare(`${VARIANTS}    eval: false\n`)).toThrow(
      "exp.yaml:9:5: Invalid config at variants[1].eval: compare ranks variants by their greedy evaluations (the last one is a run's final score), and variant b has eval: false. Remove eval: false (or set eval: { every: N }), or train it alone with gymkit train.",
    );
    // eval.every is a default here: the place named is the variant's budget, which it outruns.
    expect(compare(`${VARIANTS}    budget: { steps: 2000 }\n`)).toThrow(
      "exp.yaml:1:1 (variant b): Invalid config at eval.every: variant b evaluates every 2500 env steps but runs 2000 (budget.steps), so it would end without an evaluation, and compare without its final score. Set eval.every to at most 2000.",
    );
    expect(compare(VARIANTS, { steps: 2000 })).toThrow(
      /^exp\.yaml:1:1 \(variant a\): Invalid config at eval\.every: variant a evaluates every 2500/,
    );
    expect(compare(VARIANTS)).not.toThrow();
  });

  it("variants on different envs, and an env without a reward threshold", () => {
    expect(compare(`${VARIANTS}    env: CartPole-v0\n`)).toThrow(
      "exp.yaml:9:5: Invalid config at variants[1].env: compare summarises every variant against one env's reward threshold, and variant b runs CartPole-v0 while a runs CartPole-v1. Compare variants on one env: one file (or one --set env=...) per env.",
    );
    const local = builtinRegistry();
    local.register({ id: "Bare-v0", entry: () => local.make("CartPole-v1") });
    expect(() =>
      checkComparable(local, planRuns(local, file(VARIANTS.replace("CartPole-v1", "Bare-v0")))),
    ).toThrow(
      'exp.yaml:2:1 (variant a): Invalid config at env: Bare-v0 has no reward threshold, so "solved" is undefined and compare cannot summarise its runs. Register the env with rewardThreshold, or train the variants with gymkit train --variant <name>.',
    );
  });
});
