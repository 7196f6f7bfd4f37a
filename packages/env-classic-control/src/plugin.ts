import { definePlugin } from "@gymkit/core";
import { AcrobotEnv } from "./acrobot.js";
import { MountainCarContinuousEnv, MountainCarEnv } from "./mountain-car.js";
import {
  ACROBOT_OPTIONS,
  ACROBOT_VECTOR_OPTIONS,
  MOUNTAIN_CAR_CONTINUOUS_OPTIONS,
  MOUNTAIN_CAR_CONTINUOUS_VECTOR_OPTIONS,
  MOUNTAIN_CAR_OPTIONS,
  MOUNTAIN_CAR_VECTOR_OPTIONS,
  PENDULUM_OPTIONS,
  PENDULUM_VECTOR_OPTIONS,
} from "./options.js";
import { PendulumEnv } from "./pendulum.js";
import { AcrobotVector, MountainCarContinuousVector, MountainCarVector, PendulumVector } from "./vectors.js";

/**
 * The env-classic-control plugin: `registry.use(plugin)` registers Gymnasium's four other
 * classic-control envs with Gymnasium's specs (TimeLimit and reward threshold): `Acrobot-v1`
 * (500, -100), `MountainCar-v0` (200, -110), `MountainCarContinuous-v0` (999, 90) and
 * `Pendulum-v1` (200, none). `registry.makeVec` builds the batched `AcrobotVector`,
 * `MountainCarVector`, `MountainCarContinuousVector` and `PendulumVector` (the continuous two take
 * a `Float32Array` of n forces or torques).
 */
export const plugin = definePlugin({
  name: "env-classic-control",
  register(context) {
    context.register({
      id: "Acrobot-v1",
      options: ACROBOT_OPTIONS,
      entry: (options) => new AcrobotEnv(options),
      vectorOptions: ACROBOT_VECTOR_OPTIONS,
      vectorEntry: (numEnvs, options) => new AcrobotVector(numEnvs, { maxEpisodeSteps: 500, ...options }),
      maxEpisodeSteps: 500,
      rewardThreshold: -100.0,
      description:
        "Acrobot (Sutton 1996), as Gymnasium 1.3's classic_control/acrobot.py, numpy-compatible seeding.",
    });
    context.register({
      id: "MountainCar-v0",
      options: MOUNTAIN_CAR_OPTIONS,
      entry: (options) => new MountainCarEnv(options),
      vectorOptions: MOUNTAIN_CAR_VECTOR_OPTIONS,
      vectorEntry: (numEnvs, options) => new MountainCarVector(numEnvs, { maxEpisodeSteps: 200, ...options }),
      maxEpisodeSteps: 200,
      rewardThreshold: -110.0,
      description:
        "MountainCar (Moore 1990), discrete actions, as Gymnasium 1.3's classic_control/mountain_car.py.",
    });
    context.register({
      id: "MountainCarContinuous-v0",
      options: MOUNTAIN_CAR_CONTINUOUS_OPTIONS,
      entry: (options) => new MountainCarContinuousEnv(options),
      vectorOptions: MOUNTAIN_CAR_CONTINUOUS_VECTOR_OPTIONS,
      vectorEntry: (numEnvs, options) =>
        new MountainCarContinuousVector(numEnvs, { maxEpisodeSteps: 999, ...options }),
      maxEpisodeSteps: 999,
      rewardThreshold: 90.0,
      description:
        "MountainCar with a continuous force in [-1, 1], as Gymnasium 1.3's classic_control/continuous_mountain_car.py.",
    });
    context.register({
      id: "Pendulum-v1",
      options: PENDULUM_OPTIONS,
      entry: (options) => new PendulumEnv(options),
      vectorOptions: PENDULUM_VECTOR_OPTIONS,
      vectorEntry: (numEnvs, options) => new PendulumVector(numEnvs, { maxEpisodeSteps: 200, ...options }),
      maxEpisodeSteps: 200,
      description:
        "Inverted pendulum swing-up, continuous torque in [-2, 2], as Gymnasium 1.3's classic_control/pendulum.py.",
    });
  },
});
