import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One episode of `fixtures/lunar_lander_subset.json.gz` (see `fixtures/make-subset.py`). */
export interface GoldenEpisode {
  seed: number;
  continuous: boolean;
  policy: "lcg" | "heuristic";
  terrain: {
    heights_raw: number[];
    heights: number[];
    chunk_x: number[];
    smooth_y: number[];
    helipad_x1: number;
    helipad_x2: number;
    helipad_y: number;
  };
  initial_force: [number, number];
  reset_dispersion: [number, number];
  reset_obs: number[];
  reset_body: number[];
  reset_shaping: number;
  /** Discrete: numbers; continuous: [main, side]. */
  actions: Array<number | [number, number]>;
  /** Every step's 2 raw draws uniform(-1, 1). */
  dispersion: Array<[number, number]>;
  /** Steps before the first leg contact or crash. */
  free_flight: Array<{ obs: number[]; reward: number }>;
  length: number;
  return: number;
  ended_by: "crash" | "at_rest" | "out_of_bounds" | "time_limit";
}

let cached: GoldenEpisode[] | undefined;

/** The 50 recorded Gymnasium episodes (LCG seeds 0-19 discrete and continuous, heuristic 0-4). */
export function goldenEpisodes(): GoldenEpisode[] {
  cached ??= (
    JSON.parse(
      gunzipSync(readFileSync(new URL("./fixtures/lunar_lander_subset.json.gz", import.meta.url))).toString(),
    ) as { episodes: GoldenEpisode[] }
  ).episodes;
  return cached;
}

/** Per-seed outcomes of Gymnasium under the LCG random policy, seeds 0-999 (`shared/golden`). */
export interface GoldenStats {
  n: number;
  /** `[seed, length, return, ended_by]` */
  per_episode: Array<[number, number, number, string]>;
}

export function goldenStats(): { discrete: GoldenStats; continuous: GoldenStats } {
  return JSON.parse(
    gunzipSync(
      readFileSync(new URL("./fixtures/lunar_lander_stats_gymnasium.json.gz", import.meta.url)),
    ).toString(),
  ) as { discrete: GoldenStats; continuous: GoldenStats };
}
