import type { ActionArray } from "../agent.js";
import type { Info } from "../env.js";
import { type EnvState, isStatefulEnv, notStatefulError, type StatefulEnv } from "../env-state.js";
import { GymkitError } from "../errors.js";
import type { Space } from "../space.js";
import type { Box } from "../spaces/box.js";
import type { AutoresetMode, VectorEnv, VectorResetArgs, VectorStepResult } from "../vector.js";
import { allFinite, shown } from "../wrappers/env-output.js";

/**
 * Sub-envs whose values are checked on each step, in turn (all of them when there are no more):
 * a fixed cost per step whatever `numEnvs`, where a pass over every value cost as much as ~20% of
 * CartPoleVector's own step at n = 1024. A sub-env that keeps returning NaN (a diverged state) is
 * caught within `numEnvs / 8` steps; the types and sizes of the batches are checked on every step.
 */
export const VECTOR_CHECK_WINDOW = 8;

/**
 * The passive env checker of a batched vector env (a registration's `vectorEntry`), as
 * `PassiveEnvChecker` is of a single env: every step's batches must be typed arrays of the right
 * sizes (observations a Float32Array of numEnvs × observationSize, rewards a Float64Array or
 * Float32Array, terminated/truncated Uint8Arrays) holding finite numbers and flags 0 or 1. A
 * violation throws a `GymkitError` (`GYMKIT_INVALID_ENV_OUTPUT`) naming the env, the sub-env, the
 * field and the step. Everything else is forwarded; `getState`/`setState` when the env has them.
 */
export class PassiveVectorEnvChecker<M extends AutoresetMode = AutoresetMode>
  implements VectorEnv<M>, StatefulEnv
{
  /** Steps since the last reset (named in errors). */
  private steps = 0;
  /** The first sub-env of the next window. */
  private next = 0;

  constructor(
    readonly env: VectorEnv<M>,
    private readonly id: string,
  ) {}

  /** The checked env (Gymnasium's `unwrapped`, one level deep: a checker wraps nothing else). */
  get unwrapped(): VectorEnv<M> {
    return this.env;
  }
  get numEnvs(): number {
    return this.env.numEnvs;
  }
  get autoresetMode(): M {
    return this.env.autoresetMode;
  }
  get singleObservationSpace(): Space<Float32Array> {
    return this.env.singleObservationSpace;
  }
  get singleActionSpace(): Space<number> | Box {
    return this.env.singleActionSpace;
  }
  get observationSize(): number {
    return this.env.observationSize;
  }
  get actionSize(): number {
    return this.env.actionSize;
  }

  reset(args?: VectorResetArgs): { observations: Float32Array; infos: readonly Info[] } {
    const result = this.env.reset(args);
    this.steps = 0;
    const n = this.env.numEnvs;
    const size = n * this.env.observationSize;
    if (!isBatch(result?.observations, Float32Array, size)) {
      this.fail(
        "reset",
        `observations ${shown(result?.observations)}`,
        `a Float32Array of ${n} × ${this.env.observationSize} numbers`,
      );
    }
    this.checkRows("reset", result.observations, undefined, 0, n);
    return result;
  }

  step(actions: ActionArray | readonly number[]): VectorStepResult {
    const r = this.env.step(actions);
    this.steps++;
    const n = this.env.numEnvs;
    const size = n * this.env.observationSize;
    // Every step: the batches' types and sizes, O(1) (each instanceof written out: one class per site).
    // unknown until checked: a plugin's vector env may return anything.
    const observations: unknown = r?.observations;
    const rewards: unknown = r?.rewards;
    const terminated: unknown = r?.terminated;
    const truncated: unknown = r?.truncated;
    if (
      !(observations instanceof Float32Array && observations.length === size) ||
      !((rewards instanceof Float64Array || rewards instanceof Float32Array) && rewards.length === n) ||
      !(terminated instanceof Uint8Array && terminated.length === n) ||
      !(truncated instanceof Uint8Array && truncated.length === n)
    ) {
      this.explainBatches(r, n, size);
    }
    // Then the values of a window of sub-envs, in turn.
    const from = this.next;
    const to = Math.min(n, from + VECTOR_CHECK_WINDOW);
    this.next = to === n ? 0 : to;
    const d = this.env.observationSize;
    let acc = 0;
    let flags = 0;
    for (let i = from; i < to; i++) {
      acc += rewards[i]! - rewards[i]!;
      flags |= terminated[i]! | truncated[i]!;
      for (let j = i * d; j < (i + 1) * d; j++) acc += observations[j]! - observations[j]!;
    }
    if (acc !== 0 || flags > 1) this.checkRows("step", r.observations, r, from, to);
    return r;
  }

  close(): void {
    this.env.close();
  }

  getState(): EnvState {
    if (!isStatefulEnv(this.env)) throw notStatefulError(this.env);
    return this.env.getState();
  }

  setState(state: EnvState): void {
    if (!isStatefulEnv(this.env)) throw notStatefulError(this.env);
    this.env.setState(state);
  }

  toString(): string {
    return `PassiveVectorEnvChecker<${String(this.env)}>`;
  }

  /** Sub-envs `from` to `to`: finite observations and rewards, flags 0 or 1. */
  private checkRows(
    where: "reset" | "step",
    observations: Float32Array,
    r: VectorStepResult | undefined,
    from: number,
    to: number,
  ): void {
    const d = this.env.observationSize;
    if (allFinite(observations, from * d, to * d) && (r === undefined || rowsOk(r, from, to))) return;
    for (let i = from; i < to; i++) {
      for (let j = 0; j < d; j++) {
        const v = observations[i * d + j]!;
        if (!Number.isFinite(v))
          this.fail(
            where,
            `for sub-env ${i} an observation with ${shown(v)} at index ${j}`,
            "finite numbers",
          );
      }
      if (r === undefined) continue;
      if (!Number.isFinite(r.rewards[i]!))
        this.fail(where, `for sub-env ${i} reward ${shown(r.rewards[i])}`, "a finite number");
      for (const flag of ["terminated", "truncated"] as const) {
        const f = r[flag][i]!;
        if (f !== 0 && f !== 1) this.fail(where, `for sub-env ${i} ${flag} ${f}`, "0 or 1");
      }
    }
  }

  /** Says which batch of a step result has the wrong type or size. */
  private explainBatches(r: VectorStepResult | undefined, n: number, size: number): never {
    if (typeof r !== "object" || r === null) {
      this.fail("step", shown(r), "{ observations, rewards, terminated, truncated, infos }");
    }
    if (!isBatch(r.observations, Float32Array, size)) {
      this.fail(
        "step",
        `observations ${shown(r.observations)}`,
        `a Float32Array of ${n} × ${this.env.observationSize} numbers`,
      );
    }
    if (!isBatch(r.rewards, Float64Array, n) && !isBatch(r.rewards, Float32Array, n)) {
      this.fail("step", `rewards ${shown(r.rewards)}`, `a Float64Array of ${n} numbers`);
    }
    for (const flag of ["terminated", "truncated"] as const) {
      if (!isBatch(r[flag], Uint8Array, n))
        this.fail("step", `${flag} ${shown(r[flag])}`, `a Uint8Array of ${n} flags (0 or 1)`);
    }
    this.fail("step", shown(r), "{ observations, rewards, terminated, truncated, infos }");
  }

  private fail(where: "reset" | "step", what: string, expected: string): never {
    const at = where === "step" ? ` at its step ${this.steps} since reset()` : "";
    throw new GymkitError(
      "GYMKIT_INVALID_ENV_OUTPUT",
      `${this.id} (vector of ${this.env.numEnvs}): ${where}() returned ${what}${at}; expected ${expected}. Fix the env's vector implementation (makeVec's env checker stopped here).`,
    );
  }
}

const isBatch = (value: unknown, type: { new (n: number): ArrayLike<number> }, length: number): boolean =>
  value instanceof type && (value as ArrayLike<number>).length === length;

/** Fast: flags 0 or 1 and finite rewards for sub-envs `from` to `to`. */
function rowsOk(r: VectorStepResult, from: number, to: number): boolean {
  const { rewards, terminated, truncated } = r;
  for (let i = from; i < to; i++) if ((terminated[i]! | truncated[i]!) > 1) return false;
  return allFinite(rewards, from, to);
}
