import type { Env, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type JsonValue, parseEnvState } from "../env-state.js";
import { describeValue } from "../errors.js";
import { z } from "../schema.js";
import { defaultWarn, type WarnFn } from "../warn.js";
import { Wrapper } from "./wrapper.js";

export type { WarnFn };

const STATE = z.object({ warnedObservation: z.boolean() });

/**
 * Gymnasium's `PassiveEnvChecker`, made cheap enough to stay on: every action is checked against
 * `actionSpace` (an invalid one throws a `RangeError` naming the action and the space), and
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
    if (!this.env.actionSpace.contains(action)) {
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
