/**
 * `@gymkit/core/testing`: the contract suites for plugin authors, as vitest tests. Call one from a
 * test file with a function that builds your env or buffer; then add your own tests. Needs
 * `vitest` (an optional peer dependency of `@gymkit/core`); the main entry never imports it.
 * @module
 */
export {
  describeEnvContract,
  type EnvContractOptions,
  type MakeEnvOptions,
} from "./env-contract.js";
export { LinearBoxAgent, type LinearBoxAgentOptions } from "./linear-box-agent.js";
export { POINT_MASS_EPISODE_STEPS, PointMassEnv, PointMassVector } from "./point-mass.js";
export {
  describeReplayBufferContract,
  type MakeReplayBufferOptions,
  type ReplayBufferContractOptions,
} from "./replay-buffer-contract.js";
