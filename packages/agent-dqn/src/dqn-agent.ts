import {
  type ActOptions,
  type Agent,
  type BatchActor,
  type Checkpointable,
  type CheckpointFiles,
  GymkitError,
  type ReplayBuffer,
  type Rng,
  type Schedule,
  type TargetSync,
  type Transition,
  type UpdateResult,
} from "@gymkit/core";
import type { BackendName } from "@gymkit/tfjs";
import {
  argmax,
  batchOutput,
  checkObservations,
  epsilonGreedy,
  epsilonGreedyBatch,
  qValues,
} from "./acting.js";
import { type CheckpointedState, readCheckpoint, writeCheckpoint } from "./agent-checkpoint.js";
import { NStepWindow } from "./n-step.js";
import { glorotInit, type NetworkSpec, QNetwork } from "./network.js";
import { OneHotEncoder } from "./one-hot.js";
import type { DqnOptions, SpaceInfo } from "./options.js";
import { type GradientPath, Trainer } from "./trainer.js";
import { DqnUpdate } from "./update-step.js";

/** What a `DqnAgent` is built from; the `dqn` part gets the buffer, target sync and ε schedule the run built for it. */
export interface DqnAgentParts {
  options: DqnOptions;
  spaces: SpaceInfo;
  buffer: ReplayBuffer;
  targetSync: TargetSync;
  epsilon: Schedule;
  /** Factor on `options.lr` against env steps. @default constant 1 */
  lrSchedule?: Schedule | undefined;
  /** The agent's stream (the run's `seeds.agent`): initialisation and exploration fork from it. */
  rng: Rng;
  /** Replay sampling (the run's `seeds.replay`). */
  replayRng: Rng;
  /** Config path of the agent, for messages. @default "agent" */
  path?: string | undefined;
  backend: BackendName;
  /** Registered preset name, recorded in the config. */
  preset?: string | undefined;
  /** The run's step budget (recorded, so a rebuilt agent's schedules decay the same). */
  budgetSteps?: number | undefined;
  /** Resolved specs of the parts it took (`buffer`, `targetSync`, `epsilon`), recorded in the config. */
  partSpecs?: Readonly<Record<string, unknown>> | undefined;
  /** Force a gradient path (tests, benchmarks); by default the fastest that supports the network. */
  gradientPath?: GradientPath | undefined;
}

/** The message of a batch that the buffer can never hold (the `dqn` part's check and the constructor). */
export const batchTooLarge = (path: string, batchSize: number, buffer: string, capacity: number): string =>
  `Invalid config at ${path}.batchSize: ${batchSize} is larger than the ${buffer} buffer's capacity ${capacity} (${path}.buffer.capacity), so no batch could ever be drawn. Lower batchSize or raise the capacity.`;

/**
 * DQN (Mnih et al. 2015) on TensorFlow.js: ε-greedy acting, replay from an injected buffer, a
 * target network kept by an injected sync strategy, TD targets that bootstrap through truncation
 * but never through termination, optional double DQN, MSE or Huber loss, Adam with global-norm
 * clipping, prioritized-replay weights and priority updates. With the `online` buffer and `none`
 * sync it is plain neural Q-learning.
 *
 * This file builds the agent and is the one class users see; the parts live beside it: acting
 * (ε-greedy, batch acting, observation checks) in `acting.ts`, the update (sampling, trainer
 * step, priorities, target sync, divergence warning) in `update-step.ts`, checkpoint and restore
 * in `agent-checkpoint.ts`.
 */
export class DqnAgent implements Agent<Float32Array, number>, BatchActor, Checkpointable {
  readonly online: QNetwork;
  /** Undefined when the target-sync strategy keeps no target network. */
  readonly target: QNetwork | undefined;
  readonly buffer: ReplayBuffer;
  readonly targetSync: TargetSync;
  readonly backend: BackendName;
  readonly options: DqnOptions;
  readonly spaces: SpaceInfo;
  private readonly schedule: Schedule;
  private readonly trainer: Trainer;
  private readonly updater: DqnUpdate;
  private readonly exploreRng: Rng;
  private readonly replayRng: Rng;
  private readonly preset: string | undefined;
  private readonly partSpecs: Readonly<Record<string, unknown>>;
  private readonly budgetSteps: number | undefined;
  private readonly obsScratch: Float32Array;
  /** Set for a Discrete observation space: turns cell indices into one-hot rows. */
  private readonly oneHot: OneHotEncoder | undefined;
  private stepCount = 0;
  /** Turns env steps into n-step transitions; undefined for nStep 1 (steps go straight in). */
  private readonly window: NStepWindow | undefined;
  private disposed = false;

  constructor(parts: DqnAgentParts) {
    const { options, spaces } = parts;
    const path = parts.path ?? "agent";
    this.options = options;
    this.spaces = spaces;
    this.buffer = parts.buffer;
    this.targetSync = parts.targetSync;
    this.schedule = parts.epsilon;
    this.backend = parts.backend;
    this.preset = parts.preset;
    this.budgetSteps = parts.budgetSteps;
    this.partSpecs = parts.partSpecs ?? {
      buffer: { kind: parts.buffer.kind, capacity: parts.buffer.capacity },
      targetSync: { kind: parts.targetSync.kind },
    };
    if (options.batchSize > parts.buffer.capacity) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        batchTooLarge(path, options.batchSize, parts.buffer.kind, parts.buffer.capacity),
      );
    }
    if (parts.buffer.observationSize !== spaces.observationSize) {
      throw new GymkitError(
        "GYMKIT_INVALID_CONFIG",
        `Invalid config at ${path}.buffer: the replay buffer stores observations of ${parts.buffer.observationSize} numbers but the agent's observation space has ${spaces.observationSize}; build both for the same env.`,
      );
    }
    this.exploreRng = parts.rng.fork("explore");
    this.replayRng = parts.replayRng;
    const spec: NetworkSpec = {
      inputSize: spaces.observationSize,
      hidden: options.hidden,
      outputSize: spaces.numActions,
      activation: options.activation,
      dueling: options.dueling,
    };
    const init = glorotInit(spec, parts.rng.fork("init"));
    this.online = new QNetwork(spec, init, "online");
    this.target = parts.targetSync.usesTargetNetwork ? new QNetwork(spec, init, "target", false) : undefined;
    this.trainer = new Trainer(
      this.online,
      this.target,
      {
        // n-step transitions bootstrap n steps ahead.
        gamma: options.gamma ** options.nStep,
        loss: options.loss,
        doubleDqn: options.doubleDqn,
        lr: options.lr,
        maxGradNorm: options.maxGradNorm,
      },
      this.backend !== "wasm",
      parts.gradientPath,
    );
    this.updater = new DqnUpdate({
      options,
      buffer: this.buffer,
      trainer: this.trainer,
      targetSync: this.targetSync,
      online: this.online,
      target: this.target,
      replayRng: this.replayRng,
      lrSchedule: parts.lrSchedule,
      actionStart: spaces.actionStart,
    });
    this.obsScratch = new Float32Array(spaces.observationSize);
    this.oneHot = spaces.oneHot ? new OneHotEncoder(spaces.oneHot.n, spaces.oneHot.start) : undefined;
    this.window =
      options.nStep > 1
        ? new NStepWindow(options.nStep, options.gamma, (t) => this.buffer.add(t))
        : undefined;
  }

  /** Env steps observed. */
  get steps(): number {
    return this.stepCount;
  }

  /** Gradient updates done. */
  get updates(): number {
    return this.updater.updates;
  }

  /** `fast` (hand-derived kernels) or `autodiff`. */
  get gradientPath(): GradientPath {
    return this.trainer.path;
  }

  get epsilon(): number {
    return this.schedule.value(this.stepCount);
  }

  /** The resolved configuration, as plain data (what `checkpoint` records). */
  get config(): Record<string, unknown> {
    return {
      preset: this.preset,
      ...this.options,
      ...this.partSpecs,
      backend: this.backend,
      gradientPath: this.trainer.path,
      ...(this.budgetSteps === undefined ? {} : { budgetSteps: this.budgetSteps }),
      observationSpace: this.spaces.observationJSON,
      actionSpace: this.spaces.actionJSON,
    };
  }

  act(observation: ArrayLike<number>, options: ActOptions = {}): number {
    this.assertLive();
    if (this.oneHot) observation = this.oneHot.encode(observation, 1, "act");
    this.checkObservations(observation, 1, "act");
    return epsilonGreedy(this.spaces, this.exploreRng, options.explore ?? true, this.epsilon, () =>
      this.greedyIndex(observation),
    );
  }

  /** The greedy action (no exploration), e.g. for evaluation or on a loaded agent. */
  predict(observation: ArrayLike<number>): number {
    return this.act(observation, { explore: false });
  }

  actBatch(
    observations: Float32Array,
    count: number,
    options: ActOptions = {},
    output?: Int32Array,
  ): Int32Array {
    this.assertLive();
    if (this.oneHot) observations = this.oneHot.encode(observations, count, "actBatch");
    this.checkObservations(observations, count, "actBatch");
    const out = batchOutput(count, output);
    const q = this.qValues(observations.subarray(0, count * this.spaces.observationSize), count);
    return epsilonGreedyBatch(this.spaces, this.exploreRng, q, count, options, () => this.epsilon, out);
  }

  /** Q values of `count` row-major observations, `[count × actions]`, in one forward pass. */
  qValues(observations: Float32Array, count: number): Float32Array {
    this.checkObservations(observations, count, "qValues");
    return qValues(this.online, observations, count, this.spaces.observationSize);
  }

  observe(transition: Transition<Float32Array, number>): void {
    this.assertLive();
    if (this.oneHot) transition = this.oneHot.transition(transition);
    const d = this.spaces.observationSize;
    if (transition?.observation?.length !== d || transition.nextObservation?.length !== d) {
      // Name the space mismatch here rather than let the replay buffer report a row size.
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `observe: this agent was built for observations of ${d} numbers (${describeSpace(this.spaces.observationJSON)}), got ${transition?.observation?.length ?? "none"}; build the agent for the env it learns from (its observationSpace).`,
      );
    }
    if (this.window) this.window.push(transition);
    else this.buffer.add(transition);
    this.stepCount++;
    this.updater.noteReward(transition.reward);
  }

  update(): UpdateResult | undefined {
    this.assertLive();
    return this.updater.run(this.stepCount, () => this.epsilon);
  }

  /**
   * Weights, target weights, Adam state, counters, RNG states and config as `model.json` +
   * `weights.bin` bytes. Browser-safe; `saveAgent(agent, dir)` from `@gymkit/agent-dqn/node` writes
   * them to a directory atomically.
   */
  async checkpoint(): Promise<CheckpointFiles> {
    this.assertLive();
    return writeCheckpoint(this.checkpointed());
  }

  /**
   * Restores what `checkpoint` produced; `source` (e.g. the directory) names the files in errors.
   * The network shape and spaces must match this agent's; everything is checked before anything
   * changes.
   */
  async restore(files: CheckpointFiles, source?: string): Promise<void> {
    this.assertLive();
    const counters = readCheckpoint(this.checkpointed(), files, source);
    this.stepCount = counters.steps;
    this.updater.updates = counters.updates;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.online.dispose();
    this.target?.dispose();
    this.trainer.dispose();
  }

  /** The state `checkpoint` and `restore` read and write. */
  private checkpointed(): CheckpointedState {
    return {
      config: this.config,
      options: this.options,
      spaces: this.spaces,
      online: this.online,
      target: this.target,
      adam: this.trainer.adam,
      window: this.window,
      exploreRng: this.exploreRng,
      replayRng: this.replayRng,
      counters: { steps: this.stepCount, updates: this.updater.updates },
    };
  }

  private checkObservations(observations: ArrayLike<number> | undefined, count: number, what: string): void {
    checkObservations(observations, count, what, this.spaces.observationSize);
  }

  private greedyIndex(observation: ArrayLike<number>): number {
    this.obsScratch.set(observation);
    return argmax(this.qValues(this.obsScratch, 1), 0, this.spaces.numActions);
  }

  private assertLive(): void {
    if (this.disposed) throw new GymkitError("GYMKIT_INVALID_ARGUMENT", "This DqnAgent was disposed.");
  }
}

/** `Box(shape [4])` from a space's JSON form, for messages. */
function describeSpace(json: unknown): string {
  const j = json as { type?: unknown; shape?: unknown } | undefined;
  return `${String(j?.type ?? "space")}${Array.isArray(j?.shape) ? ` of shape [${j.shape.join(", ")}]` : ""}`;
}
