import { describe, expect, it, vi } from "vitest";
import { main } from "./cli.js";
import { VERSION } from "./version.js";

describe("gymkit CLI", () => {
  it("prints the package version with --version", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(main(["--version"])).toBe(0);
    expect(log).toHaveBeenCalledWith(VERSION);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    log.mockRestore();
  });
  it("fails on an unknown command", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(main(["frobnicate"])).toBe(1);
    log.mockRestore();
  });
});
