/**
 * The agent file format every gymkit agent saves in: TensorFlow.js's `model.json` + `weights.bin`
 * layout, with the agent's own metadata (checked by its zod schema) in `userDefinedMetadata`,
 * named float32 tensors described by the weight manifest, then named float64 arrays (optimizer
 * moments, kept in doubles so a resumed run continues exactly), and a CRC-32 of the bytes.
 */
import { type CheckpointFiles, crc32, GymkitError, parseOptions, z } from "@gymkit/core";
import type * as tf from "@tensorflow/tfjs-core";
import {
  artifactsToFiles,
  checkpointPath,
  filesToArtifacts,
  joinWeightData,
  MODEL_FILE,
  WEIGHTS_FILE,
} from "./model-files.js";
import type { NamedTensor } from "./parameters.js";

/** What one agent's files are: its tag and version, who writes them, and its metadata schema. */
export interface AgentFileFormat<M> {
  /** `model.json`'s `format`, e.g. `"gymkit-dqn"`; a file with another tag is refused. */
  readonly format: string;
  /** `userDefinedMetadata.formatVersion`; bump it when the layout changes. */
  readonly version: number;
  /** `model.json`'s `generatedBy`, e.g. `"@gymkit/agent-dqn"`. */
  readonly generatedBy: string;
  /**
   * The agent's own fields of `userDefinedMetadata`, checked before anything is restored (a zod
   * object from core's `z`: unknown keys, such as the format's own, are dropped).
   */
  readonly metadata: z.ZodType<M>;
  /** What a foreign or damaged file is said not to be: `an agent-dqn save`. */
  readonly describe: string;
}

/** What an agent file holds, as plain values. */
export interface AgentFileContents<M> {
  /** The agent's metadata (its config, counters, RNG states, ...). */
  readonly metadata: M;
  /** `model.json`'s `modelTopology` (informative; not read back). @default {} */
  readonly topology?: object | undefined;
  /** float32 tensors by name, in file order. */
  readonly float32: ReadonlyMap<string, NamedTensor>;
  /** float64 arrays by name, in file order. @default none */
  readonly float64?: ReadonlyMap<string, Float64Array> | undefined;
}

/** What {@link decodeAgentArtifacts} gives: the same, with every part present. */
export interface DecodedAgentFile<M> extends AgentFileContents<M> {
  readonly topology: object;
  readonly float64: ReadonlyMap<string, Float64Array>;
}

const count = z.number().int().min(0);
/** The format's own fields of `userDefinedMetadata`. */
const FORMAT_FIELDS = z.object({
  float64: z.array(z.strictObject({ name: z.string(), length: count })),
  /** CRC-32 of weights.bin: a flipped byte in weights or optimizer state is caught. */
  weightsCrc32: z.number().int().min(0).max(0xffffffff),
});

/**
 * The error for a damaged or foreign agent file, in the format's words:
 * `ckpt/model.json: <problem>; the checkpoint is corrupt or not an agent-dqn save.`
 */
export function corruptAgentFile(
  format: AgentFileFormat<unknown>,
  file: string,
  problem: string,
): GymkitError {
  return new GymkitError(
    "GYMKIT_CORRUPT_FILE",
    `${file}: ${problem}; the checkpoint is corrupt or not ${format.describe}.`,
  );
}

/** The bytes of a typed array, copied. */
const bytesOf = (a: Float32Array | Float64Array) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();

/** Model artifacts (for a `tf.io` handler, or {@link artifactsToFiles}) of an agent's contents. */
export function encodeAgentArtifacts<M>(
  format: AgentFileFormat<M>,
  contents: AgentFileContents<M>,
): tf.io.ModelArtifacts {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const [name, t] of contents.float32) {
    specs.push({ name, shape: [...t.shape], dtype: "float32" });
    chunks.push(bytesOf(t.values));
  }
  const f64: Array<{ name: string; length: number }> = [];
  for (const [name, arr] of contents.float64 ?? []) {
    f64.push({ name, length: arr.length });
    chunks.push(bytesOf(arr));
  }
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.byteLength;
  }
  return {
    modelTopology: contents.topology ?? {},
    format: format.format,
    generatedBy: format.generatedBy,
    weightSpecs: specs,
    weightData: data.buffer,
    userDefinedMetadata: {
      formatVersion: format.version,
      ...(contents.metadata as object),
      float64: f64,
      weightsCrc32: crc32(data),
    },
  };
}

/**
 * Reverses {@link encodeAgentArtifacts}, checking the tag, the version, the metadata (the format's
 * fields and the agent's schema), every size against the manifest, then the checksum; `source`
 * (e.g. the directory) names the files in errors.
 */
export function decodeAgentArtifacts<M>(
  format: AgentFileFormat<M>,
  a: tf.io.ModelArtifacts,
  source?: string,
): DecodedAgentFile<M> {
  const modelFile = checkpointPath(source, MODEL_FILE);
  const weightsFile = checkpointPath(source, WEIGHTS_FILE);
  const corrupt = (file: string, problem: string) => corruptAgentFile(format, file, problem);
  if (a.format !== format.format)
    throw corrupt(modelFile, `format is ${JSON.stringify(a.format)}, expected "${format.format}"`);
  const raw = a.userDefinedMetadata as Record<string, unknown> | undefined;
  if (raw?.formatVersion !== format.version) {
    throw corrupt(
      modelFile,
      `formatVersion is ${JSON.stringify(raw?.formatVersion)}, expected ${format.version}`,
    );
  }
  const parse = <T>(schema: z.ZodType<T>): T => {
    try {
      return parseOptions(schema, raw, { path: "userDefinedMetadata" });
    } catch (e) {
      // "Invalid config at userDefinedMetadata.counters.steps: expected ..." → the file's fault.
      throw corrupt(modelFile, (e as Error).message.replace(/^Invalid config at /, "").replace(/\.$/, ""));
    }
  };
  const metadata = parse(format.metadata);
  const { float64: f64, weightsCrc32 } = parse(FORMAT_FIELDS);
  const buffer = joinWeightData(a.weightData);
  let offset = 0;
  const float32 = new Map<string, NamedTensor>();
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
    float32.set(spec.name, {
      shape: spec.shape,
      values: new Float32Array(buffer.slice(offset, offset + 4 * n)),
    });
    offset += 4 * n;
  }
  const float64 = new Map<string, Float64Array>();
  for (const e of f64) {
    if (offset + 8 * e.length > buffer.byteLength) {
      throw corrupt(
        weightsFile,
        `holds ${buffer.byteLength} bytes but the manifest needs more (at ${e.name})`,
      );
    }
    float64.set(e.name, new Float64Array(buffer.slice(offset, offset + 8 * e.length)));
    offset += 8 * e.length;
  }
  if (offset !== buffer.byteLength) {
    throw corrupt(weightsFile, `holds ${buffer.byteLength} bytes, the manifest describes ${offset}`);
  }
  // Sizes first (they say what is missing), then the checksum (it says that bytes changed).
  const crc = crc32(new Uint8Array(buffer));
  if (crc !== weightsCrc32) {
    throw corrupt(
      weightsFile,
      `its CRC-32 is ${crc.toString(16).padStart(8, "0")}, model.json recorded ${weightsCrc32.toString(16).padStart(8, "0")} (the bytes changed after saving)`,
    );
  }
  return { metadata, topology: (a.modelTopology as object | undefined) ?? {}, float32, float64 };
}

/** An agent's contents as the two files of a checkpoint (`model.json`, `weights.bin`). */
export function encodeAgentFiles<M>(
  format: AgentFileFormat<M>,
  contents: AgentFileContents<M>,
): CheckpointFiles {
  return artifactsToFiles(encodeAgentArtifacts(format, contents));
}

/** Reverses {@link encodeAgentFiles}; `source` (e.g. the directory) names the files in errors. */
export function decodeAgentFiles<M>(
  format: AgentFileFormat<M>,
  files: CheckpointFiles,
  source?: string,
): DecodedAgentFile<M> {
  return decodeAgentArtifacts(format, filesToArtifacts(files, source), source);
}
