/**
 * @gymkit/tfjs: the TensorFlow.js layer gymkit's agents share. Backend choice, MLPs whose
 * parameters live in JS (seeded init, fast raw-kernel forward, differentiable forward), Adam and
 * gradient clipping in JS, raw kernels for hand-derived backward passes, and the agent file
 * format. Browser-safe: directories live in `@gymkit/tfjs/node`, leak checks in
 * `@gymkit/tfjs/testing`.
 */
export { type AdamOptions, clipScale, JsAdam, type Optimizer } from "./adam.js";
export {
  type AgentFileContents,
  type AgentFileFormat,
  corruptAgentFile,
  type DecodedAgentFile,
  decodeAgentArtifacts,
  decodeAgentFiles,
  encodeAgentArtifacts,
  encodeAgentFiles,
} from "./agent-file.js";
export {
  BACKEND_PREFERENCES,
  type BackendName,
  type BackendPreference,
  ensureBackend,
  type PrepareBackendOptions,
  prepareBackend,
  preparedBackend,
  requireBackend,
} from "./backend.js";
export {
  AGENT_BUNDLE_FORMAT,
  AGENT_BUNDLE_VERSION,
  type AgentBundle,
  decodeAgentBundle,
  encodeAgentBundle,
  isAgentBundle,
} from "./bundle.js";
export { GLOROT_UNIFORM, glorotUniform, initKernel, type LayerInit, orthogonal } from "./init.js";
export * as kernels from "./kernels.js";
export {
  ACTIVATIONS,
  type Activation,
  type DenseParams,
  type HeadSpec,
  initMlp,
  type LayerShape,
  Mlp,
  type MlpInit,
  type MlpSpec,
  mlpHeads,
  mlpLayers,
  mlpParameterShapes,
} from "./mlp.js";
export {
  artifactsToFiles,
  checkpointPath,
  filesToArtifacts,
  joinWeightData,
  MODEL_FILE,
  WEIGHTS_FILE,
} from "./model-files.js";
export {
  type HasParameterSet,
  type NamedTensor,
  type ParameterEntry,
  ParameterSet,
  parameterSetOf,
} from "./parameters.js";
