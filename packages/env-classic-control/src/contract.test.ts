import { Registry } from "@gymkit/core";
import { describeEnvContract } from "@gymkit/core/testing";
import classic from "./index.js";

const registry = new Registry().use(classic);
for (const id of ["Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"]) {
  describeEnvContract(id, (options) => registry.make(id, options));
}
// Gymnasium's check_env warns about Pendulum's action range [-2, 2] too (not normalised; its
// source says so and keeps it for compatibility): the only warning allowed.
describeEnvContract("Pendulum-v1", (options) => registry.make("Pendulum-v1", options), {
  allowWarnings: ["space-limits"],
});
