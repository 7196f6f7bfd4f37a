import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/**
 * The golden file recorded by running Gymnasium 1.4.0 (numpy 1.24.2, libm trigonometry), kept
 * gzipped (475 kB instead of 1.6 MB). Format: see its `format` key.
 */
export interface GoldenStep {
  obs: number[];
  state: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  past_termination?: boolean;
}
export interface GoldenEpisode {
  reset_seed: number | null;
  reset_obs: number[];
  reset_state: number[];
  actions: number[];
  steps: GoldenStep[];
  length: number;
  return: number;
}
export interface GoldenCase {
  env_id: string;
  make_kwargs: Record<string, unknown>;
  kinematics_integrator: "euler" | "semi-implicit-euler";
  sutton_barto_reward: boolean;
  max_episode_steps: number;
  seed: number;
  policy: string;
  reset_options: { low?: number; high?: number } | null;
  episodes: GoldenEpisode[];
}
export interface Golden {
  cartpole_constants: Record<string, unknown>;
  cases: GoldenCase[];
  reset_states_by_seed: Array<{ seed: number; state: number[]; obs: number[] }>;
}

export const golden = JSON.parse(
  gunzipSync(readFileSync(new URL("./fixtures/cartpole_gymnasium.json.gz", import.meta.url))).toString(
    "utf8",
  ),
) as Golden;

/** Gymnasium's make kwargs (snake_case) and the integrator attribute, as our make options. */
export function makeOptions(c: GoldenCase): Record<string, unknown> {
  const out: Record<string, unknown> = { kinematicsIntegrator: c.kinematics_integrator };
  for (const [k, v] of Object.entries(c.make_kwargs)) {
    if (k === "sutton_barto_reward") out.suttonBartoReward = v;
    else throw new Error(`golden: untranslated make kwarg ${k}`);
  }
  return out;
}
