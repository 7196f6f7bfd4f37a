/**
 * Regenerates screenshot.png (linked from the READMEs): compare mode after 15 000 steps, in
 * headless Chromium. `npx tsx --conditions=@gymkit/source bench/screenshot.ts`
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { launchChromium } from "../test/chromium.js";
import { serveStatic } from "../test/serve.js";

const here = fileURLToPath(new URL("..", import.meta.url));
await build({ root: here, logLevel: "error", configFile: join(here, "vite.config.ts") });
const server = await serveStatic(join(here, "dist"));
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
await page.goto(server.url);
await page.fill('input[data-path="budget.steps"]', "15000");
await page.click("#compare");
await page.waitForFunction(
  () => {
    const runs = (globalThis as unknown as { __gymkit: { runs: Record<string, { steps: number }> } }).__gymkit
      .runs;
    return (runs.dqn?.steps ?? 0) >= 14_000 && (runs.qlearning?.steps ?? 0) >= 14_000;
  },
  null,
  { timeout: 600_000 },
);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: join(here, "screenshot.png") });
await browser.close();
await server.close();
