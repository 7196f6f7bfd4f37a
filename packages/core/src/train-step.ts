/**
 * The per-step bodies of `train()`: act, step the env, hand each transition to the agent. One for
 * a single env, one for a vector env; neither allocates per step.
 */
import type { Action, ActionArray, ActOptions, Agent, BatchActor, Transition } from "./agent.js";
import type { Env } from "./env.js";
import { describeValue, GymkitError } from "./errors.js";
import { actionCopier } from "./evaluate.js";
import { Box } from "./spaces/box.js";
import type { VectorEnv } from "./vector.js";

/** Copies an observation into `into`: an array's numbers, or a Discrete observation's index. */
export function copyObservation(into: Float32Array, observation: ArrayLike<number> | number): void {
  if (typeof observation === "number") into[0] = observation;
  else into.set(observation);
}

/** Module-local (not imported): the hot loop reads it every step without an import-binding check. */
const EXPLORE: ActOptions = Object.freeze({ explore: true });

/** One step of the loop over its env, and what a checkpoint needs of it. */
export interface Stepper {
  /** Acts, steps the env, and hands each sub-env's transition to `learnFrom(i)`, in order. */
  step(): void;
  /** The observations the next step acts on, one row per sub-env. */
  observations(): Float32Array;
  /** Vector env, `next-step` autoreset: 1 where the next step only resets that sub-env ([0] for one env). */
  resetting(): number[];
}

/**
 * A single env: `act` → `step` → `learnFrom(0)`, resetting the env when its episode ends. A
 * continuous action is copied into the loop's own array before the env and the agent see it.
 * `first` is the observation the first step acts on (copied).
 */
export function singleEnvStepper<Act extends Action>(
  env: Env<Float32Array, Act>,
  agent: Agent<Float32Array, Act>,
  transition: Transition<Float32Array, Act>,
  learnFrom: (i: number) => void,
  first: ArrayLike<number> | number,
): Stepper {
  // The env may reuse its observation buffers: keep copies of our own, swapped each step. A
  // Discrete observation (a number: the cell index) is kept as a Float32Array of 1.
  const scalar = typeof first === "number";
  let observation = new Float32Array(scalar ? 1 : first.length);
  let nextObservation = new Float32Array(observation.length);
  copyObservation(observation, first);
  // Box actions are copied into the loop's own array; a discrete action is a number (no call per step).
  const copied = env.actionSpace instanceof Box ? actionCopier<Act>("train") : undefined;
  return {
    step() {
      // ALGO LOGIC: act, step the env
      const acted = agent.act(observation, EXPLORE);
      const action = copied === undefined ? acted : copied(acted);
      const result = env.step(action);
      if (scalar) nextObservation[0] = result.observation as unknown as number;
      else nextObservation.set(result.observation);
      transition.observation = observation;
      transition.action = action;
      transition.reward = result.reward;
      transition.nextObservation = nextObservation;
      transition.terminated = result.terminated;
      transition.truncated = result.truncated;
      learnFrom(0);
      const swap = observation;
      observation = nextObservation; // the next step starts where this one ended...
      nextObservation = swap;
      if (result.terminated || result.truncated) copyObservation(observation, env.reset().observation); // ...unless the episode ended
    },
    observations: () => observation,
    resetting: () => [0],
  };
}

/**
 * A vector env: one `actBatch` for all sub-envs → one `step` → `learnFrom(i)` for each sub-env
 * that stepped, in order. Actions live in one reused batch (`Int32Array` of n for `Discrete`,
 * `Float32Array` of n × actionSize for `Box`); a continuous row is copied into the transition's
 * own array. `batch` (the observations acted on) and `resetting` are the loop's, updated in place.
 */
export function vectorEnvStepper<Act extends Action>(
  vector: VectorEnv,
  agent: Agent<Float32Array, Act> & BatchActor<ActionArray>,
  transition: Transition<Float32Array, Act>,
  learnFrom: (i: number) => void,
  batch: Float32Array,
  resetting: Uint8Array,
): Stepper {
  const n = vector.numEnvs;
  const obsSize = vector.observationSize;
  const space = vector.singleActionSpace;
  const continuous = space instanceof Box;
  const size = continuous ? vector.actionSize : 1;
  if (continuous && (space.dtype !== "float32" || size !== space.size)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      space.dtype !== "float32"
        ? `train: the vector env's action space ${String(space)} is float64; agents act with Float32Array, so register the env with a float32 Box.`
        : `train: the vector env says actionSize ${describeValue(vector.actionSize)}, but its action space ${String(space)} has ${space.size} numbers; fix the vector env's actionSize.`,
    );
  }
  const actions: ActionArray = continuous ? new Float32Array(n * size) : new Int32Array(n);
  const actionRow = continuous ? new Float32Array(size) : undefined;
  if (actionRow) transition.action = actionRow as Act;
  const observation = new Float32Array(obsSize);
  const nextObservation = new Float32Array(obsSize);
  transition.observation = observation;
  transition.nextObservation = nextObservation;
  return {
    step() {
      // ALGO LOGIC: act on all sub-envs at once, step them together
      const acted = agent.actBatch(batch, n, EXPLORE, actions);
      if (acted !== actions) {
        if (acted?.length !== actions.length || acted.constructor !== actions.constructor) {
          throw new GymkitError(
            "GYMKIT_INVALID_ARGUMENT",
            `train: actBatch returned ${describeValue(acted)}; expected a ${actions.constructor.name} of ${n} × ${size} actions (or the out array it was given, filled).`,
          );
        }
        actions.set(acted);
      }
      const result = vector.step(actions);
      const sameStep = vector.autoresetMode === "same-step";
      for (let i = 0; i < n; i++) {
        // next-step autoreset: this step only reset sub-env i (no transition to learn from).
        if (resetting[i]) {
          resetting[i] = 0;
          continue;
        }
        const done = result.terminated[i] === 1 || result.truncated[i] === 1;
        const rows =
          done && sameStep && result.finalObservations ? result.finalObservations : result.observations;
        observation.set(batch.subarray(i * obsSize, (i + 1) * obsSize));
        nextObservation.set(rows.subarray(i * obsSize, (i + 1) * obsSize));
        if (actionRow) for (let k = 0; k < size; k++) actionRow[k] = actions[i * size + k]!;
        else transition.action = actions[i]! as Act;
        transition.reward = result.rewards[i]!;
        transition.terminated = done && result.terminated[i] === 1;
        transition.truncated = done && result.truncated[i] === 1;
        learnFrom(i);
        if (done && vector.autoresetMode === "next-step") resetting[i] = 1;
      }
      batch.set(result.observations);
    },
    observations: () => batch,
    resetting: () => Array.from(resetting),
  };
}
