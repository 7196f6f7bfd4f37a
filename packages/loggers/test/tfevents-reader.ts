/**
 * An event-file reader written apart from src/: bitwise CRC-32C (no table), its own framing loop,
 * and `@bufbuild/protobuf`'s wire reader for the Event/Summary/Value fields. Tests decode what
 * the tensorboard logger wrote with it.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

function crc32cBitwise(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return ~crc >>> 0;
}
const masked = (bytes: Uint8Array) => {
  const c = crc32cBitwise(bytes);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
};

export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars: Record<string, number>;
}

function decodeValue(bytes: Uint8Array): [string, number] {
  const r = new BinaryReader(bytes);
  let tag = "";
  let value = Number.NaN;
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LengthDelimited) tag = r.string();
    else if (field === 2 && wire === WireType.Bit32) value = r.float();
    else r.skip(wire);
  }
  return [tag, value];
}

export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const r = new BinaryReader(bytes);
  const event: DecodedEvent = { wallTime: Number.NaN, step: 0, scalars: {} };
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.Bit64) event.wallTime = r.double();
    else if (field === 2 && wire === WireType.Varint) event.step = Number(r.int64());
    else if (field === 3 && wire === WireType.LengthDelimited) event.fileVersion = r.string();
    else if (field === 5 && wire === WireType.LengthDelimited) {
      const summary = new BinaryReader(r.bytes());
      while (summary.pos < summary.len) {
        const [f, w] = summary.tag();
        if (f === 1 && w === WireType.LengthDelimited) {
          const [tag, value] = decodeValue(summary.bytes());
          event.scalars[tag] = value;
        } else summary.skip(w);
      }
    } else r.skip(wire);
  }
  return event;
}

/**
 * Every record of an event file, CRCs verified. A complete record with a bad CRC throws; bytes
 * after the last complete record (a killed writer's torn record) are counted in `tornBytes`.
 */
export function readEventFile(file: Uint8Array): { events: DecodedEvent[]; tornBytes: number } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const events: DecodedEvent[] = [];
  let at = 0;
  while (at < file.length) {
    if (file.length - at < 12) break;
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== masked(file.subarray(at, at + 8))) {
      throw new Error(`record ${events.length} at byte ${at}: length CRC mismatch`);
    }
    if (file.length - at < 12 + length + 4) break;
    const data = file.subarray(at + 12, at + 12 + length);
    if (view.getUint32(at + 12 + length, true) !== masked(data)) {
      throw new Error(`record ${events.length} at byte ${at}: data CRC mismatch`);
    }
    events.push(decodeEvent(data));
    at += 12 + length + 4;
  }
  return { events, tornBytes: file.length - at };
}
