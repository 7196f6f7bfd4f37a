import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Every file reachable from `entry` by relative imports, with the bare specifiers each imports. */
function moduleGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [new URL(entry, import.meta.url)];
  for (let url = queue.pop(); url; url = queue.pop()) {
    if (graph.has(url.pathname)) continue;
    const text = readFileSync(url, "utf8");
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map(
      (m) => m[1]!,
    );
    graph.set(
      url.pathname,
      specifiers.filter((s) => !s.startsWith(".")),
    );
    for (const s of specifiers) if (s.startsWith(".")) queue.push(new URL(s.replace(/\.js$/, ".ts"), url));
  }
  return graph;
}

describe("entry points", () => {
  it("the main entry imports no node: module and uses no Buffer or process (a browser page bundles it)", () => {
    const graph = moduleGraph("./index.ts");
    expect(graph.size).toBeGreaterThan(10);
    for (const [file, specifiers] of graph) {
      expect(specifiers, file).toEqual(specifiers.filter((s) => s === "@gymkit/core"));
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/\b(Buffer|process)\./);
    }
  });

  it("the node entry adds the file system on top", () => {
    const specifiers = [...moduleGraph("./node.ts").values()].flat();
    expect(specifiers).toContain("node:fs/promises");
  });
});
