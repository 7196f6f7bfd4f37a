import { LcgPolicy, LunarLanderEnv } from "../src/index.js";

/** How an episode ended, in the golden data's words. */
export type EndedBy = "crash" | "at_rest" | "out_of_bounds" | "time_limit";

/** One LCG-policy episode: `[seed, length, return, endedBy]`, the golden statistics' row format. */
export type EpisodeRow = [seed: number, length: number, ret: number, endedBy: EndedBy];

/**
 * Runs the golden data's LCG random policy for one episode per seed (to termination or the
 * 1000-step TimeLimit), as `gen_lunar_golden.py stats` does. A crash that also leaves the screen
 * counts as a crash, as Gymnasium's `game_over` is checked first.
 */
export function lcgRollouts(seeds: Iterable<number>, continuous: boolean): EpisodeRow[] {
  const rows: EpisodeRow[] = [];
  const env = new LunarLanderEnv({ continuous });
  for (const seed of seeds) {
    env.reset({ seed });
    const policy = new LcgPolicy(seed);
    let ret = 0;
    let length = 0;
    let endedBy: EndedBy = "time_limit";
    while (length < 1000) {
      const r = env.step(continuous ? policy.continuous() : policy.discrete());
      ret += r.reward;
      length++;
      if (r.terminated) {
        endedBy = r.reward === 100 ? "at_rest" : env.simulation.world!.gameOver ? "crash" : "out_of_bounds";
        break;
      }
    }
    rows.push([seed, length, ret, endedBy]);
  }
  env.close();
  return rows;
}

/** Mean, sample standard deviation and the normal 95% interval of the mean. */
export function meanCi(xs: readonly number[]): { mean: number; sd: number; lo: number; hi: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (1.96 * sd) / Math.sqrt(n);
  return { mean, sd, lo: mean - half, hi: mean + half };
}

/** Wilson 95% interval of a proportion k/n (the golden README's method). */
export function wilson(k: number, n: number): { p: number; lo: number; hi: number } {
  const z = 1.96;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
