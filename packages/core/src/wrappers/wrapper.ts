import type { Env, EnvMetadata, EnvSpec, RenderFrame, ResetArgs, ResetResult, StepResult } from "../env.js";
import {
  type EnvState,
  envName,
  isStatefulEnv,
  type JsonValue,
  notStatefulError,
  type StatefulEnv,
  stateObject,
} from "../env-state.js";
import { describeValue, GymkitError } from "../errors.js";
import type { Space } from "../space.js";

/**
 * Base of all wrappers (Gymnasium's `Wrapper`): forwards everything to the wrapped env.
 * Subclasses override what they change. Step results may be the inner env's own (reused)
 * objects, adjusted in place: a wrapper adds no allocation per step.
 *
 * `getState`/`setState` ({@link StatefulEnv}) nest the wrapped env's state as
 * `{ wrapper: <stateName>, ...own fields, inner }`; they throw when the wrapped env cannot save its
 * state. A subclass with state of its own overrides `ownState` and `ownStateRestorer`.
 */
export class Wrapper<Obs = Float32Array, Act = number> implements Env<Obs, Act>, StatefulEnv {
  private ownSpec: EnvSpec | undefined;

  constructor(readonly env: Env<Obs, Act>) {
    if (typeof env?.reset !== "function" || typeof env.step !== "function") {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${new.target.name}: expected an env to wrap (with reset and step), got ${describeValue(env)}.`,
      );
    }
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace;
  }
  get actionSpace(): Space<Act> {
    return this.env.actionSpace;
  }
  get metadata(): EnvMetadata {
    return this.env.metadata;
  }
  get renderMode(): string | undefined {
    return this.env.renderMode;
  }
  get spec(): EnvSpec | undefined {
    return this.ownSpec ?? this.env.spec;
  }
  set spec(spec: EnvSpec | undefined) {
    this.ownSpec = spec;
  }
  get unwrapped(): Env<Obs, Act> {
    return this.env.unwrapped;
  }
  reset(args?: ResetArgs): ResetResult<Obs> {
    return this.env.reset(args);
  }
  step(action: Act): StepResult<Obs> {
    return this.env.step(action);
  }
  render(): RenderFrame {
    return this.env.render();
  }
  close(): void {
    this.env.close();
  }
  /** The wrapped env's state inside this wrapper's own fields. */
  getState(): EnvState {
    if (!isStatefulEnv(this.env)) throw notStatefulError(this);
    return { wrapper: this.stateName, ...this.ownState(), inner: this.env.getState() };
  }

  /** Checks this wrapper's fields, restores the wrapped env (which checks its own), then this wrapper. */
  setState(state: EnvState): void {
    if (!isStatefulEnv(this.env)) throw notStatefulError(this);
    const who = `${envName(this)} (${this.stateName})`;
    const fields = stateObject(state, who);
    if (fields.wrapper !== this.stateName || !("inner" in fields)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${who}: invalid state: expected the state of a ${this.stateName} wrapper ({ wrapper: "${this.stateName}", ..., inner }), got wrapper ${describeValue(fields.wrapper)}${"inner" in fields ? "" : " without inner"}. Restore a state saved from the same stack of wrappers.`,
      );
    }
    const restoreOwn = this.ownStateRestorer(fields, who);
    this.env.setState(fields.inner as EnvState);
    restoreOwn();
  }

  /** The name this wrapper's state carries (checked on restore). @default the class name */
  protected get stateName(): string {
    return this.constructor.name;
  }

  /** This wrapper's own fields of its state (none here). */
  protected ownState(): Record<string, JsonValue> {
    return {};
  }

  /**
   * Checks this wrapper's own fields of `state` (throwing a `GymkitError` that names the bad one)
   * and returns what puts them back; called before anything changes, so a bad state changes nothing.
   */
  protected ownStateRestorer(_state: Readonly<Record<string, unknown>>, _who: string): () => void {
    return () => {};
  }

  toString(): string {
    return `${this.constructor.name}<${String(this.env)}>`;
  }
}
