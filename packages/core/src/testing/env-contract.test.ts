import { Registry } from "@gymkit/core";
import corridor from "../../test/corridor-plugin.js";
import { describeEnvContract } from "./index.js";

// The guide's corridor, as its author would test it: through the registry, so the checks see what users get.
const registry = new Registry().use(corridor);
describeEnvContract("gridworld/Corridor-v0", (options) => registry.make("gridworld/Corridor-v0", options));
