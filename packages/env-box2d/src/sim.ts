import { createNumpyRng, type NumpyRng, type RngState } from "@gymkit/core";
import { FPS, H, INITIAL_RANDOM, LEG_DOWN, SCALE, W } from "./constants.js";
import { drawTerrain, type Terrain } from "./terrain.js";
import { LunarWorld } from "./world.js";

/** What the env needs of a physics world (`LunarWorld` is planck's). */
export type LanderWorld = Pick<
  LunarWorld,
  "gameOver" | "groundContact" | "applyWind" | "fireEngines" | "step" | "readLander" | "readLegs" | "awake"
>;
/** Builds one episode's world: terrain, the reset's push, gravity. */
export type WorldFactory = (
  terrain: Terrain,
  force: readonly [number, number],
  gravity: number,
) => LanderWorld;

/** The physics options of one lander (Gymnasium's constructor kwargs, validated). */
export interface LanderPhysics {
  readonly continuous: boolean;
  readonly gravity: number;
  readonly enableWind: boolean;
  readonly windPower: number;
  readonly turbulencePower: number;
}

/**
 * One LunarLander episode's simulation, shared by `LunarLanderEnv` and each sub-env of
 * `LunarLanderVector`: the world, the generator, the shaping and the 8-number double state, plus
 * what an exact restore replays: the generator's state before the last reset and the actions
 * since. Actions here are already valid (the envs check them).
 */
export class LanderSim {
  world: LanderWorld | undefined;
  terrain: Terrain | undefined;
  /** Gymnasium's `prev_shaping`; NaN stands for None (only inside reset's step). */
  prevShaping = Number.NaN;
  windIdx = 0;
  torqueIdx = 0;
  /** The lander `[x, y, angle, vx, vy, omega]` after the last step (Box2D's float32 values). */
  readonly body = new Float64Array(6);
  /** The observation in doubles (Gymnasium's `state` list), before the float32 rounding. */
  readonly state = new Float64Array(8);
  /** The reset's push on the lander (the 2 draws `uniform(-1000, 1000)`). */
  readonly force = new Float64Array(2);
  /** The last step's 2 raw dispersion draws `uniform(-1, 1)` (before the division by SCALE). */
  readonly dispersion = new Float64Array(2);
  /** The last step's engine powers (for rendering the flames) and its termination. */
  mPower = 0;
  sPower = 0;
  terminated = false;
  /** The generator's state before the last reset's draws, and every action since (replay). */
  rngAtReset: RngState | undefined;
  readonly actions: number[] = [];
  private rng: NumpyRng | undefined;

  /**
   * @param makeWorld builds the physics of one episode; the default is planck's `LunarWorld`
   * (bench/engines swaps in box2d-wasm to compare engines on the same env code).
   */
  constructor(
    readonly physics: LanderPhysics,
    readonly makeWorld: WorldFactory = (terrain, force, gravity) => new LunarWorld(terrain, force, gravity),
  ) {}

  /** The generator (Gymnasium's `np_random`), made from OS entropy on first use if never seeded. */
  get generator(): NumpyRng {
    this.rng ??= createNumpyRng();
    return this.rng;
  }

  set generator(rng: NumpyRng | undefined) {
    this.rng = rng;
  }

  /** The generator if one exists yet (reading `generator` would create one). */
  get existingGenerator(): NumpyRng | undefined {
    return this.rng;
  }

  /** True once a reset built a world. */
  get ready(): boolean {
    return this.world !== undefined;
  }

  /**
   * Gymnasium's `reset()` after seeding: a new world, 12 terrain draws, the 2-draw initial force,
   * the wind indices (2 more draws, only with wind), then `step(0)`, whose 2 dispersion draws and
   * world step give the first observation and `prev_shaping`.
   */
  reset(): void {
    const rng = this.generator;
    this.rngAtReset = rng.getState();
    this.actions.length = 0;
    const terrain = drawTerrain(rng);
    this.force[0] = rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
    this.force[1] = rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
    this.terrain = terrain;
    this.world = this.makeWorld(terrain, [this.force[0], this.force[1]], this.physics.gravity);
    if (this.physics.enableWind) {
      this.windIdx = rng.integers(-9999, 9999);
      this.torqueIdx = rng.integers(-9999, 9999);
    }
    this.prevShaping = Number.NaN;
    this.step(0, 0);
    this.actions.length = 0; // reset's own step(0) is replayed by reset, not from the log
  }

  /**
   * Gymnasium's `step(action)`: wind, 2 dispersion draws, engines, one world step, then the
   * observation, shaping reward and termination. Discrete: `a0` is the action (0..3), `a1`
   * unused; continuous: `(a0, a1)` after clipping to [-1, 1]. Returns the reward.
   */
  step(a0: number, a1: number): number {
    const world = this.world!;
    const { continuous, enableWind } = this.physics;
    if (continuous) this.actions.push(a0, a1);
    else this.actions.push(a0);
    if (enableWind && !(world.groundContact[0] || world.groundContact[1])) {
      // tanh(sin(2 k x) + sin(pi k x)), k = 0.01: never periodic (Gymnasium's comment).
      const wind = Math.tanh(Math.sin(0.02 * this.windIdx) + Math.sin(Math.PI * 0.01 * this.windIdx));
      this.windIdx += 1;
      const torque = Math.tanh(Math.sin(0.02 * this.torqueIdx) + Math.sin(Math.PI * 0.01 * this.torqueIdx));
      this.torqueIdx += 1;
      world.applyWind(wind * this.physics.windPower, torque * this.physics.turbulencePower);
    }
    const rng = this.generator;
    // Drawn every step, before the engines, whether an engine fires or not.
    const u0 = rng.uniform(-1.0, +1.0);
    const u1 = rng.uniform(-1.0, +1.0);
    this.dispersion[0] = u0;
    this.dispersion[1] = u1;
    const d0 = u0 / SCALE;
    const d1 = u1 / SCALE;
    let mPower = 0.0;
    let sPower = 0.0;
    let direction = 0;
    if (continuous) {
      const m = Math.min(Math.max(a0, -1), 1);
      const s = Math.min(Math.max(a1, -1), 1);
      if (m > 0.0) mPower = (Math.min(Math.max(m, 0.0), 1.0) + 1.0) * 0.5; // 0.5..1.0
      if (Math.abs(s) > 0.5) {
        direction = Math.sign(s);
        sPower = Math.min(Math.max(Math.abs(s), 0.5), 1.0);
      }
    } else {
      if (a0 === 2) mPower = 1.0;
      if (a0 === 1 || a0 === 3) {
        direction = a0 - 2;
        sPower = 1.0;
      }
    }
    world.fireEngines(mPower, sPower, direction, d0, d1);
    world.step();
    this.mPower = mPower;
    this.sPower = sPower;

    const b = world.readLander(this.body);
    const s = this.state;
    const helipadY = this.terrain!.helipadY;
    // Gymnasium's expressions, in its order, in doubles.
    s[0] = (b[0]! - W / 2) / (W / 2);
    s[1] = (b[1]! - (helipadY + LEG_DOWN / SCALE)) / (H / 2);
    s[2] = (b[3]! * (W / 2)) / FPS;
    s[3] = (b[4]! * (H / 2)) / FPS;
    s[4] = b[2]!;
    s[5] = (20.0 * b[5]!) / FPS;
    s[6] = world.groundContact[0] ? 1.0 : 0.0;
    s[7] = world.groundContact[1] ? 1.0 : 0.0;
    const shaping =
      -100 * Math.sqrt(s[0] * s[0] + s[1] * s[1]) -
      100 * Math.sqrt(s[2] * s[2] + s[3] * s[3]) -
      100 * Math.abs(s[4]) +
      10 * s[6] +
      10 * s[7];
    let reward = 0;
    if (!Number.isNaN(this.prevShaping)) reward = shaping - this.prevShaping;
    this.prevShaping = shaping;
    reward -= mPower * 0.3; // less fuel spent is better, about -30 for heuristic landing
    reward -= sPower * 0.03;
    let terminated = false;
    if (world.gameOver || Math.abs(s[0]) >= 1.0) {
      terminated = true;
      reward = -100;
    }
    if (!world.awake) {
      terminated = true;
      reward = +100;
    }
    this.terminated = terminated;
    return reward;
  }

  /** Writes the float32 observation at `out[offset..offset+8)`. */
  writeObservation(out: Float32Array, offset = 0): void {
    const s = this.state;
    for (let k = 0; k < 8; k++) out[offset + k] = s[k]!;
  }

  /** Takes over `other`'s episode (world, generator, books); `other` is left empty. */
  adopt(other: LanderSim): void {
    this.world = other.world;
    other.world = undefined;
    this.terrain = other.terrain;
    this.prevShaping = other.prevShaping;
    this.windIdx = other.windIdx;
    this.torqueIdx = other.torqueIdx;
    this.body.set(other.body);
    this.force.set(other.force);
    this.dispersion.set(other.dispersion);
    this.state.set(other.state);
    this.mPower = other.mPower;
    this.sPower = other.sPower;
    this.terminated = other.terminated;
    this.rngAtReset = other.rngAtReset;
    this.actions.length = 0;
    this.actions.push(...other.actions);
    this.rng = other.rng;
  }

  /** Drops the world (the env must be reset before it steps again). */
  destroy(): void {
    this.world = undefined;
  }
}
