/**
 * Why does a DQN run fail on a seed? Trains one agent spec on CartPole-v1 and, at every
 * evaluation, prints what the compare report does not show: how the greedy episodes end (the pole
 * falls, the cart leaves the track, or the 500-step limit), the Q-values the net predicts against
 * the discounted return the greedy policy actually gets from the same start states, the share of
 * hidden ReLU units that are dead on replayed states, and the TD loss and gradient norm.
 *
 *   npx tsx examples/tuning/diagnose.ts <seed> [agent-json] [steps]
 *   npx tsx examples/tuning/diagnose.ts 113 '{"kind":"dqn","doubleDqn":true}' 50000
 *
 * Output: one row per evaluation (tab-separated, for a spreadsheet or a plot).
 */
import agentDqn, { type DqnAgent, prepareBackend } from "@gymkit/agent-dqn";
import { type Env, Registry, type UpdateResult } from "@gymkit/core";
import cartpole from "@gymkit/env-cartpole";
import replayMemory from "@gymkit/replay-memory";

const seed = Number(process.argv[2] ?? 113);
const agentSpec = JSON.parse(process.argv[3] ?? '"dqn"');
const steps = Number(process.argv[4] ?? 50_000);

await prepareBackend("wasm");
const registry = new Registry().use(cartpole).use(replayMemory).use(agentDqn);
const run = await registry.compose({
  env: "CartPole-v1",
  agent: agentSpec,
  budget: { steps },
  eval: { every: 2500, episodes: 20 },
  seed,
});
const agent = run.agent as DqnAgent;
const probe = registry.make("CartPole-v1") as Env<Float32Array, number>;
const gamma = agent.options.gamma;

/** Hidden activations of the online net on `x` (JS forward pass from its weights). */
function hiddenActive(weights: Float32Array[], x: Float32Array, d: number, out: Uint8Array[]): void {
  let h = x;
  let size = d;
  for (let l = 0; l < agent.options.hidden.length; l++) {
    const k = weights[2 * l]!;
    const b = weights[2 * l + 1]!;
    const n = b.length;
    const next = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      let s = b[j]!;
      for (let i = 0; i < size; i++) s += h[i]! * k[i * n + j]!;
      next[j] = agent.options.activation === "relu" ? Math.max(0, s) : Math.tanh(s);
      if (next[j]! > 0) out[l]![j] = 1;
    }
    h = next;
    size = n;
  }
}

let lastUpdate: UpdateResult | undefined;
let lossSum = 0;
let gradSum = 0;
let n = 0;
run.events.on("update", (u) => {
  lastUpdate = u;
  lossSum += u.metrics?.["train/loss"] ?? 0;
  gradSum += u.metrics?.["train/grad_norm"] ?? 0;
  n++;
});

console.log(
  [
    "step",
    "eval",
    "pole%",
    "cart%",
    "limit%",
    "Q(s0)",
    "G(s0)",
    "dead%",
    "loss",
    "grad",
    "eps",
  ].join("\t"),
);
await run.train({
  onEvaluation: (ev) => {
    // 10 greedy episodes: how they end, and predicted vs obtained discounted return from s0.
    let pole = 0;
    let cart = 0;
    let limit = 0;
    let q0 = 0;
    let g0 = 0;
    const episodes = 10;
    let obs = probe.reset({ seed: 10_000 + ev.step }).observation;
    for (let e = 0; e < episodes; e++) {
      if (e > 0) obs = probe.reset().observation;
      const q = agent.qValues(obs, 1);
      q0 += Math.max(...q);
      let g = 0;
      let disc = 1;
      for (let t = 0; ; t++) {
        const r = probe.step(agent.predict(obs));
        g += disc * r.reward;
        disc *= gamma;
        obs = r.observation;
        if (r.truncated) {
          limit++;
          break;
        }
        if (r.terminated) {
          if (Math.abs(obs[0]!) > 2.4) cart++;
          else pole++;
          break;
        }
      }
      g0 += g;
    }
    // Dead units: never active on 2 000 replayed states.
    const batch = agent.buffer.sample(Math.min(2000, agent.buffer.size), run.seeds.stream("diagnose"), {
      copy: true,
    });
    const weights = agent.online.read();
    const active = agent.options.hidden.map((h) => new Uint8Array(h));
    const d = agent.spaces.observationSize;
    for (let i = 0; i < batch.size; i++)
      hiddenActive(weights, batch.observations.subarray(i * d, (i + 1) * d), d, active);
    const units = active.reduce((a, u) => a + u.length, 0);
    const dead = active.reduce((a, u) => a + u.filter((x) => x === 0).length, 0);
    console.log(
      [
        ev.step,
        ev.mean.toFixed(0),
        ((100 * pole) / episodes).toFixed(0),
        ((100 * cart) / episodes).toFixed(0),
        ((100 * limit) / episodes).toFixed(0),
        (q0 / episodes).toFixed(1),
        (g0 / episodes).toFixed(1),
        ((100 * dead) / units).toFixed(1),
        n ? (lossSum / n).toFixed(4) : "-",
        n ? (gradSum / n).toFixed(3) : "-",
        lastUpdate?.metrics?.["rollout/exploration_rate"]?.toFixed(3) ?? "-",
      ].join("\t"),
    );
    lossSum = 0;
    gradSum = 0;
    n = 0;
  },
});
await run.dispose();
