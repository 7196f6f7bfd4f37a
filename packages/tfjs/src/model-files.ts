import { type CheckpointFiles, GymkitError } from "@gymkit/core";
import type * as tf from "@tensorflow/tfjs-core";

/** File names inside an agent checkpoint. */
export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";

/** `source/file` for messages, or just `file` when the checkpoint came from nowhere in particular. */
export const checkpointPath = (source: string | undefined, file: string): string =>
  source === undefined ? file : `${source}/${file}`;

/** Concatenates tfjs `WeightData` (one buffer or several) into one. */
export function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/**
 * `tf.io` model artifacts as the two files of a checkpoint, the layout tfjs's own handlers use:
 * `model.json` (topology, weight manifest, metadata) and `weights.bin` (the concatenated weight
 * bytes). Pure bytes, no file system: works in a browser, and `@gymkit/tfjs/node` writes them to a directory.
 */
export function artifactsToFiles(artifacts: tf.io.ModelArtifacts): CheckpointFiles {
  const modelJSON: tf.io.ModelJSON = {
    modelTopology: (artifacts.modelTopology as object | undefined) ?? {},
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    userDefinedMetadata: artifacts.userDefinedMetadata,
  };
  return {
    [MODEL_FILE]: new TextEncoder().encode(`${JSON.stringify(modelJSON, null, 2)}\n`),
    [WEIGHTS_FILE]: new Uint8Array(joinWeightData(artifacts.weightData)),
  };
}

function missing(source: string | undefined, file: string): GymkitError {
  return new GymkitError(
    "GYMKIT_CORRUPT_FILE",
    `Cannot restore the agent: ${checkpointPath(source, file)} does not exist. An agent checkpoint holds ${MODEL_FILE} and ${WEIGHTS_FILE}.`,
  );
}

/** Reverses {@link artifactsToFiles}; `source` (e.g. the directory) names the files in errors. */
export function filesToArtifacts(files: CheckpointFiles, source?: string): tf.io.ModelArtifacts {
  const modelPath = checkpointPath(source, MODEL_FILE);
  const model = files[MODEL_FILE];
  if (model === undefined) throw missing(source, MODEL_FILE);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(model)) as tf.io.ModelJSON;
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_CORRUPT_FILE",
      `${modelPath} is not valid JSON (${(e as Error).message}); the checkpoint is corrupt.`,
      { cause: e },
    );
  }
  const manifest = json?.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length !== 1 || manifest[0]?.paths?.[0] !== WEIGHTS_FILE) {
    throw new GymkitError(
      "GYMKIT_CORRUPT_FILE",
      `${modelPath} has no weightsManifest pointing at ${WEIGHTS_FILE}; it is not an agent checkpoint or is corrupt.`,
    );
  }
  const weights = files[WEIGHTS_FILE];
  if (weights === undefined) throw missing(source, WEIGHTS_FILE);
  return {
    modelTopology: json.modelTopology,
    weightSpecs: manifest[0].weights,
    weightData: weights.slice().buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}
