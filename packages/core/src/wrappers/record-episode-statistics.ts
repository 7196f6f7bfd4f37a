import type { Env, Info, ResetArgs, ResetResult, StepResult } from "../env.js";
import { type JsonValue, parseEnvState } from "../env-state.js";
import { describeValue, GymkitError } from "../errors.js";
import { z } from "../schema.js";
import { Wrapper } from "./wrapper.js";

/** What `RecordEpisodeStatistics` puts in `info.episode` (Gymnasium's keys). */
export interface EpisodeStatistics {
  /** Undiscounted return of the episode. */
  r: number;
  /** Length in steps. */
  l: number;
  /** Wall-clock seconds since the episode's reset, rounded to microseconds. */
  t: number;
}

/** Options of `RecordEpisodeStatistics`. */
export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes `returnQueue`, `lengthQueue` and `timeQueue` keep. @default 100 */
  bufferLength?: number;
  /** The info key. @default "episode" */
  statsKey?: string;
  /** Clock in seconds; tests inject a fake one. @default performance.now() / 1000 */
  now?: () => number;
}

const defaultNow = () => performance.now() / 1000;

const STATE = z.object({
  episodeCount: z.number().int().min(0),
  returnQueue: z.array(z.number()),
  lengthQueue: z.array(z.number().int().min(0)),
  timeQueue: z.array(z.number().min(0)),
  episodeReturn: z.number(),
  episodeLength: z.number().int().min(0),
  /** Seconds since the current episode's reset (the clock itself is not saved). */
  episodeSeconds: z.number().min(0),
});

/**
 * Gymnasium's `RecordEpisodeStatistics`: when an episode ends (terminated or truncated), the step's
 * info gets `episode: { r, l, t }` — return, length, elapsed seconds — and the recent values go to
 * `returnQueue`, `lengthQueue`, `timeQueue`.
 *
 * The wrapper hands out its own reused result object (it never edits the inner env's, which may
 * be reused and shared), so an ordinary step allocates nothing; only the step that ends an episode
 * allocates its new info object.
 * @example const env = new RecordEpisodeStatistics(registry.make("CartPole-v1"));
 */
export class RecordEpisodeStatistics<Obs = Float32Array, Act = number> extends Wrapper<Obs, Act> {
  /** Episodes finished so far. */
  episodeCount = 0;
  readonly returnQueue: number[] = [];
  readonly lengthQueue: number[] = [];
  readonly timeQueue: number[] = [];
  private readonly bufferLength: number;
  private readonly statsKey: string;
  private readonly now: () => number;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = 0;
  private readonly result: StepResult<Obs>;

  constructor(env: Env<Obs, Act>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    const { bufferLength = 100, statsKey = "episode", now = defaultNow } = options;
    if (!Number.isInteger(bufferLength) || bufferLength <= 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `RecordEpisodeStatistics: bufferLength must be a positive integer, got ${describeValue(bufferLength)}.`,
      );
    }
    this.bufferLength = bufferLength;
    this.statsKey = statsKey;
    this.now = now;
    this.result = { observation: undefined as Obs, reward: 0, terminated: false, truncated: false, info: {} };
  }

  override reset(args?: ResetArgs): ResetResult<Obs> {
    const result = this.env.reset(args);
    this.episodeStart = this.now();
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    const inner = this.env.step(action);
    const out = this.result;
    out.observation = inner.observation;
    out.reward = inner.reward;
    out.terminated = inner.terminated;
    out.truncated = inner.truncated;
    out.info = inner.info;
    this.episodeReturn += inner.reward;
    this.episodeLength++;
    if (inner.terminated || inner.truncated) {
      if (this.statsKey in inner.info) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `RecordEpisodeStatistics: the env's info already has a "${this.statsKey}" key; pass another statsKey.`,
        );
      }
      const t = Math.round((this.now() - this.episodeStart) * 1e6) / 1e6;
      const stats: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t };
      out.info = { ...inner.info, [this.statsKey]: stats } satisfies Info;
      this.push(this.returnQueue, stats.r);
      this.push(this.lengthQueue, stats.l);
      this.push(this.timeQueue, t);
      this.episodeCount++;
      // Gymnasium restarts the clock here too, so a step without reset still gets a sane time.
      this.episodeStart = this.now();
      this.episodeReturn = 0;
      this.episodeLength = 0;
    }
    return out;
  }

  protected override get stateName(): string {
    return "RecordEpisodeStatistics";
  }

  protected override ownState(): Record<string, JsonValue> {
    return {
      episodeCount: this.episodeCount,
      returnQueue: [...this.returnQueue],
      lengthQueue: [...this.lengthQueue],
      timeQueue: [...this.timeQueue],
      episodeReturn: this.episodeReturn,
      episodeLength: this.episodeLength,
      episodeSeconds: Math.max(0, this.now() - this.episodeStart),
    };
  }

  protected override ownStateRestorer(state: Readonly<Record<string, unknown>>, who: string): () => void {
    const s = parseEnvState(STATE, state, who);
    for (const key of ["returnQueue", "lengthQueue", "timeQueue"] as const) {
      if (s[key].length > this.bufferLength) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${who}: invalid state.${key}: expected at most ${this.bufferLength} entries (bufferLength), got ${s[key].length}. Restore into a wrapper with the same bufferLength.`,
        );
      }
    }
    return () => {
      this.episodeCount = s.episodeCount;
      this.returnQueue.splice(0, this.returnQueue.length, ...s.returnQueue);
      this.lengthQueue.splice(0, this.lengthQueue.length, ...s.lengthQueue);
      this.timeQueue.splice(0, this.timeQueue.length, ...s.timeQueue);
      this.episodeReturn = s.episodeReturn;
      this.episodeLength = s.episodeLength;
      this.episodeStart = this.now() - s.episodeSeconds;
    };
  }

  private push(queue: number[], value: number): void {
    queue.push(value);
    if (queue.length > this.bufferLength) queue.shift();
  }
}
