import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "@gymkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAgentFiles, encodeAgentFiles } from "./agent-file.js";
import { isAgentDir, readAgentDir, writeAgentDir } from "./node.js";

const format = {
  format: "gymkit-test",
  version: 1,
  generatedBy: "test",
  metadata: z.object({ n: z.number() }),
  describe: "a test save",
};
const files = (n: number) =>
  encodeAgentFiles(format, {
    metadata: { n },
    float32: new Map([["w", { shape: [2], values: Float32Array.of(n, -n) }]]),
  });
const options = { format: "gymkit-test", what: "a test agent" };

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "gymkit-tfjs-node-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("agent files as directories", () => {
  it("writes model.json + weights.bin, reads them back, and replaces its own directory whole", async () => {
    const dir = join(root, "model");
    await writeAgentDir(dir, files(1), options);
    expect((await readdir(dir)).sort()).toEqual(["model.json", "weights.bin"]);
    expect(await isAgentDir(dir, "gymkit-test")).toBe(true);
    expect(await isAgentDir(dir)).toBe(true);
    expect(await isAgentDir(dir, "gymkit-dqn")).toBe(false);
    await writeAgentDir(dir, files(2), options);
    expect(decodeAgentFiles(format, await readAgentDir(dir), dir).metadata).toEqual({ n: 2 });
    expect((await readdir(root)).filter((n) => n !== "model")).toEqual([]); // no temp or trash left
  });

  it("refuses to replace a directory of something else or a file, leaving it untouched", async () => {
    const foreign = join(root, "photos");
    await mkdir(foreign);
    await writeFile(join(foreign, "cat.jpg"), "meow");
    await expect(writeAgentDir(foreign, files(1), options)).rejects.toThrow(/a test agent/);
    expect(await readdir(foreign)).toEqual(["cat.jpg"]);
    const file = join(root, "notes.txt");
    await writeFile(file, "mine");
    await expect(writeAgentDir(file, files(1), options)).rejects.toThrow(/it is a file, not a test agent/);
    expect(await readFile(file, "utf8")).toBe("mine");
    expect(await isAgentDir(foreign)).toBe(false);
    expect(await isAgentDir(join(root, "nowhere"))).toBe(false);
  });
});
