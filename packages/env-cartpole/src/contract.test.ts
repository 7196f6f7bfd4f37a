import { Registry } from "@gymkit/core";
import { describeEnvContract } from "@gymkit/core/testing";
import cartpole from "./index.js";

// Gymnasium's check_env warns about CartPole's unbounded velocities too (check_space_limit).
const registry = new Registry().use(cartpole);
for (const id of ["CartPole-v0", "CartPole-v1"]) {
  describeEnvContract(id, (options) => registry.make(id, options), { allowWarnings: ["space-limits"] });
}
