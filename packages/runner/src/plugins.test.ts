/** Issue 19: what is not a package or a file is not loaded, and plugin names do not hide each other. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "./cli.js";
import { pluginSpecs, registryWith } from "./plugins.js";
import { builtinRegistry } from "./registry.js";

const root = mkdtempSync(join(tmpdir(), "gymkit-plugins-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plugin file with no imports (it loads from any directory) registering nothing. */
function pluginFile(file: string, name: string): string {
  const path = join(root, file);
  writeFileSync(path, `export default { name: ${JSON.stringify(name)}, register() {} };\n`);
  return path;
}

/** `gymkit train` of a config naming `plugins`, in this process; what it printed on stderr. */
async function train(plugins: string[], env = "CartPole-v1") {
  const config = join(root, "exp.yaml");
  writeFileSync(config, `plugins: ${JSON.stringify(plugins)}\nenv: ${JSON.stringify(env)}\nagent: dqn\n`);
  const err: string[] = [];
  const error = vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const out = join(root, "out");
    const code = await main(["train", config, "--out", out]);
    return { code, err: err.join("\n"), created: existsSync(out) };
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}

describe("plugins that are not packages or files are refused", () => {
  it.each([
    [
      "data:text/javascript,export default { name: 'x', register() {} }",
      "it is a data: URL (code written into the name), and gymkit loads plugins only from installed packages and files; put the code in a file and name its path",
    ],
    [
      "https://example.com/plugin.js",
      "it is a https: URL, and gymkit loads plugins only from installed packages and files, never from the network; install it (npm install) or download it and name its path",
    ],
    [
      "node:fs",
      "it is one of Node's built-in modules, not a plugin; name a package or a file that default-exports definePlugin({ name, register })",
    ],
    [
      "fs",
      "it is one of Node's built-in modules, not a plugin; name a package or a file that default-exports definePlugin({ name, register })",
    ],
    ["", "a plugin name is empty; name a package (gymkit-gridworld) or a path (./my-env.js)"],
  ])("%j", async (name, why) => {
    const r = await train([name]);
    expect(r.err).toBe(`gymkit: Plugin ${JSON.stringify(name)} is not loaded: ${why}. Nothing was run.`);
    expect(r.code).toBe(1);
    expect(r.created).toBe(false);
  });

  it("also as the module of an env id (pkg:Env-v0), and in check-env, envs and schema", async () => {
    const r = await train([], "data:text/javascript,x:Evil-v0");
    expect(r.err).toMatch(/^gymkit: Plugin "data:text\/javascript,x" is not loaded: it is a data: URL/);
    for (const args of [
      ["check-env", "data:text/javascript,1"],
      ["envs", "--plugin", "node:fs"],
      ["schema", "--plugin", "http://x/p.js"],
    ]) {
      const error = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        expect(await main(args)).toBe(1);
        expect(String(error.mock.calls[0]?.[0])).toMatch(/^gymkit: Plugin ".*" is not loaded: /);
      } finally {
        error.mockRestore();
      }
    }
  });

  it("a plugin spec from elsewhere (a run's manifest) is checked too", async () => {
    await expect(registryWith([{ name: "x", specifier: "data:text/javascript,1" }])).rejects.toThrow(
      'Plugin "x" is not loaded: it is a data: URL',
    );
  });

  it("file: URLs and paths are files: they load", async () => {
    const path = pluginFile("fine.mjs", "fine");
    const registry = await registryWith(pluginSpecs([`file://${path}`, path], root));
    expect(registry.plugins()).toContain("fine");
  });
});

describe("a plugin named like another", () => {
  it("like a built-in: refused, naming both", async () => {
    const path = pluginFile("my-loggers.mjs", "loggers");
    const r = await train([path]);
    expect(r.err).toBe(
      `gymkit: Plugin "${path}" is named "loggers", like gymkit's built-in plugin @gymkit/loggers; plugin names are unique (they say who registered each part), so it is not loaded. Rename it (the name in its definePlugin({ name })).`,
    );
    expect(r.code).toBe(1);
  });

  it("like another named plugin: refused, naming both", async () => {
    const a = pluginFile("a.mjs", "same");
    const b = pluginFile("b.mjs", "same");
    const r = await train([a, b]);
    expect(r.err).toBe(
      `gymkit: Plugin "${b}" is named "same", like plugin "${a}"; plugin names are unique (they say who registered each part), so it is not loaded. Rename it (the name in its definePlugin({ name })), or name only one of the two.`,
    );
  });

  it("the built-in package itself, named again: used once, no error", async () => {
    const registry = await registryWith(pluginSpecs(["@gymkit/loggers", "@gymkit/env-cartpole"], root));
    expect(registry.plugins()).toEqual(builtinRegistry().plugins());
    expect(registry.plugins()).toContain("env-cartpole");
  });
});
