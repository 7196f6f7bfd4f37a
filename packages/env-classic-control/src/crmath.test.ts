import { describe, expect, it } from "vitest";
import { crCos, crSin, slowSinCos } from "./crmath.js";

/**
 * The oracle is independent of crmath.ts: the Taylor series of sin/cos summed directly at x, with
 * no argument reduction and no pi, in BigInt fixed point with enough bits to absorb the series'
 * growth (terms reach e^|x|), then rounded to nearest, ties impossible (sin/cos of a nonzero
 * rational is irrational). Precision is raised until the rounding is decided.
 */
function oracle(x: number, which: "sin" | "cos"): number {
  if (x === 0) return which === "sin" ? x : 1;
  // x = m / 2^d exactly (|x| >= 2^-60 here, so d <= 1134 and m is an integer)
  let d = 0;
  let y = x;
  while (!Number.isInteger(y)) {
    y *= 2;
    d++;
  }
  const growth = Math.ceil(Math.abs(x) * 1.45) + 8; // log2(e^|x|) plus room
  for (let P = 320 + growth; ; P += 256) {
    const Pb = BigInt(P);
    const X = (BigInt(y) << Pb) >> BigInt(d); // x at P fractional bits (exact for d <= P)
    let term = which === "sin" ? X : 1n << Pb;
    let sum = term;
    let n = which === "sin" ? 1n : 0n;
    let count = 0;
    while (term !== 0n) {
      term = -((((term * X) >> Pb) * X) >> Pb) / ((n + 1n) * (n + 2n));
      sum += term;
      n += 2n;
      count++;
    }
    const err = BigInt(4 * count + 4);
    // keep 900 fractional bits so that Number() and 2^-bits stay finite; floor keeps the bracket
    const drop = BigInt(Math.max(0, P - 900));
    const lo = Number((sum - err) >> drop) / 2 ** (P - Number(drop));
    const hi = Number(((sum + err) >> drop) + 1n) / 2 ** (P - Number(drop));
    if (lo === hi) return lo;
  }
}

/** A deterministic generator for the random arguments (xorshift). */
function* randomDoubles(n: number, seed: number): Generator<number> {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const scale = [1, Math.PI, 10, 100][i % 4]!;
    yield (2 * next() - 1 + next() * 2 ** -26) * scale;
  }
}

const nextUp = (x: number, k: number) => {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] = i[0]! + BigInt(k);
  return b[0]!;
};

/**
 * Arguments whose sin or cos lies within 5e-7 to 3e-5 ulp of a midpoint between two doubles (found
 * by sampling, values from mpmath at 600 bits): the double-double fast path cannot decide these
 * and hands them to the exact path.
 */
const HARD: ReadonlyArray<readonly [number, "sin" | "cos", number]> = [
  [6.115195448897146, "sin", -0.16720084354016237],
  [-5.407801605533473, "sin", 0.7677893972780776],
  [-6.902078576046807, "cos", 0.8145210077916569],
  [0.6932765976511088, "sin", 0.6390608236234692],
  [6.799312393426531, "sin", 0.49351543094731015],
  [-7.492034724339172, "sin", -0.9352092042743452],
  [7.424095058695234, "sin", 0.9090130272821402],
  [9.377103791635562, "cos", -0.9988638020215548],
  [-4.260346081959951, "sin", 0.8995566335886933],
  [8.119060511977658, "sin", 0.9650718389989901],
  [-3.765447626174996, "sin", 0.5841683145822456],
  [4.973477673382835, "sin", -0.9661095236850122],
  [4.26012629615354, "cos", -0.43700184637746026],
  [-2.892279987350906, "cos", -0.9690822419205601],
  [2.032086771445706, "sin", 0.8954788611502144],
  [1.1271478965776172, "sin", 0.9031916346649758],
  [7.09459735958659, "cos", 0.6884750144510945],
  [0.00612699325587579, "sin", 0.006126954921345935],
  [-1.7147768194111008, "cos", -0.14348354621556839],
  [-7.68086752410237, "sin", -0.9850531363985596],
  [8.861001171910152, "cos", -0.8452428949952565],
  [-1.5250109845923057, "sin", -0.998952034309546],
  [1.0906694040925495, "cos", 0.4618917516142616],
  [2.6466987915484728, "cos", -0.8800191237693428],
  [-4.6153261790141435, "cos", -0.09691046534052959],
  [-0.8669390598924116, "cos", 0.6471630878835191],
  [-2.3997428977100883, "sin", -0.6756527438373003],
  [8.641416545164288, "sin", 0.7056651173470236],
  [1.2570892033995784, "sin", 0.9511961386276743],
  [-2.186631221567233, "cos", -0.5776402410029259],
  [-1.652586581216739, "sin", -0.9966570413650554],
  [1.0959725910655695, "sin", 0.8893733202358343],
  [-6.407908385394236, "cos", 0.9922321543349713],
  [-7.908574465636526, "cos", -0.05456571783040956],
  [-3.5306012786037364, "sin", 0.37927129673783555],
  [-5.26813081666184, "sin", 0.8495093007905478],
  [4.2275065173724355, "cos", -0.4661043741999388],
  [-2.0865960273080777, "sin", -0.8698985636833317],
  [-7.835774768071077, "cos", 0.018205860021185186],
  [9.558959137968944, "cos", -0.9910112046224285],
];

describe("correctly rounded sin and cos", () => {
  it("round 40 near-midpoint cases correctly (mpmath's values; the oracle agrees)", () => {
    for (const [x, which, want] of HARD) {
      expect(which === "sin" ? crSin(x) : crCos(x), `${which}(${x})`).toBe(want);
      expect(oracle(x, which), `oracle ${which}(${x})`).toBe(want);
    }
  });

  it("match the BigInt series at 4000 random arguments in [-100, 100]", () => {
    let checked = 0;
    for (const x of randomDoubles(4000, 22)) {
      expect(crSin(x), `sin(${x})`).toBe(oracle(x, "sin"));
      expect(crCos(x), `cos(${x})`).toBe(oracle(x, "cos"));
      checked++;
    }
    expect(checked).toBe(4000);
  }, 120_000);

  it("match it next to multiples of pi/2 (k = 1..64, the nearest doubles and 3 ulps either side)", () => {
    for (let k = 1; k <= 64; k++) {
      const near = (k * Math.PI) / 2;
      for (let u = -3; u <= 3; u++) {
        const x = nextUp(near, u);
        for (const v of [x, -x]) {
          expect(crSin(v), `sin(${v})`).toBe(oracle(v, "sin"));
          expect(crCos(v), `cos(${v})`).toBe(oracle(v, "cos"));
        }
      }
    }
  }, 120_000);

  it("match it at the ends of the fast path's table and shortcuts", () => {
    const xs = [2 ** -26, nextUp(2 ** -26, -1), 2 ** -27, nextUp(2 ** -27, -1), 1.5 * 2 ** -26, 1 / 512];
    for (let j = 1; j <= 202; j += 13) xs.push(j / 256, (j + 0.5) / 256, nextUp((j + 0.5) / 256, 1));
    xs.push(Math.PI / 4, nextUp(Math.PI / 4, 1), nextUp(Math.PI / 4, -1), 1023.75, nextUp(1024, -1));
    for (const x of xs) {
      for (const v of [x, -x]) {
        expect(crSin(v), `sin(${v})`).toBe(oracle(v, "sin"));
        expect(crCos(v), `cos(${v})`).toBe(oracle(v, "cos"));
      }
    }
  }, 120_000);

  it("agree with published correctly rounded values far out (the exact slow path)", () => {
    // mpmath at 3000 bits; sin(1e22) is the classic argument-reduction test
    expect([crSin(1e22), crCos(1e22)]).toEqual([-0.8522008497671888, 0.523214785395139]);
    expect([crSin(1e300), crCos(1e300)]).toEqual([-0.8178819121159085, -0.5753861119575491]);
    expect([crSin(Number.MAX_VALUE), crCos(Number.MAX_VALUE)]).toEqual([
      0.004961954789184062, -0.9999876894265599,
    ]);
    expect([crSin(1024), crCos(1024)]).toEqual([-0.15853338004399595, 0.9873536182198484]);
    expect([crSin(1), crCos(1)]).toEqual([0.8414709848078965, 0.5403023058681398]);
  });

  it("the slow path alone agrees with the fast path where the fast path decides", () => {
    for (const x of randomDoubles(300, 7)) {
      expect(slowSinCos(x, 0), `sin(${x})`).toBe(crSin(x));
      expect(slowSinCos(x, 1), `cos(${x})`).toBe(crCos(x));
    }
  });

  it("keep IEEE special values: signed zero, subnormals, NaN and infinities", () => {
    expect(Object.is(crSin(-0), -0)).toBe(true);
    expect(Object.is(crSin(0), 0)).toBe(true);
    expect([crCos(0), crCos(-0)]).toEqual([1, 1]);
    expect([crSin(5e-324), crSin(-5e-324), crCos(5e-324)]).toEqual([5e-324, -5e-324, 1]);
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect([crSin(v), crCos(v)]).toEqual([Number.NaN, Number.NaN]);
    }
  });

  it("differ from V8's Math.sin/Math.cos where those are not correctly rounded (the point of it)", () => {
    let differ = 0;
    for (const x of randomDoubles(4000, 5)) {
      if (crSin(x) !== Math.sin(x) || crCos(x) !== Math.cos(x)) differ++;
    }
    // V8's fdlibm is off in the last bit for a few percent of arguments
    expect(differ).toBeGreaterThan(40);
  });
});
