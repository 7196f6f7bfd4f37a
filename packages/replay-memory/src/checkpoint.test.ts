import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, crc32Fallback } from "./checkpoint.js";

describe("crc32", () => {
  it("matches the IEEE check value and chains across chunks", () => {
    const text = new TextEncoder().encode("123456789");
    expect(crc32(text)).toBe(0xcbf43926);
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(0xcbf43926);
  });

  it("keeps the running value across empty chunks (zlib.crc32 drops it for a zero-length buffer)", () => {
    const empty = new Uint8Array(new Float64Array(0).buffer);
    expect(crc32(empty, 123)).toBe(123);
  });

  it("has a fallback equal to zlib's", () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131) & 0xff);
    expect(crc32Fallback(data)).toBe(zlibCrc32(data));
    expect(crc32Fallback(data.subarray(10), crc32Fallback(data.subarray(0, 10)))).toBe(zlibCrc32(data));
  });
});
