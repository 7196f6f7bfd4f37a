/**
 * How often this port agrees with Gymnasium bit for bit, per env and per `trig` option, over a
 * whole golden file (the tests use a subset; this is the figure for docs/classic-control/):
 * - one step from every recorded state: the share of steps whose state, observation and reward
 *   are all bit-identical;
 * - whole episodes from reset with the recorded actions: the step of the first differing float64
 *   state component (the first differing float32 observation or flag comes later or never).
 * Run: `CLASSIC_GOLDEN=../../../shared/golden/classic_control_gymnasium.json npx tsx
 * --conditions=@gymkit/source bench/golden-agreement.ts` (default: the test subset).
 */
import { type Env, Registry } from "@gymkit/core";
import classic, { type ClassicControlEnv } from "../src/index.js";
import { TRIG_KINDS } from "../src/math.js";
import { actionOf, ENV_IDS, type GoldenEpisode, seedOf, wholeEpisodes } from "../test/golden.js";

const registry = new Registry().use(classic);
type Inner = ClassicControlEnv<unknown>;
const inner = (env: Env<Float32Array, unknown>) => env.unwrapped as unknown as Inner;

function stateBefore(
  ep: GoldenEpisode & { steps: { state: number[] }[] },
  t: number,
): number[] | Float32Array {
  const dtypes = ep.step_state_dtypes ?? [];
  const dtype = t === 0 ? ep.reset_state_dtype : dtypes[dtypes.length === 1 ? 0 : t - 1];
  const state = t === 0 ? ep.reset_state : ep.steps[t - 1]!.state;
  return dtype === "float32" ? Float32Array.from(state) : state;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, k) => Object.is(v, b[k]) || v === b[k]);

for (const trig of TRIG_KINDS) {
  console.log(`\ntrig: "${trig}"`);
  for (const id of ENV_IDS) {
    const episodes = wholeEpisodes(id);
    let steps = 0;
    let identical = 0;
    const firstState: string[] = [];
    for (const ep of episodes) {
      const env = registry.make<Env<Float32Array, unknown>>(id, { trig });
      env.reset({ seed: seedOf(ep.seed) });
      ep.steps.forEach((want, t) => {
        inner(env).state = stateBefore(ep, t);
        const got = inner(env).step(actionOf(id, ep.actions[t]!));
        steps++;
        if (
          same(inner(env).state!, want.state) &&
          same(got.observation, want.obs) &&
          got.reward === want.reward &&
          got.terminated === want.terminated
        )
          identical++;
      });
      // whole episode from reset
      const free = registry.make<Env<Float32Array, unknown>>(id, { trig });
      free.reset({ seed: seedOf(ep.seed) });
      let first = -1;
      let firstObs = -1;
      ep.steps.forEach((want, t) => {
        const got = free.step(actionOf(id, ep.actions[t]!));
        if (first < 0 && !same(inner(free).state!, want.state)) first = t;
        if (firstObs < 0 && (!same(got.observation, want.obs) || got.terminated !== want.terminated))
          firstObs = t;
      });
      firstState.push(
        `${ep.policy}${ep.seed}:${first < 0 ? `all ${ep.steps.length}` : first}${firstObs < 0 ? "" : `/obs ${firstObs}`}`,
      );
    }
    console.log(
      `${id}: one step bit-identical ${identical}/${steps} (${((100 * identical) / steps).toFixed(2)}%); whole episodes, first differing state step (/first differing obs or flag): ${firstState.join(" ")}`,
    );
  }
}
