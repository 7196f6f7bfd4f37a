import { Box, createRng, Discrete, definePlugin, type Env, type ResetArgs, z } from "@gymkit/core";

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

/** Its options, declared once: make() validates them (errors name the option, value and what is allowed). */
const CORRIDOR_OPTIONS = z.strictObject({
  size: z.number().int().min(2).default(8).describe("Number of cells."),
  renderMode: z.enum(["ansi"]).optional().describe("What render() returns."),
});

/** The plugin: `registry.use(corridorPlugin)` makes `make("gridworld/Corridor-v0")` work. */
export default definePlugin({
  name: "env-corridor",
  register(context) {
    context.register({
      id: "gridworld/Corridor-v0",
      options: CORRIDOR_OPTIONS,
      entry: (options) => {
        const { size, renderMode } = CORRIDOR_OPTIONS.parse(options);
        return new CorridorEnv(size, renderMode);
      },
      maxEpisodeSteps: 50,
      rewardThreshold: 1,
    });
  },
});
