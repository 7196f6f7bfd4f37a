import { describe, expect, it } from "vitest";
import { pythonFloatRepr, pythonJsonDumps, pythonRound6 } from "./python-format.js";

describe("pythonFloatRepr: repr(float) of CPython 3", () => {
  it.each([
    [500, "500.0"],
    [0, "0.0"],
    [-0, "-0.0"],
    [0.1, "0.1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [-3.25, "-3.25"],
    [40.23943, "40.23943"],
    [1769142870.3963459, "1769142870.3963459"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [0.000012345, "1.2345e-05"],
    [1e15, "1000000000000000.0"],
    [9999999999999998, "9999999999999998.0"],
    [1e16, "1e+16"],
    [1.5e16, "1.5e+16"],
    [1e22, "1e+22"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [Number.POSITIVE_INFINITY, "inf"],
    [Number.NaN, "nan"],
  ])("%s → %s", (x, repr) => {
    expect(pythonFloatRepr(x)).toBe(repr);
  });
});

describe("pythonRound6: round(x, 6) of CPython 3", () => {
  it("rounds the exact binary value to 6 places, ties (x = m/128, m odd) to even", () => {
    expect(pythonRound6(5.876790000000001)).toBe(5.87679);
    expect(pythonRound6(1.0000005)).toBe(1.000001); // 1.00000050000000006988… in binary: above the half
    expect(pythonRound6(1.0000004999999998)).toBe(1);
    expect(pythonRound6(0.0078125)).toBe(0.007812); // a tie: toFixed(6) says 0.007813
    expect(pythonRound6(0.0234375)).toBe(0.023438); // a tie onto an even digit
    expect(pythonRound6(-0.0078125)).toBe(-0.007812);
    expect(pythonRound6(2.5078125)).toBe(2.507812);
    expect(pythonRound6(0.1 + 0.2)).toBe(0.3);
    expect(pythonRound6(500)).toBe(500);
    expect(pythonRound6(-12.3456789)).toBe(-12.345679);
    expect(pythonRound6(1e20)).toBe(1e20);
  });
});

describe("pythonJsonDumps: json.dumps with default separators and ensure_ascii", () => {
  it("writes SB3's monitor header as Python does", () => {
    expect(pythonJsonDumps({ t_start: 1769142870.3963459, env_id: "SpaceInvadersNoFrameskip-v4" })).toBe(
      '{"t_start": 1769142870.3963459, "env_id": "SpaceInvadersNoFrameskip-v4"}',
    );
    expect(pythonJsonDumps({ t_start: 1700000000, env_id: "Caf\u00e9-v0\n" })).toBe(
      '{"t_start": 1700000000.0, "env_id": "Caf\\u00e9-v0\\n"}',
    );
    expect(pythonJsonDumps({ a: null })).toBe('{"a": null}');
  });
});
