import type { Env, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type JsonValue, parseEnvState } from "../env-state.js";
import { describeValue } from "../errors.js";
import { z } from "../schema.js";
import { Box } from "../spaces/box.js";
import { defaultWarn, type WarnFn } from "../warn.js";
import { Wrapper } from "./wrapper.js";

export type { WarnFn };

const STATE = z.object({ warnedObservation: z.boolean() });

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
 * Gymnasium's `PassiveEnvChecker`, made cheap enough to stay on: every action is checked against
 * `actionSpace` (an invalid one throws a `RangeError` naming the action and the space; a `Box`
 * action outside its bounds passes, for the env to clip), and
 * observations are checked against `observationSpace` until the first violation, which warns once.
 */
export class PassiveEnvChecker<Obs = Float32Array, Act = number> extends Wrapper<Obs, Act> {
  private warnedObservation = false;

  constructor(
    env: Env<Obs, Act>,
    private readonly warn: WarnFn = defaultWarn,
  ) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const result = this.env.reset(args);
    this.checkObservation(result.observation, "reset");
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.env.actionSpace.contains(action) && !isClippableBoxAction(this.env.actionSpace, action)) {
      const id = this.spec?.id ?? this.env.unwrapped.constructor.name;
      throw new RangeError(
        `${id}: invalid action ${describeValue(action)}; the action space is ${String(this.env.actionSpace)}.`,
      );
    }
    const result = this.env.step(action);
    this.checkObservation(result.observation, "step");
    return result;
  }

  protected override get stateName(): string {
    return "PassiveEnvChecker";
  }

  protected override ownState(): Record<string, JsonValue> {
    return { warnedObservation: this.warnedObservation };
  }

  protected override ownStateRestorer(state: Readonly<Record<string, unknown>>, who: string): () => void {
    const { warnedObservation } = parseEnvState(STATE, state, who);
    return () => {
      this.warnedObservation = warnedObservation;
    };
  }

  private checkObservation(observation: Obs, where: string): void {
    if (this.warnedObservation || this.env.observationSpace.contains(observation)) return;
    this.warnedObservation = true;
    const id = this.spec?.id ?? this.env.unwrapped.constructor.name;
    this.warn(
      `${id}: the observation returned by ${where}() is not within the observation space ${String(
        this.env.observationSpace,
      )}: ${describeValue(observation)}. (Warned once.)`,
    );
  }
}
