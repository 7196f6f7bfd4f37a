import { crc32, GymkitError } from "@gymkit/core";

/**
 * The binary image of a replay buffer (`serialize()`), browser-safe (typed arrays, `DataView`,
 * `TextEncoder`; no `Buffer`, `node:zlib` or `node:os`). The Node entry writes it to a file as is.
 *
 * | bytes | content |
 * |---|---|
 * | 0–7 | magic `GYMKITRB` |
 * | 8–11 | format version (u32 LE), currently 2 (1: before Box actions; still read) |
 * | 12–15 | byte length J of the JSON header (u32 LE) |
 * | 16–23 | total image length (f64 LE) — detects truncation before anything else |
 * | 24 … 24+J | JSON: `{ kind, config, state, littleEndian, sections: [{ name, dtype, length }] }` |
 * | … | each section's typed-array bytes, in order (only the filled rows), in the writer's byte order |
 * | last 4 | CRC32 (u32 LE) of every byte before it |
 */
export const CHECKPOINT_MAGIC = "GYMKITRB";
/**
 * Format version written by this code. Version 2 added Box actions (a float32 `actions` section of
 * n × action size); a version-1 image has the same structure with Discrete actions only, so it
 * still loads. Readers reject any other version.
 */
export const CHECKPOINT_VERSION = 2;
/** Versions this code reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];
const FIXED_HEADER = 24;
const CRC_BYTES = 4;

/** This machine's byte order (sections are written in it), by a probe instead of `node:os`. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export type SectionArray = Float32Array | Float64Array | Int32Array | Uint8Array;
const DTYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
} as const;
type SectionDType = keyof typeof DTYPES;

function dtypeOf(a: SectionArray): SectionDType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "uint8";
}

/** What a buffer puts in its image. */
export interface CheckpointContents {
  readonly kind: string;
  /** Structural config; a loading buffer compares it with its own. */
  readonly config: Record<string, unknown>;
  /** Counters: size, cursor, and kind-specific ones. */
  readonly state: Record<string, unknown>;
  /** Named typed arrays (views of the filled part; written as-is). */
  readonly sections: ReadonlyArray<{ readonly name: string; readonly data: SectionArray }>;
}

/** An image as read back: sections are copied into fresh typed arrays. */
export interface LoadedCheckpoint {
  readonly kind: string;
  readonly config: Record<string, unknown>;
  readonly state: Record<string, unknown>;
  readonly sections: ReadonlyMap<string, SectionArray>;
}

/** CRC32 (IEEE 802.3), core's: the checksum every gymkit checkpoint carries. */
export { crc32 };

function bytesOf(a: SectionArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The image of `contents`: header, sections and CRC32, as one array. */
export function encodeCheckpoint(contents: CheckpointContents): Uint8Array {
  const json = new TextEncoder().encode(
    JSON.stringify({
      kind: contents.kind,
      config: contents.config,
      state: contents.state,
      littleEndian: LITTLE_ENDIAN,
      sections: contents.sections.map((s) => ({
        name: s.name,
        dtype: dtypeOf(s.data),
        length: s.data.length,
      })),
    }),
  );
  const body = contents.sections.reduce((n, s) => n + s.data.byteLength, 0);
  const total = FIXED_HEADER + json.length + body + CRC_BYTES;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  for (let i = 0; i < CHECKPOINT_MAGIC.length; i++) out[i] = CHECKPOINT_MAGIC.charCodeAt(i);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, json.length, true);
  view.setFloat64(16, total, true);
  out.set(json, FIXED_HEADER);
  let offset = FIXED_HEADER + json.length;
  for (const s of contents.sections) {
    out.set(bytesOf(s.data), offset);
    offset += s.data.byteLength;
  }
  view.setUint32(offset, crc32(out.subarray(0, offset)), true);
  return out;
}

/** How errors name the image: the file (or other source) it came from, when known. */
function label(source: string | undefined): string {
  return source === undefined ? "image" : `"${source}"`;
}

function corrupt(source: string | undefined, problem: string): never {
  throw new GymkitError("GYMKIT_CORRUPT_FILE", `Replay buffer checkpoint ${label(source)} ${problem}`);
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

/**
 * Reads and verifies an image: magic, version, length (truncation), CRC32, then the JSON header
 * and the section sizes. Throws `GYMKIT_CORRUPT_FILE` naming `source` and the problem.
 */
export function decodeCheckpoint(bytes: Uint8Array, source?: string): LoadedCheckpoint {
  if (!(bytes instanceof Uint8Array)) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Replay buffer checkpoint ${label(source)}: deserialize() expects a Uint8Array, got ${typeof bytes === "object" ? Object.prototype.toString.call(bytes) : typeof bytes}.`,
    );
  }
  const n = bytes.length;
  const magic = String.fromCharCode(...bytes.subarray(0, Math.min(8, n)));
  if (!CHECKPOINT_MAGIC.startsWith(magic)) {
    corrupt(
      source,
      `is not a gymkit replay-buffer checkpoint: bad magic ${JSON.stringify(magic)} (expected "${CHECKPOINT_MAGIC}").`,
    );
  }
  if (n < FIXED_HEADER + CRC_BYTES) {
    corrupt(source, `is truncated: ${n} bytes, shorter than the ${FIXED_HEADER + CRC_BYTES}-byte minimum.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const version = view.getUint32(8, true);
  if (!READABLE_VERSIONS.includes(version)) {
    corrupt(
      source,
      `has unsupported format version ${version}; this @gymkit/replay-memory reads versions ${READABLE_VERSIONS.join(" and ")}.`,
    );
  }
  const total = view.getFloat64(16, true);
  if (n < total) corrupt(source, `is truncated: ${n} bytes, the header says ${total}.`);
  if (n > total) {
    corrupt(
      source,
      `has ${n - total} unexpected bytes after its end (${n} bytes, the header says ${total}).`,
    );
  }
  const stored = view.getUint32(n - CRC_BYTES, true);
  const actual = crc32(bytes.subarray(0, n - CRC_BYTES));
  if (stored !== actual) {
    corrupt(
      source,
      `failed its checksum (CRC32 stored ${hex(stored)}, computed ${hex(actual)}): the file was altered or damaged.`,
    );
  }
  const jsonLength = view.getUint32(12, true);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(FIXED_HEADER, FIXED_HEADER + jsonLength)));
  } catch (e) {
    corrupt(source, `has an unreadable JSON header: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (!isRecord(header)) corrupt(source, "has a header without kind, config or state.");
  if (header.littleEndian !== LITTLE_ENDIAN) {
    corrupt(source, "was written on a machine of the other byte order.");
  }
  const sections = new Map<string, SectionArray>();
  let offset = FIXED_HEADER + jsonLength;
  const list = header.sections ?? [];
  if (!Array.isArray(list)) corrupt(source, `has a malformed section list ${JSON.stringify(list)}.`);
  for (const s of list as unknown[]) {
    const Ctor = isRecord(s) ? DTYPES[s.dtype as SectionDType] : undefined;
    if (!isRecord(s) || !Ctor || !Number.isInteger(s.length) || (s.length as number) < 0)
      corrupt(source, `has a malformed section ${JSON.stringify(s)}.`);
    const length = s.length as number;
    const size = length * Ctor.BYTES_PER_ELEMENT;
    if (offset + size > n - CRC_BYTES)
      corrupt(source, `is inconsistent: section "${String(s.name)}" runs past the end.`);
    const out = new Ctor(length);
    // A copy: the image's bytes may be unaligned for the section's element size.
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + size));
    sections.set(String(s.name), out);
    offset += size;
  }
  if (offset !== n - CRC_BYTES) corrupt(source, "is inconsistent: its sections do not fill the file.");
  if (typeof header.kind !== "string" || !isRecord(header.config) || !isRecord(header.state)) {
    corrupt(source, "has a header without kind, config or state.");
  }
  return { kind: header.kind, config: header.config, state: header.state, sections };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
