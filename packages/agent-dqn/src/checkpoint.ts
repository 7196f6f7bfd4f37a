import { checkXoroshiroState, type RngState, z } from "@gymkit/core";
import {
  type AgentFileFormat,
  checkpointPath,
  corruptAgentFile,
  decodeAgentArtifacts,
  encodeAgentArtifacts,
  MODEL_FILE,
  type NamedTensor,
} from "@gymkit/tfjs";
import type * as tf from "@tensorflow/tfjs-core";
import { PENDING_WINDOWS, type PendingWindow } from "./n-step.js";

/** Format tag in model.json. */
export const CHECKPOINT_FORMAT = "gymkit-dqn";
export const CHECKPOINT_VERSION = 2;

const count = z.number().int().min(0);
/**
 * What model.json's `userDefinedMetadata` must hold besides the format's own fields (version,
 * float64 table, CRC-32); checked before anything is restored.
 */
const METADATA = z.object({
  config: z.record(z.string(), z.unknown()),
  counters: z.strictObject({ steps: count, updates: count }),
  rng: z.strictObject({ explore: z.unknown(), replay: z.unknown() }),
  adam: z.strictObject({ t: count }),
  names: z.array(z.string()),
  /** nStep > 1: env steps whose n-step window had not filled when the checkpoint was taken. */
  pending: PENDING_WINDOWS.optional(),
});

/** agent-dqn's files in @gymkit/tfjs's agent file format. */
export const DQN_FILE_FORMAT: AgentFileFormat<z.output<typeof METADATA>> = {
  format: CHECKPOINT_FORMAT,
  version: CHECKPOINT_VERSION,
  generatedBy: "@gymkit/agent-dqn",
  metadata: METADATA,
  describe: "an agent-dqn save",
};

/** Everything a checkpoint holds, as plain values. */
export interface AgentSnapshot {
  /** The resolved agent config (options, spaces, backend, gradient path). */
  config: Record<string, unknown>;
  counters: { steps: number; updates: number };
  rng: Record<string, RngState>;
  adam: { t: number; m: Float64Array[]; v: Float64Array[] };
  online: Map<string, { shape: number[]; values: Float32Array }>;
  /** Absent when the target-sync strategy keeps no target network. */
  target?: Map<string, { shape: number[]; values: Float32Array }> | undefined;
  /** Parameter names in order (Adam state follows it). */
  names: readonly string[];
  /** nStep > 1: the steps waiting in the n-step window. */
  pending?: readonly PendingWindow[] | undefined;
}

/**
 * Model artifacts for a `tf.io` handler: float32 tensors (online and target weights, as
 * `online/<name>` and `target/<name>`), then Adam's float64 moments (kept in doubles so a resumed
 * run continues exactly), `adam/m/<name>` and `adam/v/<name>` for each parameter in turn.
 */
export function encodeSnapshot(s: AgentSnapshot): tf.io.ModelArtifacts {
  const float32 = new Map<string, NamedTensor>();
  for (const [name, w] of s.online) float32.set(`online/${name}`, w);
  if (s.target) for (const [name, w] of s.target) float32.set(`target/${name}`, w);
  const float64 = new Map<string, Float64Array>();
  s.names.forEach((name, i) => {
    float64.set(`adam/m/${name}`, s.adam.m[i]!);
    float64.set(`adam/v/${name}`, s.adam.v[i]!);
  });
  return encodeAgentArtifacts(DQN_FILE_FORMAT, {
    topology: { kind: "gymkit-dqn-mlp", config: s.config },
    metadata: {
      config: s.config,
      counters: s.counters,
      rng: { explore: s.rng.explore, replay: s.rng.replay },
      adam: { t: s.adam.t },
      names: [...s.names],
      ...(s.pending ? { pending: [...s.pending] } : {}),
    },
    float32,
    float64,
  });
}

/**
 * Reverses {@link encodeSnapshot}, checking every size against the manifest; `source` (e.g. the
 * directory) names the files in errors.
 */
export function decodeSnapshot(a: tf.io.ModelArtifacts, source?: string): AgentSnapshot {
  const file = decodeAgentArtifacts(DQN_FILE_FORMAT, a, source);
  const meta = file.metadata;
  const modelFile = checkpointPath(source, MODEL_FILE);
  for (const which of ["explore", "replay"] as const) {
    try {
      checkXoroshiroState(meta.rng[which], `rng.${which} state`);
    } catch (e) {
      throw corruptAgentFile(DQN_FILE_FORMAT, modelFile, (e as Error).message.replace(/\.$/, ""));
    }
  }
  const online = new Map<string, { shape: number[]; values: Float32Array }>();
  const target = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const [name, t] of file.float32) {
    const [which, ...rest] = name.split("/");
    (which === "target" ? target : online).set(rest.join("/"), { shape: [...t.shape], values: t.values });
  }
  const m: Float64Array[] = [];
  const v: Float64Array[] = [];
  for (const [name, arr] of file.float64) (name.startsWith("adam/m/") ? m : v).push(arr);
  if (m.length !== meta.names.length || v.length !== meta.names.length)
    throw corruptAgentFile(DQN_FILE_FORMAT, modelFile, "Adam state does not match the parameters");
  return {
    config: meta.config,
    counters: meta.counters,
    rng: meta.rng as Record<string, RngState>,
    adam: { t: meta.adam.t, m, v },
    online,
    target: target.size > 0 ? target : undefined,
    names: meta.names,
    pending: meta.pending,
  };
}
