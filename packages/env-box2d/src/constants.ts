/**
 * Gymnasium 1.3's `box2d/lunar_lander.py` constants, under the same names. Lengths are in pixels
 * unless divided by `SCALE` (pixels per metre).
 */
export const FPS = 50;
/** Pixels per metre: affects how fast everything feels. */
export const SCALE = 30.0;
export const MAIN_ENGINE_POWER = 13.0;
export const SIDE_ENGINE_POWER = 0.6;
/** Bound of each component of the force pushing the lander at reset. */
export const INITIAL_RANDOM = 1000.0;
/** The lander's hull, in pixels around its origin. */
export const LANDER_POLY: ReadonlyArray<readonly [number, number]> = [
  [-14, +17],
  [-17, 0],
  [-17, -10],
  [+17, -10],
  [+17, 0],
  [+14, +17],
];
export const LEG_AWAY = 20;
export const LEG_DOWN = 18;
export const LEG_W = 2;
export const LEG_H = 8;
export const LEG_SPRING_TORQUE = 40;
export const SIDE_ENGINE_HEIGHT = 14;
export const SIDE_ENGINE_AWAY = 12;
export const MAIN_ENGINE_Y_LOCATION = 4;
export const VIEWPORT_W = 600;
export const VIEWPORT_H = 400;
/** World width and height in metres: 20 × 13.33. */
export const W = VIEWPORT_W / SCALE;
export const H = VIEWPORT_H / SCALE;
export const CHUNKS = 11;
/** `world.Step(1/FPS, 6*30, 2*30)`: velocity and position iterations. */
export const VELOCITY_ITERATIONS = 6 * 30;
export const POSITION_ITERATIONS = 2 * 30;
/** Gymnasium's observation bounds (`observation_space`). */
export const OBSERVATION_LOW = [-2.5, -2.5, -10.0, -10.0, -2 * Math.PI, -10.0, -0.0, -0.0] as const;
export const OBSERVATION_HIGH = [2.5, 2.5, 10.0, 10.0, 2 * Math.PI, 10.0, 1.0, 1.0] as const;
