import {
  type Batch,
  Box,
  Discrete,
  definePart,
  definePlugin,
  GymkitError,
  type ReplayBuffer,
  type Rng,
  type SampleOptions,
  type Transition,
  type TransitionBatch,
  z,
} from "@gymkit/core";

/**
 * `reservoir`: keeps a uniform random subset of everything ever added (Vitter's algorithm R), so
 * old experience is never pushed out wholesale as in a FIFO buffer; sampled uniformly.
 */
class ReservoirBuffer implements ReplayBuffer {
  readonly kind = "reservoir";
  size = 0;
  private seen = 0;
  private readonly obs: Float32Array;
  private readonly next: Float32Array;
  readonly actionSize: number;
  private readonly actions: Int32Array | Float32Array; // one int32 (Discrete) or actionSize floats (Box)
  private readonly rewards: Float32Array;
  private readonly flags: Uint8Array; // 1 terminated, 2 truncated

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
    private readonly actionSpace: Discrete | Box,
    private readonly keep: Rng, // decides which transitions the reservoir keeps
  ) {
    this.obs = new Float32Array(capacity * observationSize);
    this.next = new Float32Array(capacity * observationSize);
    this.actionSize = actionSpace instanceof Box ? actionSpace.size : 1;
    this.actions =
      actionSpace instanceof Box ? new Float32Array(capacity * this.actionSize) : new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  add(t: Transition<ArrayLike<number>, number | ArrayLike<number>>): void {
    this.check(t);
    this.seen++;
    const slot = this.size < this.capacity ? this.size++ : this.keep.int(this.seen);
    if (slot >= this.capacity) return; // not kept: the reservoir holds each of `seen` with equal chance
    const d = this.observationSize;
    this.obs.set(t.observation, slot * d);
    this.next.set(t.nextObservation, slot * d);
    if (typeof t.action === "number") this.actions[slot] = t.action;
    else this.actions.set(t.action, slot * this.actionSize);
    this.rewards[slot] = t.reward;
    this.flags[slot] = (t.terminated ? 1 : 0) | (t.truncated ? 2 : 0);
  }

  addBatch(b: TransitionBatch): void {
    const d = this.observationSize;
    const a = this.actionSize;
    const box = this.actionSpace instanceof Box;
    const rows = Array.from({ length: b.count }, (_, i) => ({
      observation: Array.from({ length: d }, (_, j) => b.observations[i * d + j]!),
      nextObservation: Array.from({ length: d }, (_, j) => b.nextObservations[i * d + j]!),
      action: box ? Float32Array.from({ length: a }, (_, j) => b.actions[i * a + j]!) : b.actions[i]!,
      reward: b.rewards[i]!,
      terminated: Boolean(b.terminated[i]),
      truncated: Boolean(b.truncated[i]),
    }));
    for (const row of rows) this.check(row); // every row first: a bad one stores nothing
    for (const row of rows) this.add(row);
  }

  sample(batchSize: number, rng: Rng, _options?: SampleOptions): Batch {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > this.size) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Replay buffer "reservoir": cannot sample ${batchSize} from ${this.size} stored transitions; batchSize must be an integer in [1, size].`,
      );
    }
    const d = this.observationSize;
    const indices = new Int32Array(batchSize).map(() => rng.int(this.size)); // fresh arrays: no reuse to honour
    const rows = <T extends Float32Array | Int32Array>(from: T, n: number): T => {
      const out = from.slice(0, batchSize * n) as T; // same array type; every row is overwritten
      for (const [i, slot] of indices.entries()) out.set(from.subarray(slot * n, (slot + 1) * n), i * n);
      return out;
    };
    return {
      size: batchSize,
      observations: rows(this.obs, d),
      nextObservations: rows(this.next, d),
      actions: rows(this.actions, this.actionSize),
      actionSize: this.actionSize,
      rewards: Float32Array.from(indices, (s) => this.rewards[s]!),
      terminated: Uint8Array.from(indices, (s) => this.flags[s]! & 1),
      truncated: Uint8Array.from(indices, (s) => this.flags[s]! >> 1),
      indices,
    };
  }

  clear(): void {
    this.size = 0;
    this.seen = 0;
  }

  private check(t: Transition<ArrayLike<number>, number | ArrayLike<number>>): void {
    const bad = (what: string) =>
      new GymkitError("GYMKIT_INVALID_ARGUMENT", `Replay buffer "reservoir": ${what}. Nothing was stored.`);
    for (const name of ["observation", "nextObservation"] as const) {
      const x = t[name];
      if (x?.length !== this.observationSize) throw bad(`${name} must hold ${this.observationSize} numbers`);
      for (let i = 0; i < x.length; i++)
        if (!Number.isFinite(x[i])) throw bad(`${name}[${i}] is ${x[i]}; expected finite`);
    }
    if (!this.actionSpace.contains(t.action))
      throw bad(`action ${String(t.action)} is not in ${this.actionSpace}`);
    if (!Number.isFinite(t.reward)) throw bad(`reward must be a finite number, got ${t.reward}`);
  }
}

const reservoir = definePart({
  slot: "buffer",
  id: "reservoir",
  description: "Reservoir sampling: a uniform random subset of all transitions ever added.",
  options: z.strictObject({
    capacity: z.number().int().min(1).default(50_000).describe("Transitions kept."),
  }),
  create(options, context) {
    const { observationSpace, actionSpace } = context.spaces();
    if (
      !(observationSpace instanceof Box && (actionSpace instanceof Discrete || actionSpace instanceof Box))
    ) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `${context.path}: "reservoir" needs a Box observation space and Discrete or Box actions.`,
      );
    }
    return new ReservoirBuffer(
      options.capacity,
      observationSpace.size,
      actionSpace,
      context.run.seeds.stream("reservoir"),
    );
  },
});

/** The plugin a config names: `plugins: ["./src/plugin.ts"]`, then `buffer: { kind: reservoir }`. */
export default definePlugin({
  name: "buffer-reservoir",
  register(context) {
    context.add(reservoir);
  },
});
