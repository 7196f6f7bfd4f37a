import type { Env, ResetArgs, ResetResult, StepResult } from "../env.js";
import { describeValue, GymkitError } from "../errors.js";
import type { Space } from "../space.js";
import { Box } from "../spaces/box.js";
import { Discrete } from "../spaces/discrete.js";
import { Wrapper } from "./wrapper.js";

/**
 * Observations as one flat float32 vector (Gymnasium's `FlattenObservation`): a `Discrete(n, start)`
 * observation `k` becomes the one-hot `Box(0, 1, [n])` vector with a 1 at `k - start`; a `Box` of any
 * shape becomes a 1-D `Box` of its size, in float32. Agents that need a `Box` (DQN) can then train
 * on an env with `Discrete` observations, while the env itself keeps Gymnasium's spaces.
 *
 * The observation buffer and the result objects are reused: an observation is valid until the next
 * `step`/`reset`. The wrapper has no state of its own; `getState`/`setState` nest the wrapped env's.
 * @example
 * const env = new FlattenObservation(registry.make("gymkit-gridworld:GridWorld-v0"));
 * env.observationSpace; // Box(0.0, 1.0, (16,), float32)
 */
export class FlattenObservation<Act = number> extends Wrapper<Float32Array, Act> {
  private readonly space: Box;
  private readonly flatten: (observation: unknown) => void;
  private readonly obs: Float32Array;
  private readonly resetResult: ResetResult<Float32Array>;
  private readonly stepResult: StepResult<Float32Array>;

  constructor(env: Env<unknown, Act>) {
    // The wrapper replaces every member whose type involves the observation (observationSpace,
    // reset, step), so it stands in for the wrapped env as an Env<Float32Array, Act>.
    super(env as unknown as Env<Float32Array, Act>);
    const inner: Space<unknown> = env.observationSpace;
    if (inner instanceof Discrete) {
      const { n, start } = inner;
      this.space = new Box(0, 1, [n]);
      this.obs = new Float32Array(n);
      this.flatten = (k) => {
        this.obs.fill(0);
        this.obs[(k as number) - start] = 1;
      };
    } else if (inner instanceof Box) {
      this.space = new Box(inner.low, inner.high, [inner.size]);
      this.obs = new Float32Array(inner.size);
      this.flatten = (x) => this.obs.set(x as ArrayLike<number>);
    } else {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `FlattenObservation: cannot flatten observation space ${describeValue(String(inner))}; it flattens Discrete and Box spaces.`,
      );
    }
    this.resetResult = { observation: this.obs, info: {} };
    this.stepResult = { observation: this.obs, reward: 0, terminated: false, truncated: false, info: {} };
  }

  override get observationSpace(): Box {
    return this.space;
  }

  override reset(args?: ResetArgs): ResetResult<Float32Array> {
    const r = this.env.reset(args) as ResetResult<unknown>;
    this.flatten(r.observation);
    this.resetResult.info = r.info;
    return this.resetResult;
  }

  override step(action: Act): StepResult<Float32Array> {
    const r = this.env.step(action) as StepResult<unknown>;
    this.flatten(r.observation);
    const out = this.stepResult;
    out.reward = r.reward;
    out.terminated = r.terminated;
    out.truncated = r.truncated;
    out.info = r.info;
    return out;
  }

  protected override get stateName(): string {
    return "FlattenObservation";
  }
}
