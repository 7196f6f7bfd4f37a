import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { GymkitError } from "@gymkit/core";
import type * as tf from "@tensorflow/tfjs";

/** File names inside a saved agent directory. */
export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";

let tempCounter = 0;

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
 * Writes a directory atomically: `fill(tmp)` writes into a fresh sibling temp directory, which
 * is then renamed over `dir` (the old one moved aside first, then removed), so a crash never
 * leaves a half-written `dir`.
 */
export async function writeDirAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${Date.now()}-${tempCounter++}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${suffix}`);
  const old = join(parent, `.${basename(dir)}.old-${suffix}`);
  await mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
    let hadOld = false;
    try {
      await rename(dir, old);
      hadOld = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    try {
      await rename(tmp, dir);
    } catch (e) {
      if (hadOld) await rename(old, dir);
      throw e;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * A `tf.io` handler over a directory holding `model.json` (topology, weight manifest, metadata)
 * and `weights.bin` (the concatenated weight bytes) — our own, so saving needs neither
 * tfjs-node's `file://` handler nor a browser. `save` is atomic (temp dir + rename).
 */
export class DirectoryIOHandler implements tf.io.IOHandler {
  constructor(readonly dir: string) {}

  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const weightData = joinWeightData(artifacts.weightData);
    const modelJSON: tf.io.ModelJSON = {
      modelTopology: (artifacts.modelTopology as object | undefined) ?? {},
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      userDefinedMetadata: artifacts.userDefinedMetadata,
    };
    await writeDirAtomic(this.dir, async (tmp) => {
      await writeFile(join(tmp, WEIGHTS_FILE), new Uint8Array(weightData));
      await writeFile(join(tmp, MODEL_FILE), `${JSON.stringify(modelJSON, null, 2)}\n`);
    });
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: "JSON",
        modelTopologyBytes: JSON.stringify(modelJSON.modelTopology).length,
        weightSpecsBytes: JSON.stringify(modelJSON.weightsManifest).length,
        weightDataBytes: weightData.byteLength,
      },
    };
  }

  async load(): Promise<tf.io.ModelArtifacts> {
    const modelPath = join(this.dir, MODEL_FILE);
    const weightsPath = join(this.dir, WEIGHTS_FILE);
    const text = await readOrThrow(modelPath, "utf8");
    let json: tf.io.ModelJSON;
    try {
      json = JSON.parse(text) as tf.io.ModelJSON;
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
        `${modelPath} has no weightsManifest pointing at ${WEIGHTS_FILE}; it was not written by this handler or is corrupt.`,
      );
    }
    const bytes = await readOrThrow(weightsPath);
    return {
      modelTopology: json.modelTopology,
      weightSpecs: manifest[0].weights,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      userDefinedMetadata: json.userDefinedMetadata,
    };
  }
}

async function readOrThrow(path: string): Promise<Buffer>;
async function readOrThrow(path: string, encoding: "utf8"): Promise<string>;
async function readOrThrow(path: string, encoding?: "utf8"): Promise<Buffer | string> {
  try {
    return encoding ? await readFile(path, encoding) : await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let exists = false;
    try {
      await stat(dirname(path));
      exists = true;
    } catch {}
    throw new GymkitError(
      "GYMKIT_CORRUPT_FILE",
      code === "ENOENT"
        ? `Cannot load the agent: ${path} does not exist${exists ? "" : ` (nor does its directory ${dirname(path)})`}. A saved agent directory holds ${MODEL_FILE} and ${WEIGHTS_FILE}.`
        : `Cannot read ${path}: ${(e as Error).message}.`,
      { cause: e },
    );
  }
}
