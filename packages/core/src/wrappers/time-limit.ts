import type { Env, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type JsonValue, parseEnvState } from "../env-state.js";
import { GymkitError } from "../errors.js";
import { z } from "../schema.js";
import { Wrapper } from "./wrapper.js";

const STATE = z.object({ elapsedSteps: z.number().int().min(0) });

/** Sets `truncated` once `maxEpisodeSteps` steps have been taken since the last reset (Gymnasium's `TimeLimit`). */
export class TimeLimit<Obs = Float32Array, Act = number> extends Wrapper<Obs, Act> {
  private elapsed = 0;

  constructor(
    env: Env<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `TimeLimit: maxEpisodeSteps must be a positive integer, got ${String(maxEpisodeSteps)}.`,
      );
    }
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    this.elapsed = 0;
    return this.env.reset(args);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) result.truncated = true;
    return result;
  }

  protected override get stateName(): string {
    return "TimeLimit";
  }

  protected override ownState(): Record<string, JsonValue> {
    return { elapsedSteps: this.elapsed };
  }

  protected override ownStateRestorer(state: Readonly<Record<string, unknown>>, who: string): () => void {
    const { elapsedSteps } = parseEnvState(STATE, state, who);
    return () => {
      this.elapsed = elapsedSteps;
    };
  }
}
