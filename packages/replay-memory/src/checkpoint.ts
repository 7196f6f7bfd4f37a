import { open, readFile, rename, unlink } from "node:fs/promises";
import { endianness } from "node:os";
import * as zlib from "node:zlib";
import { GymkitError } from "@gymkit/core";

/**
 * Binary checkpoint of a replay buffer, one file:
 *
 * | bytes | content |
 * |---|---|
 * | 0–7 | magic `GYMKITRB` |
 * | 8–11 | format version (u32 LE), currently 1 |
 * | 12–15 | byte length J of the JSON header (u32 LE) |
 * | 16–23 | total file length (f64 LE) — detects truncation before anything else |
 * | 24 … 24+J | JSON: `{ kind, config, state, sections: [{ name, dtype, length }], littleEndian }` |
 * | … | each section's typed-array bytes, in order (only the filled rows) |
 * | last 4 | CRC32 (u32 LE) of every byte before it |
 */
export const CHECKPOINT_MAGIC = "GYMKITRB";
/** Format version written by this code; readers reject any other. */
export const CHECKPOINT_VERSION = 1;
const FIXED_HEADER = 24;
const CRC_BYTES = 4;

type SectionArray = Float32Array | Float64Array | Int32Array | Uint8Array;
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

/** What a buffer puts in a checkpoint. */
export interface CheckpointContents {
  readonly kind: string;
  /** Structural config; a loading buffer compares it with its own. */
  readonly config: Record<string, unknown>;
  /** Counters: size, cursor, and kind-specific ones. */
  readonly state: Record<string, unknown>;
  /** Named typed arrays (views of the filled part; written as-is). */
  readonly sections: ReadonlyArray<{ readonly name: string; readonly data: SectionArray }>;
}

/** A checkpoint as read back: sections are copied into fresh typed arrays. */
export interface LoadedCheckpoint {
  readonly kind: string;
  readonly config: Record<string, unknown>;
  readonly state: Record<string, unknown>;
  readonly sections: ReadonlyMap<string, SectionArray>;
}

let table: Uint32Array | undefined;

/** Table-driven CRC32 (IEEE), for runtimes whose node:zlib has no `crc32`. */
export function crc32Fallback(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~value >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC32 (IEEE), by node:zlib when it has `crc32` (Node ≥ 20.15), else `crc32Fallback`. */
export function crc32(data: Uint8Array, value = 0): number {
  // Node 20's zlib.crc32 returns 0 for a view of a zero-length ArrayBuffer, dropping `value`.
  if (data.length === 0) return value >>> 0;
  const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  return native ? native(data, value) >>> 0 : crc32Fallback(data, value);
}

function bytesOf(a: SectionArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes `contents` to `path` atomically: a temp file beside it, fsync, then rename. */
export async function writeCheckpoint(path: string, contents: CheckpointContents): Promise<void> {
  const json = Buffer.from(
    JSON.stringify({
      kind: contents.kind,
      config: contents.config,
      state: contents.state,
      littleEndian: endianness() === "LE",
      sections: contents.sections.map((s) => ({
        name: s.name,
        dtype: dtypeOf(s.data),
        length: s.data.length,
      })),
    }),
    "utf8",
  );
  const body = contents.sections.reduce((n, s) => n + s.data.byteLength, 0);
  const total = FIXED_HEADER + json.length + body + CRC_BYTES;
  const head = Buffer.alloc(FIXED_HEADER);
  head.write(CHECKPOINT_MAGIC, 0, "latin1");
  head.writeUInt32LE(CHECKPOINT_VERSION, 8);
  head.writeUInt32LE(json.length, 12);
  head.writeDoubleLE(total, 16);
  const chunks: Uint8Array[] = [head, json, ...contents.sections.map((s) => bytesOf(s.data))];
  let crc = 0;
  for (const c of chunks) crc = crc32(c, crc);
  const tail = Buffer.alloc(CRC_BYTES);
  tail.writeUInt32LE(crc >>> 0, 0);
  chunks.push(tail);

  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fh = await open(tmp, "w");
    try {
      for (const c of chunks) if (c.byteLength > 0) await fh.write(c);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Cannot write replay buffer checkpoint "${path}": ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}

function corrupt(path: string, problem: string): never {
  throw new GymkitError("GYMKIT_CORRUPT_FILE", `Replay buffer checkpoint "${path}" ${problem}`);
}

/**
 * Reads and verifies a checkpoint: magic, version, length (truncation), CRC32, then the JSON
 * header and the section sizes. Throws `GYMKIT_CORRUPT_FILE` naming the file and the problem.
 */
export async function readCheckpoint(path: string): Promise<LoadedCheckpoint> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (e) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `Cannot read replay buffer checkpoint "${path}": ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const magic = file.subarray(0, Math.min(8, file.length)).toString("latin1");
  if (!CHECKPOINT_MAGIC.startsWith(magic)) {
    corrupt(
      path,
      `is not a gymkit replay-buffer checkpoint: bad magic ${JSON.stringify(magic)} (expected "${CHECKPOINT_MAGIC}").`,
    );
  }
  if (file.length < FIXED_HEADER + CRC_BYTES) {
    corrupt(
      path,
      `is truncated: ${file.length} bytes, shorter than the ${FIXED_HEADER + CRC_BYTES}-byte minimum.`,
    );
  }
  const version = file.readUInt32LE(8);
  if (version !== CHECKPOINT_VERSION) {
    corrupt(
      path,
      `has unsupported format version ${version}; this @gymkit/replay-memory reads version ${CHECKPOINT_VERSION}.`,
    );
  }
  const total = file.readDoubleLE(16);
  if (file.length < total) corrupt(path, `is truncated: ${file.length} bytes, the header says ${total}.`);
  if (file.length > total) {
    corrupt(
      path,
      `has ${file.length - total} unexpected bytes after its end (${file.length} bytes, the header says ${total}).`,
    );
  }
  const stored = file.readUInt32LE(file.length - CRC_BYTES);
  const actual = crc32(file.subarray(0, file.length - CRC_BYTES)) >>> 0;
  if (stored !== actual) {
    corrupt(
      path,
      `failed its checksum (CRC32 stored ${hex(stored)}, computed ${hex(actual)}): the file was altered or damaged.`,
    );
  }
  const jsonLength = file.readUInt32LE(12);
  let header: {
    kind?: unknown;
    config?: unknown;
    state?: unknown;
    littleEndian?: unknown;
    sections?: Array<{ name: string; dtype: string; length: number }>;
  };
  try {
    header = JSON.parse(file.subarray(FIXED_HEADER, FIXED_HEADER + jsonLength).toString("utf8"));
  } catch (e) {
    corrupt(path, `has an unreadable JSON header: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (header.littleEndian !== (endianness() === "LE")) {
    corrupt(path, "was written on a machine of the other byte order.");
  }
  const sections = new Map<string, SectionArray>();
  let offset = FIXED_HEADER + jsonLength;
  for (const s of header.sections ?? []) {
    const Ctor = DTYPES[s.dtype as SectionDType];
    if (!Ctor || !Number.isInteger(s.length) || s.length < 0)
      corrupt(path, `has a malformed section ${JSON.stringify(s)}.`);
    const bytes = s.length * Ctor.BYTES_PER_ELEMENT;
    if (offset + bytes > file.length - CRC_BYTES)
      corrupt(path, `is inconsistent: section "${s.name}" runs past the end.`);
    const out = new Ctor(s.length);
    file.copy(new Uint8Array(out.buffer), 0, offset, offset + bytes); // copy: file bytes may be unaligned
    sections.set(s.name, out);
    offset += bytes;
  }
  if (offset !== file.length - CRC_BYTES)
    corrupt(path, "is inconsistent: its sections do not fill the file.");
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
  if (typeof header.kind !== "string" || !isObj(header.config) || !isObj(header.state)) {
    corrupt(path, "has a header without kind, config or state.");
  }
  return { kind: header.kind, config: header.config, state: header.state, sections };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
