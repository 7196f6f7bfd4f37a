import { checkXoroshiroState, crc32, GymkitError, parseOptions, type RngState, z } from "@gymkit/core";
import type * as tf from "@tensorflow/tfjs";
import { checkpointPath, MODEL_FILE, WEIGHTS_FILE } from "./model-files.js";
import { PENDING_WINDOWS, type PendingWindow } from "./n-step.js";

/** Format tag in model.json. */
export const CHECKPOINT_FORMAT = "gymkit-dqn";
export const CHECKPOINT_VERSION = 2;

const count = z.number().int().min(0);
/** What model.json's `userDefinedMetadata` must hold; checked before anything is restored. */
const METADATA = z.object({
  formatVersion: z.literal(CHECKPOINT_VERSION),
  config: z.record(z.string(), z.unknown()),
  counters: z.strictObject({ steps: count, updates: count }),
  rng: z.strictObject({ explore: z.unknown(), replay: z.unknown() }),
  adam: z.strictObject({ t: count }),
  names: z.array(z.string()),
  float64: z.array(z.strictObject({ name: z.string(), length: count })),
  /** CRC-32 of weights.bin: a flipped byte in weights or optimizer state is caught. */
  weightsCrc32: z.number().int().min(0).max(0xffffffff),
  /** nStep > 1: env steps whose n-step window had not filled when the checkpoint was taken. */
  pending: PENDING_WINDOWS.optional(),
});

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

interface Float64Entry {
  name: string;
  length: number;
}

/**
 * Model artifacts for a `tf.io` handler: float32 tensors (online and target weights) described by
 * `weightSpecs`, then Adam's float64 moments (kept in doubles so a resumed run continues
 * exactly), described in `userDefinedMetadata.float64`.
 */
export function encodeSnapshot(s: AgentSnapshot): tf.io.ModelArtifacts {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  const addF32 = (name: string, shape: number[], values: Float32Array) => {
    specs.push({ name, shape, dtype: "float32" });
    chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice());
  };
  for (const [name, w] of s.online) addF32(`online/${name}`, w.shape, w.values);
  if (s.target) for (const [name, w] of s.target) addF32(`target/${name}`, w.shape, w.values);
  const f64: Float64Entry[] = [];
  s.names.forEach((name, i) => {
    for (const [which, arr] of [
      ["m", s.adam.m[i]!],
      ["v", s.adam.v[i]!],
    ] as const) {
      f64.push({ name: `adam/${which}/${name}`, length: arr.length });
      chunks.push(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength).slice());
    }
  });
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.byteLength;
  }
  return {
    modelTopology: { kind: "gymkit-dqn-mlp", config: s.config },
    format: CHECKPOINT_FORMAT,
    generatedBy: "@gymkit/agent-dqn",
    weightSpecs: specs,
    weightData: data.buffer,
    userDefinedMetadata: {
      formatVersion: CHECKPOINT_VERSION,
      config: s.config,
      counters: s.counters,
      rng: s.rng as unknown as object,
      adam: { t: s.adam.t },
      names: [...s.names],
      float64: f64 as unknown as object,
      weightsCrc32: crc32(data),
      ...(s.pending ? { pending: s.pending as unknown as object } : {}),
    },
  };
}

function corrupt(file: string, what: string): GymkitError {
  return new GymkitError(
    "GYMKIT_CORRUPT_FILE",
    `${file}: ${what}; the checkpoint is corrupt or not an agent-dqn save.`,
  );
}

/**
 * Reverses {@link encodeSnapshot}, checking every size against the manifest; `source` (e.g. the
 * directory) names the files in errors.
 */
export function decodeSnapshot(a: tf.io.ModelArtifacts, source?: string): AgentSnapshot {
  const modelFile = checkpointPath(source, MODEL_FILE);
  const weightsFile = checkpointPath(source, WEIGHTS_FILE);
  if (a.format !== CHECKPOINT_FORMAT)
    throw corrupt(modelFile, `format is ${JSON.stringify(a.format)}, expected "${CHECKPOINT_FORMAT}"`);
  const raw = a.userDefinedMetadata as Record<string, unknown> | undefined;
  if (raw?.formatVersion !== CHECKPOINT_VERSION) {
    throw corrupt(
      modelFile,
      `formatVersion is ${JSON.stringify(raw?.formatVersion)}, expected ${CHECKPOINT_VERSION}`,
    );
  }
  let meta: z.output<typeof METADATA>;
  try {
    meta = parseOptions(METADATA, raw, { path: "userDefinedMetadata" });
  } catch (e) {
    // "Invalid config at userDefinedMetadata.counters.steps: expected ..." → the file's fault.
    throw corrupt(modelFile, (e as Error).message.replace(/^Invalid config at /, "").replace(/\.$/, ""));
  }
  for (const which of ["explore", "replay"] as const) {
    try {
      checkXoroshiroState(meta.rng[which], `rng.${which} state`);
    } catch (e) {
      throw corrupt(modelFile, (e as Error).message.replace(/\.$/, ""));
    }
  }
  const { names, float64: f64, counters } = meta;
  const adamMeta = meta.adam;
  const buffer = a.weightData as ArrayBuffer;
  let offset = 0;
  const online = new Map<string, { shape: number[]; values: Float32Array }>();
  const target = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const spec of a.weightSpecs ?? []) {
    if (spec.dtype !== "float32" || spec.quantization)
      throw corrupt(modelFile, `weight ${spec.name} is not plain float32`);
    const n = spec.shape.reduce((x, y) => x * y, 1);
    if (offset + 4 * n > buffer.byteLength) {
      throw corrupt(
        weightsFile,
        `holds ${buffer.byteLength} bytes but the manifest needs more (at ${spec.name})`,
      );
    }
    const values = new Float32Array(buffer.slice(offset, offset + 4 * n));
    offset += 4 * n;
    const [which, ...rest] = spec.name.split("/");
    (which === "target" ? target : online).set(rest.join("/"), { shape: spec.shape, values });
  }
  const m: Float64Array[] = [];
  const v: Float64Array[] = [];
  for (const e of f64) {
    if (offset + 8 * e.length > buffer.byteLength) {
      throw corrupt(
        weightsFile,
        `holds ${buffer.byteLength} bytes but the manifest needs more (at ${e.name})`,
      );
    }
    const arr = new Float64Array(buffer.slice(offset, offset + 8 * e.length));
    offset += 8 * e.length;
    (e.name.startsWith("adam/m/") ? m : v).push(arr);
  }
  if (offset !== buffer.byteLength) {
    throw corrupt(weightsFile, `holds ${buffer.byteLength} bytes, the manifest describes ${offset}`);
  }
  if (m.length !== names.length || v.length !== names.length)
    throw corrupt(modelFile, "Adam state does not match the parameters");
  // Sizes first (they say what is missing), then the checksum (it says that bytes changed).
  const crc = crc32(new Uint8Array(buffer));
  if (crc !== meta.weightsCrc32) {
    throw corrupt(
      weightsFile,
      `its CRC-32 is ${crc.toString(16).padStart(8, "0")}, model.json recorded ${meta.weightsCrc32.toString(16).padStart(8, "0")} (the bytes changed after saving)`,
    );
  }
  return {
    config: meta.config,
    counters,
    rng: meta.rng as Record<string, RngState>,
    adam: { t: adamMeta.t, m, v },
    online,
    target: target.size > 0 ? target : undefined,
    names: names as string[],
    pending: meta.pending,
  };
}
