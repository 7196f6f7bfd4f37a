import { type ActionLayout, actionLayout } from "../action-layout.js";
import type { ActionArray } from "../agent.js";
import type { Env, Info } from "../env.js";
import {
  type EnvState,
  isStatefulEnv,
  notStatefulError,
  parseEnvState,
  type StatefulEnv,
} from "../env-state.js";
import { describeValue, GymkitError } from "../errors.js";
import { assertSeed } from "../rng.js";
import { z } from "../schema.js";
import type { Space } from "../space.js";
import type { Box } from "../spaces/box.js";
import type { AutoresetMode, VectorEnv, VectorResetArgs, VectorStepResult } from "../vector.js";

const MODES: readonly AutoresetMode[] = ["next-step", "same-step", "disabled"];
const EMPTY_INFO: Info = Object.freeze({});
const FLAGS = z.array(z.union([z.literal(0), z.literal(1)]));
const STATE = z.strictObject({
  vector: z.literal("SyncVectorEnv"),
  needsReset: FLAGS,
  started: FLAGS,
  envs: z.array(z.unknown()),
});

/** Options of `SyncVectorEnv`. */
export interface SyncVectorEnvOptions<M extends AutoresetMode> {
  /** When finished sub-envs reset; see `AutoresetMode`. @default "next-step" (Gymnasium's default) */
  autoresetMode?: M;
}

/**
 * n envs stepped one after another in this thread: Gymnasium 1.x's `SyncVectorEnv`, with all three
 * autoreset modes. Observations come batched in one `Float32Array` (`numEnvs × observationSize`,
 * row-major). Every returned array, and the result objects, are reused by the next call.
 *
 * Actions: one per sub-env for a `Discrete` action space; for a `Box`, `actionSize` numbers per
 * sub-env, row-major, each row copied into that sub-env's own typed array (of the Box's dtype,
 * reused) before its `step`, so a sub-env may keep or change what it gets.
 *
 * - `next-step` (default): the step that ends an episode returns its final observation; on the next
 *   `step` that sub-env resets instead (its action ignored, reward 0, flags false, the reset info).
 * - `same-step`: a sub-env that ends resets within the same step; `observations` holds the new
 *   episode's first observation, `finalObservations` the last one of the ended episode (rows where
 *   `terminated[i] || truncated[i]`), and `infos[i].finalInfo` the step's info.
 * - `disabled`: nothing resets by itself; stepping a finished sub-env throws. Call `reset({ mask })`.
 *
 * `getState`/`setState` save every sub-env's state (each must be a `StatefulEnv`) and the
 * autoreset flags.
 * @example
 * const vec = new SyncVectorEnv([() => makeEnv(), () => makeEnv()]);
 * const { observations } = vec.reset({ seed: 42 }); // sub-env i gets seed 42 + i
 */
export class SyncVectorEnv<M extends AutoresetMode = "next-step"> implements VectorEnv<M>, StatefulEnv {
  readonly numEnvs: number;
  readonly autoresetMode: M;
  readonly singleObservationSpace: Space<Float32Array>;
  readonly singleActionSpace: Space<number> | Box;
  readonly observationSize: number;
  readonly actionSize: number;
  /** The sub-envs, in order. */
  readonly envs: readonly Env<Float32Array, number | Float32Array | Float64Array>[];
  private readonly actionLayout: ActionLayout;
  /** Box actions: sub-env i's action, copied from its row of the batch (one array per sub-env). */
  private readonly actionRows: Array<Float32Array | Float64Array>;
  private readonly observations: Float32Array;
  private readonly finalObservations: Float32Array | undefined;
  private readonly rewards: Float64Array;
  private readonly terminated: Uint8Array;
  private readonly truncated: Uint8Array;
  /** 1 where the sub-env's episode ended and it has not been reset since. */
  private readonly needsReset: Uint8Array;
  /** 1 once the sub-env has been reset at least once. */
  private readonly started: Uint8Array;
  private readonly infos: Info[];
  private readonly stepResult: VectorStepResult;
  private closed = false;

  constructor(
    factories: ReadonlyArray<
      () => Env<Float32Array, number> | Env<number, number> | Env<Float32Array, Float32Array | Float64Array>
    >,
    options: SyncVectorEnvOptions<M> = {},
  ) {
    const mode = options.autoresetMode ?? "next-step";
    if (!MODES.includes(mode)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `SyncVectorEnv: autoresetMode must be one of ${MODES.map((m) => `"${m}"`).join(", ")}, got ${describeValue(mode)}.`,
      );
    }
    if (!Array.isArray(factories) || factories.length === 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `SyncVectorEnv: expected a non-empty array of env factories, got ${describeValue(factories)}.`,
      );
    }
    this.autoresetMode = mode as M;
    this.envs = factories.map((make, i) => {
      if (typeof make !== "function") {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `SyncVectorEnv: factories[${i}] must be a function () => Env, got ${describeValue(make)}.`,
        );
      }
      const env = make() as Env<Float32Array, number | Float32Array | Float64Array>;
      if (typeof env?.reset !== "function" || typeof env.step !== "function" || !env.observationSpace) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `SyncVectorEnv: factories[${i}] returned ${describeValue(env)}, not an env (reset, step, observationSpace, actionSpace).`,
        );
      }
      return env;
    });
    const first = this.envs[0]!;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace as Space<number> | Box;
    this.actionLayout = actionLayout(first.actionSpace, "SyncVectorEnv");
    const obsJSON = JSON.stringify(first.observationSpace.toJSON());
    const actJSON = JSON.stringify(first.actionSpace.toJSON());
    this.envs.forEach((env, i) => {
      if (
        JSON.stringify(env.observationSpace.toJSON()) !== obsJSON ||
        JSON.stringify(env.actionSpace.toJSON()) !== actJSON
      ) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `SyncVectorEnv: sub-env ${i} has spaces ${String(env.observationSpace)} / ${String(env.actionSpace)}, but sub-env 0 has ${String(first.observationSpace)} / ${String(first.actionSpace)}; all sub-envs must share their spaces.`,
        );
      }
    });
    const n = this.envs.length;
    this.numEnvs = n;
    this.observationSize = first.observationSpace.shape.reduce((a, b) => a * b, 1);
    this.actionSize = this.actionLayout.size;
    const { continuous, dtype, size } = this.actionLayout;
    this.actionRows = continuous
      ? this.envs.map(() => (dtype === "float64" ? new Float64Array(size) : new Float32Array(size)))
      : [];
    this.observations = new Float32Array(n * this.observationSize);
    this.finalObservations = mode === "same-step" ? new Float32Array(n * this.observationSize) : undefined;
    this.rewards = new Float64Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.needsReset = new Uint8Array(n);
    this.started = new Uint8Array(n);
    this.infos = new Array<Info>(n).fill(EMPTY_INFO);
    this.stepResult = {
      observations: this.observations,
      rewards: this.rewards,
      terminated: this.terminated,
      truncated: this.truncated,
      infos: this.infos,
      ...(this.finalObservations ? { finalObservations: this.finalObservations } : {}),
    };
  }

  /**
   * Resets every sub-env, or with `mask` only those where `mask[i]` is truthy (the others keep their
   * state; their `infos[i]` is empty). A numeric seed gives sub-env i `seed + i`; an array gives
   * one seed per sub-env.
   */
  reset(args: VectorResetArgs = {}): { observations: Float32Array; infos: readonly Info[] } {
    this.assertOpen("reset");
    const { seed, options, mask } = args;
    const n = this.numEnvs;
    if (Array.isArray(seed) && seed.length !== n) {
      throw new GymkitError(
        "GYMKIT_INVALID_SEED",
        `SyncVectorEnv.reset: got ${seed.length} seeds for ${n} sub-envs; pass one seed, or one per sub-env.`,
      );
    }
    if (mask !== undefined) {
      if (mask.length !== n) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `SyncVectorEnv.reset: mask has ${mask.length} entries for ${n} sub-envs.`,
        );
      }
      if (!Array.prototype.some.call(mask, Boolean)) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          "SyncVectorEnv.reset: mask selects no sub-env; set mask[i] for the sub-envs to reset.",
        );
      }
    }
    for (let i = 0; i < n; i++) {
      if (mask !== undefined && !mask[i]) {
        this.infos[i] = EMPTY_INFO;
        continue;
      }
      let s: number | undefined;
      if (typeof seed === "number") {
        assertSeed(seed);
        s = seed + i;
      } else if (seed !== undefined) {
        s = (seed as readonly number[])[i];
        assertSeed(s, `seed[${i}]`);
      }
      const result = this.envs[i]!.reset({ seed: s, options });
      this.copyObservation(this.observations, i, result.observation);
      this.infos[i] = result.info;
      this.rewards[i] = 0;
      this.terminated[i] = 0;
      this.truncated[i] = 0;
      this.needsReset[i] = 0;
      this.started[i] = 1;
    }
    return { observations: this.observations, infos: this.infos };
  }

  /**
   * One step of every sub-env: `actions[i]` goes to sub-env i (Discrete), or a copy of row i,
   * `actions[i * actionSize ... (i + 1) * actionSize - 1]` (Box).
   */
  step(actions: ActionArray | readonly number[]): VectorStepResult {
    this.assertOpen("step");
    const n = this.numEnvs;
    const { continuous, size } = this.actionLayout;
    if (actions?.length !== n * size) {
      const got = actions?.length ?? describeValue(actions);
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        continuous
          ? `SyncVectorEnv.step: got ${got} numbers for ${n} sub-envs with actions of ${size} (${String(this.singleActionSpace)}); pass ${n} × ${size} numbers, row-major.`
          : `SyncVectorEnv.step: got ${got} actions for ${n} sub-envs.`,
      );
    }
    const mode = this.autoresetMode as AutoresetMode;
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      if (!this.started[i]) {
        throw new GymkitError(
          "GYMKIT_RESET_NEEDED",
          `SyncVectorEnv.step: sub-env ${i} was never reset. Call reset({ seed }) first.`,
        );
      }
      if (this.needsReset[i]) {
        if (mode === "next-step") {
          const r = env.reset();
          this.copyObservation(this.observations, i, r.observation);
          this.rewards[i] = 0;
          this.terminated[i] = 0;
          this.truncated[i] = 0;
          this.infos[i] = r.info;
          this.needsReset[i] = 0;
          continue;
        }
        throw new GymkitError(
          "GYMKIT_RESET_NEEDED",
          `SyncVectorEnv.step: sub-env ${i} finished its episode; in "disabled" autoreset mode call reset({ mask }) for it before stepping it again.`,
        );
      }
      let action: number | Float32Array | Float64Array;
      if (continuous) {
        action = this.actionRows[i]!;
        for (let k = 0; k < size; k++) action[k] = actions[i * size + k]!;
      } else {
        action = actions[i]!;
      }
      const r = env.step(action);
      const done = r.terminated || r.truncated;
      this.rewards[i] = r.reward;
      this.terminated[i] = r.terminated ? 1 : 0;
      this.truncated[i] = r.truncated ? 1 : 0;
      if (done && mode === "same-step") {
        this.copyObservation(this.finalObservations!, i, r.observation);
        const finalInfo = r.info;
        const reset = env.reset();
        this.copyObservation(this.observations, i, reset.observation);
        this.infos[i] = { ...reset.info, finalInfo };
        continue;
      }
      this.copyObservation(this.observations, i, r.observation);
      this.infos[i] = r.info;
      if (done) this.needsReset[i] = 1;
    }
    return this.stepResult;
  }

  /** `{ vector: "SyncVectorEnv", needsReset, started, envs: [each sub-env's state] }`. */
  getState(): EnvState {
    return {
      vector: "SyncVectorEnv",
      needsReset: Array.from(this.needsReset),
      started: Array.from(this.started),
      envs: this.statefulEnvs().map((env) => env.getState()),
    };
  }

  /** Restores every sub-env and the flags; a bad state (or sub-env state) changes nothing. */
  setState(state: EnvState): void {
    const who = `SyncVectorEnv(${this.numEnvs})`;
    const envs = this.statefulEnvs();
    const s = parseEnvState(STATE, state, who);
    for (const [key, got] of [
      ["needsReset", s.needsReset.length],
      ["started", s.started.length],
      ["envs", s.envs.length],
    ] as const) {
      if (got !== this.numEnvs) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: invalid state.${key}: expected ${this.numEnvs} entries (one per sub-env), got ${got}. Pass what getState() returned.`,
        );
      }
    }
    // Sub-envs check their own states; if one refuses, the ones before it are put back.
    const before = envs.map((env) => env.getState());
    let i = 0;
    try {
      for (; i < envs.length; i++) envs[i]!.setState(s.envs[i] as EnvState);
    } catch (e) {
      for (let k = 0; k < i; k++) envs[k]!.setState(before[k]!);
      throw e;
    }
    this.needsReset.set(s.needsReset);
    this.started.set(s.started);
  }

  /** Closes every sub-env once; later calls do nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close();
  }

  private copyObservation(into: Float32Array, i: number, observation: ArrayLike<number> | number): void {
    // A Discrete observation (the cell index) takes one number of the row.
    if (typeof observation === "number" && this.observationSize === 1) {
      into[i] = observation;
      return;
    }
    if (typeof observation === "number" || observation.length !== this.observationSize) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `SyncVectorEnv: sub-env ${i} returned an observation of ${typeof observation === "number" ? 1 : observation.length} numbers; its space ${String(this.singleObservationSpace)} has ${this.observationSize}.`,
      );
    }
    into.set(observation, i * this.observationSize);
  }

  private statefulEnvs(): Array<Env<Float32Array, number | Float32Array | Float64Array> & StatefulEnv> {
    return this.envs.map((env) => {
      if (!isStatefulEnv(env)) throw notStatefulError(env);
      return env;
    });
  }

  private assertOpen(what: string): void {
    if (this.closed) {
      throw new GymkitError("GYMKIT_INVALID_ARGUMENT", `SyncVectorEnv.${what}: the vector env is closed.`);
    }
  }
}
