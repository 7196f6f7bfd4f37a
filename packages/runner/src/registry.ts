import agentDqn from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import box2d from "@gymkit/env-box2d";
import cartpole from "@gymkit/env-cartpole";
import classicControl from "@gymkit/env-classic-control";
import loggers from "@gymkit/loggers";
import replayMemory from "@gymkit/replay-memory";

/** A registry with gymkit's own plugins in use (the runner adds the ones a config names). */
export function builtinRegistry(): Registry {
  return new Registry()
    .use(cartpole)
    .use(classicControl)
    .use(box2d)
    .use(replayMemory)
    .use(agentDqn)
    .use(loggers);
}
