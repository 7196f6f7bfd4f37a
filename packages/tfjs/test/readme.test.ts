import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import "../src/index.js"; // registers the cpu backend, so tensors can be counted before the example runs
import { tensorCount } from "../src/testing/index.js";

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8");

/** The first fenced TypeScript block of a markdown file after `marker`. */
function codeAfter(markdown: string, marker: string): string {
  const at = markdown.indexOf(marker);
  expect(at, `marker ${marker} not found`).toBeGreaterThanOrEqual(0);
  const start = markdown.indexOf("```ts\n", at) + "```ts\n".length;
  return markdown.slice(start, markdown.indexOf("\n```", start) + 1);
}

describe("packages/tfjs/README.md", () => {
  it("shows exactly test/readme-example.ts; it fits, saves, reloads the same network and frees its tensors", async () => {
    expect(codeAfter(read("../README.md"), "<!-- example: readme -->")).toBe(read("./readme-example.ts"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const before = tensorCount();
    await import("./readme-example.js");
    expect(tensorCount()).toBe(before);
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/^\[gymkit\] TensorFlow\.js 4\.22\.0 backend: /));
    expect(log).toHaveBeenCalledOnce();
    const [line] = log.mock.calls[0]! as [string];
    const m = line.match(/^mse (\d+\.\d+) → (\d+\.\d+); reloaded from .+: same outputs true$/);
    expect(m, line).not.toBeNull();
    expect(Number(m![2])).toBeLessThan(Number(m![1]) / 50);
    log.mockRestore();
    info.mockRestore();
  });
});
