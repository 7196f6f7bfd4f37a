/**
 * Experiment files: YAML or JSON read with positions, so that a config error names the file, the
 * line and the column of the value at fault, besides its path. What the text may hold is checked
 * in config-text.ts (encoding, one document of plain data, merge keys, aliases).
 */
import { readFile } from "node:fs/promises";
import { GymkitError } from "@gymkit/core";
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Pair, parseDocument } from "yaml";
import {
  checkDocument,
  decodeConfigBytes,
  documentData,
  findJsonComment,
  findNotPlain,
  isMergeKey,
} from "./config-text.js";

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

/** YAML 1.2 with merge keys (`<<: *defaults`), as rl-zoo's hyperparameter files use them. */
const YAML_OPTIONS = { merge: true, prettyErrors: false, uniqueKeys: true } as const;

/** Parses experiment text (YAML, of which JSON is a subset); `path` names it in errors. */
export function parseConfigText(text: string, path: string): ConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${path}:${line}:${col}`;
  };
  const comment = findJsonComment(text);
  if (comment !== undefined) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${at(comment)}: a comment (${text.slice(comment, comment + 2)}) in JSON, which has no comments (YAML would read it as part of a key or value). Remove it, or write the file as YAML, whose comments start with #.`,
    );
  }
  checkDocument(doc, at, text);
  const data = documentData(doc, at);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${path}: an experiment file holds a mapping (env, agent, budget, ...), got ${data === null || data === undefined ? "nothing" : Array.isArray(data) ? "a list" : `a ${typeof data} (${JSON.stringify(data)})`}.`,
    );
  }
  const locate = (keys: readonly PropertyKey[]) => at(offsetOf(doc, keys));
  const odd = findNotPlain(data);
  if (odd) {
    throw new GymkitError(
      "GYMKIT_INVALID_CONFIG",
      `${locate(odd.path)}: Invalid config at ${odd.path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${String(k)}`)).join("")}: ${odd.problem}.`,
    );
  }
  return { path, data: data as Record<string, unknown>, locate };
}

/**
 * Offset of the value at `keys` in the document, through aliases and merge keys: a mapping key's
 * own position when the path ends at it, else the nearest enclosing node that exists.
 */
function offsetOf(doc: Document.Parsed, keys: readonly PropertyKey[]): number {
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const pairOf = (map: unknown, key: PropertyKey, depth = 0): Pair<unknown, unknown> | undefined => {
    if (!isMap(map) || depth > 20) return undefined;
    const own = map.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
    if (own) return own;
    // YAML merge semantics: the mapping's own keys first, then its merge sources in order.
    for (const merge of map.items.filter((p) => isMergeKey(p.key))) {
      const value = deref(merge.value);
      for (const source of isSeq(value) ? value.items.map(deref) : [value]) {
        const found = pairOf(source, key, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  let node: unknown = doc.contents;
  let offset = (node as { range?: number[] } | null)?.range?.[0] ?? 0;
  for (const key of keys) {
    node = deref(node);
    if (isMap(node)) {
      const pair = pairOf(node, key);
      if (!pair) break;
      offset = (pair.key as { range?: number[] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && node.items[key] !== undefined) {
      node = node.items[key];
      offset = (node as { range?: number[] }).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Reads and parses an experiment file; a missing, unreadable or non-text file is a clear error. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      code === "ENOENT"
        ? `Cannot read the experiment file ${path}: it does not exist. Pass a YAML or JSON file, e.g. examples/qlearning-vs-dqn.yaml.`
        : code === "EISDIR"
          ? `Cannot read the experiment file ${path}: it is a directory. Pass a YAML or JSON file in it, e.g. ${path.replace(/\/$/, "")}/experiment.yaml.`
          : `Cannot read the experiment file ${path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return parseConfigText(decodeConfigBytes(bytes, path), path);
}
