import type { Env, EnvMetadata, EnvSpec, RenderFrame, ResetArgs, ResetResult, StepResult } from "../env.js";
import type { Space } from "../space.js";

/**
 * Base of all wrappers (Gymnasium's `Wrapper`): forwards everything to the wrapped env.
 * Subclasses override what they change. Step results may be the inner env's own (reused)
 * objects, adjusted in place: a wrapper adds no allocation per step.
 */
export class Wrapper<Obs = Float32Array, Act = number> implements Env<Obs, Act> {
  private ownSpec: EnvSpec | undefined;

  constructor(readonly env: Env<Obs, Act>) {}

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
  toString(): string {
    return `${this.constructor.name}<${String(this.env)}>`;
  }
}
