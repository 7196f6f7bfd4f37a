import type {
  ActOptions,
  Agent,
  BatchActor,
  Checkpointable,
  CheckpointFiles,
  Transition,
  UpdateResult,
} from "../agent.js";
import type { ReplayBuffer } from "../buffer.js";
import { GymkitError } from "../errors.js";
import { createRng, type Rng, type RngState } from "../rng.js";
import type { Box } from "../spaces/box.js";

/** Options of {@link LinearBoxAgent}. */
export interface LinearBoxAgentOptions {
  /** The env's action space: a `Box` whose size is the action's. */
  actionSpace: Box;
  /** Numbers per observation. */
  observationSize: number;
  /** Seed of the exploration noise. @default 0 */
  seed?: number;
  /** Weights, `actionSize × observationSize` row-major. @default zeros */
  weights?: readonly number[];
  /** Standard deviation of the Gaussian noise added when exploring. @default 0.1 */
  noise?: number;
  /** Where `observe` stores transitions and `update` samples them (a replay buffer of Box actions). */
  buffer?: ReplayBuffer;
  /** Steps between updates. @default 4 */
  updateEvery?: number;
  /** Transitions per sampled batch. @default 8 */
  batchSize?: number;
}

const FILE = "linear-box-agent.json";

/**
 * A test agent with continuous actions: a linear policy `a = clip(W·obs + noise, low, high)` that
 * does not learn (its `update` samples its buffer and reports the batch's mean reward as
 * `train/loss`), for tests of the continuous-action plumbing through `train()`, vector envs,
 * replay buffers and checkpoints. It returns the same action array from every `act` (as fast
 * agents do), so a caller that does not copy actions shows up. `Checkpointable`: weights, counters
 * and the noise generator round-trip.
 */
export class LinearBoxAgent
  implements Agent<Float32Array, Float32Array>, BatchActor<Float32Array>, Checkpointable
{
  readonly weights: Float32Array;
  readonly actionSize: number;
  /** Transitions observed. */
  steps = 0;
  updates = 0;
  /** Every transition's action as the agent saw it (a copy), for tests. */
  readonly seenActions: number[][] = [];
  private rng: Rng;
  private readonly out: Float32Array;
  private readonly sampleRng: Rng;

  constructor(private readonly options: LinearBoxAgentOptions) {
    const { actionSpace, observationSize } = options;
    this.actionSize = actionSpace.size;
    this.weights = new Float32Array(this.actionSize * observationSize);
    if (options.weights) this.weights.set(options.weights);
    this.rng = createRng(options.seed ?? 0);
    this.sampleRng = this.rng.fork("sample");
    this.out = new Float32Array(this.actionSize);
  }

  act(observation: Float32Array, options?: ActOptions): Float32Array {
    this.actInto(observation, 0, options?.explore !== false, this.out, 0);
    return this.out;
  }

  actBatch(
    observations: Float32Array,
    count: number,
    options?: ActOptions,
    out?: Float32Array,
  ): Float32Array {
    const target = out ?? new Float32Array(count * this.actionSize);
    const d = this.options.observationSize;
    for (let i = 0; i < count; i++) {
      this.actInto(observations, i * d, options?.explore !== false, target, i * this.actionSize);
    }
    return target;
  }

  observe(transition: Transition<Float32Array, Float32Array>): void {
    if (!(transition.action instanceof Float32Array) || transition.action.length !== this.actionSize) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `LinearBoxAgent.observe: expected a Float32Array action of ${this.actionSize}, got ${String(transition.action)}.`,
      );
    }
    this.steps++;
    this.seenActions.push(Array.from(transition.action));
    // ReplayBuffer.add takes a number action until the replay branch (issue 21) types it
    // `number | ArrayLike<number>`; the buffer checks the action against its layout at run time.
    this.options.buffer?.add(transition as unknown as Transition<ArrayLike<number>, number>);
  }

  update(): UpdateResult | undefined {
    const { buffer } = this.options;
    const every = this.options.updateEvery ?? 4;
    const batchSize = this.options.batchSize ?? 8;
    if (this.steps % every !== 0 || (buffer !== undefined && buffer.size < batchSize)) return undefined;
    this.updates++;
    let loss = 0;
    if (buffer) {
      const batch = buffer.sample(batchSize, this.sampleRng);
      for (let i = 0; i < batch.size; i++) loss -= batch.rewards[i]! / batch.size;
    }
    return { step: this.steps, updates: this.updates, targetSynced: false, metrics: { "train/loss": loss } };
  }

  async checkpoint(): Promise<CheckpointFiles> {
    const state = {
      weights: Array.from(this.weights),
      steps: this.steps,
      updates: this.updates,
      rng: this.rng.getState(),
      sampleRng: this.sampleRng.getState(),
    };
    return { [FILE]: new TextEncoder().encode(JSON.stringify(state)) };
  }

  async restore(files: CheckpointFiles, source = "checkpoint"): Promise<void> {
    const bytes = files[FILE];
    if (!bytes) {
      throw new GymkitError(
        "GYMKIT_CORRUPT_FILE",
        `LinearBoxAgent: ${source} has no ${FILE}; pass what checkpoint() returned.`,
      );
    }
    // A test agent: it trusts its own files beyond their presence.
    const s = JSON.parse(new TextDecoder().decode(bytes)) as {
      weights: number[];
      steps: number;
      updates: number;
      rng: RngState;
      sampleRng: RngState;
    };
    this.weights.set(s.weights);
    this.steps = s.steps;
    this.updates = s.updates;
    this.rng.setState(s.rng);
    this.sampleRng.setState(s.sampleRng);
  }

  dispose(): void {}

  private actInto(obs: Float32Array, at: number, explore: boolean, out: Float32Array, to: number): void {
    const d = this.options.observationSize;
    const { low, high } = this.options.actionSpace;
    const noise = this.options.noise ?? 0.1;
    for (let k = 0; k < this.actionSize; k++) {
      let a = 0;
      for (let j = 0; j < d; j++) a += this.weights[k * d + j]! * obs[at + j]!;
      if (explore) a += noise * this.rng.normal();
      out[to + k] = Math.min(Math.max(a, low[k]!), high[k]!);
    }
  }
}
