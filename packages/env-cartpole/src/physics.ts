/**
 * CartPole's physical constants, exactly as Gymnasium's `CartPoleEnv.__init__` computes them
 * (derived values are computed the same way, so they round the same way).
 */
export const GRAVITY = 9.8;
export const MASSCART = 1.0;
export const MASSPOLE = 0.1;
export const TOTAL_MASS = MASSPOLE + MASSCART;
/** Half the pole's length. */
export const LENGTH = 0.5;
export const POLEMASS_LENGTH = MASSPOLE * LENGTH;
export const FORCE_MAG = 10.0;
/** Seconds between state updates. */
export const TAU = 0.02;
/** The episode ends when |theta| exceeds 12 degrees. */
export const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
/** The episode ends when |x| exceeds 2.4. */
export const X_THRESHOLD = 2.4;

/**
 * Observation bounds (float32), `[x_threshold * 2, inf, theta_threshold * 2, inf]`: twice the
 * termination thresholds, so a failing observation is still inside the space.
 */
export const OBSERVATION_HIGH: Float32Array = Float32Array.of(
  X_THRESHOLD * 2,
  Number.POSITIVE_INFINITY,
  THETA_THRESHOLD_RADIANS * 2,
  Number.POSITIVE_INFINITY,
);
