// Every code block of docs/guide/writing-a-plugin.md is checked here, so a new user copying from
// the guide gets code that compiles and runs against today's packages (and every README's
// TypeScript type-checks, see the end):
// - a TypeScript block quoted from a file of this repository must appear there verbatim;
// - any other TypeScript block is a script of its own: all of them are type-checked together
//   (with the guide's corridor plugin beside them, as the guide's imports expect) and then run;
// - the YAML block is the gridworld example's config (its values; the file also has comments), the JSON block a trim of its package.json;
// - the text block is what the corridor's bad options print.
// The shell block with check-env, train and eval is run verbatim against the packed, installed
// packages by scripts/try-published.sh (part of npm test).
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { Registry } from "@gymkit/core";
import replayMemory from "@gymkit/replay-memory";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse as parseYaml } from "yaml";

const root = new URL("../../../", import.meta.url).pathname;
const guidePath = join(root, "docs/guide/writing-a-plugin.md");
const guide = readFileSync(guidePath, "utf8");

interface Block {
  lang: string;
  code: string;
  line: number;
  /** Preceded by `<!-- ts: new module -->`: does not continue the blocks above it. */
  newModule: boolean;
}

const codeBlocks = (markdown: string): Block[] =>
  [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? "",
    code: m[2] ?? "",
    line: markdown.slice(0, m.index).split("\n").length,
    newModule: /<!-- ts: new module -->\s*$/.test(markdown.slice(0, m.index)),
  }));
const blocks = codeBlocks(guide);

/** Source files a block may be quoted from: the examples and the packages' tests. */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.ts$/.test(name)) out.push(path);
  }
  return out;
}
const quotable = [...sources(join(root, "examples")), ...sources(join(root, "packages/core/test"))].map(
  (path) => ({
    path: relative(root, path),
    text: readFileSync(path, "utf8"),
  }),
);
const isQuoted = (b: Block) => quotable.some((f) => f.text.includes(b.code));

/**
 * A README's TypeScript as the modules a reader would assemble: its blocks in order, one module,
 * a block that does not start with `import` continuing the one above (as prose reads them), and
 * `<!-- ts: new module -->` starting afresh. An excerpt quoted verbatim from a repository file
 * (not a script: no imports) is checked by being there, not compiled here.
 */
function readmeModules(markdown: string): string[] {
  const modules: string[][] = [];
  for (const b of codeBlocks(markdown).filter((c) => c.lang === "ts")) {
    if (!b.code.startsWith("import ") && isQuoted(b)) continue;
    if (b.newModule || modules.length === 0) modules.push([]);
    modules.at(-1)?.push(b.code);
  }
  return modules.map((m) => m.join("\n"));
}
const readmes = [
  "README.md",
  ...["packages", "examples"].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => `${group}/${name}/README.md`)
      .filter((path) => existsSync(join(root, path))),
  ),
];

const ts = blocks.filter((b) => b.lang === "ts");
const quoted = ts.filter(isQuoted);
const scripts = ts.filter((b) => !quoted.includes(b));
/** The one fragment that is neither: it names the type of a part the guide leaves undefined. */
const isDeclaration = (b: Block) => b.code.startsWith("declare module");

describe("docs/guide/writing-a-plugin.md", () => {
  it("has its blocks where this test expects them (quoted excerpts and scripts both present)", () => {
    expect(quoted.length).toBeGreaterThanOrEqual(4);
    expect(scripts.filter((b) => !isDeclaration(b)).length).toBeGreaterThanOrEqual(4);
    expect(blocks.every((b) => ["ts", "sh", "yaml", "json", "text"].includes(b.lang))).toBe(true);
  });

  it("every TypeScript block not quoted from a file is a whole script (starts with its imports)", () => {
    for (const b of scripts.filter((s) => !isDeclaration(s))) {
      expect(b.code, `block at line ${b.line}`).toMatch(/^import /);
    }
  });

  it("the YAML block is examples/env-plugin-gridworld/train.yaml without its comments", () => {
    const yaml = blocks.filter((b) => b.lang === "yaml");
    expect(yaml).toHaveLength(1);
    const real = readFileSync(join(root, "examples/env-plugin-gridworld/train.yaml"), "utf8");
    expect(parseYaml(yaml[0]?.code ?? "")).toEqual(parseYaml(real));
  });

  it("the JSON block is a trim of the gridworld package.json: every field shown is the real one", () => {
    const json = blocks.filter((b) => b.lang === "json");
    expect(json).toHaveLength(1);
    const shown = JSON.parse(json[0]?.code ?? "");
    const real = JSON.parse(readFileSync(join(root, "examples/env-plugin-gridworld/package.json"), "utf8"));
    expect(real).toMatchObject(shown);
  });

  it("the text block is what the corridor's bad options print", async () => {
    const { default: corridor } = await import("../../core/test/corridor-plugin.js");
    const registry = new Registry().use(corridor);
    const printed: string[] = [];
    for (const options of [{ size: 1 }, { sise: 4 }]) {
      try {
        registry.make("gridworld/Corridor-v0", options);
      } catch (e) {
        printed.push((e as Error).message);
      }
    }
    try {
      await registry.use(agentDqn).compose({
        env: { id: "gridworld/Corridor-v0", options: { size: 1 } },
        agent: "dqn",
        budget: { steps: 1 },
      });
    } catch (e) {
      printed.push((e as Error).message);
    }
    const text = blocks.filter((b) => b.lang === "text");
    expect(text).toHaveLength(1);
    expect(printed.join("\n")).toBe(text[0]?.code.trimEnd());
  });

  describe("its scripts, written out beside the guide's corridor plugin", () => {
    let dir = "";
    const files = new Map<Block, string>();
    beforeAll(() => {
      // Inside this package, so that @gymkit/* resolve as they do for its own sources.
      dir = mkdtempSync(join(root, "packages/runner/.guide-"));
      copyFileSync(join(root, "packages/core/test/corridor-plugin.ts"), join(dir, "corridor-plugin.ts"));
      const declaration = scripts.find(isDeclaration);
      for (const b of scripts.filter((s) => !isDeclaration(s))) {
        const file = join(dir, `block-${b.line}.ts`);
        // The declaration block goes with the agent part it describes (its type standing in).
        const extra =
          declaration && b.code.includes('id: "mostly-right"')
            ? `\ntype MostlyRightAgent = Agent;\n${declaration.code}`
            : "";
        writeFileSync(file, `${b.code}${extra}export {};\n`);
        files.set(b, file);
      }
      for (const readme of readmes) {
        readmeModules(readFileSync(join(root, readme), "utf8")).forEach((code, i) => {
          writeFileSync(
            join(dir, `${readme.replaceAll("/", "_").replace(/\.md$/, "")}-${i}.ts`),
            `${code}export {};\n`,
          );
        });
      }
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { noEmit: true }, include: ["*.ts"] }),
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("type-check under the workspace's strict settings, with every README's TypeScript", async () => {
      const tsc = join(root, "node_modules/typescript/bin/tsc");
      const result = await promisify(execFile)(process.execPath, [
        tsc,
        "-p",
        join(dir, "tsconfig.json"),
      ]).catch((e: { stdout: string }) => ({ stdout: e.stdout, failed: true }));
      expect(result.stdout.replaceAll(dir, "<guide>")).toBe("");
    }, 120_000);

    it("run: the checks print no findings, the agent plugin composes, DQN reaches the corridor's end", async () => {
      await prepareBackend("cpu");
      const printed: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((...args) => void printed.push(args.join(" ")));
      try {
        for (const [block, file] of files) {
          printed.push(`# ${block.line}`);
          const module = await import(/* @vite-ignore */ file);
          if (module.default?.register) {
            // A plugin: it registers, and its parts build from a config (ε's "constant" schedule is
            // agent-dqn's, as the guide says).
            const registry = new Registry().use((await import(join(dir, "corridor-plugin.ts"))).default);
            registry.use(module.default).use(replayMemory).use(agentDqn);
            const run = await registry.compose({
              env: "gridworld/Corridor-v0",
              agent: "always-right",
              budget: { steps: 200 },
              seed: 0,
            });
            const result = await run.train();
            await run.dispose();
            printed.push(`episodes ${result.episodes}`);
          }
        }
      } finally {
        log.mockRestore();
      }
      const out = printed.join("\n");
      // checkEnv's findings would be printed after the check block; DQN's last line is "stopAtMean 1".
      expect(out).toMatch(/stopAtMean 1\s*$/m);
      expect(out).toMatch(/episodes \d+/);
      expect(out).not.toMatch(/\[(warn|error)\]|undefined/);
    }, 180_000);
  });
});
