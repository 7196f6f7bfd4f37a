/**
 * One supported Node range, said everywhere: the root's `engines.node`, every workspace package's
 * (what npm checks for a user who installs one package), and the README.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const engines = (dir: string) =>
  (JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { engines?: { node?: string } })
    .engines?.node;
const workspaces = ["packages", "examples"].flatMap((d) =>
  readdirSync(join(root, d), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, d, e.name, "package.json")))
    .map((e) => `${d}/${e.name}`),
);

describe("supported Node versions", () => {
  const range = engines(".");
  it("the root says >=20.19 (yargs 18, under vega-lite 6.4.3, needs ^20.19)", () => {
    expect(range).toBe(">=20.19");
  });

  it("every workspace package says the same", () => {
    expect(workspaces.length).toBeGreaterThan(10);
    expect(Object.fromEntries(workspaces.map((w) => [w, engines(w)]))).toEqual(
      Object.fromEntries(workspaces.map((w) => [w, range])),
    );
  });

  it("the README says it", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(
      `Node ≥ ${range!.replace(">=", "")} (every \`package.json\` says so in \`engines\`)`,
    );
  });
});
