import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Replaces the generated section `name` of docs/benchmarks.md (between
 * `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`), atomically.
 */
export function writeBenchSection(name: string, markdown: string): string {
  const file = fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));
  const text = readFileSync(file, "utf8");
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/benchmarks.md has no section markers for "${name}"`);
  const next = `${text.slice(0, i + start.length)}\n${markdown.trim()}\n${text.slice(j)}`;
  writeFileSync(`${file}.tmp`, next);
  renameSync(`${file}.tmp`, file);
  return file;
}
