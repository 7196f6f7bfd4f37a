/**
 * The playground in a real browser (Debian's chromium through playwright-core): the built page,
 * served as any static host would, trains, draws, compares, validates like the CLI, and saves and
 * loads checkpoints that the CLI reads and writes. Every wait is on page state, never on time.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "@gymkit/runner";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findChromium, launchChromium, NO_BROWSER_MESSAGE, SKIP_BROWSER } from "./chromium.js";
import { serveStatic } from "./serve.js";

const HERE = fileURLToPath(new URL("..", import.meta.url));
const REPORT_DIR = fileURLToPath(new URL("../../../docs/comparison/", import.meta.url));
/** Generous: the machine is shared; nothing asserted depends on how long it takes. */
const WAIT = { timeout: 240_000 };

interface PageState {
  backend?: string;
  steps: number;
  frames: number;
  curvePoints: number;
  curveGrowths: number;
  configError?: string;
  runs: Record<
    string,
    { steps: number; episodes: number; evaluations: number; ended?: string; error?: string }
  >;
  played?: number[];
}
const pageState = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __gymkit: PageState }).__gymkit);

/** The PNG's pixels that are not (near) white, and how many distinct colours they have. */
function inkOf(png: Buffer): { ink: number; total: number; colors: number } {
  const { data, width, height } = PNG.sync.read(png);
  let ink = 0;
  const colors = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (r < 235 || g < 235 || b < 235) ink++;
    colors.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  return { ink, total: width * height, colors: colors.size };
}

/** Runs the CLI in this process, returning its exit code and what it printed. */
async function gymkit(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi
    .spyOn(console, "error")
    .mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    const code = await main(argv);
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

if (!SKIP_BROWSER && !findChromium()) {
  // A missing browser fails the suite with the fix, instead of passing with nothing tested.
  it("has a browser to test in", () => {
    throw new Error(NO_BROWSER_MESSAGE);
  });
}

describe.skipIf(SKIP_BROWSER || !findChromium())("playground in headless Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let page: Page;
  const problems: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), "gymkit-playground-"));

  const watch = (p: Page) => {
    p.on("console", (m) => {
      // Chromium asks every page without an icon link for /favicon.ico by itself (the report has
      // none, the playground links an empty one): that 404 is the browser's, not the page's.
      if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) {
        problems.push(`console.error: ${m.text()} (${m.location().url})`);
      }
    });
    p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    p.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    return p;
  };

  beforeAll(async () => {
    await build({ root: HERE, logLevel: "error", configFile: join(HERE, "vite.config.ts") });
    server = await serveStatic(join(HERE, "dist"));
    browser = await launchChromium();
    page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }));
    await page.goto(server.url);
    await page.waitForFunction(
      () => (globalThis as { __gymkit?: unknown }).__gymkit !== undefined,
      null,
      WAIT,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("loads with the form generated from the schema and the YAML of its config", async () => {
    // Selects for every part the schema describes, inputs for their options.
    for (const path of [
      "env.id",
      "agent.kind",
      "agent.buffer.kind",
      "agent.targetSync.kind",
      "agent.epsilon.kind",
    ]) {
      await expect(page.locator(`select[data-path="${path}"]`).count()).resolves.toBe(1);
    }
    await page.selectOption('select[data-path="agent.targetSync.kind"]', "hard");
    await expect(page.locator('input[data-path="agent.targetSync.every"]').count()).resolves.toBe(1);
    await page.selectOption('select[data-path="agent.targetSync.kind"]', "");
    expect(await page.locator("#yaml").textContent()).toBe(
      "env:\n  id: CartPole-v1\nagent:\n  kind: dqn\nbudget:\n  steps: 20000\neval:\n  every: 2500\n  episodes: 5\nseed: 0\n",
    );
    expect((await pageState(page)).configError).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("shows a bad value's error with the very words `gymkit train` prints for the same YAML", async () => {
    await page.fill('input[data-path="agent.gamma"]', "1.5");
    await page.waitForFunction(() => (globalThis as unknown as { __gymkit: PageState }).__gymkit.configError);
    const shown = (await page.locator("#config-error").textContent())!;
    expect(shown).toMatch(/^Invalid config at agent\.gamma: /);
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, (await page.locator("#yaml").textContent())!);
    const cli = await gymkit("train", file, "--out", join(tmp, "bad-runs"), "--workers", "0");
    expect(cli.code).toBe(1);
    expect(cli.err).toMatch(
      new RegExp(`^gymkit: ${file.replaceAll(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: `),
    );
    expect(cli.err.endsWith(shown)).toBe(true);
    await page.fill('input[data-path="agent.gamma"]', "");
    await page.waitForFunction(
      () => !(globalThis as unknown as { __gymkit: PageState }).__gymkit.configError,
    );
  });

  it("trains the dqn preset in a worker on wasm: steps, the cart on the canvas, the curves", async () => {
    await page.fill('input[data-path="budget.steps"]', "2000");
    await page.fill('input[data-path="eval.every"]', "1000");
    await page.click("#train");
    await page.waitForFunction(
      () => (globalThis as unknown as { __gymkit: PageState }).__gymkit.steps >= 1000,
      null,
      WAIT,
    );
    const during = await pageState(page);
    await page.waitForFunction(
      () => (globalThis as unknown as { __gymkit: PageState }).__gymkit.runs.run?.ended !== undefined,
      null,
      WAIT,
    );
    const s = await pageState(page);
    expect(s.backend).toBe("wasm");
    expect(s.runs.run).toMatchObject({ steps: 2000, ended: "completed", evaluations: 2 });
    expect(s.runs.run!.error).toBeUndefined();
    expect(s.frames).toBeGreaterThan(0);
    // The curves updated while training ran (redrawn with more points at least twice), and kept
    // growing after the first look at the page.
    expect(s.curveGrowths).toBeGreaterThanOrEqual(2);
    expect(s.curvePoints).toBeGreaterThanOrEqual(during.curvePoints);
    // The cart: the env's rgb_array frame on the canvas has black (cart, track) and pole-coloured pixels.
    const pixels = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-run="run"]')!;
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let black = 0;
      let pole = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i]! < 10 && data[i + 1]! < 10 && data[i + 2]! < 10) black++;
        if (data[i] === 202 && data[i + 1] === 152 && data[i + 2] === 101) pole++;
      }
      return { black, pole };
    });
    expect(pixels.black).toBeGreaterThan(50 * 30); // at least the 50×30 cart
    expect(pixels.pole).toBeGreaterThan(200);
    const curve = inkOf(await page.locator("#returns").screenshot());
    expect(curve.ink).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });

  it("saves the trained agent to a file that `gymkit eval` loads", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('a[data-save="run"]')]);
    const file = join(tmp, "dqn.agent.json");
    await download.saveAs(file);
    const cli = await gymkit("eval", file, "--episodes", "3");
    expect(cli.err).toBe("");
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/^CartPole-v1: greedy return \d+\.\d ± \d+\.\d over 3 episodes/);
  });

  it("loads and plays an agent the CLI trained (model.json + weights.bin from its model/)", async () => {
    const config = join(tmp, "cli.yaml");
    writeFileSync(
      config,
      "name: cli\nenv: CartPole-v1\nagent: qlearning\nbudget: { steps: 1500 }\neval: false\n",
    );
    const cli = await gymkit("train", config, "--out", join(tmp, "cli-runs"), "--workers", "0");
    expect(cli.code).toBe(0);
    const find = (dir: string): string | undefined => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (!statSync(path).isDirectory()) continue;
        if (name === "model") return path;
        const found = find(path);
        if (found) return found;
      }
      return undefined;
    };
    const model = find(join(tmp, "cli-runs"))!;
    await page.setInputFiles("#load", [join(model, "model.json"), join(model, "weights.bin")]);
    await page.waitForFunction(
      () => (globalThis as unknown as { __gymkit: PageState }).__gymkit.played,
      null,
      WAIT,
    );
    const played = (await pageState(page)).played!;
    expect(played).toHaveLength(5);
    // The same greedy episodes in Node give the same returns (same checkpoint, same seed).
    const node = await gymkit("eval", join(model, ".."), "--episodes", "5");
    expect(node.out).toContain(`(${played.join(", ")})`);
    expect(problems).toEqual([]);
  });

  it("compare mode trains Q-learning and DQN side by side, both curves on one chart", async () => {
    await page.click("#compare");
    await page.waitForFunction(
      () => {
        const runs = (globalThis as unknown as { __gymkit: PageState }).__gymkit.runs;
        return runs.qlearning?.ended !== undefined && runs.dqn?.ended !== undefined;
      },
      null,
      WAIT,
    );
    const s = await pageState(page);
    for (const id of ["qlearning", "dqn"]) {
      expect(s.runs[id]).toMatchObject({ steps: 2000, ended: "completed" });
      expect(s.runs[id]!.episodes).toBeGreaterThan(0);
    }
    const chart = PNG.sync.read(await page.locator("#returns").screenshot());
    let blue = 0;
    let red = 0;
    for (let i = 0; i < chart.data.length; i += 4) {
      const [r, g, b] = [chart.data[i]!, chart.data[i + 1]!, chart.data[i + 2]!];
      if (b > 150 && r < 90 && g > 90 && g < 150) blue++; // #1f77b4
      if (r > 180 && g < 80 && b < 80) red++; // #d62728
    }
    expect(blue).toBeGreaterThan(100);
    expect(red).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it("opens the comparison report of `gymkit compare` with no console errors; its charts render", async () => {
    const report = await serveStatic(REPORT_DIR);
    const other = watch(await browser.newPage());
    try {
      await other.goto(`${report.url}report.html`);
      const charts = other.locator("svg.marks");
      expect(await charts.count()).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < (await charts.count()); i++) {
        const { ink, total, colors } = inkOf(await charts.nth(i).screenshot());
        expect(ink / total).toBeGreaterThan(0.01);
        expect(colors).toBeGreaterThan(3);
      }
      expect(readFileSync(join(REPORT_DIR, "report.html"), "utf8")).toContain("<svg");
      expect(problems).toEqual([]);
    } finally {
      await other.close();
      await report.close();
    }
  });

  it("lists the classic-control envs and draws Acrobot's 500×500 frames live while training", async () => {
    const ids = await page.$$eval('select[data-path="env.id"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    for (const id of [
      "CartPole-v1",
      "Acrobot-v1",
      "MountainCar-v0",
      "MountainCarContinuous-v0",
      "Pendulum-v1",
    ]) {
      expect(ids).toContain(id);
    }
    await page.selectOption('select[data-path="env.id"]', "Acrobot-v1");
    await page.selectOption('select[data-path="agent.kind"]', "qlearning");
    await page.fill('input[data-path="budget.steps"]', "600");
    await page.fill('input[data-path="eval.every"]', "600");
    await page.click("#train");
    await page.waitForFunction(
      () => (globalThis as unknown as { __gymkit: PageState }).__gymkit.runs.run?.ended !== undefined,
      null,
      WAIT,
    );
    const s = await pageState(page);
    expect(s.runs.run).toMatchObject({ steps: 600, ended: "completed" });
    const canvas = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('canvas[data-run="run"]')!;
      const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
      let cyan = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i] === 0 && data[i + 1] === 204 && data[i + 2] === 204) cyan++;
      return { width: c.width, height: c.height, cyan };
    });
    expect(canvas).toMatchObject({ width: 500, height: 500 });
    expect(canvas.cyan).toBeGreaterThan(1000); // the two links
    expect(problems).toEqual([]);
  });
});
