/**
 * @gymkit/core: the vocabulary of gymkit. Env and spaces (Gymnasium's API), seeded RNGs,
 * wrappers, vector envs, `checkEnv`, the plugin `Registry` on tsyringe, typed training events,
 * the interfaces other packages implement, option-parsing helpers for plugin factories, and `train()`.
 */
export {
  type ActOptions,
  type Agent,
  type BatchActor,
  type CheckpointFiles,
  type Checkpointable,
  canActBatch,
  isCheckpointable,
  type Schedule,
  type Transition,
  type UpdateResult,
} from "./agent.js";
export type { Batch, ReplayBuffer, SampleOptions, TransitionBatch } from "./buffer.js";
export { type CheckEnvOptions, checkEnv, type EnvCheckFinding } from "./check-env.js";
export { type DependencyContainer, get, getAll, provide, type Token, token } from "./di.js";
export type {
  Env,
  EnvMetadata,
  EnvSpec,
  Info,
  RenderFrame,
  ResetArgs,
  ResetResult,
  RgbFrame,
  StepResult,
} from "./env.js";
export {
  closestMatches,
  describeValue,
  didYouMean,
  editDistance,
  GymkitError,
  type GymkitErrorCode,
} from "./errors.js";
export {
  type CheckpointEvent,
  createTrainingEvents,
  type EpisodeEndEvent,
  type EvaluationEvent,
  type Logger,
  type RunEndEvent,
  type RunStartEvent,
  type TargetSyncEvent,
  type TrainingEventMap,
  type TrainingEventName,
  type TrainingEvents,
  type UpdateEvent,
} from "./events.js";
export { isMetricName, METRICS, type MetricName, type Metrics } from "./metrics.js";
export { createNumpyRng, NumpyRng } from "./numpy-rng.js";
export {
  describeNumberRule,
  invalidConfig,
  type KindSpec,
  type NumberOptionRule,
  optionsRecord,
  type ParsedKindSpec,
  parseBooleanOption,
  parseChoiceOption,
  parseKindSpec,
  parseNumberOption,
  type RejectUnknownOptions,
  rejectUnknownOptions,
} from "./options.js";
export { definePlugin, type Plugin } from "./plugin.js";
export {
  type AnyEnv,
  type EnvRegistration,
  EVENTS,
  type Factory,
  KINDS,
  type Kind,
  type KindMap,
  type Named,
  type Options,
  parseEnvId,
  REGISTRY,
  REPLAY_BUFFER,
  Registry,
  RNG,
  RunScope,
  type ScopeOptions,
  TARGET_SYNC,
  TOTAL_STEPS,
} from "./registry.js";
export { assertSeed, BaseRng, createRng, type Rng, type RngState, XoroshiroRng } from "./rng.js";
export type { DType, Space, SpaceJSON } from "./space.js";
export { Box, type BoxArray, type BoxDType } from "./spaces/box.js";
export { Discrete } from "./spaces/discrete.js";
export { spaceFromJSON, spaceToJSON } from "./spaces/from-json.js";
export type { SyncableParameters, TargetSync } from "./target-sync.js";
export {
  type EvaluateOptions,
  type EvaluationResult,
  evaluate,
  type StopCause,
  type TrainOptions,
  type TrainResult,
  train,
} from "./train.js";
export { SyncVectorEnv, type SyncVectorEnvOptions } from "./vector/sync-vector-env.js";
export type { AutoresetMode, VectorEnv, VectorResetArgs, VectorStepResult } from "./vector.js";
export { defaultWarn } from "./warn.js";
export { OrderEnforcing } from "./wrappers/order-enforcing.js";
export { PassiveEnvChecker, type WarnFn } from "./wrappers/passive-env-checker.js";
export {
  type EpisodeStatistics,
  RecordEpisodeStatistics,
  type RecordEpisodeStatisticsOptions,
} from "./wrappers/record-episode-statistics.js";
export { TimeLimit } from "./wrappers/time-limit.js";
export { Wrapper } from "./wrappers/wrapper.js";
