import {
  definePart,
  GymkitError,
  type PartSpec,
  type PresetDefinition,
  type ReplayBuffer,
  type Schedule,
  type TargetSync,
} from "@gymkit/core";
import { type BackendPreference, ensureBackend, requireBackend } from "@gymkit/tfjs";
import { batchTooLarge, DqnAgent } from "./dqn-agent.js";
import { DQN_OPTIONS, parseSpaces, SB3_ALIASES } from "./options.js";
import { agentFromCheckpoint } from "./rebuild.js";

/** Names of the registered agent presets (`dqn` is the part itself). */
export type DqnPresetName =
  | "dqn"
  | "dqn-blog"
  | "qlearning"
  | "dqn-lunar"
  | "dqn-acrobot"
  | "dqn-mountaincar";

/** What the `dqn` agent takes when the config names none: the tuned preset's parts. */
export const DQN_NEEDS = {
  buffer: {
    slot: "buffer",
    // Prioritized (α 0.4): solves as fast as uniform and unlearns less after solving (issue 12).
    default: { kind: "prioritized", capacity: 50_000, alpha: 0.4 } as PartSpec,
    description: "Replay memory the agent learns from.",
  },
  targetSync: {
    slot: "targetSync",
    default: { kind: "soft", tau: 0.005, every: 1 } as PartSpec,
    description: "How the target network follows the online network.",
  },
  epsilon: {
    slot: "schedule",
    default: { kind: "linear", from: 1, to: 0.05, fraction: 0.1 } as PartSpec,
    description: "ε of ε-greedy exploration against env steps.",
  },
  lrSchedule: {
    slot: "schedule",
    default: { kind: "constant", value: 1 } as PartSpec,
    description: "Factor on lr against env steps, e.g. linear 1 → 0.1 over the budget.",
  },
} as const;

/**
 * The `dqn` agent: DQN tuned to solve CartPole-v1 fast and reliably (see README). It takes its
 * buffer, target sync and ε schedule from the run, which builds them from `agent.buffer`,
 * `agent.targetSync` and `agent.epsilon`.
 */
export const dqnAgentPart = definePart({
  slot: "agent",
  id: "dqn",
  description: "DQN (replay + target network), defaults tuned for CartPole-v1",
  options: DQN_OPTIONS,
  needs: DQN_NEEDS,
  aliases: SB3_ALIASES,
  // Runs when a config is resolved (and in registry.create), before anything is built: a run
  // that could never update, or whose batch can never be drawn, fails before it starts.
  check(options, context) {
    const at = context.path;
    const budget = context.run.budget?.steps;
    if (budget !== undefined && options.learningStarts >= budget) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${at}.learningStarts: ${options.learningStarts} is not below the run's step budget ${budget} (budget.steps), so the agent would never update. Lower learningStarts or raise the budget.`,
      );
    }
    if (budget !== undefined && options.trainFreq > budget) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${at}.trainFreq: ${options.trainFreq} env steps between updates is more than the run's step budget ${budget} (budget.steps), so the agent would never update. Lower trainFreq or raise the budget.`,
      );
    }
    // Buffers from other plugins may size themselves otherwise; the agent checks the built one too.
    const buffer = context.need("buffer");
    const capacity = buffer.options.capacity;
    if (typeof capacity === "number" && options.batchSize > capacity) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        batchTooLarge(at, options.batchSize, buffer.id, capacity),
      );
    }
  },
  // The TensorFlow.js backend is the agent's option: compose awaits this before any create.
  prepare: async (options) => void (await ensureBackend(options.backend)),
  create(options, context) {
    const spaces = parseSpaces(context.spaces(), context.path);
    const backend = requireBackend(options.backend, `${context.path}.backend`);
    return new DqnAgent({
      options,
      spaces,
      buffer: context.need<ReplayBuffer>("buffer"),
      targetSync: context.need<TargetSync>("targetSync"),
      epsilon: context.need<Schedule>("epsilon"),
      lrSchedule: context.need<Schedule>("lrSchedule"),
      rng: context.run.seeds.agent,
      replayRng: context.run.seeds.replay,
      backend,
      preset: context.id,
      budgetSteps: context.run.budget?.steps,
      partSpecs: {
        buffer: context.spec.buffer,
        targetSync: context.spec.targetSync,
        epsilon: context.spec.epsilon,
        lrSchedule: context.spec.lrSchedule,
      },
      path: context.path,
    });
  },
  // gymkit eval, saved models and bundles: the agent from its files alone, on the backend the
  // run recorded in its spec (any prepared one when it said "auto").
  async load(files, context) {
    const backend = context.spec?.backend;
    await ensureBackend(typeof backend === "string" ? (backend as BackendPreference) : "auto");
    return agentFromCheckpoint(files, context.registry, context.source);
  },
});

/** Presets of the `dqn` agent: named config fragments merged under what the user writes. */
export const DQN_PRESETS: readonly PresetDefinition[] = [
  {
    slot: "agent",
    id: "dqn-blog",
    base: "dqn",
    description: "DQN with the seed blog's settings (uniform 50 000, hard sync every 10, MSE)",
    // The seed blog's setup: MSE loss, no gradient clipping, exponential ε (its get_epsilon_value).
    // Options the blog does not state keep the values `dqn` had when this preset was written (lr
    // 1e-3, no double DQN, 1-step returns), so tuning `dqn` never changes the reproduction.
    fragment: {
      loss: "mse",
      maxGradNorm: 0,
      lr: 0.001,
      doubleDqn: false,
      nStep: 1,
      epsilon: { kind: "exponential", from: 1, to: 0.01, decay: 2000 },
      buffer: { kind: "uniform", capacity: 50_000 },
      targetSync: { kind: "hard", every: 10 },
    },
  },
  {
    slot: "agent",
    id: "qlearning",
    base: "dqn",
    description: "Plain online neural Q-learning (online buffer, batch 1, no target network), tuned",
    // The same network updated from each transition as it arrives, bootstrapping from itself.
    // tanh units, γ 0.95 and lr 3e-4 came out of a 3-round sweep (README, "The qlearning preset"):
    // with dqn's relu/γ 0.99 every seed diverged to a greedy return of 9 at every learning rate.
    fragment: {
      activation: "tanh",
      gamma: 0.95,
      lr: 0.0003,
      batchSize: 1,
      learningStarts: 1,
      trainFreq: 1,
      gradientSteps: 1,
      doubleDqn: false,
      nStep: 1,
      buffer: { kind: "online" },
      targetSync: { kind: "none" },
    },
  },
  {
    slot: "agent",
    id: "dqn-lunar",
    base: "dqn",
    description:
      "DQN with RL Zoo's tuned LunarLander-v3 values (SB3 DQN: 256×256, lr 6.3e-4, hard sync every 250 steps)",
    // rl-baselines3-zoo hyperparams/dqn.yml, LunarLander-v3 (SB3's DQN): n_timesteps 1e5, lr 6.3e-4,
    // batch 128, buffer 50 000, learning_starts 0, γ 0.99, target_update_interval 250 (env steps),
    // train_freq 4, gradient_steps -1 (= 4 per 4 env steps), exploration 1 → 0.1 over 12% of its
    // 1e5 steps (12 000 steps, kept in steps so a longer budget does not stretch it), net_arch
    // [256, 256]. SB3's defaults for the rest: uniform replay, 1-step returns, no double DQN, Huber
    // loss, gradient norm clipped at 10. With one gradient step per env step, every 250 updates is
    // every 250 env steps.
    fragment: {
      hidden: [256, 256],
      activation: "relu",
      lr: 0.00063,
      batchSize: 128,
      learningStarts: 0,
      gamma: 0.99,
      trainFreq: 4,
      gradientSteps: 4,
      doubleDqn: false,
      nStep: 1,
      loss: "huber",
      maxGradNorm: 10,
      epsilon: { kind: "linear", from: 1, to: 0.1, steps: 12_000 },
      buffer: { kind: "uniform", capacity: 50_000 },
      targetSync: { kind: "hard", every: 250 },
    },
  },
  {
    slot: "agent",
    id: "dqn-acrobot",
    base: "dqn",
    description:
      "DQN for Acrobot-v1: rl-zoo's tuned hyperparameters on a 64-64 net (hard sync every 250 updates)",
    // rl-baselines3-zoo hyperparams/dqn.yml, Acrobot-v1: lr 6.3e-4, batch 128, buffer 50 000,
    // γ 0.99, target_update_interval 250 env steps, train_freq 4 with gradient_steps -1 (= 4, so
    // one gradient step per env step: every 250 updates is the same 250 env steps), ε 1 → 0.1 over
    // 12% of its 1e5 steps (12 000 steps). SB3's DQN: uniform replay, Huber loss, gradient norm
    // clipped at 10, no double DQN, 1-step returns. Two departures: learning_starts 0 becomes
    // 1000 (the replay buffer refuses to sample fewer transitions than a batch), and rl-zoo's
    // 256-256 net becomes 64-64 (SB3's default): on tfjs-wasm it trains ~6× faster per step
    // (690 vs 110 steps/s measured on the same machine); results in docs/classic-control.
    fragment: {
      hidden: [64, 64],
      lr: 0.00063,
      batchSize: 128,
      gamma: 0.99,
      learningStarts: 1000,
      trainFreq: 4,
      gradientSteps: 4,
      loss: "huber",
      maxGradNorm: 10,
      doubleDqn: false,
      nStep: 1,
      epsilon: { kind: "linear", from: 1, to: 0.1, steps: 12_000 },
      buffer: { kind: "uniform", capacity: 50_000 },
      targetSync: { kind: "hard", every: 250 },
    },
  },
  {
    slot: "agent",
    id: "dqn-mountaincar",
    base: "dqn",
    description:
      "DQN for MountainCar-v0: rl-zoo's tuned hyperparameters on a 64-64 net (γ 0.98, 8 gradient steps every 16)",
    // rl-baselines3-zoo hyperparams/dqn.yml, MountainCar-v0: lr 4e-3, batch 128, buffer 10 000,
    // learning_starts 1000, γ 0.98, target_update_interval 600 env steps, train_freq 16,
    // gradient_steps 8 (so 600 env steps = 300 gradient updates), ε 1 → 0.07 over 20% of its
    // 1.2e5 steps (24 000 steps). SB3's DQN otherwise, and the same two departures as dqn-acrobot.
    fragment: {
      hidden: [64, 64],
      lr: 0.004,
      batchSize: 128,
      gamma: 0.98,
      learningStarts: 1000,
      trainFreq: 16,
      gradientSteps: 8,
      loss: "huber",
      maxGradNorm: 10,
      doubleDqn: false,
      nStep: 1,
      epsilon: { kind: "linear", from: 1, to: 0.07, steps: 24_000 },
      buffer: { kind: "uniform", capacity: 10_000 },
      targetSync: { kind: "hard", every: 300 },
    },
  },
];
