import { describe, expect, it, vi } from "vitest";
import { main } from "./cli.js";
import { parseSeed, parseSeeds, parseSet } from "./flags.js";
import { VERSION } from "./version.js";

describe("gymkit CLI", () => {
  it("prints the package version with --version", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await main(["--version"])).toBe(0);
    expect(write).toHaveBeenCalledWith(`${VERSION}\n`);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    write.mockRestore();
  });

  it("fails on an unknown command with a did-you-mean", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await main(["trian"])).toBe(1);
    expect(err.mock.calls.map((c) => String(c[0])).join("")).toContain("unknown command 'trian'");
    expect(err.mock.calls.map((c) => String(c[0])).join("")).toContain("Did you mean train?");
    err.mockRestore();
  });

  it("parses --seeds: a bare number is a count, a..b a range, a,b,c a list; --seed is one seed", () => {
    expect(parseSeeds("5")).toBe(5);
    expect(parseSeeds("10..13")).toEqual([10, 11, 12, 13]);
    expect(parseSeeds("13..13")).toEqual([13]);
    expect(parseSeeds("3,7,11")).toEqual([3, 7, 11]);
    expect(parseSeed("13")).toBe(13);
    expect(() => parseSeeds("0")).toThrow(
      "--seeds 0 counts no seeds: a bare number is a count from seed 0 (--seeds 5 runs seeds 0..4). For seed 0 alone write --seed 0; for a range, --seeds 0..4; for a list, --seeds 3,7,11.",
    );
    expect(() => parseSeeds("20000")).toThrow(
      "--seeds 20000 would count 20000 seeds (0..19999); at most 10000 runs. For seed 20000 alone write --seed 20000.",
    );
    expect(() => parseSeeds("99999999999")).toThrow(
      "--seeds 99999999999 would count 99999999999 seeds (0..99999999998); at most 10000 runs.",
    );
    expect(() => parseSeeds("5..1")).toThrow(
      "the range 5..1 is empty; write the smaller seed first (--seeds 1..5).",
    );
    expect(() => parseSeeds("0..20000")).toThrow("the range 0..20000 holds 20001 seeds; at most 10000 runs.");
    expect(() => parseSeeds("1,4294967296")).toThrow("seed 4294967296 is above the largest seed 4294967295.");
    expect(() => parseSeeds("1,2,1")).toThrow('seed 1 is listed twice in "1,2,1".');
    for (const bad of ["a", "1,,2", "-1", "1..", "13,"]) {
      expect(() => parseSeeds(bad)).toThrow(
        `expected a count (--seeds 5 runs seeds 0..4), a range (--seeds 10..14) or a list (--seeds 3,7,11); for one seed, --seed 13; got "${bad}".`,
      );
    }
    expect(() => parseSeed("-1")).toThrow(
      'expected a seed from 0 to 4294967295, got "-1"; for several, --seeds (a count (--seeds 5 runs seeds 0..4), a range (--seeds 10..14) or a list (--seeds 3,7,11)).',
    );
  });

  it("parses --set: YAML values held to what a config file may hold; no path through a prototype", () => {
    expect(parseSet("agent.lr=0.0005")).toEqual([{ path: "agent.lr", value: 0.0005 }]);
    expect(parseSet("agent.hidden=[32, 32]", [{ path: "seed", value: 1 }])).toEqual([
      { path: "seed", value: 1 },
      { path: "agent.hidden", value: [32, 32] },
    ]);
    expect(() => parseSet("lr")).toThrow('expected path=value, e.g. agent.lr=0.0005, got "lr".');
    for (const path of ["__proto__.x", "agent.constructor.prototype", "agent.prototype", "constructor"]) {
      expect(() => parseSet(`${path}=1`)).toThrow(
        / is refused: it names a JavaScript object's prototype machinery, never a gymkit option\.$/,
      );
    }
    expect(() => parseSet("agent.__proto__=1")).toThrow(
      '"__proto__" in agent.__proto__ is refused: it names a JavaScript object\'s prototype machinery, never a gymkit option.',
    );
    expect(() => parseSet("agent={__proto__: {x: 1}}")).toThrow(
      'the value of agent.__proto__: the key "__proto__" is refused: it names a JavaScript object\'s prototype machinery, never a gymkit option. Remove it.',
    );
    expect(() => parseSet("agent.lr=.inf")).toThrow(
      "the value of agent.lr: infinity (.inf, or a number too large for a double) is not a finite number; configs hold finite numbers only (the run's manifest is JSON, which has neither). Write a finite number.",
    );
    expect(() => parseSet("env=!foo CartPole-v1")).toThrow(
      "the value of env is not valid YAML: the tag !foo asks for a type that an experiment file cannot hold; gymkit reads plain data (mappings, lists, strings, numbers, true/false, null). Remove the tag and write the value plainly.",
    );
    expect(() => parseSet("agent.hidden=[1, *a]")).toThrow(
      /^the value of agent\.hidden is not valid YAML: the alias \*a names no anchor/,
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("a config error prints the message alone and exits 1", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await main(["train", "does-not-exist.yaml"])).toBe(1);
    expect(err).toHaveBeenCalledWith(
      "gymkit: Cannot read the experiment file does-not-exist.yaml: it does not exist. Pass a YAML or JSON file, e.g. examples/qlearning-vs-dqn.yaml.",
    );
    err.mockRestore();
  });
});
