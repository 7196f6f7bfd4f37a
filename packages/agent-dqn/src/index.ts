/**
 * @gymkit/agent-dqn: DQN and plain neural Q-learning on TensorFlow.js (through @gymkit/tfjs),
 * target-sync strategies and ε schedules, all registered by the default-exported plugin.
 * Browser-safe: saving to and loading from directories lives in `@gymkit/agent-dqn/node`.
 */
import type { DqnAgent } from "./dqn-agent.js";
import { plugin } from "./plugin.js";

// The shared TensorFlow.js layer, re-exported so code written against agent-dqn keeps working;
// new code imports these from @gymkit/tfjs.
export {
  type AdamOptions,
  AGENT_BUNDLE_FORMAT,
  AGENT_BUNDLE_VERSION,
  type AgentBundle,
  artifactsToFiles,
  BACKEND_PREFERENCES,
  type BackendName,
  type BackendPreference,
  clipScale,
  decodeAgentBundle,
  encodeAgentBundle,
  filesToArtifacts,
  isAgentBundle,
  JsAdam,
  MODEL_FILE,
  type PrepareBackendOptions,
  prepareBackend,
  preparedBackend,
  requireBackend,
  WEIGHTS_FILE,
} from "@gymkit/tfjs";
export { type AgentSnapshot, CHECKPOINT_FORMAT, decodeSnapshot, encodeSnapshot } from "./checkpoint.js";
export { DqnAgent, type DqnAgentParts } from "./dqn-agent.js";
export { NStepWindow, type PendingStep, type PendingWindow } from "./n-step.js";
export {
  ACTIVATIONS,
  type Activation,
  type DenseParams,
  glorotInit,
  layerLayout,
  mlpSpecOf,
  type NetworkSpec,
  parameterShapes,
  QNetwork,
} from "./network.js";
export {
  DEFAULT_DQN_OPTIONS,
  DQN_OPTIONS,
  type DqnOptions,
  parseSpaces,
  SB3_ALIASES,
  type SpaceInfo,
} from "./options.js";
export { DQN_NEEDS, DQN_PRESETS, type DqnPresetName, dqnAgentPart } from "./presets.js";
export { agentFromCheckpoint } from "./rebuild.js";
export {
  CONSTANT_SCHEDULE_OPTIONS,
  ConstantSchedule,
  EXPONENTIAL_SCHEDULE_OPTIONS,
  ExponentialSchedule,
  LINEAR_SCHEDULE_OPTIONS,
  LinearSchedule,
  SCHEDULE_PARTS,
} from "./schedules.js";
export {
  HARD_SYNC_OPTIONS,
  HardSync,
  NoSync,
  SOFT_SYNC_OPTIONS,
  SoftSync,
  TARGET_SYNC_PARTS,
} from "./target-sync.js";
export { LOSSES, type LossKind, type TdBatch, type TdLoss, tdLoss, tdTargets } from "./td.js";
export {
  fastPathSupports,
  type GradientPath,
  type StepStats,
  Trainer,
  type TrainerConfig,
} from "./trainer.js";
export { plugin };
export default plugin;

declare module "@gymkit/core" {
  /** `registry.create("agent", "dqn" | "dqn-blog" | "dqn-lunar" | "qlearning", ...)` returns a `DqnAgent`. */
  interface PartTypes {
    "agent:dqn": DqnAgent;
    "agent:dqn-blog": DqnAgent;
    "agent:dqn-lunar": DqnAgent;
    "agent:qlearning": DqnAgent;
  }
}
