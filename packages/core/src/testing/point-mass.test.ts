import { OrderEnforcing } from "../wrappers/order-enforcing.js";
import { PassiveEnvChecker } from "../wrappers/passive-env-checker.js";
import { describeEnvContract } from "./env-contract.js";
import { PointMassEnv } from "./point-mass.js";

// The continuous test env keeps the env contract with Box actions (checkEnv samples and steps them),
// wrapped as registry.make wraps envs. Its observations are unbounded, as Gymnasium's checker warns.
describeEnvContract("PointMassEnv", () => new OrderEnforcing(new PassiveEnvChecker(new PointMassEnv())), {
  allowWarnings: ["space-limits"],
});
