import { describe, expect, it } from "vitest";
import { crc32c, maskedCrc32c } from "./crc32c.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("crc32c", () => {
  it('gives the standard check value: CRC-32C("123456789") = 0xE3069283', () => {
    expect(crc32c(utf8("123456789"))).toBe(0xe3069283);
  });

  it("matches RFC 3720's test vectors (32 zero bytes, 32 0xFF bytes, 0..31)", () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it("masks as TensorFlow does: rotate right 15, add 0xA282EAD8", () => {
    const c = 0xe3069283;
    expect(maskedCrc32c(utf8("123456789"))).toBe((((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0);
  });
});
