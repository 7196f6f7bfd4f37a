import {
  Box,
  createRng,
  Discrete,
  definePlugin,
  type Env,
  parseChoiceOption,
  parseNumberOption,
  type ResetArgs,
  rejectUnknownOptions,
} from "@gymkit/core";

/** A corridor of `size` cells. Action 1 walks right, 0 left; reaching the last cell pays 1 and ends. */
export class CorridorEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [1]); // position / (size - 1)
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: ["ansi"], renderFps: 4 };
  spec = undefined;
  private rng = createRng(0);
  private position = 0;
  private readonly obs = new Float32Array(1); // reused: valid until the next step/reset

  constructor(
    readonly size: number,
    readonly renderMode: string | undefined,
  ) {}
  get unwrapped() {
    return this;
  }
  reset({ seed }: ResetArgs = {}) {
    if (seed !== undefined) this.rng = createRng(seed); // seed once; later resets continue the stream
    this.position = this.rng.int(Math.ceil(this.size / 2)); // start somewhere in the left half
    return { observation: this.observe(), info: {} };
  }
  step(action: number) {
    this.position = Math.min(this.size - 1, Math.max(0, this.position + (action === 1 ? 1 : -1)));
    const terminated = this.position === this.size - 1;
    return {
      observation: this.observe(),
      reward: terminated ? 1 : 0,
      terminated,
      truncated: false,
      info: {},
    };
  }
  render() {
    if (this.renderMode !== "ansi") return undefined;
    return Array.from({ length: this.size }, (_, i) => (i === this.position ? "A" : ".")).join("");
  }
  close() {}
  private observe() {
    this.obs[0] = this.position / (this.size - 1);
    return this.obs;
  }
}

/** The plugin: `registry.use(corridorPlugin)` makes `make("gridworld/Corridor-v0")` work. */
export default definePlugin({
  name: "env-corridor",
  register(registry) {
    registry.register({
      id: "gridworld/Corridor-v0",
      entry: (options) => {
        // core's option parsers: errors name the option, the bad value and what is allowed
        rejectUnknownOptions(options, ["size", "renderMode"], "Corridor");
        const size = parseNumberOption(options.size, "Corridor.size", { integer: true, min: 2 });
        const renderMode =
          options.renderMode === undefined
            ? undefined
            : parseChoiceOption(options.renderMode, ["ansi"], "Corridor.renderMode");
        return new CorridorEnv(size, renderMode);
      },
      defaults: { size: 8 },
      maxEpisodeSteps: 50,
      rewardThreshold: 1,
    });
  },
});
