import { assertSeed, createRng, type Rng } from "./rng.js";

/**
 * Every random stream of a run, derived from its one root seed in this one place. Streams are
 * forks by name, so adding a part never shifts another part's stream.
 */
export interface RunSeeds {
  /** The root seed. */
  readonly root: number;
  /** Seed of the training env's first reset (Gymnasium's `env.reset(seed=seed)`). */
  readonly env: number;
  /** Seed of the evaluation env's first reset: distinct, so evaluation never replays training starts. */
  readonly eval: number;
  /** The agent's stream: weight initialisation (`fork("init")`) and exploration (`fork("explore")`). */
  readonly agent: Rng;
  /** Replay sampling. */
  readonly replay: Rng;
  /** A further named stream for a part of one's own. */
  stream(name: string): Rng;
}

/** The run's streams from a root seed (an integer in [0, 2^32)). */
export function runSeeds(seed: number): RunSeeds {
  assertSeed(seed);
  const root = createRng(seed);
  const agent = root.fork("agent");
  return {
    root: seed,
    env: seed,
    eval: root.fork("eval").int(2 ** 31),
    agent,
    // The agent's replay stream was agent.fork("replay") before it moved here; kept, so seeds
    // give the same runs as before.
    replay: agent.fork("replay"),
    stream: (name) => root.fork(`part:${name}`),
  };
}
