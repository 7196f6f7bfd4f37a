import { describeValue, GymkitError, type Transition } from "@gymkit/core";

/**
 * One-hot encoding of `Discrete(n, start)` observations, as Stable-Baselines3's `preprocess_obs`
 * does for its networks: `train()` hands the agent the cell index as a Float32Array of 1, and the
 * agent turns it into n numbers (1 at `index − start`) before its network and its replay buffer
 * see it, so both work on `Box(0, 1, [n])` rows. Reuses its arrays (no allocation per step).
 */
export class OneHotEncoder {
  private readonly row: Float32Array;
  private batch: Float32Array;
  private readonly next: Float32Array;
  private readonly encoded: Transition<Float32Array, number>;

  constructor(
    readonly n: number,
    readonly start: number,
  ) {
    this.row = new Float32Array(n);
    this.batch = new Float32Array(n);
    this.next = new Float32Array(n);
    // A plain literal (an object built by spread is slower to write to on every step).
    this.encoded = {
      observation: this.row,
      action: 0,
      reward: 0,
      nextObservation: this.next,
      terminated: false,
      truncated: false,
    };
  }

  /** `count` indices (one per row) as `count × n` one-hot rows, in an array reused by the next call. */
  encode(indices: ArrayLike<number>, count: number, what: string): Float32Array {
    const n = this.n;
    if (indices?.length !== count) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: expected ${count} observation${count === 1 ? "" : "s"} of Discrete(${n}${this.start === 0 ? "" : `, start=${this.start}`}) (one cell index each), got ${describeValue(indices)}.`,
      );
    }
    const out = count === 1 ? this.row : this.batchOf(count);
    out.fill(0);
    for (let i = 0; i < count; i++) out[i * n + this.index(indices[i]!, what)] = 1;
    return out;
  }

  /** The transition with both observations one-hot (one object, reused). */
  transition(t: Transition<ArrayLike<number>, number>): Transition<Float32Array, number> {
    const e = this.encoded;
    this.next.fill(0);
    this.next[this.index(t?.nextObservation?.[0], "observe")] = 1;
    this.encode(t.observation, 1, "observe");
    e.action = t.action;
    e.reward = t.reward;
    e.terminated = t.terminated;
    e.truncated = t.truncated;
    if (t.source === undefined) delete e.source;
    else e.source = t.source;
    return e;
  }

  private index(value: number | undefined, what: string): number {
    const k = (value ?? Number.NaN) - this.start;
    if (!Number.isInteger(k) || k < 0 || k >= this.n) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: observation ${describeValue(value)} is not in Discrete(${this.n}${this.start === 0 ? "" : `, start=${this.start}`}); pass the env's cell index.`,
      );
    }
    return k;
  }

  private batchOf(count: number): Float32Array {
    if (this.batch.length < count * this.n) this.batch = new Float32Array(count * this.n); // grows once per size
    return this.batch.subarray(0, count * this.n);
  }
}
