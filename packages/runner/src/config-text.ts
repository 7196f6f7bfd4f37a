/**
 * What an experiment file's bytes and YAML may hold before they become config data: UTF-8 (or
 * UTF-16 with a byte-order mark, which YAML 1.2 requires readers to take) text, one document of
 * plain data (mappings, lists, strings, finite numbers, booleans, null), merge keys (`<<`, as
 * rl-zoo's hyperparameter files use) and a bounded number of alias expansions. Everything else
 * is refused with `file:line:col` and what the file really holds, instead of a library's words.
 */
import { GymkitError } from "@gymkit/core";
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type ParsedNode,
  type Scalar,
  visit,
} from "yaml";

/** Keys that would reach an object's prototype when copied with `obj[key] = ...`. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Alias expansions a file may make: plenty for `<<: *defaults`, far from a "billion laughs". */
export const MAX_ALIAS_COUNT = 1000;

const PLAIN_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

const invalid = (message: string) => new GymkitError("GYMKIT_INVALID_CONFIG", message);

/** Formats that are not text, by their first bytes. */
const MAGIC: ReadonlyArray<[bytes: number[], what: string]> = [
  [[0x1f, 0x8b], "a gzip archive"],
  [[0x50, 0x4b, 0x03, 0x04], "a zip archive (or .xlsx, .docx, .npz)"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document"],
  [[0x7f, 0x45, 0x4c, 0x46], "an ELF executable"],
  [[0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], "a NumPy array (.npy)"],
  [[0x80], "a Python pickle"],
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/**
 * The text of an experiment file: UTF-8 (a UTF-8 byte-order mark is dropped) or UTF-16 with its
 * byte-order mark; anything else (binary data, UTF-16 without a mark, UTF-32, invalid UTF-8)
 * is refused with what the bytes look like and what to do.
 */
export function decodeConfigBytes(bytes: Uint8Array, path: string): string {
  const refuse = (what: string) =>
    invalid(
      `${path}: ${what}. An experiment file is YAML or JSON text in UTF-8; pass one, e.g. examples/qlearning-vs-dqn.yaml.`,
    );
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    throw refuse("is UTF-32 text, which gymkit does not read; save it as UTF-8");
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return utf8(bytes.subarray(3), refuse);
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  for (const [magic, what] of MAGIC)
    if (startsWith(bytes, magic)) throw refuse(`is not text: it starts like ${what}`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a byte-order mark: ASCII text with a NUL after (LE) or before (BE) each byte.
    const sample = bytes.subarray(0, 64);
    const zeros = (parity: number) => sample.filter((b, i) => i % 2 === parity && b === 0).length;
    const half = Math.floor(sample.length / 2);
    if (half > 0 && (zeros(1) === half || zeros(0) === half)) {
      throw refuse(
        `looks like UTF-16 text without a byte-order mark (a NUL byte beside every character); save it as UTF-8`,
      );
    }
    throw refuse(`is not text: it holds a NUL byte at byte ${nul} (binary data)`);
  }
  return utf8(bytes, refuse);
}

function utf8(bytes: Uint8Array, refuse: (what: string) => GymkitError): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const before = bytes.subarray(0, bad);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const col = bad - before.lastIndexOf(0x0a);
    throw refuse(
      `is not UTF-8 text: byte ${bad} (line ${line}, column ${col}) is not valid UTF-8 (a Latin-1 or Windows-1252 file, or binary data?)`,
    );
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * A `//` or `/*` comment outside strings in text that looks like JSON (it starts with `{`, `[`
 * or a comment): YAML would read it as part of a key or value, silently.
 */
export function findJsonComment(text: string): number | undefined {
  const first = text.search(/\S/);
  if (first < 0 || !/[{[/]/.test(text[first]!)) return undefined;
  let inString = false;
  for (let i = first; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    // After a separator only, so that a URL's "://" in a flow-style YAML value is no comment.
    else if (
      c === "/" &&
      (text[i + 1] === "/" || text[i + 1] === "*") &&
      /^$|[\s,{[]/.test(text[i - 1] ?? "")
    ) {
      return i;
    }
  }
  return undefined;
}

/** A merge key (`<<`): with `merge: true` the yaml package gives it a symbol for a value. */
export const isMergeKey = (key: unknown): key is Scalar =>
  isScalar(key) && typeof key.value === "symbol" && key.value.description === "<<";

/** `line:col` of an offset. */
type At = (offset: number) => string;

/**
 * Checks a parsed document before it becomes data: one document, no syntax errors, no tags but
 * the plain ones, no mapping keys that are lists or mappings. `at` formats an offset.
 */
export function checkDocument(doc: Document.Parsed, at: At, source: string): void {
  const error = doc.errors[0];
  if (error) {
    const where = at(error.pos[0]);
    if (error.code === "MULTIPLE_DOCS") {
      throw invalid(`${where}: a second YAML document starts here (---); an experiment file holds one.`);
    }
    if (error.code === "DUPLICATE_KEY") {
      // The key as written: up to its ":" (a quoted JSON key keeps its quotes off).
      const key = (
        /^"((?:[^"\\]|\\.)*)"|^[^:,}\n]*/.exec(source.slice(error.pos[0]))?.[1] ??
        /^[^:,}\n]*/.exec(source.slice(error.pos[0]))![0]
      ).trim();
      throw invalid(`${where}: the key ${JSON.stringify(key)} appears twice in the same mapping; keep one.`);
    }
    throw invalid(`${where}: not valid YAML/JSON: ${error.message.split("\n")[0]}`);
  }
  let problem: string | undefined;
  visit(doc, {
    Node(_, node) {
      const tag = (node as { tag?: string }).tag;
      if (tag !== undefined && !PLAIN_TAGS.has(tag)) {
        const shown = tag.replace(/^tag:yaml\.org,2002:/, "!!");
        problem = `${at(node.range?.[0] ?? 0)}: the tag ${shown} asks for ${shown.startsWith("!!python") ? "a Python object" : "a type"} that an experiment file cannot hold; gymkit reads plain data (mappings, lists, strings, numbers, true/false, null). Remove the tag and write the value plainly.`;
        return visit.BREAK;
      }
      return undefined;
    },
    Pair(_, pair: Pair<unknown, unknown>) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const range = (pair.key as Node).range;
        problem = `${at(range?.[0] ?? 0)}: a mapping key is a ${isSeq(pair.key) ? "list" : "mapping"}; keys in an experiment file are plain names. Write the key as a name.`;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (problem) throw invalid(problem);
  const warning = doc.warnings[0];
  if (warning?.code === "TAG_RESOLVE_FAILED") {
    const tag = warning.message.replace(/^.*?: /, "").replace(/^tag:yaml\.org,2002:/, "!!");
    throw invalid(
      `${at(warning.pos[0])}: the value does not read as its tag ${tag} says; remove the tag or fix the value.`,
    );
  }
  if (warning) throw invalid(`${at(warning.pos[0])}: ${warning.message.split("\n")[0]}`);
}

/**
 * The document's data. Alias expansions are bounded (a "billion laughs" file is refused at its
 * first alias, not left to exhaust memory) and every alias and merge source is named at its line.
 */
export function documentData(doc: Document.Parsed, at: At): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const aliases: Array<{ source: string; offset: number }> = [];
    const merges: number[] = [];
    visit(doc, {
      Alias(_, node) {
        aliases.push({ source: node.source, offset: node.range?.[0] ?? 0 });
      },
      Pair(_, pair: Pair<unknown, unknown>) {
        const key = pair.key as ParsedNode | null;
        const value = pair.value as ParsedNode | null;
        const mapLike = (v: unknown) => isMap(v) || isAlias(v);
        if (isMergeKey(key) && !(mapLike(value) || (isSeq(value) && value.items.every(mapLike)))) {
          merges.push(key?.range?.[0] ?? 0);
        }
      },
    });
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message);
    if (unresolved) {
      const alias = aliases.find((a) => a.source === unresolved[1]) ?? aliases[0];
      throw invalid(
        `${at(alias?.offset ?? 0)}: the alias *${unresolved[1]} names no anchor defined before it; define &${unresolved[1]} first (on the value to repeat), or write the value here.`,
      );
    }
    if (/alias count/i.test(message)) {
      throw invalid(
        `${at(aliases[0]?.offset ?? 0)}: the aliases (*name) of this file expand to more than ${MAX_ALIAS_COUNT} copies (nested aliases multiply, as in a "billion laughs" file); refused so that reading it cannot exhaust memory. Write the values out, or alias fewer times.`,
      );
    }
    if (/merge/i.test(message)) {
      throw invalid(
        `${at(merges[0] ?? 0)}: a merge key (<<) takes a mapping, an alias of one (<<: *defaults) or a list of them, and this one takes something else.`,
      );
    }
    throw invalid(`${at(0)}: cannot read the YAML data: ${message}`);
  }
}

/**
 * The first value that is not plain config data in `data`: a key that reaches an object's
 * prototype (`__proto__`, `constructor`, `prototype`), a number that is not finite (`.inf`,
 * `.nan`, `1e999`), or an object that is not a mapping or list (a YAML 1.1 timestamp, a set).
 */
export function findNotPlain(
  data: unknown,
  path: PropertyKey[] = [],
): { path: PropertyKey[]; problem: string } | undefined {
  if (typeof data === "number" && !Number.isFinite(data)) {
    return {
      path,
      problem: `${Number.isNaN(data) ? "NaN (.nan)" : `${data > 0 ? "" : "-"}infinity (${data > 0 ? "" : "-"}.inf, or a number too large for a double)`} is not a finite number; configs hold finite numbers only (the run's manifest is JSON, which has neither). Write a finite number`,
    };
  }
  if (typeof data !== "object" || data === null) return undefined;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const found = findNotPlain(data[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(data) !== Object.prototype) {
    const kind = data instanceof Date ? "a timestamp" : ((data as object).constructor?.name ?? "an object");
    return {
      path,
      problem: `holds ${kind}, not plain data (a mapping, list, string, number, true/false or null). Write it as a plain value (quote a date: "2024-01-31")`,
    };
  }
  for (const key of Object.keys(data)) {
    if (FORBIDDEN_KEYS.has(key)) {
      return {
        path: [...path, key],
        problem: `the key "${key}" is refused: it names a JavaScript object's prototype machinery, never a gymkit option. Remove it`,
      };
    }
    const found = findNotPlain((data as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}

export type { LineCounter };
