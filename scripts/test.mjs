#!/usr/bin/env node
// `npm test`: first a check that chromium and redis-server are installed (scripts/prerequisites.mjs),
// then typecheck + lint + vitest in every workspace through turbo, plus the repository-wide
// checks that run once at the root (`test:arch`: the architecture scan; `docs:check`: TypeDoc over
// every package's entry points, warnings as errors, links validated), then one summary line
// over all of them ("Tests: N passed, N failed"), read from each vitest JSON report. Turbo
// restores those reports from its cache, so a cached run prints the same summary. Last, the
// published path (`scripts/try-published.sh`): every package packed, installed outside the
// repository, and the plugin guide's shell commands run against the install.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { missingPrerequisites, prerequisitesMessage } from "./prerequisites.mjs";

// chromium and redis-server first: on a fresh machine, say what to install before any test runs.
const missingTools = missingPrerequisites();
if (missingTools.length > 0) {
  console.error(prerequisitesMessage(missingTools));
  process.exit(1);
}

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "examples"]
  .filter((d) => existsSync(join(root, d)))
  .flatMap((d) =>
    readdirSync(join(root, d), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(root, d, e.name)),
  )
  .filter((dir) => existsSync(join(dir, "package.json")));
const report = (dir) => join(dir, ".vitest", "results.json");
/** Each test-running directory and the script that writes its report. */
const suites = [...workspaces.map((dir) => ({ dir, script: "test" })), { dir: root, script: "test:arch" }];
for (const { dir } of suites) rmSync(report(dir), { force: true });

const turbo = spawnSync(
  "npx",
  [
    "turbo",
    "run",
    "typecheck",
    "lint",
    "test",
    "test:arch",
    "docs:check",
    "--continue",
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...process.env },
  },
);

console.log("\n> published packages: pack, install outside the repository, the guide's commands");
const published = spawnSync("bash", [join(root, "scripts/try-published.sh")], {
  cwd: root,
  stdio: "inherit",
});

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const { dir, script } of suites) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!pkg.scripts?.[script]) continue;
  if (!existsSync(report(dir))) {
    missing.push(dir === root ? `${pkg.name} (${script})` : pkg.name);
    continue;
  }
  const r = JSON.parse(readFileSync(report(dir), "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
console.log("");
if (missing.length > 0) console.log(`No test report from: ${missing.join(", ")} (their tests did not run).`);
if (published.status !== 0)
  console.log("The published-packages check failed (scripts/try-published.sh, above).");
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
const code = turbo.status !== 0 ? (turbo.status ?? 1) : (published.status ?? 1);
process.exit(code !== 0 ? code : failed > 0 || missing.length > 0 ? 1 : 0);
