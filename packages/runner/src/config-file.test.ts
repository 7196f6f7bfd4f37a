import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseConfigText, readConfigFile } from "./config-file.js";
import { planRuns } from "./experiment.js";
import { builtinRegistry } from "./registry.js";

const parse = (text: string) => parseConfigText(text, "e.yaml");
const dir = mkdtempSync(join(tmpdir(), "gymkit-config-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads `bytes` as an experiment file named e.yaml (messages name it as given). */
async function read(bytes: Uint8Array) {
  const path = join(dir, "e.yaml");
  writeFileSync(path, bytes);
  return (await readConfigFile(path).catch((e: Error) => e.message.split(dir).join("$DIR"))) as
    | string
    | { data: unknown };
}

const NOT_UTF8 =
  "An experiment file is YAML or JSON text in UTF-8; pass one, e.g. examples/qlearning-vs-dqn.yaml.";

describe("YAML merge keys and aliases", () => {
  it("merge keys (<<), as rl-zoo's hyperparameter files use them, merge; errors point into the merged source", () => {
    const text = `name: merged
env: CartPole-v1
budget: { steps: 2000 }
agent: &base
  kind: dqn
  hidden: [32]
  lr: 0.001
variants:
  - name: fast
    agent:
      <<: *base
      lr: 0.003
  - name: both
    agent: { <<: [*base, { gamma: 0.9 }], nStep: 1 }
`;
    const file = parse(text);
    expect(file.data.variants).toEqual([
      { name: "fast", agent: { kind: "dqn", hidden: [32], lr: 0.003 } },
      { name: "both", agent: { kind: "dqn", hidden: [32], lr: 0.001, gamma: 0.9, nStep: 1 } },
    ]);
    const plan = planRuns(builtinRegistry(), file);
    expect(plan.runs.map((r) => [r.variant, r.config.agent.lr, r.config.agent.gamma])).toEqual([
      ["fast", 0.003, 0.99],
      ["both", 0.001, 0.9],
    ]);
    // A value that came through `<<` is located where it is written: in the anchored mapping.
    expect(file.locate(["variants", 1, "agent", "hidden"])).toBe("e.yaml:6:3");
    expect(file.locate(["variants", 1, "agent", "gamma"])).toBe("e.yaml:14:28");
    expect(() => planRuns(builtinRegistry(), parse(text.replace("hidden: [32]", "hidden: [0]")))).toThrow(
      "e.yaml:6:12: Invalid config at variants[0].agent.hidden[0]: expected an integer >= 1 and <= 65536, got 0.",
    );
    expect(() => parse("a: { <<: 5 }\n")).toThrow(
      "e.yaml:1:6: a merge key (<<) takes a mapping, an alias of one (<<: *defaults) or a list of them, and this one takes something else.",
    );
  });

  it("an alias bomb (billion laughs) is refused at its first alias; an alias without anchor is named", () => {
    const lol = (n: number) => `[${Array(10).fill(`*l${n}`).join(", ")}]`;
    const bomb = `l0: &l0 [lol]\n${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `l${n}: &l${n} ${lol(n - 1)}`).join("\n")}\n`;
    expect(() => parse(bomb)).toThrow(
      `e.yaml:2:10: the aliases (*name) of this file expand to more than 1000 copies (nested aliases multiply, as in a "billion laughs" file); refused so that reading it cannot exhaust memory. Write the values out, or alias fewer times.`,
    );
    expect(() => parse("a: 1\nb: *nope\n")).toThrow(
      "e.yaml:2:4: the alias *nope names no anchor defined before it; define &nope first (on the value to repeat), or write the value here.",
    );
  });
});

describe("what a file really is", () => {
  it("UTF-16 with a byte-order mark is read (YAML 1.2 readers must); without one, or UTF-32, is named", async () => {
    const text = "env: CartPole-v1\n";
    const le = Buffer.from(text, "utf16le");
    expect(await read(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toMatchObject({
      data: { env: "CartPole-v1" },
    });
    const be = Buffer.from(le).swap16();
    expect(await read(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({
      data: { env: "CartPole-v1" },
    });
    expect(await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toMatchObject({
      data: { env: "CartPole-v1" },
    });
    expect(await read(le)).toBe(
      `$DIR/e.yaml: looks like UTF-16 text without a byte-order mark (a NUL byte beside every character); save it as UTF-8. ${NOT_UTF8}`,
    );
    expect(await read(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toBe(
      `$DIR/e.yaml: is UTF-32 text, which gymkit does not read; save it as UTF-8. ${NOT_UTF8}`,
    );
  });

  it("binary files, archives and other encodings say what they look like", async () => {
    expect(await read(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2]))).toBe(
      `$DIR/e.yaml: is not text: it starts like a gzip archive. ${NOT_UTF8}`,
    );
    expect(await read(Buffer.from([0x50, 0x4b, 3, 4, 0]))).toBe(
      `$DIR/e.yaml: is not text: it starts like a zip archive (or .xlsx, .docx, .npz). ${NOT_UTF8}`,
    );
    expect(await read(Buffer.from([0x67, 0x6b, 0x01, 0x00, 0x05]))).toBe(
      `$DIR/e.yaml: is not text: it holds a NUL byte at byte 3 (binary data). ${NOT_UTF8}`,
    );
    expect(await read(Buffer.from("env: CartPole-v1\nname: caf\xe9\n", "latin1"))).toBe(
      `$DIR/e.yaml: is not UTF-8 text: byte 26 (line 2, column 10) is not valid UTF-8 (a Latin-1 or Windows-1252 file, or binary data?). ${NOT_UTF8}`,
    );
    expect(await read(Buffer.from(""))).toBe(
      "$DIR/e.yaml: an experiment file holds a mapping (env, agent, budget, ...), got nothing.",
    );
    expect(await readConfigFile(dir).catch((e: Error) => e.message.split(dir).join("$DIR"))).toBe(
      "Cannot read the experiment file $DIR: it is a directory. Pass a YAML or JSON file in it, e.g. $DIR/experiment.yaml.",
    );
  });

  it("JSON with comments is refused at the comment (YAML would take it into a key silently)", () => {
    expect(() => parse('{\n  "env": "CartPole-v1", // the env\n  "agent": "dqn"\n}\n')).toThrow(
      "e.yaml:2:25: a comment (//) in JSON, which has no comments (YAML would read it as part of a key or value). Remove it, or write the file as YAML, whose comments start with #.",
    );
    expect(() => parse('/* header */\n{"env": "CartPole-v1"}')).toThrow(
      /^e\.yaml:1:1: a comment \(\/\*\) in JSON/,
    );
    // Not comments: inside a string, or a URL in a flow-style YAML value.
    expect(parse('{"name": "a//b", "plugins": ["x/*"], "env": {id: x, url: http://a.b/c}}').data).toEqual({
      name: "a//b",
      plugins: ["x/*"],
      env: { id: "x", url: "http://a.b/c" },
    });
  });

  it("tags other than the plain ones are refused at their line, naming the tag", () => {
    const plain =
      "gymkit reads plain data (mappings, lists, strings, numbers, true/false, null). Remove the tag and write the value plainly.";
    expect(() => parse("agent: !!python/object:__main__.Agent {lr: 1}\n")).toThrow(
      `e.yaml:1:39: the tag !!python/object:__main__.Agent asks for a Python object that an experiment file cannot hold; ${plain}`,
    );
    expect(() => parse("env: !foo CartPole-v1\n")).toThrow(
      `e.yaml:1:11: the tag !foo asks for a type that an experiment file cannot hold; ${plain}`,
    );
    expect(() => parse("a: !!binary aGVsbG8=\n")).toThrow(/^e\.yaml:1:13: the tag !!binary asks for a type/);
    expect(() => parse("a: !!set {x}\n")).toThrow(/^e\.yaml:1:10: the tag !!set asks for a type/);
    expect(parse("name: !!str 5\nb: !!float 1.5\n").data).toEqual({ name: "5", b: 1.5 });
    expect(() => parse("b: !!int x\n")).toThrow(
      "e.yaml:1:4: the value does not read as its tag !!int says; remove the tag or fix the value.",
    );
  });

  it(".inf, .nan and numbers beyond a double are refused with their path and place", () => {
    const finite =
      "is not a finite number; configs hold finite numbers only (the run's manifest is JSON, which has neither). Write a finite number.";
    expect(() => parse("budget: { steps: .inf }\n")).toThrow(
      `e.yaml:1:11: Invalid config at budget.steps: infinity (.inf, or a number too large for a double) ${finite}`,
    );
    expect(() => parse("eval:\n  stopAtMean: .NaN\n")).toThrow(
      `e.yaml:2:3: Invalid config at eval.stopAtMean: NaN (.nan) ${finite}`,
    );
    expect(() => parse("agent: { hidden: [64, -.inf] }\n")).toThrow(
      `e.yaml:1:23: Invalid config at agent.hidden[1]: -infinity (-.inf, or a number too large for a double) ${finite}`,
    );
    expect(() => parse('{"budget": {"steps": 1e999}}')).toThrow(
      /^e\.yaml:1:13: Invalid config at budget\.steps: infinity/,
    );
  });

  it("__proto__, constructor and prototype keys are refused; nothing reaches Object.prototype", () => {
    const refused = (key: string) =>
      `the key "${key}" is refused: it names a JavaScript object's prototype machinery, never a gymkit option. Remove it.`;
    expect(() => parse("env: CartPole-v1\n__proto__: { polluted: 1 }\n")).toThrow(
      `e.yaml:2:1: Invalid config at __proto__: ${refused("__proto__")}`,
    );
    expect(() => parse('{"agent": {"kind": "dqn", "__proto__": {"polluted": 1}}}')).toThrow(
      `e.yaml:1:27: Invalid config at agent.__proto__: ${refused("__proto__")}`,
    );
    expect(() => parse("agent: { constructor: { prototype: 1 } }\n")).toThrow(
      `e.yaml:1:10: Invalid config at agent.constructor: ${refused("constructor")}`,
    );
    expect(() => parse("variants:\n  - prototype: 1\n")).toThrow(
      `e.yaml:2:5: Invalid config at variants[0].prototype: ${refused("prototype")}`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("other YAML a config cannot mean: several documents, keys twice, keys that are lists, YAML 1.1 dates", () => {
    const warn = vi.spyOn(process, "emitWarning");
    expect(() => parse("env: CartPole-v1\n---\nagent: dqn\n")).toThrow(
      "e.yaml:2:1: a second YAML document starts here (---); an experiment file holds one.",
    );
    expect(() => parse("env: CartPole-v1\nagent: dqn\nenv: CartPole-v0\n")).toThrow(
      'e.yaml:3:1: the key "env" appears twice in the same mapping; keep one.',
    );
    expect(() => parse('{"agent": {"lr": 1, "lr": 2}}')).toThrow(
      'e.yaml:1:21: the key "lr" appears twice in the same mapping; keep one.',
    );
    expect(() => parse("? [a, b]\n: 1\n")).toThrow(
      "e.yaml:1:3: a mapping key is a list; keys in an experiment file are plain names. Write the key as a name.",
    );
    expect(() => parse("%YAML 1.1\n---\nname: 2024-01-31\n")).toThrow(
      'e.yaml:3:1: Invalid config at name: holds a timestamp, not plain data (a mapping, list, string, number, true/false or null). Write it as a plain value (quote a date: "2024-01-31").',
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
