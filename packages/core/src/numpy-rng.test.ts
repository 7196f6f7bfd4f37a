import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GymkitError } from "./errors.js";
import { createNumpyRng, NumpyRng, Pcg64, SeedSequence } from "./numpy-rng.js";

/**
 * Vectors recorded with numpy itself: `rng_vectors` come from the Gymnasium golden file
 * (numpy 1.24.2, seeds 0..9); `extra` was generated with numpy 2.4.6 (integers for several
 * ranges, interleaved integers/random, a seed above 2^32, SeedSequence.spawn children).
 */
interface RngVector {
  seed: number;
  seed_sequence_pool_u32: number[];
  seed_sequence_generate_state_4_u64_hex: string[];
  seed_sequence_generate_state_8_u32: number[];
  pcg64_state_after_seeding: { state: string; inc: string };
  pcg64_first8_random_raw_u64: string[];
  default_rng_first8_random: number[];
  np_random_first8_uniform_m005_005_size4: number[][];
  discrete2_space_seeded_first16_samples: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../test/fixtures/numpy-rng-vectors.json", import.meta.url), "utf8"),
) as {
  rng_vectors: RngVector[];
  extra: {
    integers_seed12345: Record<string, number[]>;
    integers_5_17_seed7: number[];
    interleaved_seed3: Array<["int" | "random", number]>;
    big_seed: { seed: number; pool: number[]; random: number[] };
    spawn_seed42: number[][];
    spawn_seed42_1_1: number[];
  };
};

describe.each(fixture.rng_vectors)("numpy vectors, seed $seed", (v) => {
  it("SeedSequence pool and generate_state (uint32 and uint64)", () => {
    const seq = SeedSequence.fromSeed(v.seed);
    expect(Array.from(seq.pool)).toEqual(v.seed_sequence_pool_u32);
    expect(Array.from(seq.generateState(8))).toEqual(v.seed_sequence_generate_state_8_u32);
    expect(seq.generateState64(4).map((w) => `0x${w.toString(16).padStart(16, "0")}`)).toEqual(
      v.seed_sequence_generate_state_4_u64_hex,
    );
  });

  it("PCG64 state and increment after seeding, and the first raw outputs", () => {
    const g = Pcg64.fromSeedSequence(SeedSequence.fromSeed(v.seed));
    const { state, inc } = g.getRaw();
    expect(state.toString()).toBe(v.pcg64_state_after_seeding.state);
    expect(inc.toString()).toBe(v.pcg64_state_after_seeding.inc);
    expect(Array.from({ length: 8 }, () => g.nextRaw().toString())).toEqual(v.pcg64_first8_random_raw_u64);
  });

  it("random(), uniform(-0.05, 0.05, size=4) and Discrete(2) samples", () => {
    const a = createNumpyRng(v.seed);
    expect(Array.from({ length: 8 }, () => a.float())).toEqual(v.default_rng_first8_random);
    const b = createNumpyRng(v.seed);
    const draws = Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => b.uniform(-0.05, 0.05)));
    expect(draws).toEqual(v.np_random_first8_uniform_m005_005_size4);
    const c = createNumpyRng(v.seed);
    expect(Array.from({ length: 16 }, () => c.int(2))).toEqual(v.discrete2_space_seeded_first16_samples);
  });
});

describe("NumpyRng beyond the golden file", () => {
  const extra = fixture.extra;

  it.each(Object.entries(extra.integers_seed12345))("integers(%s) equals numpy's", (n, expected) => {
    const rng = createNumpyRng(12345);
    expect(Array.from({ length: expected.length }, () => rng.int(Number(n)))).toEqual(expected);
  });

  it("integers(5, 17) equals numpy's", () => {
    const rng = createNumpyRng(7);
    expect(Array.from({ length: 10 }, () => rng.integers(5, 17))).toEqual(extra.integers_5_17_seed7);
  });

  it("keeps numpy's buffered 32-bit half across random() calls", () => {
    const rng = createNumpyRng(3);
    for (const [kind, value] of extra.interleaved_seed3) {
      expect(kind === "int" ? rng.int(10) : rng.float()).toBe(value);
    }
  });

  it("splits seeds above 2^32 into little-endian words like numpy", () => {
    const { seed, pool, random } = extra.big_seed;
    expect(Array.from(SeedSequence.fromSeed(seed).pool)).toEqual(pool);
    const rng = createNumpyRng(seed);
    expect(Array.from({ length: 4 }, () => rng.float())).toEqual(random);
  });

  // numpy 2.4.6: [float(x) for x in np.random.default_rng(seed).random(2)]
  it.each([
    [2n ** 32n, [0.8897387912781343, 0.5571380502062263]],
    [2n ** 53n + 1n, [0.08051754542950784, 0.8704678709221013]],
    [2n ** 64n + 1n, [0.6922753364723951, 0.22334387706847014]],
    [12345678901234567890123n, [0.9015032973944714, 0.02036097445893159]],
  ])("takes bigint seeds of any size like numpy's Python ints: %s", (seed, random) => {
    const rng = createNumpyRng(seed);
    expect([rng.float(), rng.float()]).toEqual(random);
  });

  it("a bigint seed that fits a number draws what the number draws; a negative one is refused", () => {
    expect(createNumpyRng(4294967303n).float()).toBe(0.7701409510034741);
    expect(createNumpyRng(4294967303).float()).toBe(0.7701409510034741);
    expect(() => createNumpyRng(-1n)).toThrow(
      "Invalid seed -1n: a seed must be a non-negative integer (a number up to 9007199254740991, or a bigint of any size).",
    );
  });

  it("unlabelled forks are numpy's SeedSequence.spawn children", () => {
    const root = createNumpyRng(42);
    const kids = [root.fork(), root.fork(), root.fork()];
    expect(kids.map((k) => [k.float(), k.float(), k.float()])).toEqual(extra.spawn_seed42);
    // SeedSequence(42).spawn(3)[1].spawn(2)[1]
    const second = createNumpyRng(42);
    second.fork();
    const child1 = second.fork();
    child1.fork();
    const g11 = child1.fork();
    expect(g11).toBeInstanceOf(NumpyRng);
    expect([g11.float(), g11.float(), g11.float()]).toEqual(extra.spawn_seed42_1_1);
  });

  it("labelled forks are stable whatever was drawn before, and differ by label", () => {
    const a = createNumpyRng(5);
    const b = createNumpyRng(5);
    b.float();
    b.fork();
    expect(a.fork("env").float()).toBe(b.fork("env").float());
    expect(a.fork("env").float()).not.toBe(a.fork("agent").float());
  });

  it("getState/setState restores the stream, including the buffered 32-bit half", () => {
    const rng = createNumpyRng(9);
    rng.int(2); // leaves the upper half buffered
    const saved = rng.getState();
    const expected = [rng.int(2), rng.float(), rng.int(1000), rng.uint32()];
    const other = createNumpyRng(1);
    other.setState(saved);
    expect([other.int(2), other.float(), other.int(1000), other.uint32()]).toEqual(expected);
    expect(other.fork("x").float()).toBe(rng.fork("x").float());
    expect(() => other.setState({ ...saved, algorithm: "xoroshiro128+" })).toThrow(/numpy-pcg64/);
  });

  it("rejects bad seeds and bad ranges with the rule", () => {
    expect(() => createNumpyRng(-1)).toThrow(GymkitError);
    expect(() => createNumpyRng(1.5)).toThrow(/non-negative integer/);
    expect(() => createNumpyRng(0).int(0)).toThrow(/\[1, 2\^32\]/);
    expect(createNumpyRng(0).int(1)).toBe(0);
  });

  it("unseeded generators draw from OS entropy", () => {
    expect(createNumpyRng().float()).not.toBe(createNumpyRng().float());
    expect(createNumpyRng().algorithm).toBe("numpy-pcg64");
  });
});
