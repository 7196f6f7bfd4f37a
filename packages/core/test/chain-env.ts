import type { Env, ResetArgs, ResetResult, StepResult } from "../src/env.js";
import { type EnvState, rngStateToJson, type StatefulEnv } from "../src/env-state.js";
import { createRng, type Rng, type RngState } from "../src/rng.js";
import { Box } from "../src/spaces/box.js";
import { Discrete } from "../src/spaces/discrete.js";

/**
 * A tiny test env that behaves like a careful real one: it reuses its observation buffer AND its
 * result objects (so aliasing bugs in wrappers, vector envs and train() show up), seeds through
 * `reset({ seed })` and continues its generator on unseeded resets.
 *
 * Observation `[x0 + t, lastAction]`, where x0 ∈ [0, 1) is drawn at reset; reward `action + 1`;
 * terminates after `length` steps; info `{ t }`.
 */
export class ChainEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, [2]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: ["ansi"], renderFps: 4 };
  readonly renderMode: string | undefined;
  spec = undefined;
  resets = 0;
  closed = 0;
  t = 0;
  x0 = 0;
  protected rng: Rng = createRng(0);
  private readonly obs = new Float32Array(2);
  private readonly resetResult: ResetResult<Float32Array> = { observation: this.obs, info: {} };
  private readonly stepResult: StepResult<Float32Array> = {
    observation: this.obs,
    reward: 0,
    terminated: false,
    truncated: false,
    info: {},
  };

  constructor(
    readonly length = 3,
    options: { renderMode?: string } = {},
  ) {
    this.renderMode = options.renderMode;
  }

  get unwrapped(): this {
    return this;
  }

  reset(args: ResetArgs = {}): ResetResult<Float32Array> {
    if (args.seed !== undefined) this.rng = createRng(args.seed);
    this.resets++;
    this.t = 0;
    this.x0 = this.rng.float();
    this.obs[0] = this.x0;
    this.obs[1] = 0;
    this.resetResult.info = { seed: args.seed };
    return this.resetResult;
  }

  step(action: number): StepResult<Float32Array> {
    this.t++;
    this.obs[0] = this.x0 + this.t;
    this.obs[1] = action;
    const r = this.stepResult;
    r.reward = action + 1;
    r.terminated = this.t >= this.length;
    r.truncated = false;
    r.info = { t: this.t };
    return r;
  }

  render(): string | undefined {
    return this.renderMode === "ansi" ? `t=${this.t}` : undefined;
  }

  close(): void {
    this.closed++;
  }
}

/** A ChainEnv that can save its state (step, start and generator): for resume tests. */
export class StatefulChainEnv extends ChainEnv implements StatefulEnv {
  getState(): EnvState {
    return { t: this.t, x0: this.x0, rng: rngStateToJson(this.rng.getState()) };
  }
  setState(state: EnvState): void {
    const s = state as unknown as { t: number; x0: number; rng: RngState }; // a test env: trusts its own states
    this.rng.setState(s.rng);
    this.t = s.t;
    this.x0 = s.x0;
  }
}
