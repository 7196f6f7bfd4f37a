import {
  GymkitError,
  type Kind,
  type KindMap,
  type KindSpec,
  type Options,
  parseKindSpec,
  REPLAY_BUFFER,
  type RunScope,
  TARGET_SYNC,
  TOTAL_STEPS,
} from "@gymkit/core";
import { requireBackend } from "./backend.js";
import { DqnAgent } from "./dqn-agent.js";
import { DEFAULT_DQN_OPTIONS, type DqnOptions, parseDqnOptions, parseSpaces } from "./options.js";

/** Names of the registered agent presets. */
export type DqnPresetName = "dqn" | "dqn-blog" | "qlearning";

/**
 * Default options of each preset. A preset is only a set of defaults: any option can be
 * overridden, and the buffer / target sync come from the run scope when it provides them.
 */
export const DQN_PRESETS: Readonly<Record<DqnPresetName, DqnOptions>> = {
  /** Replay + target network, tuned to solve CartPole-v1 fast and reliably (see README). */
  dqn: DEFAULT_DQN_OPTIONS,
  /**
   * The seed blog's setup: uniform replay of 50 000, hard sync every 10 updates, MSE loss,
   * exponential ε (its `get_epsilon_value`), no gradient clipping.
   */
  "dqn-blog": {
    ...DEFAULT_DQN_OPTIONS,
    loss: "mse",
    maxGradNorm: 0,
    epsilon: { kind: "exponential", from: 1, to: 0.01, decay: 2000 },
    buffer: { kind: "uniform", capacity: 50_000 },
    targetSync: { kind: "hard", every: 10 },
  },
  /**
   * Plain off-policy neural Q-learning: the same network updated from each transition as it
   * arrives (`online` buffer, batch 1), bootstrapping from itself (`none` sync).
   */
  qlearning: {
    ...DEFAULT_DQN_OPTIONS,
    batchSize: 1,
    learningStarts: 1,
    trainFreq: 1,
    gradientSteps: 1,
    buffer: { kind: "online" },
    targetSync: { kind: "none" },
  },
};

export const PRESET_DESCRIPTIONS: Readonly<Record<DqnPresetName, string>> = {
  dqn: "DQN (replay + target network), defaults tuned for CartPole-v1",
  "dqn-blog": "DQN with the seed blog's settings (uniform 50 000, hard sync every 10, MSE)",
  qlearning: "Plain online neural Q-learning (online buffer, batch 1, no target network)",
};

/** Builds a part from a `{ kind, ...options }` spec, prefixing errors with the config path. */
function createPart<K extends Kind>(
  scope: RunScope,
  kind: K,
  spec: KindSpec,
  extra: Options,
  path: string,
): KindMap[K] {
  const { kind: id, options } = parseKindSpec(spec, path);
  try {
    return scope.create(kind, id, { ...options, ...extra });
  } catch (e) {
    if (e instanceof GymkitError) throw new GymkitError(e.code, `${path}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * The agent factory behind every preset: validates the options over the preset's defaults,
 * requires a prepared backend, and resolves the injected parts from the run scope — the
 * `REPLAY_BUFFER` and `TARGET_SYNC` it provides, else the kinds named by `buffer` /
 * `targetSync` — and the ε schedule through the registry's `schedule` kinds.
 */
export function createDqnAgent(options: Options, scope: RunScope, preset: DqnPresetName = "dqn"): DqnAgent {
  const path = "agent";
  const o = parseDqnOptions(options, DQN_PRESETS[preset], path);
  const spaces = parseSpaces(options, path);
  const backend = requireBackend(o.backend, `${path}.backend`);
  const spaceOptions = { observationSpace: options.observationSpace, actionSpace: options.actionSpace };
  const buffer = scope.getOr(REPLAY_BUFFER, () =>
    createPart(scope, "buffer", o.buffer, spaceOptions, `${path}.buffer`),
  );
  const targetSync = scope.getOr(TARGET_SYNC, () =>
    createPart(scope, "targetSync", o.targetSync, {}, `${path}.targetSync`),
  );
  const totalSteps = o.totalSteps ?? (scope.has(TOTAL_STEPS) ? scope.get(TOTAL_STEPS) : undefined);
  const epsilon = createPart(
    scope,
    "schedule",
    o.epsilon,
    o.totalSteps === undefined ? {} : { totalSteps },
    `${path}.epsilon`,
  );
  return new DqnAgent({
    options: { ...o, totalSteps },
    spaces,
    buffer,
    targetSync,
    epsilon,
    rng: scope.rng.fork("agent"),
    backend,
    preset,
  });
}
