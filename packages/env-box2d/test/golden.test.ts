/**
 * LunarLander against Gymnasium 1.3 (pybox2d 2.3.10) on the 50 recorded episodes
 * (fixtures/lunar_lander_subset.json.gz, seeds 0-19 LCG discrete and continuous, heuristic 0-4).
 * Exact: every random draw and the terrain. Within measured tolerances: the reset observation and
 * the free-flight steps, with the recorded actions (planck computes in doubles what Box2D 2.3
 * computes in float32). Outcomes: the recorded actions end each LCG episode as Gymnasium's did,
 * and Gymnasium's heuristic controller lands and comes to rest on seeds 0-4.
 */
import { describe, expect, it } from "vitest";
import { heuristic, LcgPolicy, LunarLanderEnv } from "../src/index.js";
import { type GoldenEpisode, goldenEpisodes } from "./golden.js";

/** Measured on these 50 episodes: 2.4e-7 (reset), 2.9e-6 (steps 1-10), 7.7e-5 (all free flight). */
const RESET_TOLERANCE = 1e-5;
const FIRST_STEPS_TOLERANCE = 1e-5;
const FREE_FLIGHT_TOLERANCE = 5e-4;

const episodes = goldenEpisodes();
const name = (ep: GoldenEpisode) =>
  `${ep.policy} ${ep.continuous ? "continuous" : "discrete"} seed ${ep.seed}`;
const maxDiff = (a: ArrayLike<number>, b: readonly number[]) =>
  Math.max(...Array.from(a, (v, k) => Math.abs(v - b[k]!)));
/** A recorded action as Gymnasium got it (continuous heuristic actions are doubles: not rounded). */
const action = (a: number | [number, number]) => (typeof a === "number" ? a : (a as unknown as Float32Array));

describe("LunarLander vs Gymnasium 1.3: random draws and terrain, exactly", () => {
  it.each(episodes.map((ep) => [name(ep), ep] as const))("%s", (_, ep) => {
    const env = new LunarLanderEnv({ continuous: ep.continuous });
    env.reset({ seed: ep.seed });
    const sim = env.simulation;
    const t = sim.terrain!;
    expect(Array.from(t.heightsRaw)).toEqual(ep.terrain.heights_raw);
    expect(Array.from(t.heights)).toEqual(ep.terrain.heights);
    expect(Array.from(t.chunkX)).toEqual(ep.terrain.chunk_x);
    expect(Array.from(t.smoothY)).toEqual(ep.terrain.smooth_y);
    expect([t.helipadX1, t.helipadX2, t.helipadY]).toEqual([
      ep.terrain.helipad_x1,
      ep.terrain.helipad_x2,
      ep.terrain.helipad_y,
    ]);
    expect(Array.from(sim.force)).toEqual(ep.initial_force);
    expect(Array.from(sim.dispersion)).toEqual(ep.reset_dispersion);
    // Every step's two dispersion draws, for the whole recorded episode.
    const draws = ep.actions.map((a) => {
      env.step(action(a));
      return Array.from(sim.dispersion);
    });
    expect(draws).toEqual(ep.dispersion);
  });
});

describe("LunarLander vs Gymnasium 1.3: the reset and the free flight, within tolerance", () => {
  it("reset observations of all 50 episodes within 1e-5 (the issue asks 2e-3)", () => {
    const worst = Math.max(
      ...episodes.map((ep) =>
        maxDiff(
          new LunarLanderEnv({ continuous: ep.continuous }).reset({ seed: ep.seed }).observation,
          ep.reset_obs,
        ),
      ),
    );
    expect(worst).toBeLessThan(RESET_TOLERANCE);
  });

  it.each(episodes.map((ep) => [name(ep), ep] as const))(
    "%s: every step before the first contact",
    (_, ep) => {
      const env = new LunarLanderEnv({ continuous: ep.continuous });
      env.reset({ seed: ep.seed });
      ep.free_flight.forEach((golden, t) => {
        const r = env.step(action(ep.actions[t]!));
        const d = maxDiff(r.observation, golden.obs);
        expect(d, `step ${t + 1}`).toBeLessThan(t < 10 ? FIRST_STEPS_TOLERANCE : FREE_FLIGHT_TOLERANCE);
        // Shaping differences of the observation's size: a reward within 100 × the obs tolerance.
        expect(Math.abs(r.reward - golden.reward), `reward at step ${t + 1}`).toBeLessThan(
          100 * FREE_FLIGHT_TOLERANCE,
        );
        // Free flight ends at the first contact, or at the end of an out-of-bounds episode.
        expect([r.terminated, r.observation[6], r.observation[7]]).toEqual([t + 1 === ep.length, 0, 0]);
      });
    },
  );
});

describe("LunarLander vs Gymnasium 1.3: outcomes", () => {
  const lcg = episodes.filter((ep) => ep.policy === "lcg");
  it("replaying the LCG policy, all 40 episodes end at Gymnasium's step, the same way, with its return ±1 (38 of them ±0.05)", () => {
    let close = 0;
    const got = lcg.map((ep) => {
      const env = new LunarLanderEnv({ continuous: ep.continuous });
      env.reset({ seed: ep.seed });
      const policy = new LcgPolicy(ep.seed);
      let ret = 0;
      let length = 0;
      for (;;) {
        const r = env.step(ep.continuous ? policy.continuous() : policy.discrete());
        ret += r.reward;
        length++;
        if (r.terminated) {
          const by =
            r.reward === 100 ? "at_rest" : env.simulation.world!.gameOver ? "crash" : "out_of_bounds";
          if (Math.abs(ret - ep.return) < 0.05) close++;
          return `${name(ep)}: ${length} ${by} ${Math.abs(ret - ep.return) < 1 ? "≈" : ret}`;
        }
      }
    });
    expect(got).toEqual(lcg.map((ep) => `${name(ep)}: ${ep.length} ${ep.ended_by} ≈`));
    expect(close).toBeGreaterThanOrEqual(38);
  });

  it("Gymnasium's heuristic lands and comes to rest (+100) on seeds 0-4, discrete and continuous, scoring over 200", () => {
    const heuristicEpisodes = episodes.filter((ep) => ep.policy === "heuristic");
    for (const ep of heuristicEpisodes) {
      const env = new LunarLanderEnv({ continuous: ep.continuous });
      let { observation } = env.reset({ seed: ep.seed });
      let ret = 0;
      let length = 0;
      let last = 0;
      while (length < 1000) {
        const r = env.step(heuristic(observation, ep.continuous));
        observation = r.observation;
        ret += r.reward;
        last = r.reward;
        length++;
        if (r.terminated) break;
      }
      expect({ episode: name(ep), last, landed: ret > 200 }).toEqual({
        episode: name(ep),
        last: 100,
        landed: true,
      });
      // Closed loop, so any difference could compound; they land within 2 steps of Gymnasium.
      expect(Math.abs(length - ep.length), name(ep)).toBeLessThanOrEqual(2);
    }
  });
});
