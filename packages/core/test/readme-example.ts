import { Box, createRng, Discrete, definePlugin, type Env, Registry, type ResetArgs } from "@gymkit/core";

/** Guess a coin: one step, reward 1 when the action (0 or 1) matches the hidden coin. */
class CoinEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  readonly renderMode = undefined;
  spec = undefined;
  private rng = createRng(0);
  private coin = 0;
  get unwrapped() {
    return this;
  }
  reset({ seed }: ResetArgs = {}) {
    if (seed !== undefined) this.rng = createRng(seed);
    this.coin = this.rng.int(2);
    return { observation: new Float32Array([0.5]), info: {} };
  }
  step(action: number) {
    const reward = action === this.coin ? 1 : 0;
    return {
      observation: new Float32Array([this.coin]),
      reward,
      terminated: true,
      truncated: false,
      info: {},
    };
  }
  render() {
    return undefined;
  }
  close() {}
}

const coinPlugin = definePlugin({
  name: "coin",
  register: (context) => context.register({ id: "Coin-v0", entry: () => new CoinEnv() }),
});

const registry = new Registry().use(coinPlugin);
const env = registry.make("Coin-v0"); // wrapped like gymnasium.make: order enforcing + passive checker
const { observation } = env.reset({ seed: 42 });
const { reward, terminated } = env.step(env.actionSpace.sample(createRng(1)));
console.log(observation, reward, terminated); // Float32Array(1) [ 0.5 ] 1 true (or 0 true)
