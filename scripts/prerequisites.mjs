// What `npm test` needs besides `npm ci`: Debian's chromium (the playground's browser tests drive it
// through playwright-core, which downloads no browser) and redis-server (the queue tests start
// their own). Checked first, so a fresh machine hears what to install at once, not after minutes of
// tests. .ci/run runs scripts/prerequisites.sh, which installs them; these are the lookups the tests themselves use
// (examples/playground/test/chromium.ts, packages/runner/test/redis-server.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const onPath = (command) =>
  spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;

/** The Debian packages `npm test` needs and this machine lacks, in install order. */
export function missingPrerequisites(env = process.env) {
  const missing = [];
  const chromium = env.GYMKIT_CHROMIUM
    ? existsSync(env.GYMKIT_CHROMIUM)
    : existsSync("/usr/lib/chromium/chromium") || onPath("chromium") || onPath("chromium-browser");
  if (!chromium && env.GYMKIT_SKIP_BROWSER !== "1") missing.push("chromium");
  if (!onPath("redis-server")) missing.push("redis-server");
  return missing;
}

const WHY = {
  chromium: "chromium (the playground's browser tests)",
  "redis-server": "redis-server (the queue tests)",
};

/** What to say when something is missing: what, why, and the line that installs it. */
export function prerequisitesMessage(missing) {
  const one = missing.length === 1;
  return `npm test needs ${missing.map((m) => WHY[m]).join(" and ")}, which ${one ? "is" : "are"} not installed. On Debian, install ${one ? "it" : "them"} with:
  bash scripts/prerequisites.sh   (or: sudo apt-get update && sudo apt-get install -y ${missing.join(" ")})
then run npm test again; or run .ci/run, which installs them and runs the tests as CI does.${missing.includes("chromium") ? " Elsewhere: Ubuntu's chromium is a snap (sudo snap install chromium); another Chromium or Chrome: GYMKIT_CHROMIUM=/path/to/it; no browser: GYMKIT_SKIP_BROWSER=1 skips those tests." : ""}`;
}
