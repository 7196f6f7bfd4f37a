import type { Action, Agent, Transition } from "./agent.js";
import type { TrainingEvents } from "./events.js";
import type { LoopState } from "./loop-state.js";

/** The loop's running books: the step counter, finished and running episodes, warnings emitted. */
export interface Books {
  /** Env steps taken, over all sub-envs. */
  step: number;
  readonly episodeReturns: number[];
  readonly episodeLengths: number[];
  /** The running episode's return and length, one per sub-env. */
  readonly episodeReturn: Float64Array;
  readonly episodeLength: Int32Array;
  /** Warning kinds already emitted (each once per run). */
  readonly warned: Set<string>;
}

/** Fresh books for `n` sub-envs, or the ones a checkpoint saved. */
export function openBooks(n: number, resume: LoopState | undefined): Books {
  return {
    step: resume?.step ?? 0,
    episodeReturns: resume ? [...resume.episodeReturns] : [],
    episodeLengths: resume ? [...resume.episodeLengths] : [],
    episodeReturn: resume ? Float64Array.from(resume.running.returns) : new Float64Array(n),
    episodeLength: resume ? Int32Array.from(resume.running.lengths) : new Int32Array(n),
    warned: new Set<string>(resume?.warned),
  };
}

/**
 * `learnFrom(i)`: counts the step, hands sub-env i's transition (filled by the step body) to the
 * agent, lets it learn, emits what it did, and keeps the episode books. `update`, `targetSync` and
 * `episodeEnd` events are built only when someone listens.
 */
export function learner<Act extends Action>(
  agent: Agent<Float32Array, Act>,
  events: TrainingEvents | undefined,
  transition: Transition<Float32Array, Act>,
  books: Books,
): (i: number) => void {
  const listens = (name: "update" | "targetSync" | "episodeEnd") =>
    events !== undefined && events.listenerCount(name) > 0;
  const { episodeReturn, episodeLength, episodeReturns, episodeLengths, warned } = books;
  return (i) => {
    const step = ++books.step;
    // ALGO LOGIC: hand the transition to the agent, let it learn
    transition.source = i;
    agent.observe(transition);
    const update = agent.update();

    // TRY NOT TO MODIFY: events, episode bookkeeping
    if (update !== undefined) {
      if (update.warning !== undefined && !warned.has(update.warning.kind)) {
        warned.add(update.warning.kind);
        events?.emit("warning", { step, ...update.warning });
      }
      if (listens("update")) {
        events!.emit("update", { step, updates: update.updates, metrics: update.metrics });
      }
      if (update.targetSynced && listens("targetSync")) {
        events!.emit("targetSync", { step, updates: update.updates });
      }
    }
    episodeReturn[i]! += transition.reward;
    episodeLength[i]!++;
    if (transition.terminated || transition.truncated) {
      episodeReturns.push(episodeReturn[i]!);
      episodeLengths.push(episodeLength[i]!);
      if (listens("episodeEnd")) {
        events!.emit("episodeEnd", {
          episode: episodeReturns.length - 1,
          return: episodeReturn[i]!,
          length: episodeLength[i]!,
          step,
          terminated: transition.terminated,
          truncated: transition.truncated,
        });
      }
      episodeReturn[i] = 0;
      episodeLength[i] = 0;
    }
  };
}
