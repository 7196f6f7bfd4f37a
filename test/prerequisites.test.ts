/**
 * `npm test` on a machine without chromium or redis-server says first, and exactly, what to install
 * (scripts/prerequisites.mjs), instead of failing minutes later in the browser and queue tests.
 * The machine is simulated: PATH holds only `sh`, and GYMKIT_CHROMIUM names a file that is not there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../scripts/test.mjs", import.meta.url));
const bare = mkdtempSync(join(tmpdir(), "gymkit-bare-path-"));
symlinkSync("/bin/sh", join(bare, "sh"));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

const npmTest = (env: Record<string, string>) =>
  spawnSync(process.execPath, [script], {
    encoding: "utf8",
    env: { PATH: bare, GYMKIT_CHROMIUM: "/nonexistent/chromium", ...env },
  });

describe("npm test on a fresh machine", () => {
  it("without chromium and redis-server: names both and the apt-get line, exit 1, before any test", () => {
    const r = npmTest({});
    expect(r.stderr).toBe(
      `npm test needs chromium (the playground's browser tests) and redis-server (the queue tests), which are not installed. On Debian, install them with:
  bash scripts/prerequisites.sh   (or: sudo apt-get update && sudo apt-get install -y chromium redis-server)
then run npm test again; or run .ci/run, which installs them and runs the tests as CI does. Elsewhere: Ubuntu's chromium is a snap (sudo snap install chromium); another Chromium or Chrome: GYMKIT_CHROMIUM=/path/to/it; no browser: GYMKIT_SKIP_BROWSER=1 skips those tests.
`,
    );
    expect(r.stdout).toBe(""); // turbo never started
    expect(r.status).toBe(1);
  });

  it("GYMKIT_SKIP_BROWSER=1: only redis-server is needed", () => {
    const r = npmTest({ GYMKIT_SKIP_BROWSER: "1" });
    expect(r.stderr).toBe(
      `npm test needs redis-server (the queue tests), which is not installed. On Debian, install it with:
  bash scripts/prerequisites.sh   (or: sudo apt-get update && sudo apt-get install -y redis-server)
then run npm test again; or run .ci/run, which installs them and runs the tests as CI does.
`,
    );
    expect(r.status).toBe(1);
  });
});
