/**
 * TensorBoard event files without TensorFlow: TFRecord framing around `Event` protos, encoded with
 * `@bufbuild/protobuf`'s wire writer (no .proto, no code generation). Field numbers from
 * tensorflow/core/util/event.proto and summary.proto:
 * Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 * Summary { repeated Value value = 1; }  Value { string tag = 1; float simple_value = 2; }
 */
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
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
