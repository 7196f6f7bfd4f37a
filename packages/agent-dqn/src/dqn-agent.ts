import {
  type ActOptions,
  type Agent,
  type Batch,
  type BatchActor,
  type Checkpointable,
  type CheckpointFiles,
  describeValue,
  GymkitError,
  type ReplayBuffer,
  type Rng,
  type Schedule,
  type TargetSync,
  type Transition,
  type UpdateResult,
} from "@gymkit/core";
import {
  artifactsToFiles,
  type BackendName,
  checkpointPath,
  filesToArtifacts,
  MODEL_FILE,
  WEIGHTS_FILE,
} from "@gymkit/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import { type AgentSnapshot, decodeSnapshot, encodeSnapshot } from "./checkpoint.js";
import { NStepWindow, type PendingWindow } from "./n-step.js";
import { glorotInit, type NetworkSpec, QNetwork } from "./network.js";
import { OneHotEncoder } from "./one-hot.js";
import type { DqnOptions, SpaceInfo } from "./options.js";
import type { TdBatch } from "./td.js";
import { type GradientPath, Trainer } from "./trainer.js";

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
  private readonly lrSchedule: Schedule | undefined;
  private readonly trainer: Trainer;
  private readonly exploreRng: Rng;
  private readonly replayRng: Rng;
  private readonly preset: string | undefined;
  private readonly partSpecs: Readonly<Record<string, unknown>>;
  private readonly budgetSteps: number | undefined;
  private readonly obsScratch: Float32Array;
  /** Set for a Discrete observation space: turns cell indices into one-hot rows. */
  private readonly oneHot: OneHotEncoder | undefined;
  private actionScratch = new Int32Array(0);
  private stepCount = 0;
  /** Largest |reward| observed, for the divergence bound. */
  private maxAbsReward = 0;
  /** Turns env steps into n-step transitions; undefined for nStep 1 (steps go straight in). */
  private readonly window: NStepWindow | undefined;
  private updateCount = 0;
  private disposed = false;

  constructor(parts: DqnAgentParts) {
    const { options, spaces } = parts;
    const path = parts.path ?? "agent";
    this.options = options;
    this.spaces = spaces;
    this.buffer = parts.buffer;
    this.targetSync = parts.targetSync;
    this.schedule = parts.epsilon;
    this.lrSchedule = parts.lrSchedule;
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
    return this.updateCount;
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
    const { numActions, actionStart } = this.spaces;
    if (options.explore ?? true) {
      if (this.exploreRng.float() < this.epsilon) return actionStart + this.exploreRng.int(numActions);
    }
    return actionStart + this.greedyIndex(observation);
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
    const { numActions, actionStart, observationSize: d } = this.spaces;
    if (this.oneHot) observations = this.oneHot.encode(observations, count, "actBatch");
    this.checkObservations(observations, count, "actBatch");
    const out = output ?? new Int32Array(count);
    if (!(out instanceof Int32Array) || out.length < count) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `actBatch: out must be an Int32Array with room for ${count} actions, got ${describeValue(out)}.`,
      );
    }
    const q = this.qValues(observations.subarray(0, count * d), count);
    const explore = options.explore ?? true;
    const eps = explore ? this.epsilon : 0;
    for (let i = 0; i < count; i++) {
      if (explore && this.exploreRng.float() < eps) out[i] = actionStart + this.exploreRng.int(numActions);
      else out[i] = actionStart + argmax(q, i * numActions, numActions);
    }
    return out;
  }

  /** Q values of `count` row-major observations, `[count × actions]`, in one forward pass. */
  qValues(observations: Float32Array, count: number): Float32Array {
    this.checkObservations(observations, count, "qValues");
    const d = this.spaces.observationSize;
    let q: Float32Array | undefined;
    // Typed arrays are not returned from tidy: it walks a returned container element by element.
    tf.tidy(() => {
      const view = observations.length === count * d ? observations : observations.subarray(0, count * d);
      const x = tf.tensor3d(view, [1, count, d], "float32");
      q = this.online.forward(x).dataSync() as Float32Array;
    });
    return q!;
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
    const r = Math.abs(transition.reward);
    if (r > this.maxAbsReward) this.maxAbsReward = r;
  }

  update(): UpdateResult | undefined {
    this.assertLive();
    const o = this.options;
    if (this.stepCount < o.learningStarts || this.stepCount % o.trainFreq !== 0) return undefined;
    if (this.buffer.size < o.batchSize) return undefined;
    let loss = 0;
    let qMean = 0;
    let gradNorm = 0;
    let synced = false;
    const lr = this.lrSchedule ? o.lr * this.lrSchedule.value(this.stepCount) : o.lr;
    this.trainer.adam.lr = lr;
    for (let g = 0; g < o.gradientSteps; g++) {
      const batch = this.buffer.sample(o.batchSize, this.replayRng);
      const stats = this.trainer.step(this.toTdBatch(batch));
      if (this.buffer.updatePriorities) this.buffer.updatePriorities(batch.indices, stats.absTdErrors);
      loss += stats.loss;
      qMean += stats.qMean;
      gradNorm += stats.gradNorm;
      this.updateCount++;
      if (this.targetSync.afterUpdate(this.updateCount, this.online, this.target ?? this.online))
        synced = true;
    }
    return {
      step: this.stepCount,
      updates: this.updateCount,
      targetSynced: synced,
      warning: this.divergence(qMean / o.gradientSteps),
      metrics: {
        "train/loss": loss / o.gradientSteps,
        "train/q_mean": qMean / o.gradientSteps,
        "train/grad_norm": gradNorm / o.gradientSteps,
        "train/n_updates": this.updateCount,
        "train/learning_rate": lr,
        "rollout/exploration_rate": this.epsilon,
      },
    };
  }

  /**
   * Weights, target weights, Adam state, counters, RNG states and config as `model.json` +
   * `weights.bin` bytes. Browser-safe; `saveAgent(agent, dir)` from `@gymkit/agent-dqn/node` writes
   * them to a directory atomically.
   */
  async checkpoint(): Promise<CheckpointFiles> {
    this.assertLive();
    // The networks' JS copies are what the variables hold: no read back from the backend.
    const weights = (net: QNetwork) => {
      const values = net.parameters();
      return new Map(net.names().map((n, i) => [n, { shape: net.variable(n).shape, values: values[i]! }]));
    };
    const snapshot: AgentSnapshot = {
      config: this.config,
      counters: { steps: this.stepCount, updates: this.updateCount },
      rng: { explore: this.exploreRng.getState(), replay: this.replayRng.getState() },
      adam: { t: this.trainer.adam.t, m: this.trainer.adam.m, v: this.trainer.adam.v },
      online: weights(this.online),
      target: this.target ? weights(this.target) : undefined,
      names: this.online.names(),
      ...(this.window ? { pending: this.window.pending } : {}),
    };
    return artifactsToFiles(encodeSnapshot(snapshot));
  }

  /**
   * Restores what `checkpoint` produced; `source` (e.g. the directory) names the files in errors.
   * The network shape and spaces must match this agent's; everything is checked before anything
   * changes.
   */
  async restore(files: CheckpointFiles, source?: string): Promise<void> {
    this.assertLive();
    if (typeof files !== "object" || files === null) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `restore: expected the files of a checkpoint ({ "model.json", "weights.bin" }, from checkpoint()), got ${describeValue(files)}.`,
      );
    }
    const s = decodeSnapshot(filesToArtifacts(files, source), source);
    const mine = this.config;
    for (const key of ["hidden", "activation", "dueling", "observationSpace", "actionSpace"]) {
      if (JSON.stringify(s.config[key]) !== JSON.stringify(mine[key])) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `Cannot restore ${source ?? "the checkpoint"} into this agent: ${key} is ${JSON.stringify(s.config[key])} in the checkpoint but ${JSON.stringify(mine[key])} here.`,
        );
      }
    }
    // Checkpoints from before nStep existed are 1-step ones.
    const savedN = (s.config.nStep as number | undefined) ?? 1;
    if (savedN !== this.options.nStep) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot restore ${source ?? "the checkpoint"} into this agent: nStep is ${savedN} in the checkpoint but ${this.options.nStep} here (its replay buffer holds ${savedN}-step transitions).`,
      );
    }
    const pending = this.checkPending(s.pending ?? [], source);
    const values = (net: QNetwork, saved: AgentSnapshot["online"], which: string) => {
      const map = new Map<string, Float32Array>();
      for (const name of net.names()) {
        const w = saved.get(name);
        const shape = net.variable(name).shape;
        if (!w || w.shape.join() !== shape.join()) {
          throw new GymkitError(
            "GYMKIT_CORRUPT_FILE",
            `${checkpointPath(source, MODEL_FILE)}: ${which} variable "${name}" is ${w ? `[${w.shape.join(", ")}]` : "missing"}, expected [${shape.join(", ")}].`,
          );
        }
        map.set(name, w.values);
      }
      return map;
    };
    const online = values(this.online, s.online, "online");
    const target = this.target ? values(this.target, s.target ?? s.online, "target") : undefined;
    const adam = this.trainer.adam;
    s.adam.m.forEach((m, i) => {
      if (m.length !== adam.m[i]?.length)
        throw new GymkitError(
          "GYMKIT_CORRUPT_FILE",
          `${checkpointPath(source, WEIGHTS_FILE)}: Adam state size mismatch at ${s.names[i]}.`,
        );
    });
    this.online.write(online);
    if (this.target && target) this.target.write(target);
    adam.t = s.adam.t;
    for (let i = 0; i < adam.m.length; i++) {
      adam.m[i]!.set(s.adam.m[i]!);
      adam.v[i]!.set(s.adam.v[i]!);
    }
    if (this.window) this.window.pending = pending;
    this.stepCount = s.counters.steps;
    this.updateCount = s.counters.updates;
    if (s.rng.explore) this.exploreRng.setState(s.rng.explore);
    if (s.rng.replay) this.replayRng.setState(s.rng.replay);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.online.dispose();
    this.target?.dispose();
    this.trainer.dispose();
  }

  /**
   * A `divergence` warning when the mean Q estimate is beyond twice what any discounted return can
   * reach, max|r| / (1 − γ) (100 for CartPole at γ 0.99): Q-learning without a target network can
   * climb to 1e7 while greedy returns stay at 10, and nothing else would say so. Twice, so that
   * early noise around the bound does not warn.
   */
  private divergence(qMean: number): UpdateResult["warning"] {
    const { gamma } = this.options;
    if (gamma >= 1 || this.maxAbsReward === 0) return undefined;
    const bound = this.maxAbsReward / (1 - gamma);
    if (Number.isFinite(qMean) && Math.abs(qMean) <= 2 * bound) return undefined;
    return {
      kind: "divergence",
      message: `Q estimates diverged: mean Q ${qMean.toPrecision(3)} at update ${this.updateCount}, but no discounted return can exceed ${bound.toPrecision(3)} (max |reward| ${this.maxAbsReward} / (1 − γ ${gamma})). Try a target network (targetSync), a lower lr, or gradient clipping (maxGradNorm).`,
      figures: { qMean, bound, updates: this.updateCount, maxAbsReward: this.maxAbsReward, gamma },
    };
  }

  /**
   * Observations must be `count` rows of the observation size, all finite: a NaN would give an
   * action silently (every comparison with NaN is false) and poison the replay buffer later.
   */
  private checkObservations(observations: ArrayLike<number> | undefined, count: number, what: string): void {
    const d = this.spaces.observationSize;
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: count must be an integer >= 0, got ${describeValue(count)}.`,
      );
    }
    if (count !== 1 && !(observations instanceof Float32Array)) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: observations must be a Float32Array of count × ${d} numbers (row-major), got ${describeValue(observations)}.`,
      );
    }
    if (count === 1 && observations?.length !== d) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: expected an observation of ${d} numbers, got ${observations === undefined || observations === null ? String(observations) : `${observations.length ?? "no"} numbers`}.`,
      );
    }
    if (count !== 1 && (observations?.length ?? 0) < count * d) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `${what}: ${count} observations of ${d} numbers need ${count * d} values, got ${observations?.length ?? "none"}.`,
      );
    }
    for (let i = 0; i < count * d; i++) {
      if (!Number.isFinite(observations![i])) {
        throw new GymkitError(
          "GYMKIT_INVALID_ARGUMENT",
          `${what}: observation value ${i % d}${count === 1 ? "" : ` of row ${Math.floor(i / d)}`} is ${observations![i]}; observations must be finite numbers (check the env or wrapper that produced it).`,
        );
      }
    }
  }

  /** The checkpoint's pending n-step window, checked against this agent before anything changes. */
  private checkPending(
    pending: readonly PendingWindow[],
    source: string | undefined,
  ): readonly PendingWindow[] {
    const d = this.spaces.observationSize;
    const bad = (what: string) =>
      new GymkitError(
        "GYMKIT_CORRUPT_FILE",
        `${checkpointPath(source, MODEL_FILE)}: pending n-step window ${what}; the checkpoint is corrupt.`,
      );
    for (const w of pending) {
      if (w.steps.length >= this.options.nStep)
        throw bad(
          `of source ${w.source} holds ${w.steps.length} steps, at most ${this.options.nStep - 1} for nStep ${this.options.nStep}`,
        );
      w.steps.forEach((p, i) => {
        if (p.observation.length !== d || p.nextObservation.length !== d)
          throw bad(
            `of source ${w.source}, step ${i}, has observations of ${p.observation.length} and ${p.nextObservation.length} numbers, expected ${d}`,
          );
      });
    }
    return pending;
  }

  private greedyIndex(observation: ArrayLike<number>): number {
    this.obsScratch.set(observation);
    return argmax(this.qValues(this.obsScratch, 1), 0, this.spaces.numActions);
  }

  private toTdBatch(batch: Batch): TdBatch {
    const start = this.spaces.actionStart;
    let actions: ArrayLike<number> = batch.actions;
    if (start !== 0) {
      if (this.actionScratch.length !== batch.size) this.actionScratch = new Int32Array(batch.size);
      for (let i = 0; i < batch.size; i++) this.actionScratch[i] = batch.actions[i]! - start;
      actions = this.actionScratch;
    }
    return {
      size: batch.size,
      observations: batch.observations,
      actions,
      rewards: batch.rewards,
      nextObservations: batch.nextObservations,
      terminated: batch.terminated,
      weights: batch.weights,
    };
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

function argmax(q: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (q[offset + a]! > q[offset + best]!) best = a;
  return best;
}
