/**
 * @gymkit/core: the vocabulary of gymkit. Env and spaces (Gymnasium's API), seeded RNGs,
 * wrappers, vector envs, `checkEnv`, the plugin `Registry` on tsyringe, typed training events,
 * the interfaces other packages implement, option-parsing helpers for plugin factories, and `train()`.
 */
export { type ActionLayout, actionLayout } from "./action-layout.js";
export {
  type Action,
  type ActionArray,
  type ActOptions,
  type Agent,
  type BatchActor,
  type Checkpointable,
  type CheckpointFiles,
  canActBatch,
  isCheckpointable,
  type Schedule,
  type Transition,
  type UpdateResult,
} from "./agent.js";
export type { Batch, ReplayBuffer, SampleOptions, TransitionBatch } from "./buffer.js";
export { type Catalogue, mergeUnder, type ResolvedPart } from "./catalogue.js";
export { type CheckEnvOptions, checkEnv, type EnvCheckFinding } from "./check-env.js";
export { buildPart, type FilledSlot, type Run } from "./compose.js";
export {
  EXPERIMENT_FIELDS,
  type ExperimentConfig,
  type PartInput,
  PLAIN_NAME,
  PLAIN_NAME_EXPECTED,
  type ResolvedConfig,
  type ResolvedExperiment,
} from "./config.js";
export { optionsTable, renderConfigReference } from "./config-reference.js";
export type { ConfigSchemaOptions } from "./config-schema.js";
export { crc32 } from "./crc32.js";
export type { Token } from "./di.js";
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
export { type EnvRegistration, MAKE_OPTIONS, type Options, parseEnvId } from "./env-registry.js";
export {
  type EnvState,
  isStatefulEnv,
  type JsonValue,
  notStatefulError,
  parseEnvState,
  RNG_STATE,
  rngStateToJson,
  type StatefulEnv,
} from "./env-state.js";
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
  type EvaluationResult,
  type Logger,
  type LoggerRewind,
  type RunEndEvent,
  type RunProgress,
  type RunStartEvent,
  type TargetSyncEvent,
  type TrainingEventMap,
  type TrainingEventName,
  type TrainingEvents,
  type UpdateEvent,
  type WarningEvent,
} from "./events.js";
export { LOOP_STATE_FORMAT, type LoopState, parseLoopState } from "./loop-state.js";
export { isMetricName, METRICS, type MetricName, type Metrics } from "./metrics.js";
export { createNumpyRng, NumpyRng } from "./numpy-rng.js";
export {
  type AnyEnv,
  type CheckContext,
  type CheckedPart,
  definePart,
  definePreset,
  type EnvSpaces,
  type LoadContext,
  type Need,
  type PartContext,
  type PartDefinition,
  type PartSpec,
  type PartType,
  type PartTypes,
  type PrepareContext,
  type PresetDefinition,
  type RegisteredPart,
  type RegisteredPreset,
  SLOT_NAMES,
  SLOTS,
  type Slot,
  type SlotInfo,
  type SlotMap,
} from "./parts.js";
export { definePlugin, type Plugin, type PluginContext } from "./plugin.js";
export { type ComposeOptions, type CreateContext, type PartInfo, Registry } from "./registry.js";
export {
  assertEnvSeed,
  assertSeed,
  BaseRng,
  checkXoroshiroState,
  createRng,
  type Rng,
  type RngState,
  XoroshiroRng,
} from "./rng.js";
export { checkpointingOf } from "./run-checkpoint.js";
export { RunScope, type RunScopeOptions } from "./run-scope.js";
export {
  type Aliases,
  describeSchema,
  invalidConfig,
  type JsonSchema,
  joinPath,
  type ParseContext,
  parseOptions,
  toJsonSchema,
  z,
} from "./schema.js";
export { type RunSeeds, runSeeds } from "./seeds.js";
export type { DType, Space, SpaceJSON } from "./space.js";
export { Box, type BoxArray, type BoxDType } from "./spaces/box.js";
export { Discrete } from "./spaces/discrete.js";
export { spaceFromJSON, spaceToJSON } from "./spaces/from-json.js";
export type { SyncableParameters, TargetSync } from "./target-sync.js";
export {
  DEFAULT_EVAL_EPISODE_STEPS,
  type EvaluateOptions,
  type EvaluateResult,
  evaluate,
  type RunHooks,
  type StopCause,
  type TrainOptions,
  type TrainResult,
  train,
} from "./train.js";
export { PassiveVectorEnvChecker, VECTOR_CHECK_WINDOW } from "./vector/passive-vector-env-checker.js";
export { SyncVectorEnv, type SyncVectorEnvOptions } from "./vector/sync-vector-env.js";
export type { AutoresetMode, VectorEnv, VectorResetArgs, VectorStepResult } from "./vector.js";
export { defaultWarn } from "./warn.js";
export { ClipAction, RescaleAction } from "./wrappers/action-wrappers.js";
export { FlattenObservation } from "./wrappers/flatten-observation.js";
export { OrderEnforcing } from "./wrappers/order-enforcing.js";
export { PassiveEnvChecker, type WarnFn } from "./wrappers/passive-env-checker.js";
export {
  type EpisodeStatistics,
  RecordEpisodeStatistics,
  type RecordEpisodeStatisticsOptions,
} from "./wrappers/record-episode-statistics.js";
export { TimeLimit } from "./wrappers/time-limit.js";
export { Wrapper } from "./wrappers/wrapper.js";
