import { type CheckpointFiles, describeValue, GymkitError, type Rng } from "@gymkit/core";
import {
  artifactsToFiles,
  checkpointPath,
  filesToArtifacts,
  type JsAdam,
  MODEL_FILE,
  WEIGHTS_FILE,
} from "@gymkit/tfjs";
import { type AgentSnapshot, decodeSnapshot, encodeSnapshot } from "./checkpoint.js";
import type { NStepWindow, PendingWindow } from "./n-step.js";
import type { QNetwork } from "./network.js";
import type { DqnOptions, SpaceInfo } from "./options.js";

/**
 * A DQN agent's checkpoint: what it holds (networks, Adam state, counters, generator states, the
 * pending n-step window, its config) to and from `model.json` + `weights.bin` bytes. Restoring
 * checks everything against the agent before it changes anything.
 */

/** The agent's state a checkpoint reads and writes. */
export interface CheckpointedState {
  readonly config: Record<string, unknown>;
  readonly options: DqnOptions;
  readonly spaces: SpaceInfo;
  readonly online: QNetwork;
  readonly target: QNetwork | undefined;
  readonly adam: JsAdam;
  readonly window: NStepWindow | undefined;
  readonly exploreRng: Rng;
  readonly replayRng: Rng;
  readonly counters: { readonly steps: number; readonly updates: number };
}

/** The files of a checkpoint of `s`. */
export function writeCheckpoint(s: CheckpointedState): CheckpointFiles {
  // The networks' JS copies are what the variables hold: no read back from the backend.
  const weights = (net: QNetwork) => {
    const values = net.parameters();
    return new Map(net.names().map((n, i) => [n, { shape: net.variable(n).shape, values: values[i]! }]));
  };
  const snapshot: AgentSnapshot = {
    config: s.config,
    counters: { steps: s.counters.steps, updates: s.counters.updates },
    rng: { explore: s.exploreRng.getState(), replay: s.replayRng.getState() },
    adam: { t: s.adam.t, m: s.adam.m, v: s.adam.v },
    online: weights(s.online),
    target: s.target ? weights(s.target) : undefined,
    names: s.online.names(),
    ...(s.window ? { pending: s.window.pending } : {}),
  };
  return artifactsToFiles(encodeSnapshot(snapshot));
}

/**
 * Restores what `writeCheckpoint` produced into `s`; `source` (e.g. the directory) names the
 * files in errors. The network shape and spaces must match; everything is checked before
 * anything changes. Returns the restored counters, for the agent to take.
 */
export function readCheckpoint(
  s: CheckpointedState,
  files: CheckpointFiles,
  source: string | undefined,
): { steps: number; updates: number } {
  if (typeof files !== "object" || files === null) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `restore: expected the files of a checkpoint ({ "model.json", "weights.bin" }, from checkpoint()), got ${describeValue(files)}.`,
    );
  }
  const saved = decodeSnapshot(filesToArtifacts(files, source), source);
  const mine = s.config;
  for (const key of ["hidden", "activation", "dueling", "observationSpace", "actionSpace"]) {
    if (JSON.stringify(saved.config[key]) !== JSON.stringify(mine[key])) {
      throw new GymkitError(
        "GYMKIT_INVALID_ARGUMENT",
        `Cannot restore ${source ?? "the checkpoint"} into this agent: ${key} is ${JSON.stringify(saved.config[key])} in the checkpoint but ${JSON.stringify(mine[key])} here.`,
      );
    }
  }
  // Checkpoints from before nStep existed are 1-step ones.
  const savedN = (saved.config.nStep as number | undefined) ?? 1;
  if (savedN !== s.options.nStep) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Cannot restore ${source ?? "the checkpoint"} into this agent: nStep is ${savedN} in the checkpoint but ${s.options.nStep} here (its replay buffer holds ${savedN}-step transitions).`,
    );
  }
  const pending = checkPending(s, saved.pending ?? [], source);
  const values = (net: QNetwork, w: AgentSnapshot["online"], which: string) => {
    const map = new Map<string, Float32Array>();
    for (const name of net.names()) {
      const v = w.get(name);
      const shape = net.variable(name).shape;
      if (!v || v.shape.join() !== shape.join()) {
        throw new GymkitError(
          "GYMKIT_CORRUPT_FILE",
          `${checkpointPath(source, MODEL_FILE)}: ${which} variable "${name}" is ${v ? `[${v.shape.join(", ")}]` : "missing"}, expected [${shape.join(", ")}].`,
        );
      }
      map.set(name, v.values);
    }
    return map;
  };
  const online = values(s.online, saved.online, "online");
  const target = s.target ? values(s.target, saved.target ?? saved.online, "target") : undefined;
  const adam = s.adam;
  saved.adam.m.forEach((m, i) => {
    if (m.length !== adam.m[i]?.length)
      throw new GymkitError(
        "GYMKIT_CORRUPT_FILE",
        `${checkpointPath(source, WEIGHTS_FILE)}: Adam state size mismatch at ${saved.names[i]}.`,
      );
  });
  // Everything checked: apply.
  s.online.write(online);
  if (s.target && target) s.target.write(target);
  adam.t = saved.adam.t;
  for (let i = 0; i < adam.m.length; i++) {
    adam.m[i]!.set(saved.adam.m[i]!);
    adam.v[i]!.set(saved.adam.v[i]!);
  }
  if (s.window) s.window.pending = pending;
  if (saved.rng.explore) s.exploreRng.setState(saved.rng.explore);
  if (saved.rng.replay) s.replayRng.setState(saved.rng.replay);
  return { steps: saved.counters.steps, updates: saved.counters.updates };
}

/** The checkpoint's pending n-step window, checked against the agent before anything changes. */
function checkPending(
  s: CheckpointedState,
  pending: readonly PendingWindow[],
  source: string | undefined,
): readonly PendingWindow[] {
  const d = s.spaces.observationSize;
  const n = s.options.nStep;
  const bad = (what: string) =>
    new GymkitError(
      "GYMKIT_CORRUPT_FILE",
      `${checkpointPath(source, MODEL_FILE)}: pending n-step window ${what}; the checkpoint is corrupt.`,
    );
  for (const w of pending) {
    if (w.steps.length >= n)
      throw bad(`of source ${w.source} holds ${w.steps.length} steps, at most ${n - 1} for nStep ${n}`);
    w.steps.forEach((p, i) => {
      if (p.observation.length !== d || p.nextObservation.length !== d)
        throw bad(
          `of source ${w.source}, step ${i}, has observations of ${p.observation.length} and ${p.nextObservation.length} numbers, expected ${d}`,
        );
    });
  }
  return pending;
}
