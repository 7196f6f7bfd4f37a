import agentDqn from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import box2d from "@gymkit/env-box2d";
import cartpole from "@gymkit/env-cartpole";
import classicControl from "@gymkit/env-classic-control";
import replayMemory from "@gymkit/replay-memory";

/**
 * The page's registry: the same plugins the CLI has built in (without the Node-only loggers), so the
 * form's env list has CartPole and the four other classic-control envs.
 * The page uses it for the form (`jsonSchema`) and validation (`resolve`); the worker composes
 * runs with it (`compose`), exactly as `gymkit train` does.
 */
export const playgroundRegistry = (): Registry =>
  new Registry().use(cartpole).use(classicControl).use(box2d).use(replayMemory).use(agentDqn);

/** What the form starts from: the tuned `dqn` preset, a budget that trains in about a minute. */
export const DEFAULT_CONFIG = {
  env: "CartPole-v1",
  agent: { kind: "dqn" },
  budget: { steps: 20_000 },
  eval: { every: 2_500, episodes: 5 },
  seed: 0,
};
