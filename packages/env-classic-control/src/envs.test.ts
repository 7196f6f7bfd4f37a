import { type Env, GymkitError, Registry } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { AcrobotEnv } from "./acrobot.js";
import classic from "./index.js";
import { MountainCarContinuousEnv, MountainCarEnv } from "./mountain-car.js";
import { PendulumEnv } from "./pendulum.js";

const registry = new Registry().use(classic);

describe("registrations (Gymnasium's specs)", () => {
  it.each([
    [
      "Acrobot-v1",
      500,
      -100,
      "Discrete(3)",
      "Box([-1.0 -1.0 -1.0 -1.0 -12.566371 -28.274334], [1.0 1.0 1.0 1.0 12.566371 28.274334], (6,), float32)",
    ],
    ["MountainCar-v0", 200, -110, "Discrete(3)", "Box([-1.2 -0.07], [0.6 0.07], (2,), float32)"],
    [
      "MountainCarContinuous-v0",
      999,
      90,
      "Box(-1.0, 1.0, (1,), float32)",
      "Box([-1.2 -0.07], [0.6 0.07], (2,), float32)",
    ],
    [
      "Pendulum-v1",
      200,
      undefined,
      "Box(-2.0, 2.0, (1,), float32)",
      "Box([-1.0 -1.0 -8.0], [1.0 1.0 8.0], (3,), float32)",
    ],
  ])("%s: TimeLimit %d, reward threshold %s, spaces", (id, max, threshold, action, observation) => {
    const env = registry.make(id);
    expect(env.spec?.maxEpisodeSteps).toBe(max);
    expect(env.spec?.rewardThreshold).toBe(threshold);
    expect(String(env.actionSpace)).toBe(action);
    expect(String(env.observationSpace)).toBe(observation);
  });

  it("the plugin is named after the package", () => {
    expect(classic.name).toBe("env-classic-control");
    expect(new Registry().use(classic).plugins()).toEqual(["env-classic-control"]);
  });
});

describe("options", () => {
  it("Pendulum's g changes the dynamics as 3g/2 sin(theta)", () => {
    const step = (g: number) => {
      const env = new PendulumEnv({ g });
      env.state = [1.0, 0.0];
      env.step(Float32Array.of(0));
      return env.state![1]!;
    };
    expect(step(10)).toBe(15 * Math.sin(1.0) * 0.05);
    expect(step(9.81)).toBe(((3 * 9.81) / 2) * Math.sin(1.0) * 0.05);
  });

  it("MountainCar's goalVelocity: reaching the goal slower than it does not terminate", () => {
    for (const [goalVelocity, terminated] of [
      [0, true],
      [0.05, false],
    ] as const) {
      const env = new MountainCarEnv({ goalVelocity });
      env.state = [0.49, 0.02];
      expect(env.step(2).terminated).toBe(terminated);
    }
  });

  it("Acrobot's bookOrNips: the NeurIPS dynamics differ from the book's", () => {
    const run = (bookOrNips: "book" | "nips") => {
      const env = new AcrobotEnv({ bookOrNips });
      env.state = [0.5, 0.5, 1, -1];
      env.step(2);
      return env.state!;
    };
    expect(run("nips")).not.toEqual(run("book"));
    expect(new AcrobotEnv().bookOrNips).toBe("book");
  });

  it("unknown options throw with the path and a did-you-mean", () => {
    expect(() => registry.make("Pendulum-v1", { gravity: 9.81 })).toThrowError(GymkitError);
    expect(() => registry.make("Pendulum-v1", { gravity: 9.81 })).toThrowError(/gravity/);
  });
});

describe("reset", () => {
  it("reset options change the bounds, as Gymnasium's", () => {
    const car = new MountainCarEnv();
    car.reset({ seed: 1, options: { low: -0.3, high: -0.3 } });
    expect(car.state).toEqual([-0.3, 0]);
    const pendulum = new PendulumEnv();
    pendulum.reset({ seed: 1, options: { x_init: 0, y_init: 0 } });
    expect(pendulum.state).toEqual([0, 0]);
    const acrobot = new AcrobotEnv();
    acrobot.reset({ seed: 1, options: { high: 0 } });
    expect(acrobot.state!.every((v) => v >= -0.1 && v <= 0)).toBe(true);
  });

  it("bad reset options throw, naming the allowed keys", () => {
    expect(() => new PendulumEnv().reset({ options: { low: 1 } })).toThrowError(
      'Pendulum.reset: unknown option "low"; this reset takes x_init and y_init (the bounds of the initial state).',
    );
    expect(() => new MountainCarEnv().reset({ options: { low: 0, high: -1 } })).toThrowError(
      "MountainCar.reset: lower bound (0) must not be greater than the upper bound (-1).",
    );
    expect(() => new AcrobotEnv().reset({ options: { low: "x" } })).toThrowError(
      'Acrobot.reset: options.low must be a finite number, got "x".',
    );
  });

  it("a bigint seed equal to a number gives the same state; a negative one throws", () => {
    const a = new PendulumEnv();
    const b = new PendulumEnv();
    a.reset({ seed: 12345 });
    b.reset({ seed: 12345n });
    expect(b.state).toEqual(a.state);
    expect(() => a.reset({ seed: -1n })).toThrowError(GymkitError);
  });

  it("unseeded resets continue the seeded generator", () => {
    const a = new MountainCarEnv();
    a.reset({ seed: 3 });
    a.reset();
    const second = a.state;
    const b = new MountainCarEnv();
    b.reset({ seed: 3 });
    b.reset();
    expect(b.state).toEqual(second);
  });
});

describe("state, actions and errors", () => {
  it("state is assignable; a Float32Array makes it float32, as NumPy's dtype", () => {
    const env = new MountainCarContinuousEnv();
    env.state = Float32Array.of(-0.5, 0.01);
    expect(env.stateDtype).toBe("float32");
    env.state = [-0.5, 0.01];
    expect(env.stateDtype).toBe("float64");
    env.step(Float32Array.of(0.3));
    expect(env.stateDtype).toBe("float32"); // Gymnasium stores np.array(..., float32) after every step
    expect(() => {
      env.state = [1, 2, 3];
    }).toThrowError("MountainCarContinuous.state must be 2 numbers [position, velocity], got [1,2,3].");
  });

  it("step before reset throws; invalid actions throw RangeErrors that name the space", () => {
    expect(() => new AcrobotEnv().step(1)).toThrowError(
      "Acrobot: step() called before reset(). Call env.reset({ seed }) once first.",
    );
    const acrobot = new AcrobotEnv();
    acrobot.reset({ seed: 0 });
    expect(() => acrobot.step(3)).toThrowError(
      "Acrobot: invalid action 3 (number); the action space is Discrete(3): 0 (torque -1), 1 (0) or 2 (+1).",
    );
    const pendulum = new PendulumEnv();
    pendulum.reset({ seed: 0 });
    expect(() => pendulum.step(0.5 as unknown as Float32Array)).toThrowError(
      "Pendulum: invalid action 0.5; the action space is Box(-2.0, 2.0, (1,), float32): pass a Float32Array of 1 number (values outside the bounds are clipped).",
    );
  });

  it("through make, out-of-bounds Box actions reach the env, which clips them (Gymnasium's behaviour)", () => {
    const env = registry.make<Env<Float32Array, Float32Array>>("Pendulum-v1");
    const ref = registry.make<Env<Float32Array, Float32Array>>("Pendulum-v1");
    env.reset({ seed: 4 });
    ref.reset({ seed: 4 });
    const far = env.step(Float32Array.of(5));
    const two = ref.step(Float32Array.of(2));
    expect(Array.from(far.observation)).toEqual(Array.from(two.observation));
    expect(far.reward).toBe(two.reward);
    // MountainCarContinuous's penalty uses the unclipped action: -0.1 * 5².
    const car = registry.make<Env<Float32Array, Float32Array>>("MountainCarContinuous-v0");
    car.reset({ seed: 4 });
    expect(car.step(Float32Array.of(5)).reward).toBe(-2.5);
  });

  it("MountainCarContinuous gives +100 on reaching the goal", () => {
    const env = new MountainCarContinuousEnv();
    env.state = Float32Array.of(0.449, 0.01);
    const r = env.step(Float32Array.of(1));
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(100 - 0.1);
  });

  it("copyObservations returns fresh arrays", () => {
    const env = new AcrobotEnv({ copyObservations: true });
    const a = env.reset({ seed: 0 }).observation;
    const b = env.step(1).observation;
    expect(a).not.toBe(b);
    const shared = new AcrobotEnv();
    expect(shared.reset({ seed: 0 }).observation).toBe(shared.step(1).observation);
  });
});
