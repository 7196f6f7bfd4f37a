import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it, vi } from "vitest";

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8");

/** The first fenced code block of a markdown file that follows `marker`. */
function codeAfter(markdown: string, marker: string): string {
  const at = markdown.indexOf(marker);
  expect(at, `marker ${marker} not found`).toBeGreaterThanOrEqual(0);
  const start = markdown.indexOf("```ts\n", at) + "```ts\n".length;
  return markdown.slice(start, markdown.indexOf("\n```", start) + 1);
}

it("the README shows exactly test/readme-example.ts, and it runs: files written, one line printed", async () => {
  expect(codeAfter(read("../README.md"), "<!-- example: readme -->")).toBe(read("./readme-example.ts"));
  const dir = join(tmpdir(), "gymkit-readme", "seed-0");
  rmSync(dir, { recursive: true, force: true });
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const info = vi.spyOn(console, "info").mockImplementation(() => {});
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  let lines: unknown[][];
  try {
    await import("./readme-example.js");
  } finally {
    lines = log.mock.calls;
    for (const spy of [log, info, out]) spy.mockRestore();
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]![0]).toMatch(/^\d+ episodes, last evaluation \d+(\.\d+)?$/);
  expect(readdirSync(dir).sort()).toEqual([
    expect.stringMatching(/^events\.out\.tfevents\./),
    "learning-curves.png",
    "learning-curves.svg",
    "metrics.jsonl",
    "progress.csv",
  ]);
});
