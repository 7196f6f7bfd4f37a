import {
  createRng,
  Discrete,
  type Env,
  type EnvState,
  GymkitError,
  parseEnvState,
  type ResetArgs,
  type ResetResult,
  type RgbFrame,
  RNG_STATE,
  type Rng,
  rngStateToJson,
  type StatefulEnv,
  type StepResult,
  z,
} from "@gymkit/core";

/** The default map: `S` start, `G` goal, `#` wall, `.` floor. The shortest path takes 6 steps. */
export const DEFAULT_MAP: readonly string[] = ["S...", ".#.#", "...#", "#..G"];

/** Actions, in FrozenLake's order. */
const MOVES = [
  [0, -1], // 0: left
  [1, 0], // 1: down
  [0, 1], // 2: right
  [-1, 0], // 3: up
] as const;

const STATE = z.strictObject({
  env: z.literal("GridWorld"),
  cell: z.number().int().min(-1),
  rng: RNG_STATE,
});

/** Options of `GridWorldEnv`, already validated (the plugin parses them with its schema). */
export interface GridWorldOptions {
  map: readonly string[];
  slip: number;
  renderMode?: "ansi" | "rgb_array" | undefined;
}

/**
 * A grid with walls and a goal, where a move can slip sideways.
 *
 * ## Description
 * The agent starts on `S` and must reach `G`. Walls (`#`) and the edges of the grid block moves
 * (the agent stays put).
 *
 * ## Action Space
 * `Discrete(4)`: 0 left, 1 down, 2 right, 3 up (FrozenLake's order).
 *
 * ## Observation Space
 * `Discrete(rows × cols)`: the agent's cell, `row * cols + col`. With the plugin's option
 * `onehot: true` the env is wrapped in core's `FlattenObservation`: a one-hot `Box(0, 1, [rows × cols])`.
 *
 * ## Rewards
 * 1 on reaching the goal, 0 otherwise.
 *
 * ## Starting State
 * The `S` cell.
 *
 * ## Episode End
 * Terminated on the goal; `make` truncates after 100 steps.
 *
 * ## Arguments
 * `map` (rows of `S`, `G`, `#`, `.`), `slip` (the probability that a move goes to one of the two
 * perpendicular directions instead, each equally likely), `renderMode` (`ansi` or `rgb_array`).
 *
 * ## Version History
 * - v0: initial version.
 */
export class GridWorldEnv implements Env<number, number>, StatefulEnv {
  readonly observationSpace: Discrete;
  readonly actionSpace = new Discrete(4);
  readonly metadata = { renderModes: ["ansi", "rgb_array"], renderFps: 4 };
  readonly renderMode: "ansi" | "rgb_array" | undefined;
  spec = undefined;
  readonly rows: number;
  readonly cols: number;
  private readonly map: readonly string[];
  private readonly slip: number;
  private readonly start: number;
  private rng: Rng = createRng(0);
  /** The agent's cell; -1 before the first reset. */
  private cell = -1;

  constructor(options: GridWorldOptions) {
    this.map = options.map;
    this.slip = options.slip;
    this.renderMode = options.renderMode;
    this.rows = this.map.length;
    this.cols = this.map[0]?.length ?? 0;
    this.observationSpace = new Discrete(this.rows * this.cols);
    this.start = this.find("S");
  }

  get unwrapped(): this {
    return this;
  }

  reset({ seed }: ResetArgs = {}): ResetResult<number> {
    if (seed !== undefined) this.rng = createRng(seed); // seed once; later resets continue the stream
    this.cell = this.start;
    return { observation: this.cell, info: {} };
  }

  step(action: number): StepResult<number> {
    if (this.cell < 0) {
      throw new GymkitError(
        "GYMKIT_RESET_NEEDED",
        "GridWorld: step() called before reset(). Call env.reset({ seed }) once first.",
      );
    }
    if (!this.actionSpace.contains(action)) {
      throw new RangeError(
        `GridWorld: invalid action ${String(action)}; the action space is Discrete(4): 0 left, 1 down, 2 right, 3 up.`,
      );
    }
    let direction = action;
    if (this.slip > 0 && this.rng.float() < this.slip)
      direction = (action + (this.rng.int(2) === 0 ? 1 : 3)) % 4;
    const [dr, dc] = MOVES[direction]!;
    const row = Math.floor(this.cell / this.cols) + dr;
    const col = (this.cell % this.cols) + dc;
    if (row >= 0 && row < this.rows && col >= 0 && col < this.cols && this.map[row]![col] !== "#") {
      this.cell = row * this.cols + col;
    }
    const terminated = this.at(this.cell) === "G";
    return { observation: this.cell, reward: terminated ? 1 : 0, terminated, truncated: false, info: {} };
  }

  render(): string | RgbFrame | undefined {
    if (this.renderMode === "ansi") {
      return this.map
        .map((line, r) => [...line].map((c, k) => (r * this.cols + k === this.cell ? "A" : c)).join(""))
        .join("\n");
    }
    if (this.renderMode === "rgb_array") return this.picture();
    return undefined;
  }

  close(): void {}

  getState(): EnvState {
    return { env: "GridWorld", cell: this.cell, rng: rngStateToJson(this.rng.getState()) };
  }

  /** Restores what `getState` returned; checks it first, so a bad state changes nothing. */
  setState(state: EnvState): void {
    const s = parseEnvState(STATE, state, "GridWorld");
    if (s.cell >= this.rows * this.cols) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `GridWorld: invalid state: cell ${s.cell} is outside this ${this.rows}×${this.cols} map.`,
      );
    }
    this.rng.setState(s.rng);
    this.cell = s.cell;
  }

  private at(cell: number): string {
    return this.map[Math.floor(cell / this.cols)]![cell % this.cols]!;
  }

  private find(tile: string): number {
    const i = this.map.join("").indexOf(tile);
    if (i < 0) throw new GymkitError("GYMKIT_INVALID_CONFIG", `GridWorld: the map has no "${tile}" cell.`);
    return i;
  }

  /** 16 px per cell: floor light grey, walls dark grey, goal green, the agent a blue square. */
  private picture(): RgbFrame {
    const px = 16;
    const width = this.cols * px;
    const height = this.rows * px;
    const data = new Uint8Array(width * height * 3);
    const colors: Record<string, readonly [number, number, number]> = {
      "#": [64, 64, 64],
      G: [40, 180, 60],
    };
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const cell = Math.floor(y / px) * this.cols + Math.floor(x / px);
        const inset = x % px >= 3 && x % px < px - 3 && y % px >= 3 && y % px < px - 3;
        const rgb =
          cell === this.cell && inset ? ([30, 90, 220] as const) : (colors[this.at(cell)] ?? [230, 230, 230]);
        data.set(rgb, (y * width + x) * 3);
      }
    }
    return { width, height, data };
  }
}
