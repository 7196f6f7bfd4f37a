import {
  describeValue,
  GymkitError,
  invalidConfig,
  type KindSpec,
  optionsRecord,
  parseBooleanOption,
  parseChoiceOption,
  parseKindSpec,
  parseNumberOption,
  rejectUnknownOptions,
} from "@gymkit/core";
import { BACKEND_PREFERENCES, type BackendPreference } from "./backend.js";
import { ACTIVATIONS, type Activation } from "./network.js";
import { LOSSES, type LossKind } from "./td.js";

/**
 * Options of the DQN agent (all presets share them; a preset only changes the defaults).
 * Plain data, so a config file can hold them.
 */
export interface DqnOptions {
  /** Hidden layer sizes of the Q-network MLP. @default [64, 64] */
  hidden: number[];
  /** Hidden activation; `relu` and `tanh` use the hand-derived fast gradient path. @default "relu" */
  activation: Activation;
  /** Dueling head `Q = V + A − mean(A)` (Wang et al. 2016); trains through autodiff. @default false */
  dueling: boolean;
  /** Discount factor. @default 0.99 */
  gamma: number;
  /** Adam learning rate. @default 0.001 */
  lr: number;
  /** Transitions per gradient step. @default 64 */
  batchSize: number;
  /** Env steps before the first gradient step. @default 1000 */
  learningStarts: number;
  /** Env steps between updates. @default 1 */
  trainFreq: number;
  /** Gradient steps per update. @default 1 */
  gradientSteps: number;
  /** TD loss: `mse` (the seed blog's) or `huber` (SB3's smooth L1). @default "huber" */
  loss: LossKind;
  /** Clip gradients to this global L2 norm; 0 disables clipping. @default 10 */
  maxGradNorm: number;
  /** Double DQN: the online net picks a', the target net values it. @default false */
  doubleDqn: boolean;
  /** ε schedule as `{ kind, ...options }`, resolved through the registry's `schedule` kinds. */
  epsilon: KindSpec;
  /** Buffer used when the run scope provides none (`REPLAY_BUFFER`). */
  buffer: KindSpec;
  /** Target-sync strategy used when the run scope provides none (`TARGET_SYNC`). */
  targetSync: KindSpec;
  /** TensorFlow.js backend the agent expects; it must have been prepared. @default "auto" */
  backend: BackendPreference;
  /** Env-step budget for schedules given as a fraction of it; else the scope's `TOTAL_STEPS`. */
  totalSteps?: number | undefined;
}

/** Defaults of {@link DqnOptions} (the `dqn` preset's). */
export const DEFAULT_DQN_OPTIONS: DqnOptions = {
  hidden: [64, 64],
  activation: "relu",
  dueling: false,
  gamma: 0.99,
  lr: 0.001,
  batchSize: 64,
  learningStarts: 1000,
  trainFreq: 1,
  gradientSteps: 1,
  loss: "huber",
  maxGradNorm: 10,
  doubleDqn: false,
  epsilon: { kind: "linear", from: 1, to: 0.05, fraction: 0.1 },
  buffer: { kind: "uniform", capacity: 50_000 },
  targetSync: { kind: "soft", tau: 0.005, every: 1 },
  backend: "auto",
};

/** Keys of {@link DqnOptions}, plus the run-supplied `observationSpace` and `actionSpace`. */
export const DQN_OPTION_KEYS = [
  ...Object.keys(DEFAULT_DQN_OPTIONS),
  "totalSteps",
  "observationSpace",
  "actionSpace",
] as const;

/** A `{ kind, ...options }` part spec, checked and copied so later edits of the input do not leak in. */
function kindSpec(value: unknown, path: string): KindSpec {
  const { kind, options } = parseKindSpec(value, path);
  return { kind, ...options };
}

/**
 * Validates agent options over `defaults`, naming the field path, the bad value and what is
 * allowed. Unknown keys are errors (with a "did you mean").
 */
export function parseDqnOptions(
  input: unknown,
  defaults: DqnOptions = DEFAULT_DQN_OPTIONS,
  path = "agent",
): DqnOptions {
  const r = optionsRecord(input, path);
  // `kind` may name the preset when a config passes the whole `{ kind, ...options }` spec on.
  rejectUnknownOptions(r, DQN_OPTION_KEYS, path, { tolerateKind: true });
  const pick = <K extends keyof DqnOptions>(k: K): unknown => (r[k] === undefined ? defaults[k] : r[k]);
  const at = (k: string) => `${path}.${k}`;
  const hiddenRaw = pick("hidden");
  if (!Array.isArray(hiddenRaw))
    throw invalidConfig(at("hidden"), "an array of layer sizes, e.g. [64, 64]", hiddenRaw);
  const hidden = hiddenRaw.map((h, i) =>
    parseNumberOption(h, `${at("hidden")}[${i}]`, { min: 1, max: 65536, integer: true }),
  );
  const batchSize = parseNumberOption(pick("batchSize"), at("batchSize"), { min: 1, integer: true });
  const options: DqnOptions = {
    hidden,
    activation: parseChoiceOption(pick("activation"), ACTIVATIONS, at("activation")),
    dueling: parseBooleanOption(pick("dueling"), at("dueling")),
    gamma: parseNumberOption(pick("gamma"), at("gamma"), { min: 0, max: 1 }),
    lr: parseNumberOption(pick("lr"), at("lr"), { min: 0, minExclusive: true, max: 1 }),
    batchSize,
    learningStarts: parseNumberOption(pick("learningStarts"), at("learningStarts"), {
      min: 0,
      integer: true,
    }),
    trainFreq: parseNumberOption(pick("trainFreq"), at("trainFreq"), { min: 1, integer: true }),
    gradientSteps: parseNumberOption(pick("gradientSteps"), at("gradientSteps"), { min: 1, integer: true }),
    loss: parseChoiceOption(pick("loss"), LOSSES, at("loss")),
    maxGradNorm: parseNumberOption(pick("maxGradNorm"), at("maxGradNorm"), { min: 0 }),
    doubleDqn: parseBooleanOption(pick("doubleDqn"), at("doubleDqn")),
    epsilon: kindSpec(pick("epsilon"), at("epsilon")),
    buffer: kindSpec(pick("buffer"), at("buffer")),
    targetSync: kindSpec(pick("targetSync"), at("targetSync")),
    backend: parseChoiceOption(pick("backend"), BACKEND_PREFERENCES, at("backend")),
    totalSteps:
      r.totalSteps === undefined
        ? defaults.totalSteps
        : parseNumberOption(r.totalSteps, at("totalSteps"), { min: 1, integer: true }),
  };
  return options;
}

/** What the agent needs to know about the env's spaces. */
export interface SpaceInfo {
  /** Numbers per observation. */
  observationSize: number;
  observationShape: number[];
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

/**
 * Reads `observationSpace` (a `Box`, or its JSON) and `actionSpace` (a `Discrete`, or its JSON)
 * from agent options.
 */
export function parseSpaces(input: unknown, path = "agent"): SpaceInfo {
  const r = optionsRecord(input, path);
  const obs = toJSONish(r.observationSpace);
  if (obs?.type !== "Box" || !Array.isArray(obs.shape)) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}.observationSpace: expected a Box space (env.observationSpace), got ${describeValue(r.observationSpace)}. The runner passes the env's spaces; in code, pass { observationSpace: env.observationSpace, actionSpace: env.actionSpace }.`,
    );
  }
  const shape = (obs.shape as unknown[]).map((d, i) =>
    parseNumberOption(d, `${path}.observationSpace.shape[${i}]`, { min: 1, integer: true }),
  );
  const act = toJSONish(r.actionSpace);
  if (act?.type !== "Discrete") {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `Invalid config at ${path}.actionSpace: DQN needs a Discrete action space, got ${describeValue(r.actionSpace)}.`,
    );
  }
  const numActions = parseNumberOption(act.n, `${path}.actionSpace.n`, { min: 1, integer: true });
  const actionStart = parseNumberOption(act.start ?? 0, `${path}.actionSpace.start`, { integer: true });
  return {
    observationSize: shape.reduce((a, b) => a * b, 1),
    observationShape: shape,
    numActions,
    actionStart,
    observationJSON: obs,
    actionJSON: act,
  };
}
