import type { Env, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type JsonValue, parseEnvState } from "../env-state.js";
import { describeValue, GymkitError } from "../errors.js";
import { z } from "../schema.js";
import { Box } from "../spaces/box.js";
import { defaultWarn, type WarnFn } from "../warn.js";
import {
  BOX_INVALID,
  BOX_OK,
  type BoxBounds,
  boxBounds,
  boxCheck,
  flagProblem,
  observationOk,
  observationProblem,
  observationSize,
  rewardProblem,
  shown,
} from "./env-output.js";
import { Wrapper } from "./wrapper.js";

export type { WarnFn };

const STATE = z.object({
  warnedObservation: z.boolean(),
  // Absent in states saved before issue 19: counted from 0 then.
  episodeSteps: z.number().int().min(0).optional(),
});

/**
 * A `Box` action of the right dtype and length with values (not NaN) outside the bounds. Gymnasium's
 * Box-action envs clip such actions themselves (Pendulum, MountainCarContinuous) and its checker
 * lets them through, so this one does too.
 */
function isClippableBoxAction(space: unknown, action: unknown): boolean {
  if (!(space instanceof Box)) return false;
  const ctor = space.dtype === "float64" ? Float64Array : Float32Array;
  if (!(action instanceof ctor) || action.length !== space.size) return false;
  for (let i = 0; i < action.length; i++) if (Number.isNaN(action[i])) return false;
  return true;
}

/**
 * Gymnasium's `PassiveEnvChecker`, made cheap enough to stay on, and strict where train() and
 * agents need it. Every action is checked against `actionSpace` (an invalid one throws a
 * `RangeError` naming the action and the space; a `Box` action outside its bounds passes, for the
 * env to clip, as Gymnasium's checker lets it). Every output is checked: a reward that is not a finite number, a terminated or
 * truncated that is not a boolean, an observation of the wrong size or with NaN/±Infinity throw a
 * `GymkitError` (`GYMKIT_INVALID_ENV_OUTPUT`) naming the env, the field, the value and the step of
 * the episode. An observation outside the space's bounds (or of another array type) warns once.
 * An error the env throws comes out as a `GymkitError` (`GYMKIT_ENV_FAILED`) naming the env and
 * the step, the original as its cause.
 */
export class PassiveEnvChecker<Obs = Float32Array, Act = number> extends Wrapper<Obs, Act> {
  private warnedObservation = false;
  /** Steps since the last reset: named in errors, so an env's author can find the moment. */
  private episodeSteps = 0;
  private readonly size: number | undefined;
  /** A Box observation space's bounds: one loop then checks size, finiteness and bounds. */
  private readonly box: BoxBounds | undefined;

  constructor(
    env: Env<Obs, Act>,
    private readonly warn: WarnFn = defaultWarn,
  ) {
    super(env);
    this.size = observationSize(env.observationSpace);
    this.box = boxBounds(env.observationSpace);
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    let result: ResetResult<Obs>;
    try {
      result = this.env.reset(args);
    } catch (e) {
      throw this.threw("reset", e);
    }
    this.episodeSteps = 0;
    if (typeof result !== "object" || result === null) this.fail("reset", result);
    this.checkObservation(result.observation, "reset", result);
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.env.actionSpace.contains(action) && !isClippableBoxAction(this.env.actionSpace, action)) {
      throw new RangeError(
        `${this.id}: invalid action ${describeValue(action)}; the action space is ${String(this.env.actionSpace)}.`,
      );
    }
    let result: StepResult<Obs>;
    try {
      result = this.env.step(action);
    } catch (e) {
      throw this.threw("step", e);
    }
    this.episodeSteps++;
    // The fast test of everything below; only a failure pays for finding and saying what is wrong.
    if (
      typeof result !== "object" ||
      result === null ||
      typeof result.reward !== "number" ||
      result.reward - result.reward !== 0 ||
      typeof result.terminated !== "boolean" ||
      typeof result.truncated !== "boolean"
    ) {
      this.fail("step", result);
    }
    this.checkObservation(result.observation, "step", result);
    return result;
  }

  protected override get stateName(): string {
    return "PassiveEnvChecker";
  }

  protected override ownState(): Record<string, JsonValue> {
    return { warnedObservation: this.warnedObservation, episodeSteps: this.episodeSteps };
  }

  protected override ownStateRestorer(state: Readonly<Record<string, unknown>>, who: string): () => void {
    const { warnedObservation, episodeSteps } = parseEnvState(STATE, state, who);
    return () => {
      this.warnedObservation = warnedObservation;
      this.episodeSteps = episodeSteps ?? 0;
    };
  }

  private get id(): string {
    return this.spec?.id ?? this.env.unwrapped.constructor.name;
  }

  /**
   * An error the env threw, named: which env, in which call, at which step (a GymkitError is the
   * env's own wording and passes as it is). The original error is the cause, with its stack.
   */
  private threw(where: "reset" | "step", e: unknown): unknown {
    if (e instanceof GymkitError) return e;
    const at = where === "step" ? `at step ${this.episodeSteps + 1} of its episode, ` : "";
    const why = e instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(e);
    return new GymkitError("GYMKIT_ENV_FAILED", `${this.id}: ${at}${where}() threw: ${why}`, { cause: e });
  }

  /** Throws what is wrong with a result that failed the fast test. */
  private fail(where: "reset" | "step", result: unknown): never {
    const at = where === "step" ? `at step ${this.episodeSteps} of its episode, ` : "";
    const r = result as Partial<StepResult<unknown>> | null;
    const problem =
      typeof r !== "object" || r === null
        ? `${shown(result)}, not ${where === "step" ? "{ observation, reward, terminated, truncated, info }" : "{ observation, info }"}`
        : ((where === "step"
            ? (rewardProblem(r.reward) ??
              flagProblem("terminated", r.terminated) ??
              flagProblem("truncated", r.truncated))
            : undefined) ?? observationProblem(r.observation, this.size, this.env.observationSpace));
    throw new GymkitError(
      "GYMKIT_INVALID_ENV_OUTPUT",
      `${this.id}: ${at}${where}() returned ${problem ?? "an invalid result"}. Fix the env's ${where}() (make()'s env checker stopped here).`,
    );
  }

  /** Invalid: throws. Valid but outside the space: warns once. */
  private checkObservation(observation: Obs, where: "reset" | "step", result: unknown): void {
    if (this.box !== undefined) {
      const verdict = boxCheck(observation, this.box);
      if (verdict === BOX_OK) return;
      if (verdict === BOX_INVALID) this.fail(where, result);
    } else if (!observationOk(observation, this.size)) {
      this.fail(where, result);
    }
    if (this.warnedObservation || this.env.observationSpace.contains(observation)) return;
    this.warnedObservation = true;
    this.warn(
      `${this.id}: the observation returned by ${where}() is not within the observation space ${String(
        this.env.observationSpace,
      )}: ${describeValue(observation)}. (Warned once.)`,
    );
  }
}
