import { describeValue, GymkitError, type Space, z } from "@gymkit/core";
import { BACKEND_PREFERENCES } from "@gymkit/tfjs";
import { ACTIVATIONS, type Activation } from "./network.js";
import { LOSSES, type LossKind } from "./td.js";

/**
 * Options of the DQN agent, declared once: type, default (the `dqn` preset's) and meaning. Every
 * preset shares them; a preset only changes defaults. The parts the agent takes (`buffer`,
 * `targetSync`, `epsilon`) are declared as its `needs` (see plugin.ts), not here.
 */
export const DQN_OPTIONS = z.strictObject({
  hidden: z
    .array(z.number().int().min(1).max(65536))
    .min(1)
    .default([64, 64])
    .describe("Hidden layer sizes of the Q-network MLP."),
  activation: z
    .enum(ACTIVATIONS as [Activation, ...Activation[]])
    .default("relu")
    .describe("Hidden activation; relu and tanh use the hand-derived fast gradient path."),
  dueling: z
    .boolean()
    .default(false)
    .describe("Dueling head Q = V + A − mean(A) (Wang et al. 2016); trains through autodiff."),
  gamma: z.number().min(0).max(1).default(0.99).describe("Discount factor."),
  lr: z.number().gt(0).max(1).default(0.002).describe("Adam learning rate."),
  batchSize: z.number().int().min(1).default(64).describe("Transitions per gradient step."),
  learningStarts: z.number().int().min(0).default(1000).describe("Env steps before the first gradient step."),
  trainFreq: z.number().int().min(1).default(1).describe("Env steps between updates."),
  gradientSteps: z.number().int().min(1).default(1).describe("Gradient steps per update."),
  loss: z
    .enum(LOSSES as [LossKind, ...LossKind[]])
    .default("huber")
    .describe("TD loss: mse (the seed blog's) or huber (SB3's smooth L1)."),
  maxGradNorm: z
    .number()
    .min(0)
    .default(10)
    .describe("Clip gradients to this global L2 norm; 0 disables clipping."),
  doubleDqn: z
    .boolean()
    .default(true)
    .describe("Double DQN: the online net picks a', the target net values it."),
  nStep: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe(
      "Multi-step returns: store Σγⁱrᵢ over n env steps and bootstrap with γⁿ (Rainbow). Needs one env's transitions in order (not a vector env).",
    ),
  backend: z
    .enum(BACKEND_PREFERENCES as readonly ["auto", "tensorflow", "wasm", "cpu"])
    .default("auto")
    .describe("TensorFlow.js backend the agent expects; it must have been prepared (prepareBackend)."),
});

/** Options of the DQN agent, as validated and defaulted. */
export type DqnOptions = z.output<typeof DQN_OPTIONS>;

/** Defaults of {@link DqnOptions} (the `dqn` preset's), from the schema. */
export const DEFAULT_DQN_OPTIONS: DqnOptions = DQN_OPTIONS.parse({});

/**
 * Names users bring from Stable-Baselines3 (and camelCase guesses of them), mapped to where the
 * value goes in a gymkit agent spec.
 */
export const SB3_ALIASES = {
  learning_rate: "lr",
  learningRate: "lr",
  buffer_size: "buffer.capacity",
  bufferSize: "buffer.capacity",
  batch_size: "batchSize",
  learning_starts: "learningStarts",
  train_freq: "trainFreq",
  gradient_steps: "gradientSteps",
  target_update_interval: "targetSync.every",
  targetUpdateInterval: "targetSync.every",
  tau: "targetSync.tau",
  exploration_fraction: "epsilon.fraction",
  explorationFraction: "epsilon.fraction",
  exploration_initial_eps: "epsilon.from",
  exploration_final_eps: "epsilon.to",
  max_grad_norm: "maxGradNorm",
  net_arch: "hidden",
  netArch: "hidden",
  double_dqn: "doubleDqn",
} as const;

/** What the agent needs to know about the env's spaces. */
export interface SpaceInfo {
  /** Numbers per observation (as the network sees it: n for a one-hot `Discrete(n)`). */
  observationSize: number;
  observationShape: number[];
  /** Set for a `Discrete` observation space: observations are cell indices, one-hot encoded. */
  oneHot?: { n: number; start: number };
  numActions: number;
  /** First action value (Gymnasium's `Discrete(n, start)`). */
  actionStart: number;
  /** JSON forms, recorded in the saved config. */
  observationJSON: unknown;
  actionJSON: unknown;
}

function toJSONish(space: unknown): Record<string, unknown> | undefined {
  if (typeof space !== "object" || space === null) return undefined;
  const s = space as { toJSON?: () => unknown };
  const json = typeof s.toJSON === "function" ? s.toJSON() : space;
  return typeof json === "object" && json !== null ? (json as Record<string, unknown>) : undefined;
}

const positiveInt = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 1;

/**
 * Reads the observation space (a `Box`, or its JSON) and the action space (a `Discrete`, or its
 * JSON) the agent is built for; anything else names the space and what DQN needs.
 */
export function parseSpaces(
  spaces: { observationSpace: Space<unknown> | unknown; actionSpace: Space<unknown> | unknown },
  path = "agent",
): SpaceInfo {
  const obs = toJSONish(spaces.observationSpace);
  // A Discrete observation is one-hot encoded (SB3's preprocess_obs): the network sees n inputs.
  const discrete = obs?.type === "Discrete" && positiveInt(obs.n) && Number.isSafeInteger(obs.start ?? 0);
  const shape = discrete ? [obs.n as number] : obs?.shape;
  if ((obs?.type !== "Box" && !discrete) || !Array.isArray(shape) || !shape.every(positiveInt)) {
    throw new GymkitError(
      "GYMKIT_INVALID_SPACE",
      `${path}: DQN needs a Box or Discrete observation space, got ${describeValue(spaces.observationSpace)}.`,
    );
  }
  const act = toJSONish(spaces.actionSpace);
  const start = act?.start ?? 0;
  if (act?.type !== "Discrete" || !positiveInt(act.n) || !Number.isSafeInteger(start)) {
    throw new GymkitError(
      "GYMKIT_INVALID_SPACE",
      `${path}: DQN needs a Discrete action space, got ${describeValue(spaces.actionSpace)}.`,
    );
  }
  const observationShape = shape as number[];
  return {
    observationSize: observationShape.reduce((a, b) => a * b, 1),
    observationShape,
    ...(discrete ? { oneHot: { n: obs.n as number, start: (obs.start ?? 0) as number } } : {}),
    numActions: act.n as number,
    actionStart: start as number,
    observationJSON: obs,
    actionJSON: act,
  };
}
