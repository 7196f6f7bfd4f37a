import { describe, expect, it } from "vitest";
import { parseConfigText } from "./config-file.js";
import { planRuns } from "./experiment.js";
import { builtinRegistry } from "./registry.js";

const plan = (text: string, overrides = {}) =>
  planRuns(builtinRegistry(), parseConfigText(text, "exp.yaml"), overrides);

const BASE = `name: cmp
env: CartPole-v1
budget: { steps: 5000 }
agent: dqn
`;

describe("experiment files", () => {
  it("expand variants × seeds into resolved run configs, presets under what the file wrote", () => {
    const p = plan(`${BASE}seeds: 2
variants:
  - name: ql
    agent: { kind: qlearning, lr: 0.0005 }
  - name: dqn
    agent: dqn
`);
    expect(p.name).toBe("cmp");
    expect(p.variants).toEqual(["ql", "dqn"]);
    expect(p.runs.map((r) => `${r.variant}/${r.seed}`)).toEqual(["ql/0", "ql/1", "dqn/0", "dqn/1"]);
    expect(p.runs[1]!.config.seed).toBe(1);
    expect(p.runs[0]!.config.agent).toMatchObject({
      kind: "qlearning",
      lr: 0.0005,
      batchSize: 1,
      buffer: { kind: "online" },
    });
    expect(p.runs[2]!.config.agent).toMatchObject({
      kind: "dqn",
      lr: 0.002,
      buffer: { kind: "prioritized", capacity: 50000, alpha: 0.4 },
    });
    expect(p.runs[0]!.checkpointEvery).toBe(10_000);
  });

  it("merge a variant's fields without kind or id over a base written as a bare id", () => {
    const p = plan(`${BASE}variants:
  - name: slow
    agent: { lr: 0.0001 }
  - name: four-envs
    env: { numEnvs: 2 }
    agent: { nStep: 1 }
`);
    expect(p.runs[0]!.config.agent).toMatchObject({ kind: "dqn", lr: 0.0001, nStep: 3 });
    expect(p.runs[1]!.config.env).toMatchObject({ id: "CartPole-v1", numEnvs: 2 });
    expect(p.runs[1]!.config.agent).toMatchObject({ kind: "dqn", lr: 0.002, nStep: 1 });
  });

  it("flags override the file: --seeds, --steps, --set", () => {
    const p = plan(BASE, {
      seeds: [3, 7],
      steps: 2000,
      set: [{ path: "agent.lr", value: 0.002 }],
      backend: "cpu",
    });
    expect(p.runs.map((r) => r.seed)).toEqual([3, 7]);
    expect(p.runs[0]!.config.budget.steps).toBe(2000);
    expect(p.runs[0]!.config.agent).toMatchObject({ kind: "dqn", lr: 0.002 });
    expect(p.backend).toBe("cpu");
    expect(plan(BASE, { seeds: 3 }).runs.map((r) => r.seed)).toEqual([0, 1, 2]);
  });

  it("name the file, line and column, the path in the file, the value and what is allowed", () => {
    const text = `${BASE}variants:
  - name: a
    agent: { kind: dqn, lr: 5 }
  - name: b
    agent: { kind: dqn, learning_rate: 0.1 }
`;
    expect(() => plan(text)).toThrow(
      "exp.yaml:7:25: Invalid config at variants[0].agent.lr: expected a number > 0 and <= 1, got 5.",
    );
    expect(() => plan(text.replace("lr: 5", "lr: 0.1"))).toThrow(
      `exp.yaml:9:25: Invalid config at variants[1].agent.learning_rate: unknown option "learning_rate" for agent "dqn". "learning_rate" (Stable-Baselines3's name) is written agent.lr in gymkit.`,
    );
    expect(() => plan(BASE.replace("steps: 5000", "steps: 0"))).toThrow(
      "exp.yaml:3:11: Invalid config at budget.steps: expected an integer >= 1, got 0.",
    );
    expect(() => plan(`${BASE}seeds: 0\n`)).toThrow(
      "exp.yaml:5:1: Invalid config at seeds: expected an integer >= 1 and <= 10000 or an array with at least 1 item of integers >= 0 and <= 4294967295, got 0.".replace(
        "an array with at least 1 item of integers >= 0 and <= 4294967295",
        "an array of integers >= 0 and <= 4294967295 with at least 1 item",
      ),
    );
    expect(() => plan(`${BASE}agnet: dqn\n`)).toThrow(
      'exp.yaml:5:1: Invalid config at agnet: unknown option "agnet". Did you mean "agent"?',
    );
    expect(() => plan(BASE.replace("agent: dqn", "agent: dqm"))).toThrow(
      'exp.yaml:4:1: Invalid config at agent.kind: unknown agent "dqm". Did you mean "dqn"? Registered agent ids: dqn (agent-dqn), dqn-acrobot (agent-dqn), dqn-blog (agent-dqn), dqn-lunar (agent-dqn), dqn-mountaincar (agent-dqn), qlearning (agent-dqn).',
    );
    expect(() => plan(`${BASE}variants:\n  - agent: dqn\n`)).toThrow(
      'exp.yaml:6:5: Invalid config at variants[0].name: expected one plain name of letters, digits, "_", "-" or "." (not "." or "..", at most 200 characters), since it names a directory, got undefined.',
    );
  });

  it("names are one plain path segment: the experiment's (with variants too) and every variant's", () => {
    const rule =
      'expected one plain name of letters, digits, "_", "-" or "." (not "." or "..", at most 200 characters), since it names a directory';
    expect(() => plan(`${BASE}variants:\n  - name: ..\n`)).toThrow(
      `exp.yaml:6:5: Invalid config at variants[0].name: ${rule}, got "..".`,
    );
    // With variants the experiment's name was not checked at all (issue 19).
    expect(() => plan(`${BASE.replace("name: cmp", "name: ../../x")}variants:\n  - name: a\n`)).toThrow(
      `exp.yaml:1:1: Invalid config at name: ${rule}, got "../../x".`,
    );
    expect(() => plan(BASE.replace("name: cmp", "name: .."))).toThrow(`${rule}, got "..".`);
    expect(plan(BASE.replace("name: cmp", "name: cmp.v2_a-b")).name).toBe("cmp.v2_a-b");
  });

  it("YAML syntax errors say where", () => {
    expect(() => parseConfigText("env: [CartPole-v1\nagent: dqn\n", "bad.yaml")).toThrow(
      /^bad\.yaml:\d+:\d+: not valid YAML\/JSON: /,
    );
    expect(() => parseConfigText("- a\n- b\n", "list.yaml")).toThrow(
      "list.yaml: an experiment file holds a mapping (env, agent, budget, ...), got a list.",
    );
  });
});
