/**
 * Experiment files: YAML or JSON read with positions, so that a config error names the file, the
 * line and the column of the value at fault, besides its path.
 */
import { readFile } from "node:fs/promises";
import { GymkitError } from "@gymkit/core";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";

/** A parsed experiment file: its data, and where each path is in the text. */
export interface ConfigFile {
  readonly path: string;
  readonly data: Record<string, unknown>;
  /** `file:line:col` of the value at `path` (or of the nearest enclosing one that exists). */
  locate(path: readonly PropertyKey[]): string;
}

/** `variants[1].agent.lr` → `["variants", 1, "agent", "lr"]`. */
export function splitPath(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[1]!);
  }
  return out;
}

/** Parses experiment text (YAML, of which JSON is a subset); `path` names it in errors. */
export function parseConfigText(text: string, path: string): ConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${path}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${at(e.pos[0])}: not valid YAML/JSON: ${e.message.split("\n")[0]}`,
    );
  }
  const data = doc.toJS() as unknown;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${path}: an experiment file holds a mapping (env, agent, budget, ...), got ${data === null ? "nothing" : Array.isArray(data) ? "a list" : typeof data}.`,
    );
  }
  return {
    path,
    data: data as Record<string, unknown>,
    locate(keys) {
      // The value's own position when it exists; for a key that exists, the key's position.
      for (let n = keys.length; n >= 0; n--) {
        const parent = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
        if (n > 0 && isMap(parent)) {
          const key = keys[n - 1];
          const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
          if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
        }
        const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
        const range = (node as { range?: [number, number, number] } | undefined)?.range;
        if (range) return at(range[0]);
      }
      return `${path}:1:1`;
    },
  };
}

/** Reads and parses an experiment file; a missing or unreadable file is a clear error. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      code === "ENOENT"
        ? `Cannot read the experiment file ${path}: it does not exist. Pass a YAML or JSON file, e.g. examples/qlearning-vs-dqn.yaml.`
        : `Cannot read the experiment file ${path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return parseConfigText(text, path);
}
