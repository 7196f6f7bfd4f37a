/**
 * The last `size` finished episodes, for `rollout/ep_rew_mean` and `rollout/ep_len_mean`
 * (Stable-Baselines3 averages its `ep_info_buffer` of the last 100 episodes). Fixed arrays and
 * running sums: adding an episode allocates nothing.
 */
export class EpisodeWindow {
  private readonly returns: Float64Array;
  private readonly lengths: Float64Array;
  private count = 0;
  private next = 0;
  private returnSum = 0;
  private lengthSum = 0;

  constructor(readonly size = 100) {
    this.returns = new Float64Array(size);
    this.lengths = new Float64Array(size);
  }

  add(episodeReturn: number, length: number): void {
    if (this.count === this.size) {
      this.returnSum -= this.returns[this.next]!;
      this.lengthSum -= this.lengths[this.next]!;
    } else {
      this.count++;
    }
    this.returns[this.next] = episodeReturn;
    this.lengths[this.next] = length;
    this.returnSum += episodeReturn;
    this.lengthSum += length;
    this.next = (this.next + 1) % this.size;
    // Running sums drift by rounding; recompute exactly once per lap of the ring.
    if (this.next === 0) {
      this.returnSum = this.returns.reduce((a, b) => a + b, 0);
      this.lengthSum = this.lengths.reduce((a, b) => a + b, 0);
    }
  }

  /** The ring as JSON data, exactly (sums included, so means go on bit for bit after a restore). */
  toJSON(): WindowState {
    return {
      returns: Array.from(this.returns),
      lengths: Array.from(this.lengths),
      count: this.count,
      next: this.next,
      returnSum: this.returnSum,
      lengthSum: this.lengthSum,
    };
  }

  /** Takes back what {@link toJSON} gave (of a window of the same size). */
  restore(state: WindowState): void {
    this.returns.set(state.returns);
    this.lengths.set(state.lengths);
    this.count = state.count;
    this.next = state.next;
    this.returnSum = state.returnSum;
    this.lengthSum = state.lengthSum;
  }

  /** Episodes in the window (at most `size`). */
  get episodes(): number {
    return this.count;
  }
  /** Mean return of the window; undefined before the first episode. */
  meanReturn(): number | undefined {
    return this.count === 0 ? undefined : this.returnSum / this.count;
  }
  meanLength(): number | undefined {
    return this.count === 0 ? undefined : this.lengthSum / this.count;
  }
}

/** An {@link EpisodeWindow} as JSON data. */
export interface WindowState {
  returns: number[];
  lengths: number[];
  count: number;
  next: number;
  returnSum: number;
  lengthSum: number;
}
