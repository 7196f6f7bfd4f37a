import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/**
 * The golden subset (see fixtures/make-fixture.py): Gymnasium 1.3.0 / NumPy 2.4.6 / glibc 2.36
 * trajectories of the four envs, recorded by ../shared/golden/gen_classic_golden.py.
 */
export interface GoldenStep {
  obs: number[];
  state: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}
export interface GoldenEpisode {
  seed: number | string;
  policy: "lcg" | "pump";
  reset_obs: number[];
  reset_state: number[];
  reset_state_dtype: "float32" | "float64";
  /** Only for the episodes kept whole. */
  actions?: number[];
  steps?: GoldenStep[];
  step_state_dtypes?: Array<"float32" | "float64">;
  length?: number;
  return?: number;
  ended_by?: "terminated" | "truncated" | "max_steps";
}
export interface GoldenEnv {
  max_episode_steps: number;
  constants: Record<string, unknown>;
  episodes: GoldenEpisode[];
}
export interface Golden {
  envs: Record<string, GoldenEnv>;
  big_seed_resets: Array<{
    env_id: string;
    seed: number | string;
    reset_obs: number[];
    reset_state: number[];
    reset_state_dtype: "float32" | "float64";
  }>;
}

/**
 * `CLASSIC_GOLDEN=/path/to/file.json` runs the checks on another recording made by
 * gen_classic_golden.py (the whole shared file, other seeds): its episodes replace the subset's.
 */
function load(): Golden {
  const subset = JSON.parse(
    gunzipSync(readFileSync(new URL("./fixtures/classic_control_subset.json.gz", import.meta.url))).toString(
      "utf8",
    ),
  ) as Golden;
  const other = process.env.CLASSIC_GOLDEN;
  if (!other) return subset;
  const file = JSON.parse(readFileSync(other, "utf8")) as Golden;
  return { envs: file.envs, big_seed_resets: file.big_seed_resets ?? subset.big_seed_resets };
}

export const golden = load();

export const ENV_IDS = ["Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"] as const;

/** A seed as the env takes it: numbers up to 2^53 - 1, bigints beyond (written as strings). */
export const seedOf = (seed: number | string): number | bigint =>
  typeof seed === "string" ? BigInt(seed) : seed;

/** The action as the env takes it: an int, or `Float32Array.of(a)` for a Box. */
export const actionOf = (envId: string, a: number): number | Float32Array =>
  envId === "Acrobot-v1" || envId === "MountainCar-v0" ? a : Float32Array.of(a);

/** The episodes kept whole. */
export const wholeEpisodes = (
  envId: string,
): Array<GoldenEpisode & Required<Pick<GoldenEpisode, "actions" | "steps">>> =>
  golden.envs[envId]!.episodes.filter((e) => e.steps !== undefined) as Array<
    GoldenEpisode & Required<Pick<GoldenEpisode, "actions" | "steps">>
  >;

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** Distance in units in the last place between two doubles of the same sign (0 when equal). */
export function ulps(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || Math.sign(a) !== Math.sign(b)) return Number.POSITIVE_INFINITY;
  f64[0] = a;
  const ia = i64[0]!;
  f64[0] = b;
  const ib = i64[0]!;
  return Number(ia > ib ? ia - ib : ib - ia);
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** Distance in float32 units in the last place between two float32 values. */
export function ulps32(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || Math.sign(a) !== Math.sign(b)) return Number.POSITIVE_INFINITY;
  f32[0] = a;
  const ia = i32[0]!;
  f32[0] = b;
  return Math.abs(ia - i32[0]!);
}
