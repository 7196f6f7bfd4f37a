import { Registry } from "@gymkit/core";
import { describeEnvContract } from "@gymkit/core/testing";
import gridworld from "./index.js";

// core's env contract, on the env as users get it from make(): Discrete and one-hot observations.
const registry = new Registry().use(gridworld);
describeEnvContract("GridWorld-v0", (options) => registry.make("GridWorld-v0", options));
describeEnvContract("GridWorld-v0 (onehot)", (options) =>
  registry.make("GridWorld-v0", { ...options, onehot: true }),
);
