import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../test/fixtures/throw-after-wasm.ts", import.meta.url));

/** Runs the fixture in a fresh Node process (the wasm module installs process-wide handlers). */
function run(mode: string) {
  const r = spawnSync(process.execPath, ["--conditions=@gymkit/source", "--import", "tsx", script, mode], {
    encoding: "utf8",
    cwd: fileURLToPath(new URL("..", import.meta.url)),
  });
  return { status: r.status, stderr: r.stderr };
}

describe("after prepareBackend('wasm'), a user's uncaught error", () => {
  it.each(["throw", "reject"])(
    "(%s) prints its own message first and exits with code 1",
    (mode) => {
      const { status, stderr } = run(mode);
      expect(status).toBe(1);
      expect(stderr).toMatch(
        mode === "throw" ? /Error: an error of the user's/ : /Error: a rejected promise of the user's/,
      );
      expect(stderr).not.toMatch(/tfjs-backend-wasm/);
      expect(stderr.length).toBeLessThan(4000); // not 38.6 KB of minified wasm glue
    },
    120_000,
  );
});
