/**
 * The four envs' dynamics, one function each, shared by the scalar envs and the vector envs. Each
 * works in place on a state stored in a `Float64Array` at an offset, and repeats Gymnasium 1.3's
 * operations in Gymnasium's order, with NumPy 2's float32/float64 choice per operation (NEP 50),
 * so that every rounding is the same (see ../../shared/golden/README.md, "Numeric notes").
 * Elementary functions come from ./math.js, nowhere else; `cr` picks its correctly rounded sin/cos.
 */
import { cos, sin, square, squareF32 } from "./math.js";

// ---------------------------------------------------------------------------------------------
// Acrobot-v1 (gymnasium/envs/classic_control/acrobot.py)

/** Seconds per step: one RK4 step of 0.2 s. */
export const ACROBOT_DT = 0.2;
export const ACROBOT_MAX_VEL_1 = 4 * Math.PI;
export const ACROBOT_MAX_VEL_2 = 9 * Math.PI;
/** Torque of actions 0, 1, 2. */
export const ACROBOT_TORQUES: readonly number[] = Object.freeze([-1.0, 0.0, 1.0]);

// rk4's constants as Python computes them: dt = 0.2 - 0, dt2 = dt / 2.0, dt / 6.0.
const DT2 = ACROBOT_DT / 2.0;
const DT6 = ACROBOT_DT / 6.0;
const HALF_PI = Math.PI / 2.0;
const TWO_PI = Math.PI - -Math.PI; // wrap()'s diff = M - m
// (m1 * lc1 + m2 * l1) * g with m = l = 1, lc = 0.5, g = 9.8; m2 * lc2 * g.
const G_15 = (1.0 * 0.5 + 1.0 * 1.0) * 9.8;
const G_05 = 1.0 * 0.5 * 9.8;

/**
 * `_dsdt`'s input `[theta1, theta2, dtheta1, dtheta2]` (slots 0-3) and its angular accelerations
 * `[ddtheta1, ddtheta2]` (slots 4-5). Doubles pass through a typed array because V8 boxes every
 * double argument or return value of a call it does not inline (a heap number each: ~250 bytes
 * of garbage per step), and module-level `let`s box on every store.
 */
const dd = new Float64Array(6);

/**
 * Acrobot's `_dsdt` with m1 = m2 = l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8, the constant
 * products folded exactly as Python folds them (each is exact), the rest left to right.
 */
function acrobotAccelerations(a: number, nips: boolean, cr: boolean): void {
  const t1 = dd[0]!;
  const t2 = dd[1]!;
  const w1 = dd[2]!;
  const w2 = dd[3]!;
  const c2 = cos(t2, cr);
  const s2 = sin(t2, cr);
  // d1 = m1*lc1**2 + m2*(l1**2 + lc2**2 + 2*l1*lc2*cos(theta2)) + I1 + I2
  const d1 = 0.25 + (1.0 + 0.25 + c2) + 1.0 + 1.0;
  // d2 = m2*(lc2**2 + l1*lc2*cos(theta2)) + I2
  const d2 = 0.25 + 0.5 * c2 + 1.0;
  const phi2 = G_05 * cos(t1 + t2 - HALF_PI, cr);
  const phi1 = -0.5 * square(w2) * s2 - 1.0 * w2 * w1 * s2 + G_15 * cos(t1 - HALF_PI, cr) + phi2;
  const dd2 = nips
    ? (a + (d2 / d1) * phi1 - phi2) / (1.25 - square(d2) / d1)
    : (a + (d2 / d1) * phi1 - 0.5 * square(w1) * s2 - phi2) / (1.25 - square(d2) / d1);
  dd[5] = dd2;
  dd[4] = -(d2 * dd2 + phi1) / d1;
}

/** Acrobot's `bound(x, m, M) = min(max(x, m), M)`: Python keeps x unless a bound lies strictly beyond it. */
function bound(x: number, m: number, M: number): number {
  const v = Math.max(m, x);
  return Math.min(M, v);
}

/**
 * One Acrobot step in place on `s[o..o+3]` = `[theta1, theta2, dtheta1, dtheta2]`: `rk4(_dsdt, s +
 * [torque], [0, 0.2])`, then `wrap` both angles into [-pi, pi] and `bound` both velocities.
 * @returns whether the free end is above the bar: `-cos(theta1) - cos(theta2 + theta1) > 1.0`
 */
export function acrobotStep(s: Float64Array, o: number, torque: number, nips: boolean, cr: boolean): boolean {
  const t1 = s[o]!;
  const t2 = s[o + 1]!;
  const w1 = s[o + 2]!;
  const w2 = s[o + 3]!;
  // k1 = f(y0)
  dd[0] = t1;
  dd[1] = t2;
  dd[2] = w1;
  dd[3] = w2;
  acrobotAccelerations(torque, nips, cr);
  const k1a = dd[4]!;
  const k1b = dd[5]!;
  // k2 = f(y0 + dt2 * k1)
  const y1w1 = w1 + DT2 * k1a;
  const y1w2 = w2 + DT2 * k1b;
  dd[0] = t1 + DT2 * w1;
  dd[1] = t2 + DT2 * w2;
  dd[2] = y1w1;
  dd[3] = y1w2;
  acrobotAccelerations(torque, nips, cr);
  const k2a = dd[4]!;
  const k2b = dd[5]!;
  // k3 = f(y0 + dt2 * k2)
  const y2w1 = w1 + DT2 * k2a;
  const y2w2 = w2 + DT2 * k2b;
  dd[0] = t1 + DT2 * y1w1;
  dd[1] = t2 + DT2 * y1w2;
  dd[2] = y2w1;
  dd[3] = y2w2;
  acrobotAccelerations(torque, nips, cr);
  const k3a = dd[4]!;
  const k3b = dd[5]!;
  // k4 = f(y0 + dt * k3)
  const y3w1 = w1 + ACROBOT_DT * k3a;
  const y3w2 = w2 + ACROBOT_DT * k3b;
  dd[0] = t1 + ACROBOT_DT * y2w1;
  dd[1] = t2 + ACROBOT_DT * y2w2;
  dd[2] = y3w1;
  dd[3] = y3w2;
  acrobotAccelerations(torque, nips, cr);
  // y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4), per component
  let n1 = t1 + DT6 * (w1 + 2 * y1w1 + 2 * y2w1 + y3w1);
  let n2 = t2 + DT6 * (w2 + 2 * y1w2 + 2 * y2w2 + y3w2);
  let n3 = w1 + DT6 * (k1a + 2 * k2a + 2 * k3a + dd[4]!);
  let n4 = w2 + DT6 * (k1b + 2 * k2b + 2 * k3b + dd[5]!);
  while (n1 > Math.PI) n1 = n1 - TWO_PI;
  while (n1 < -Math.PI) n1 = n1 + TWO_PI;
  while (n2 > Math.PI) n2 = n2 - TWO_PI;
  while (n2 < -Math.PI) n2 = n2 + TWO_PI;
  n3 = bound(n3, -ACROBOT_MAX_VEL_1, ACROBOT_MAX_VEL_1);
  n4 = bound(n4, -ACROBOT_MAX_VEL_2, ACROBOT_MAX_VEL_2);
  s[o] = n1;
  s[o + 1] = n2;
  s[o + 2] = n3;
  s[o + 3] = n4;
  return -cos(n1, cr) - cos(n2 + n1, cr) > 1.0;
}

// ---------------------------------------------------------------------------------------------
// MountainCar-v0 (mountain_car.py) and MountainCarContinuous-v0 (continuous_mountain_car.py)

export const MOUNTAIN_CAR_MIN_POSITION = -1.2;
export const MOUNTAIN_CAR_MAX_POSITION = 0.6;
export const MOUNTAIN_CAR_MAX_SPEED = 0.07;
export const MOUNTAIN_CAR_GOAL_POSITION = 0.5;
export const MOUNTAIN_CAR_FORCE = 0.001;
export const MOUNTAIN_CAR_GRAVITY = 0.0025;
export const CONTINUOUS_GOAL_POSITION = 0.45;
export const CONTINUOUS_POWER = 0.0015;

/**
 * One MountainCar step in place on `s[o..o+1]` = `[position, velocity]` (float64 throughout).
 * @returns terminated: `position >= 0.5 and velocity >= goalVelocity`
 */
export function mountainCarStep(
  s: Float64Array,
  o: number,
  action: number,
  goalVelocity: number,
  cr: boolean,
): boolean {
  let position = s[o]!;
  let velocity = s[o + 1]!;
  velocity += (action - 1) * MOUNTAIN_CAR_FORCE + cos(3 * position, cr) * -MOUNTAIN_CAR_GRAVITY;
  // np.clip (NaN stays NaN, as in NumPy)
  velocity =
    velocity < -MOUNTAIN_CAR_MAX_SPEED ? -MOUNTAIN_CAR_MAX_SPEED : Math.min(velocity, MOUNTAIN_CAR_MAX_SPEED);
  position += velocity;
  position =
    position < MOUNTAIN_CAR_MIN_POSITION
      ? MOUNTAIN_CAR_MIN_POSITION
      : Math.min(position, MOUNTAIN_CAR_MAX_POSITION);
  if (position === MOUNTAIN_CAR_MIN_POSITION && velocity < 0) velocity = 0;
  s[o] = position;
  s[o + 1] = velocity;
  return position >= MOUNTAIN_CAR_GOAL_POSITION && velocity >= goalVelocity;
}

// Python floats meeting an np.float32 are rounded to float32 first (NEP 50).
const F32_POWER = Math.fround(CONTINUOUS_POWER);
const F32_MAX_SPEED = Math.fround(MOUNTAIN_CAR_MAX_SPEED);
const F32_MAX_POSITION = Math.fround(MOUNTAIN_CAR_MAX_POSITION);
const F32_MIN_POSITION = Math.fround(MOUNTAIN_CAR_MIN_POSITION);

/**
 * One MountainCarContinuous step in place on `s[o..o+1]`, for the float32 action `a` (unclipped).
 * Gymnasium keeps the state as float64 after reset and float32 after every step (`f32`), and its
 * Python-float clamps mix in: each operation below runs in the type NumPy 2 gives it (see the
 * golden README). Afterwards the state holds float32 values.
 * @returns terminated: `position >= 0.45 and velocity >= goalVelocity`
 */
export function mountainCarContinuousStep(
  s: Float64Array,
  o: number,
  a: number,
  goalVelocity: number,
  f32: boolean,
  cr: boolean,
): boolean {
  let position = s[o]!;
  let velocity = s[o + 1]!;
  // force = min(max(a, -1.0), 1.0): a float32, or the Python float bound when it is beyond it.
  const clamped = -1.0 > a || 1.0 < a;
  const positionArg = f32 ? Math.fround(3 * position) : 3 * position;
  if (!clamped) {
    // float32 force * 0.0015 and float32 - (0.0025 * cos(...)) as float32 operations
    const rhs = Math.fround(Math.fround(a * F32_POWER) - Math.fround(0.0025 * cos(positionArg, cr)));
    velocity = f32 ? Math.fround(velocity + rhs) : velocity + rhs;
  } else {
    const rhs = (-1.0 > a ? -1.0 : 1.0) * CONTINUOUS_POWER - 0.0025 * cos(positionArg, cr);
    velocity = f32 ? Math.fround(velocity + Math.fround(rhs)) : velocity + rhs;
  }
  // The clamps assign Python floats (float64); comparisons with a float32 run in float32.
  let velocityF32 = f32;
  if (velocityF32 ? velocity > F32_MAX_SPEED : velocity > MOUNTAIN_CAR_MAX_SPEED) {
    velocity = MOUNTAIN_CAR_MAX_SPEED;
    velocityF32 = false;
  }
  if (velocityF32 ? velocity < -F32_MAX_SPEED : velocity < -MOUNTAIN_CAR_MAX_SPEED) {
    velocity = -MOUNTAIN_CAR_MAX_SPEED;
    velocityF32 = false;
  }
  let positionF32 = f32;
  if (positionF32) {
    position = Math.fround(position + (velocityF32 ? velocity : Math.fround(velocity)));
  } else {
    position += velocity;
  }
  if (positionF32 ? position > F32_MAX_POSITION : position > MOUNTAIN_CAR_MAX_POSITION) {
    position = MOUNTAIN_CAR_MAX_POSITION;
    positionF32 = false;
  }
  if (positionF32 ? position < F32_MIN_POSITION : position < MOUNTAIN_CAR_MIN_POSITION) {
    position = MOUNTAIN_CAR_MIN_POSITION;
    positionF32 = false;
  }
  const atWall = positionF32 ? position === F32_MIN_POSITION : position === MOUNTAIN_CAR_MIN_POSITION;
  if (atWall && velocity < 0) {
    velocity = 0;
    velocityF32 = false;
  }
  const terminated =
    (positionF32
      ? position >= Math.fround(CONTINUOUS_GOAL_POSITION)
      : position >= CONTINUOUS_GOAL_POSITION) &&
    (velocityF32 ? velocity >= Math.fround(goalVelocity) : velocity >= goalVelocity);
  s[o] = Math.fround(position);
  s[o + 1] = Math.fround(velocity);
  return terminated;
}

/** MountainCarContinuous's reward: `(100.0 if terminated else 0) - math.pow(a, 2) * 0.1`, a unclipped. */
export function mountainCarContinuousReward(a: number, terminated: boolean): number {
  // a is a float32, so a * a is exact and equals glibc's pow(a, 2).
  return (terminated ? 100.0 : 0) - a * a * 0.1;
}

// ---------------------------------------------------------------------------------------------
// Pendulum-v1 (pendulum.py)

export const PENDULUM_MAX_SPEED = 8;
export const PENDULUM_MAX_TORQUE = 2.0;
export const PENDULUM_DT = 0.05;
const TWO_PI_NP = 2 * Math.PI;
const F32_0001 = Math.fround(0.001);

/** NumPy's float64 `%`: the floored modulo (`fmod`, then + b when the signs differ). */
export function floorMod(a: number, b: number): number {
  // fmod is exact: for 0 < a < b it is a, and for -b < a < 0 it is a, then + b (signs differ).
  // These two cases are Pendulum's usual ones; V8 compiles `%` on doubles to a call into C.
  if (b > 0) {
    if (a > 0 && a < b) return a;
    if (a < 0 && a > -b) return a + b;
  }
  let r = a % b;
  if (r !== 0) {
    if (b < 0 !== r < 0) r += b;
  } else {
    r = b < 0 ? -0 : 0;
  }
  return r;
}

/** `((x + pi) % (2 * pi)) - pi` with NumPy's floored modulo. */
export function angleNormalize(x: number): number {
  return floorMod(x + Math.PI, TWO_PI_NP) - Math.PI;
}

/**
 * One Pendulum step in place on `s[o..o+1]` = `[theta, theta_dot]` for the float32 torque `a`
 * (unclipped), gravity `g`, m = l = 1. `sinTh`: `sin(theta, cr)` when the caller has it (the
 * previous observation computed it), else NaN.
 * @returns the cost (the reward is its negation)
 */
export function pendulumStep(
  s: Float64Array,
  o: number,
  a: number,
  g: number,
  cr: boolean,
  sinTh: number,
): number {
  const th = s[o]!;
  const thdot = s[o + 1]!;
  // u = np.clip(u, -2.0, 2.0)[0] stays float32; 0.001 * u**2 and 3.0 * u are float32 products.
  const u = a < -PENDULUM_MAX_TORQUE ? -PENDULUM_MAX_TORQUE : Math.min(a, PENDULUM_MAX_TORQUE);
  const costs = square(angleNormalize(th)) + 0.1 * square(thdot) + Math.fround(F32_0001 * squareF32(u));
  let newthdot =
    thdot +
    (((3 * g) / (2 * 1.0)) * (Number.isNaN(sinTh) ? sin(th, cr) : sinTh) + Math.fround(3.0 * u)) *
      PENDULUM_DT;
  newthdot = newthdot < -PENDULUM_MAX_SPEED ? -PENDULUM_MAX_SPEED : Math.min(newthdot, PENDULUM_MAX_SPEED);
  s[o] = th + newthdot * PENDULUM_DT;
  s[o + 1] = newthdot;
  return costs;
}
