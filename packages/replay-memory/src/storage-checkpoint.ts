import { describeValue, GymkitError } from "@gymkit/core";
import {
  type CheckpointContents,
  decodeCheckpoint,
  encodeCheckpoint,
  type LoadedCheckpoint,
} from "./checkpoint.js";
import type { TransitionStorage } from "./storage.js";
import { f32 } from "./transition-check.js";

type Sections = CheckpointContents["sections"];

/**
 * The structural config of a storage: what a checkpoint must match to be loaded into it. Discrete
 * keeps the version-1 keys (so old images still load); Box names its action shape instead, and the
 * stored values are checked against this buffer's bounds on load.
 */
export function storageConfig(storage: TransitionStorage): Record<string, unknown> {
  const l = storage.layout;
  const a = l.action;
  const action =
    a.type === "Discrete" ? { actionCount: a.count, actionStart: a.start } : { actionShape: [...a.shape] };
  return { capacity: storage.capacity, observationShape: [...l.observationShape], ...action };
}

/** The filled rows (slots `[0, size)`), field by field, in a fixed order. */
export function storageSections(storage: TransitionStorage): Sections {
  const f = storage.fields();
  return [
    { name: "observations", data: f.observations },
    { name: "nextObservations", data: f.nextObservations },
    { name: "actions", data: f.actions },
    { name: "rewards", data: f.rewards },
    { name: "terminated", data: f.terminated },
    { name: "truncated", data: f.truncated },
  ];
}

/** Throws the error for an intact image that does not fit this buffer. */
export function mismatch(source: string | undefined, problem: string): never {
  const where = source === undefined ? "image" : `"${source}"`;
  throw new GymkitError(
    "GYMKIT_CORRUPT_FILE",
    `Replay buffer checkpoint ${where} does not fit this buffer: ${problem}.`,
  );
}

/** A verified, not yet applied, storage image from a checkpoint. */
export interface StorageImage {
  readonly size: number;
  readonly cursor: number;
  readonly arrays: ReadonlyMap<string, Float32Array | Float64Array | Int32Array | Uint8Array>;
}

/**
 * Checks a loaded checkpoint against this buffer (kind, config, counters, section lengths, and
 * that every stored value is one `add` would have accepted) without touching the buffer.
 */
export function verifyStorageImage(
  source: string | undefined,
  loaded: LoadedCheckpoint,
  kind: string,
  config: Record<string, unknown>,
  storage: TransitionStorage,
): StorageImage {
  if (loaded.kind !== kind) {
    mismatch(source, `it holds a "${loaded.kind}" buffer, this is a "${kind}" buffer`);
  }
  for (const [key, want] of Object.entries(config)) {
    const got = loaded.config[key];
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      mismatch(
        source,
        `config mismatch: ${key} is ${describeValue(got)} in the file, ${describeValue(want)} in this buffer`,
      );
    }
  }
  const { size, cursor } = loaded.state;
  const cap = storage.capacity;
  if (!Number.isInteger(size) || (size as number) < 0 || (size as number) > cap) {
    mismatch(source, `size ${describeValue(size)} is not in [0, ${cap}]`);
  }
  const full = size === cap;
  if (
    !Number.isInteger(cursor) ||
    (cursor as number) < 0 ||
    (cursor as number) >= cap ||
    (!full && cursor !== size)
  ) {
    mismatch(source, `cursor ${describeValue(cursor)} is inconsistent with size ${size} and capacity ${cap}`);
  }
  const n = size as number;
  const d = storage.observationSize;
  const a = storage.actionSize;
  for (const { name, data } of storageSections(storage)) {
    const got = loaded.sections.get(name);
    const want = name.endsWith("bservations") ? n * d : name === "actions" ? n * a : n;
    if (!got || got.constructor !== data.constructor || got.length !== want) {
      mismatch(
        source,
        `section "${name}" should hold ${want} ${data.constructor.name} values, found ${got ? `${got.length} ${got.constructor.name}` : "none"}`,
      );
    }
  }
  const s = loaded.sections;
  const finite = (a: ArrayLike<number>, name: string) => {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i]!)) mismatch(source, `${name}[${i}] is ${a[i]}, not a finite number`);
    }
  };
  finite(s.get("observations")!, "observations");
  finite(s.get("nextObservations")!, "nextObservations");
  finite(s.get("rewards")!, "rewards");
  const layout = storage.layout.action;
  const actions = s.get("actions")!;
  for (let k = 0; k < n * a; k++) {
    const j = k % a;
    const lo = layout.type === "Discrete" ? layout.start : layout.low[j]!;
    const hi = layout.type === "Discrete" ? layout.start + layout.count - 1 : layout.high[j]!;
    // NaN fails both comparisons, so it is caught here too.
    if (!(actions[k]! >= lo && actions[k]! <= hi && Number.isFinite(actions[k]!))) {
      const at = a === 1 ? `[${k}]` : `[${Math.floor(k / a)}][${j}]`;
      mismatch(source, `actions${at} = ${actions[k]} is outside [${f32(lo)}, ${f32(hi)}]`);
    }
  }
  for (const name of ["terminated", "truncated"]) {
    const f = s.get(name)!;
    for (let i = 0; i < n; i++) if (f[i]! > 1) mismatch(source, `${name}[${i}] = ${f[i]} is not 0 or 1`);
  }
  return { size: n, cursor: cursor as number, arrays: s };
}

/** Applies a verified image: copies the rows in and sets the counters. */
export function applyStorageImage(storage: TransitionStorage, image: StorageImage): void {
  const a = image.arrays;
  // Casts: verifyStorageImage checked each section's constructor against the storage's own.
  storage.restore(
    {
      observations: a.get("observations") as Float32Array,
      nextObservations: a.get("nextObservations") as Float32Array,
      actions: a.get("actions") as Int32Array | Float32Array,
      rewards: a.get("rewards") as Float32Array,
      terminated: a.get("terminated") as Uint8Array,
      truncated: a.get("truncated") as Uint8Array,
    },
    image.size,
    image.cursor,
  );
}

/** The image of a buffer whose whole state is its storage (`uniform`, `online`). */
export function serializeStorage(kind: string, storage: TransitionStorage): Uint8Array {
  return encodeCheckpoint({
    kind,
    config: storageConfig(storage),
    state: { size: storage.size, cursor: storage.cursor },
    sections: storageSections(storage),
  });
}

/** Verifies an image of `serializeStorage` against `storage`, then restores it (or throws, changing nothing). */
export function deserializeStorage(
  kind: string,
  storage: TransitionStorage,
  bytes: Uint8Array,
  source: string | undefined,
): void {
  const loaded = decodeCheckpoint(bytes, source);
  applyStorageImage(storage, verifyStorageImage(source, loaded, kind, storageConfig(storage), storage));
}
