/**
 * TensorBoard event files without TensorFlow: TFRecord framing around `Event` protos, encoded with
 * `@bufbuild/protobuf`'s wire writer (no .proto, no code generation). Field numbers from
 * tensorflow/core/util/event.proto and summary.proto:
 * Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 * Summary { repeated Value value = 1; }  Value { string tag = 1; float simple_value = 2; }
 */
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { maskedCrc32c } from "./crc32c.js";

/** What the first record of every event file says (TensorBoard checks it). */
export const FILE_VERSION = "brain.Event:2";

/** One `Event`: a file-version marker, or scalars at a step. */
export interface TfEvent {
  /** Unix seconds. */
  wallTime: number;
  step?: number | undefined;
  fileVersion?: string | undefined;
  /** `summary.value`: tag → `simple_value`. */
  scalars?: Readonly<Record<string, number>> | undefined;
}

/** The `Event` proto's bytes. */
export function encodeEvent(event: TfEvent): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Bit64).double(event.wallTime);
  if (event.step !== undefined) w.tag(2, WireType.Varint).int64(event.step);
  if (event.fileVersion !== undefined) w.tag(3, WireType.LengthDelimited).string(event.fileVersion);
  if (event.scalars !== undefined) {
    w.tag(5, WireType.LengthDelimited).fork();
    for (const [tag, value] of Object.entries(event.scalars)) {
      w.tag(1, WireType.LengthDelimited).fork();
      w.tag(1, WireType.LengthDelimited).string(tag);
      w.tag(2, WireType.Bit32).float(value);
      w.join();
    }
    w.join();
  }
  return w.finish();
}

/**
 * One TFRecord, ready to write in one call: u64le length, u32le masked CRC-32C of those 8 bytes,
 * the data, u32le masked CRC-32C of the data.
 */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** The `step` of an `Event` (0 when it has none, as protobuf reads it), and whether it is the file-version marker. */
export function eventStep(data: Uint8Array): { step: number; fileVersion: boolean } {
  const r = new BinaryReader(data);
  let step = 0;
  let fileVersion = false;
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 2 && wire === WireType.Varint) step = Number(r.int64());
    else if (field === 3 && wire === WireType.LengthDelimited) {
      fileVersion = true;
      r.skip(wire);
    } else r.skip(wire);
  }
  return { step, fileVersion };
}

/**
 * Length of the leading whole records of `file` that `keep` accepts (given each record's data):
 * where a resumed writer without its checkpoint's length cuts the file.
 */
export function keptRecordsLength(file: Uint8Array, keep: (data: Uint8Array) => boolean): number {
  const whole = validRecordsLength(file).length;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = 0;
  while (at < whole) {
    const end = at + 12 + Number(view.getBigUint64(at, true));
    if (!keep(file.subarray(at + 12, end))) break;
    at = end + 4;
  }
  return at;
}

/**
 * Bytes of `file` that are whole, valid records: the scan stops at the first record that is cut
 * short or whose length or data CRC does not match. A resumed writer truncates to this length.
 */
export function validRecordsLength(file: Uint8Array): { length: number; records: number } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = 0;
  let records = 0;
  while (at + 12 <= file.length) {
    if (view.getUint32(at + 8, true) !== maskedCrc32c(file.subarray(at, at + 8))) break;
    const size = view.getBigUint64(at, true);
    if (size > BigInt(file.length - at - 16)) break;
    const end = at + 12 + Number(size);
    if (view.getUint32(end, true) !== maskedCrc32c(file.subarray(at + 12, end))) break;
    at = end + 4;
    records++;
  }
  return { length: at, records };
}
