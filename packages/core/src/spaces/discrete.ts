import type { Rng } from "../rng.js";
import type { Space, SpaceJSON } from "../space.js";

/** TODO(core helper): {start, start+1, ..., start+n-1}, Gymnasium's `Discrete(n, start)`. */
export class Discrete implements Space<number> {
  readonly shape: readonly number[] = [];
  readonly dtype = "int64" as const;
  constructor(
    readonly n: number,
    readonly start = 0,
  ) {}
  contains(x: unknown): x is number {
    return typeof x === "number" && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }
  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }
  toJSON(): SpaceJSON {
    return { type: "Discrete", n: this.n, start: this.start };
  }
  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
