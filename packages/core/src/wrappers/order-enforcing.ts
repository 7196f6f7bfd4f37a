import type { Env, RenderFrame, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type JsonValue, parseEnvState } from "../env-state.js";
import { GymkitError } from "../errors.js";
import { z } from "../schema.js";
import { Wrapper } from "./wrapper.js";

const STATE = z.object({ hasReset: z.boolean() });

/** Throws when `step` or `render` comes before the first `reset` (Gymnasium's `OrderEnforcing`). */
export class OrderEnforcing<Obs = Float32Array, Act = number> extends Wrapper<Obs, Act> {
  private hasReset = false;

  constructor(
    env: Env<Obs, Act>,
    private readonly options: { disableRenderOrderEnforcing?: boolean } = {},
  ) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const result = this.env.reset(args);
    this.hasReset = true;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.hasReset) throw this.resetNeeded("step");
    return this.env.step(action);
  }

  override render(): RenderFrame {
    if (!this.hasReset && !this.options.disableRenderOrderEnforcing) throw this.resetNeeded("render");
    return this.env.render();
  }

  protected override get stateName(): string {
    return "OrderEnforcing";
  }

  protected override ownState(): Record<string, JsonValue> {
    return { hasReset: this.hasReset };
  }

  protected override ownStateRestorer(state: Readonly<Record<string, unknown>>, who: string): () => void {
    const { hasReset } = parseEnvState(STATE, state, who);
    return () => {
      this.hasReset = hasReset;
    };
  }

  private resetNeeded(what: string): GymkitError {
    const id = this.spec?.id ?? this.env.unwrapped.constructor.name;
    return new GymkitError(
      "GYMKIT_RESET_NEEDED",
      `${id}: ${what}() called before reset(). Call env.reset({ seed }) once first.`,
    );
  }
}
