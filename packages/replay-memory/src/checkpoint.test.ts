import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CHECKPOINT_MAGIC, crc32, decodeCheckpoint, encodeCheckpoint } from "./checkpoint.js";

describe("crc32", () => {
  it("matches the IEEE check value and chains across chunks", () => {
    const text = new TextEncoder().encode("123456789");
    expect(crc32(text)).toBe(0xcbf43926);
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(0xcbf43926);
  });

  it("keeps the running value across empty chunks", () => {
    const empty = new Uint8Array(new Float64Array(0).buffer);
    expect(crc32(empty, 123)).toBe(123);
  });

  it("equals zlib's", () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131) & 0xff);
    expect(crc32(data)).toBe(zlibCrc32(data));
    expect(crc32(data.subarray(10), crc32(data.subarray(0, 10)))).toBe(zlibCrc32(data));
  });
});

describe("checkpoint image", () => {
  const contents = {
    kind: "test",
    config: { capacity: 3 },
    state: { size: 2 },
    sections: [
      { name: "a", data: Float32Array.of(1.5, -2) },
      { name: "b", data: Uint8Array.of(7) },
      { name: "c", data: Float64Array.of(Math.PI) },
      { name: "d", data: new Int32Array(0) },
    ],
  };

  it("encodes the documented layout and decodes it back, from any byte offset", () => {
    const bytes = encodeCheckpoint(contents);
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe(CHECKPOINT_MAGIC);
    expect(view.getUint32(8, true)).toBe(2);
    expect(view.getFloat64(16, true)).toBe(bytes.length);
    expect(view.getUint32(bytes.length - 4, true)).toBe(crc32(bytes.subarray(0, bytes.length - 4)));
    // Sections land at odd offsets inside a larger array: the decoder copies, never aliases.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const loaded = decodeCheckpoint(shifted.subarray(3), "shifted");
    expect(loaded.kind).toBe("test");
    expect(loaded.config).toEqual({ capacity: 3 });
    expect(loaded.state).toEqual({ size: 2 });
    expect([...loaded.sections.keys()]).toEqual(["a", "b", "c", "d"]);
    expect(loaded.sections.get("a")).toEqual(Float32Array.of(1.5, -2));
    expect(loaded.sections.get("c")).toEqual(Float64Array.of(Math.PI));
    expect(loaded.sections.get("d")).toEqual(new Int32Array(0));
  });

  it("rejects what is not a Uint8Array, naming the source", () => {
    expect(() => decodeCheckpoint([1, 2] as unknown as Uint8Array, "x.rb")).toThrowError(
      'Replay buffer checkpoint "x.rb": deserialize() expects a Uint8Array, got [object Array].',
    );
  });
});
