import { type Env, type Options, Registry } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";
import type { DqnAgent } from "../src/dqn-agent.js";
import plugin from "../src/index.js";

/** A registry with this package, the replay buffers and CartPole. */
export function testRegistry(): Registry {
  return new Registry().use(plugin).use(replayMemory).use(cartpole);
}

/** CartPole-v1 and an agent of `preset` built in a fresh scope. */
export function makeAgent(
  preset: string,
  options: Options = {},
  { seed = 0, totalSteps = 20_000, registry = testRegistry() } = {},
): { agent: DqnAgent; env: Env<Float32Array, number>; registry: Registry } {
  const env = registry.make<Env<Float32Array, number>>("CartPole-v1");
  const agent = registry.create("agent", preset, options, {
    seed,
    budget: { steps: totalSteps },
    env,
  }) as DqnAgent;
  return { agent, env, registry };
}

/**
 * A minimal training loop (core's `train()` does the same with events): act, step, observe,
 * update; `onStep` sees the step count after each update. Returns the episode returns.
 */
export function trainSteps(
  agent: DqnAgent,
  env: Env<Float32Array, number>,
  steps: number,
  { seed = 0, onStep }: { seed?: number; onStep?: (step: number) => void } = {},
): number[] {
  const returns: number[] = [];
  let obs = env.reset({ seed }).observation.slice();
  let ret = 0;
  for (let t = 1; t <= steps; t++) {
    const action = agent.act(obs);
    const r = env.step(action);
    const next = r.observation.slice();
    agent.observe({
      observation: obs,
      action,
      reward: r.reward,
      nextObservation: next,
      terminated: r.terminated,
      truncated: r.truncated,
    });
    agent.update();
    ret += r.reward;
    obs = next;
    if (r.terminated || r.truncated) {
      returns.push(ret);
      ret = 0;
      obs = env.reset().observation.slice();
    }
    onStep?.(t);
  }
  return returns;
}

/** Greedy evaluation returns over `episodes` episodes, seeds `seed`, `seed + 1`, … */
export function evaluateGreedy(
  agent: DqnAgent,
  env: Env<Float32Array, number>,
  episodes: number,
  seed: number,
): number[] {
  const out: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: seed + e }).observation;
    let ret = 0;
    for (;;) {
      const r = env.step(agent.predict(obs));
      ret += r.reward;
      obs = r.observation;
      if (r.terminated || r.truncated) break;
    }
    out.push(ret);
  }
  return out;
}
