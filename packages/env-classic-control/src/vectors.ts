import {
  type ActionArray,
  Box,
  Discrete,
  type NumpyRng,
  type VectorEnv,
  type VectorStepResult,
} from "@gymkit/core";
import { ACROBOT_OBSERVATION_HIGH } from "./acrobot.js";
import { invalidDiscreteAction } from "./classic-env.js";
import { ClassicVector } from "./classic-vector.js";
import { cos, cosF32, sin, sinF32 } from "./math.js";
import {
  ACROBOT_VECTOR_OPTIONS,
  type CommonVectorOptions,
  MOUNTAIN_CAR_CONTINUOUS_VECTOR_OPTIONS,
  MOUNTAIN_CAR_VECTOR_OPTIONS,
  PENDULUM_VECTOR_OPTIONS,
  parseEnvOptions,
  parseResetOptions,
} from "./options.js";
import {
  acrobotStep,
  MOUNTAIN_CAR_MAX_POSITION,
  MOUNTAIN_CAR_MAX_SPEED,
  MOUNTAIN_CAR_MIN_POSITION,
  mountainCarContinuousReward,
  mountainCarContinuousStep,
  mountainCarStep,
  PENDULUM_MAX_SPEED,
  PENDULUM_MAX_TORQUE,
  pendulumStep,
} from "./physics.js";

/** The RangeError for a continuous action batch of the wrong length. */
function checkBatch(actions: ArrayLike<number>, n: number, who: string): void {
  if (actions?.length !== n) {
    throw new RangeError(
      `${who}: expected ${n} actions (numEnvs × actionSize, row-major), got ${actions?.length ?? String(actions)}.`,
    );
  }
}

/** `makeVec("Acrobot-v1", n)`: n Acrobots on one Float64Array, as n `make("Acrobot-v1")` envs seeded seed + i. */
export class AcrobotVector extends ClassicVector implements VectorEnv {
  readonly singleObservationSpace = new Box(
    ACROBOT_OBSERVATION_HIGH.map((v) => -v),
    ACROBOT_OBSERVATION_HIGH,
    [6],
    "float32",
  );
  readonly singleActionSpace = new Discrete(3);
  readonly bookOrNips: "book" | "nips";
  private readonly nips: boolean;

  constructor(numEnvs: number, options: Readonly<Record<string, unknown>> = {}) {
    const o = parseEnvOptions(ACROBOT_VECTOR_OPTIONS, options, "AcrobotVector");
    super("AcrobotVector", numEnvs, 4, 6, o);
    this.bookOrNips = o.bookOrNips;
    this.nips = o.bookOrNips === "nips";
  }

  override step(actions: ActionArray | readonly number[]): VectorStepResult {
    checkBatch(actions, this.numEnvs, this.vectorName);
    return super.step(actions);
  }

  protected parseReset(options: Readonly<Record<string, unknown>> | undefined): Record<string, number> {
    return parseResetOptions(options, { low: -0.1, high: 0.1 }, "AcrobotVector.reset");
  }

  protected resetOne(i: number, rng: NumpyRng, bounds: Record<string, number> | undefined): void {
    const low = bounds?.low ?? -0.1;
    const high = bounds?.high ?? 0.1;
    for (let k = 0; k < 4; k++) this.s[i * 4 + k] = Math.fround(rng.uniform(low, high));
    this.f32[i] = 1;
  }

  protected advance(i: number, actions: ArrayLike<number>): number {
    const a = actions[i];
    if (a !== 0 && a !== 1 && a !== 2) {
      throw invalidDiscreteAction(a, `AcrobotVector: actions[${i}]`, "0 (torque -1), 1 (0) or 2 (+1)");
    }
    this.terminatedNow = acrobotStep(this.s, i * 4, a - 1, this.nips, this.cr);
    this.f32[i] = 0;
    return this.terminatedNow ? 0.0 : -1.0;
  }

  protected observe(i: number, out: Float32Array): void {
    const s = this.s;
    const o = i * 4;
    const k = i * 6;
    if (this.f32[i] === 1) {
      out[k] = cosF32(s[o]!);
      out[k + 1] = sinF32(s[o]!);
      out[k + 2] = cosF32(s[o + 1]!);
      out[k + 3] = sinF32(s[o + 1]!);
    } else {
      out[k] = cos(s[o]!, this.cr);
      out[k + 1] = sin(s[o]!, this.cr);
      out[k + 2] = cos(s[o + 1]!, this.cr);
      out[k + 3] = sin(s[o + 1]!, this.cr);
    }
    out[k + 4] = s[o + 2]!;
    out[k + 5] = s[o + 3]!;
  }
}

const CAR_LOW = [MOUNTAIN_CAR_MIN_POSITION, -MOUNTAIN_CAR_MAX_SPEED];
const CAR_HIGH = [MOUNTAIN_CAR_MAX_POSITION, MOUNTAIN_CAR_MAX_SPEED];

/** Base of the two MountainCar vectors: the same reset and observation. */
abstract class CarVector extends ClassicVector {
  readonly singleObservationSpace = new Box(CAR_LOW, CAR_HIGH, [2], "float32");
  readonly goalVelocity: number;

  constructor(name: string, numEnvs: number, o: CommonVectorOptions & { goalVelocity: number }) {
    super(name, numEnvs, 2, 2, o);
    this.goalVelocity = o.goalVelocity;
  }

  protected parseReset(options: Readonly<Record<string, unknown>> | undefined): Record<string, number> {
    return parseResetOptions(options, { low: -0.6, high: -0.4 }, `${this.vectorName}.reset`);
  }

  protected resetOne(i: number, rng: NumpyRng, bounds: Record<string, number> | undefined): void {
    this.s[i * 2] = rng.uniform(bounds?.low ?? -0.6, bounds?.high ?? -0.4);
    this.s[i * 2 + 1] = 0;
    this.f32[i] = 0;
  }

  protected observe(i: number, out: Float32Array): void {
    out[i * 2] = this.s[i * 2]!;
    out[i * 2 + 1] = this.s[i * 2 + 1]!;
  }
}

/** `makeVec("MountainCar-v0", n)`: n MountainCars, as n `make("MountainCar-v0")` envs seeded seed + i. */
export class MountainCarVector extends CarVector implements VectorEnv {
  readonly singleActionSpace = new Discrete(3);

  constructor(numEnvs: number, options: Readonly<Record<string, unknown>> = {}) {
    super(
      "MountainCarVector",
      numEnvs,
      parseEnvOptions(MOUNTAIN_CAR_VECTOR_OPTIONS, options, "MountainCarVector"),
    );
  }

  override step(actions: ActionArray | readonly number[]): VectorStepResult {
    checkBatch(actions, this.numEnvs, this.vectorName);
    return super.step(actions);
  }

  protected advance(i: number, actions: ArrayLike<number>): number {
    const a = actions[i];
    if (a !== 0 && a !== 1 && a !== 2) {
      throw invalidDiscreteAction(
        a,
        `MountainCarVector: actions[${i}]`,
        "0 (accelerate left), 1 (none) or 2 (right)",
      );
    }
    this.terminatedNow = mountainCarStep(this.s, i * 2, a, this.goalVelocity, this.cr);
    return -1.0;
  }
}

/**
 * `new MountainCarContinuousVector(n)`: n MountainCarContinuous envs; `step` takes n float32
 * forces (out-of-bounds values are clipped, as by the env).
 */
export class MountainCarContinuousVector extends CarVector implements VectorEnv {
  readonly singleActionSpace = new Box(-1.0, 1.0, [1], "float32");

  constructor(numEnvs: number, options: Readonly<Record<string, unknown>> = {}) {
    const o = parseEnvOptions(MOUNTAIN_CAR_CONTINUOUS_VECTOR_OPTIONS, options, "MountainCarContinuousVector");
    super("MountainCarContinuousVector", numEnvs, o);
  }

  override step(actions: ActionArray | readonly number[]): VectorStepResult {
    checkBatch(actions, this.numEnvs, this.vectorName);
    return super.step(actions);
  }

  protected advance(i: number, actions: ArrayLike<number>): number {
    const a = Math.fround(actions[i]!);
    this.terminatedNow = mountainCarContinuousStep(
      this.s,
      i * 2,
      a,
      this.goalVelocity,
      this.f32[i] === 1,
      this.cr,
    );
    this.f32[i] = 1;
    return mountainCarContinuousReward(a, this.terminatedNow);
  }
}

/** `new PendulumVector(n)`: n Pendulums; `step` takes n float32 torques (clipped to [-2, 2] by the env). */
export class PendulumVector extends ClassicVector implements VectorEnv {
  readonly singleObservationSpace = new Box(
    [-1, -1, -PENDULUM_MAX_SPEED],
    [1, 1, PENDULUM_MAX_SPEED],
    [3],
    "float32",
  );
  readonly singleActionSpace = new Box(-PENDULUM_MAX_TORQUE, PENDULUM_MAX_TORQUE, [1], "float32");
  readonly g: number;
  /** sin(sinOf[i]) per sub-env, kept from the last observation for the next step. */
  private readonly sinTh: Float64Array;
  private readonly sinOf: Float64Array;

  constructor(numEnvs: number, options: Readonly<Record<string, unknown>> = {}) {
    const o = parseEnvOptions(PENDULUM_VECTOR_OPTIONS, options, "PendulumVector");
    super("PendulumVector", numEnvs, 2, 3, o);
    this.g = o.g;
    this.sinTh = new Float64Array(this.numEnvs).fill(Number.NaN);
    this.sinOf = new Float64Array(this.numEnvs).fill(Number.NaN);
  }

  override step(actions: ActionArray | readonly number[]): VectorStepResult {
    checkBatch(actions, this.numEnvs, this.vectorName);
    return super.step(actions);
  }

  protected parseReset(options: Readonly<Record<string, unknown>> | undefined): Record<string, number> {
    return parseResetOptions(options, { x_init: Math.PI, y_init: 1.0 }, "PendulumVector.reset");
  }

  protected resetOne(i: number, rng: NumpyRng, bounds: Record<string, number> | undefined): void {
    const x = bounds?.x_init ?? Math.PI;
    const y = bounds?.y_init ?? 1.0;
    this.s[i * 2] = rng.uniform(-x, x);
    this.s[i * 2 + 1] = rng.uniform(-y, y);
  }

  protected advance(i: number, actions: ArrayLike<number>): number {
    this.terminatedNow = false;
    // sin(theta) memoized by observe() (0 is left out: sin(-0) is -0)
    const th = this.s[i * 2]!;
    const known = th === this.sinOf[i] && th !== 0;
    return -pendulumStep(
      this.s,
      i * 2,
      Math.fround(actions[i]!),
      this.g,
      this.cr,
      known ? this.sinTh[i]! : Number.NaN,
    );
  }

  protected observe(i: number, out: Float32Array): void {
    const th = this.s[i * 2]!;
    const st = sin(th, this.cr);
    this.sinOf[i] = th;
    this.sinTh[i] = st;
    out[i * 3] = cos(th, this.cr);
    out[i * 3 + 1] = st;
    out[i * 3 + 2] = this.s[i * 2 + 1]!;
  }
}
