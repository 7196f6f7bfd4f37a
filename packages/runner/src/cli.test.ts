import { describe, expect, it, vi } from "vitest";
import { main, parseSeeds, parseSet } from "./cli.js";
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

  it("parses --seeds and --set", () => {
    expect(parseSeeds("5")).toBe(5);
    expect(parseSeeds("3,7,11")).toEqual([3, 7, 11]);
    expect(() => parseSeeds("99999999999")).toThrow(
      'expected a count of seeds from 1 to 10000, got "99999999999".',
    );
    expect(() => parseSeeds("1,2,1")).toThrow('seed 1 is listed twice in "1,2,1".');
    expect(() => parseSeeds("a")).toThrow(
      'expected a count (5) or a comma-separated list (3,7,11), got "a".',
    );
    expect(parseSet("agent.lr=0.0005")).toEqual([{ path: "agent.lr", value: 0.0005 }]);
    expect(parseSet("agent.hidden=[32, 32]", [{ path: "seed", value: 1 }])).toEqual([
      { path: "seed", value: 1 },
      { path: "agent.hidden", value: [32, 32] },
    ]);
    expect(() => parseSet("lr")).toThrow('expected path=value, e.g. agent.lr=0.0005, got "lr".');
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
