import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/**
 * Debian's chromium (or the binary GYMKIT_CHROMIUM names), found on PATH (no browser download). Its `/usr/bin/chromium` wrapper prints a
 * harmless shell error on some machines; the binary behind it is launched directly when present.
 */
export function findChromium(): string | undefined {
  const chosen = process.env.GYMKIT_CHROMIUM;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  for (const direct of ["/usr/lib/chromium/chromium"]) if (existsSync(direct)) return direct;
  try {
    return (
      execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {
        encoding: "utf8",
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** The tests run in a real browser; without one they fail, unless GYMKIT_SKIP_BROWSER=1 says so. */
export const SKIP_BROWSER = process.env.GYMKIT_SKIP_BROWSER === "1";

export const NO_BROWSER_MESSAGE =
  "No chromium found (looked for $GYMKIT_CHROMIUM, /usr/lib/chromium/chromium and `chromium` on PATH). The playground's browser tests need it: `apt-get install -y chromium` (.ci/run does this), or set GYMKIT_SKIP_BROWSER=1 to skip them explicitly.";

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_MESSAGE);
  return chromium.launch({
    executablePath,
    headless: true,
    // --no-sandbox: CI runs as root. The rest keeps a browser with no network access quiet.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
