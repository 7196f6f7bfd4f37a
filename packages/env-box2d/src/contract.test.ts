import { Registry } from "@gymkit/core";
import { describeEnvContract } from "@gymkit/core/testing";
import box2d from "./index.js";

const registry = new Registry().use(box2d);
for (const id of ["LunarLander-v3", "LunarLanderContinuous-v3"]) {
  describeEnvContract(id, (options) => registry.make(id, options));
}
