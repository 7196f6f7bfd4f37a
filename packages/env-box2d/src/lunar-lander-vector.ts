import {
  type ActionArray,
  type AutoresetMode,
  assertSeed,
  Box,
  createNumpyRng,
  Discrete,
  type EnvState,
  GymkitError,
  type Info,
  parseEnvState,
  type StatefulEnv,
  type VectorEnv,
  type VectorResetArgs,
  type VectorStepResult,
  z,
} from "@gymkit/core";
import { invalidActionError, lunarLanderObservationSpace } from "./lunar-lander-env.js";
import { type LunarLanderVectorOptions, parseLunarLanderVectorOptions } from "./options.js";
import { replaySim, SIM_STATE, simState } from "./replay.js";
import { LanderSim } from "./sim.js";

const EMPTY_INFO: Info = Object.freeze({});

const STATE = z.strictObject({
  vector: z.literal("LunarLanderVector"),
  hasReset: z.boolean(),
  sims: z.array(SIM_STATE),
  elapsed: z.array(z.number().int().min(0)),
  pendingReset: z.array(z.union([z.literal(0), z.literal(1)])),
});

/**
 * n LunarLanders stepped in one call. Each sub-env has its own Box2D world and numpy generator
 * and behaves exactly like `registry.make("LunarLander-v3", options)` reset with seed `seed + i`
 * (tested step for step, across autoresets): Gymnasium's `SyncVectorEnv` over `gym.make`.
 *
 * What batching buys here: one call and one set of reused structure-of-arrays buffers for n
 * steps (no result object per sub-env), and no wrapper stack per sub-env (`TimeLimit`,
 * `OrderEnforcing`, the passive checker), which `SyncVectorEnv` pays on every step. The physics
 * itself (Box2D, ~10 µs a step) is not vectorised: each world steps on its own.
 *
 * A core `VectorEnv` either way. Discrete (`continuous: false`): `step` takes one action per
 * sub-env. Continuous: `step` takes 2 numbers per sub-env (row-major, `actionSize` 2).
 *
 * Autoreset modes are `CartPoleVector`'s: `next-step` (default), `same-step` (with
 * `finalObservations`), `disabled` (`reset({ mask })`). Result buffers are reused.
 */
export class LunarLanderVector implements VectorEnv, StatefulEnv {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace = lunarLanderObservationSpace();
  readonly singleActionSpace: Discrete | Box;
  readonly observationSize = 8;
  /** Numbers per action: 1 (discrete) or 2 (continuous). */
  readonly actionSize: 1 | 2;
  readonly continuous: boolean;
  readonly maxEpisodeSteps: number;

  private readonly sims: LanderSim[];
  private readonly elapsed: Int32Array;
  private readonly pendingReset: Uint8Array;
  private readonly result: VectorStepResult & { finalObservations?: Float32Array };
  private hasReset = false;

  constructor(numEnvs: number, options: Partial<LunarLanderVectorOptions> & Record<string, unknown> = {}) {
    // Each sub-env holds a Box2D world (a few hundred objects): thousands are fine, millions a typo.
    if (!Number.isInteger(numEnvs) || numEnvs <= 0 || numEnvs > 65536) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `LunarLanderVector(n): n must be an integer in [1, 65536], got ${String(numEnvs)}.`,
      );
    }
    const o = parseLunarLanderVectorOptions(options);
    this.numEnvs = numEnvs;
    this.autoresetMode = o.autoresetMode;
    this.maxEpisodeSteps = o.maxEpisodeSteps;
    this.continuous = o.continuous;
    this.actionSize = o.continuous ? 2 : 1;
    this.singleActionSpace = o.continuous ? new Box(-1, 1, [2], "float32") : new Discrete(4);
    this.sims = Array.from({ length: numEnvs }, () => new LanderSim(o));
    this.elapsed = new Int32Array(numEnvs);
    this.pendingReset = new Uint8Array(numEnvs);
    this.result = {
      observations: new Float32Array(numEnvs * 8),
      rewards: new Float64Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      infos: Object.freeze(Array.from({ length: numEnvs }, () => EMPTY_INFO)),
    };
    if (o.autoresetMode === "same-step") this.result.finalObservations = new Float32Array(numEnvs * 8);
  }

  /** Sub-env i's simulation (world, terrain, lander state), e.g. to render it. */
  simulation(i: number): LanderSim {
    return this.sims[i]!;
  }

  /**
   * Resets every sub-env (or those where `mask[i]` is truthy). `seed`: one number (sub-env i gets
   * seed + i) or one per sub-env.
   */
  reset(args: VectorResetArgs = {}): { observations: Float32Array; infos: readonly Info[] } {
    const n = this.numEnvs;
    const { seed, mask } = args;
    if (seed !== undefined && seed !== null) {
      if (typeof seed === "number" || !Array.isArray(seed)) {
        assertSeed(seed);
        assertSeed(seed + n - 1, `seed + ${n - 1}`);
      } else if (seed.length !== n) {
        throw new GymkitError(
          "GYMKIT_INVALID_SEED",
          `LunarLanderVector.reset: give one seed or ${n} seeds (one per sub-env), got ${seed.length}.`,
        );
      }
    }
    if (mask !== undefined && mask.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `LunarLanderVector.reset: mask must have ${n} entries, got ${mask.length}.`,
      );
    }
    for (let i = 0; i < n; i++) {
      if (mask !== undefined && !mask[i]) continue;
      if (seed !== undefined && seed !== null) {
        const s = typeof seed === "number" ? seed + i : (seed as readonly number[])[i];
        assertSeed(s, `seed[${i}]`);
        this.sims[i]!.generator = createNumpyRng(s);
      }
      this.resetOne(i);
    }
    this.hasReset = true;
    return { observations: this.result.observations, infos: this.result.infos };
  }

  step(actions: ActionArray | readonly number[]): VectorStepResult {
    const n = this.numEnvs;
    if (!this.hasReset) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        "LunarLanderVector: step() called before reset() (or after a step that threw on an invalid action). Call vec.reset({ seed }) first.",
      );
    }
    const width = this.actionSize;
    if (actions?.length !== n * width) {
      throw new RangeError(
        `LunarLanderVector: expected ${n * width} action numbers (${n} sub-envs × ${width}), got ${actions?.length ?? String(actions)}.`,
      );
    }
    const { observations: obs, rewards, terminated, truncated } = this.result;
    const mode = this.autoresetMode;
    const continuous = this.continuous;
    for (let i = 0; i < n; i++) {
      const sim = this.sims[i]!;
      const a0 = actions[i * width]!;
      const a1 = continuous ? actions[i * width + 1]! : 0;
      // Checked in the loop; a bad action leaves earlier sub-envs stepped, so the vector env then
      // refuses to step until reset.
      if (
        continuous
          ? typeof a0 !== "number" || typeof a1 !== "number"
          : a0 !== 0 && a0 !== 1 && a0 !== 2 && a0 !== 3
      ) {
        this.hasReset = false;
        throw invalidActionError(
          continuous ? [a0, a1] : a0,
          continuous,
          `LunarLanderVector: actions[${continuous ? `${2 * i}..${2 * i + 1}` : i}]`,
        );
      }
      if (mode === "next-step" && this.pendingReset[i] === 1) {
        this.resetOne(i);
        rewards[i] = 0;
        terminated[i] = 0;
        truncated[i] = 0;
        continue;
      }
      rewards[i] = sim.step(a0, a1);
      const steps = ++this.elapsed[i]!;
      const term = sim.terminated;
      const trunc = steps >= this.maxEpisodeSteps;
      terminated[i] = term ? 1 : 0;
      truncated[i] = trunc ? 1 : 0;
      sim.writeObservation(obs, i * 8);
      if (term || trunc) {
        if (mode === "next-step") this.pendingReset[i] = 1;
        else if (mode === "same-step") {
          this.result.finalObservations!.set(obs.subarray(i * 8, i * 8 + 8), i * 8);
          this.resetOne(i);
        }
      }
    }
    return this.result;
  }

  /** `{ vector: "LunarLanderVector", hasReset, sims, elapsed, pendingReset }` (each sim replayable). */
  getState(): EnvState {
    return {
      vector: "LunarLanderVector",
      hasReset: this.hasReset,
      sims: this.sims.map((sim) => simState(sim, "LunarLander")),
      elapsed: Array.from(this.elapsed),
      pendingReset: Array.from(this.pendingReset),
    };
  }

  /** Restores what `getState` returned, replaying each sub-env; a bad state changes nothing. */
  setState(state: EnvState): void {
    const n = this.numEnvs;
    const who = `LunarLanderVector(${n})`;
    const s = parseEnvState(STATE, state, who);
    for (const key of ["sims", "elapsed", "pendingReset"] as const) {
      if (s[key].length !== n) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: invalid state.${key}: expected ${n} entries (one per sub-env), got ${s[key].length}. Pass what getState() returned.`,
        );
      }
    }
    const fresh: LanderSim[] = [];
    try {
      for (let i = 0; i < n; i++) fresh.push(replaySim(this.sims[i]!, s.sims[i]!, `${who} sub-env ${i}`));
    } catch (e) {
      for (const f of fresh) f.destroy();
      throw e;
    }
    for (let i = 0; i < n; i++) {
      this.sims[i]!.adopt(fresh[i]!);
      if (this.sims[i]!.ready) this.sims[i]!.writeObservation(this.result.observations, i * 8);
    }
    this.elapsed.set(s.elapsed);
    this.pendingReset.set(s.pendingReset);
    this.hasReset = s.hasReset;
  }

  /** Frees every sub-env's Box2D world. */
  close(): void {
    for (const sim of this.sims) sim.destroy();
    this.hasReset = false;
  }

  toString(): string {
    return `LunarLanderVector(${this.numEnvs}, ${this.continuous ? "continuous" : "discrete"}, ${this.autoresetMode})`;
  }

  private resetOne(i: number): void {
    const sim = this.sims[i]!;
    sim.reset();
    sim.writeObservation(this.result.observations, i * 8);
    this.elapsed[i] = 0;
    this.pendingReset[i] = 0;
  }
}
