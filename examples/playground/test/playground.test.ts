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
  axes: Record<
    string,
    {
      scale: string;
      domain: [number, number];
      y: Array<[number, string]>;
      x: Array<[number, string]>;
      plot: { left: number; top: number; width: number; height: number };
    }
  >;
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

  it("draws the charts on round ticks: a log axis for the loss, ε on [0, 1]; the pictures agree", async () => {
    const { axes } = await pageState(page);
    // Round ticks: each labelled value is 1, 2 or 5 × 10^k times an integer, evenly stepped.
    const nice = (values: number[]) => {
      const step = values[1]! - values[0]!;
      const k = 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect(
        [1, 2, 5, 10].some((m) => Math.abs(step / k - m) < 1e-6),
        `step ${step}`,
      ).toBe(true);
      for (let i = 1; i < values.length; i++) expect(values[i]! - values[i - 1]!).toBeCloseTo(step, 9);
    };
    nice(axes.returns!.y.map(([v]) => v));
    nice(axes.returns!.x.map(([v]) => v));
    expect(axes.returns!.x[0]).toEqual([0, "0"]);
    expect(axes.returns!.x.at(-1)).toEqual([2000, "2k"]); // the budget
    // The loss: decades, labelled as powers of ten.
    expect(axes.loss!.scale).toBe("log");
    for (const [v, label] of axes.loss!.y) {
      expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 9);
      expect(label).toMatch(/^(0\.0*1|10*)$/);
    }
    expect(axes.loss!.y.length).toBeGreaterThanOrEqual(2);
    // ε: a probability, its axis exactly [0, 1].
    expect(axes.epsilon!.domain).toEqual([0, 1]);
    expect(axes.epsilon!.y[0]).toEqual([0, "0.0"]);
    expect(axes.epsilon!.y.at(-1)).toEqual([1, "1.0"]);

    // The pictures (the canvases' own pixels, at the page's 1 px per CSS px): each labelled tick
    // has its grid line where its axis puts it, so the loss's decades are evenly spaced; and the
    // ε curve stays between the lines of 0 and 1.
    const canvasPixels = async (id: string) =>
      PNG.sync.read(
        Buffer.from(
          await page.evaluate(
            (selector) => document.querySelector<HTMLCanvasElement>(selector)!.toDataURL().split(",")[1]!,
            `#${id}`,
          ),
          "base64",
        ),
      );
    expect(await page.evaluate(() => globalThis.devicePixelRatio)).toBe(1);
    for (const name of ["loss", "epsilon"]) {
      const { plot, y, domain, scale } = axes[name]!;
      const png = await canvasPixels(name);
      const pixel = (x: number, row: number) =>
        png.data.slice((row * png.width + x) * 4, (row * png.width + x) * 4 + 3);
      const f = (v: number) =>
        scale === "log"
          ? (Math.log(v) - Math.log(domain[0])) / (Math.log(domain[1]) - Math.log(domain[0]))
          : (v - domain[0]) / (domain[1] - domain[0]);
      for (const [v] of y) {
        const row = Math.round(plot.top + plot.height - f(v) * plot.height);
        // Grey at that row across the plot (a curve may cover it here and there, not everywhere).
        let grey = 0;
        for (let x = plot.left + 5; x < plot.left + plot.width - 5; x += Math.floor(plot.width / 12)) {
          const near = [row - 1, row, row + 1].map((r) => [...pixel(x, r)]);
          if (near.some(([r, g, b]) => r! < 240 && r === g && g === b)) grey++; // not the 2–9 × 10^k lines
        }
        expect(grey, `${name}: grid line at ${v}, row ${row}`).toBeGreaterThanOrEqual(6);
      }
    }
    const eps = axes.epsilon!.plot;
    const png = await canvasPixels("epsilon");
    const rows: number[] = [];
    for (let row = 20; row < png.height; row++) {
      for (let x = eps.left + 2; x < eps.left + eps.width; x++) {
        const i = (row * png.width + x) * 4;
        if (png.data[i]! < 90 && png.data[i + 2]! > 150) rows.push(row); // the run's blue, #1f77b4
      }
    }
    expect(rows.length).toBeGreaterThan(50);
    expect(Math.min(...rows)).toBeGreaterThanOrEqual(eps.top - 2); // ε = 1 at the top line
    expect(Math.max(...rows)).toBeLessThanOrEqual(eps.top + eps.height + 1); // never below 0
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

  it("trains on LunarLander-v3 picked in the form and draws the lander live (black sky, the lander's purple)", async () => {
    await page.selectOption('select[data-path="env.id"]', "LunarLander-v3");
    await page.fill('input[data-path="budget.steps"]', "1500"); // above dqn's learningStarts (1000)
    await page.fill('input[data-path="eval.every"]', "750");
    await page.fill('input[data-path="eval.episodes"]', "1");
    expect(await page.locator("#yaml").textContent()).toContain("id: LunarLander-v3");
    await page.click("#train");
    await page.waitForFunction(
      () => {
        const run = (globalThis as unknown as { __gymkit: PageState }).__gymkit.runs.run;
        return run?.ended !== undefined || run?.error !== undefined; // an error fails below, not by timeout
      },
      null,
      WAIT,
    );
    const s = await pageState(page);
    expect(s.runs.run).toMatchObject({ steps: 1500, ended: "completed", evaluations: 2 });
    expect(s.runs.run!.error).toBeUndefined();
    const pixels = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-run="run"]')!;
      const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
      let sky = 0;
      let lander = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 0) sky++;
        if (data[i] === 128 && data[i + 1] === 102 && data[i + 2] === 230) lander++;
      }
      return { sky, lander };
    });
    expect(pixels.sky).toBeGreaterThan(600 * 100); // the black sky above the terrain
    expect(pixels.lander).toBeGreaterThan(100); // the hull and legs
    expect(problems).toEqual([]);
  });

  it("trains a dueling DQN (autodiff: the bundle registers tfjs-core's gradients) in a fresh page", async () => {
    const fresh = watch(await browser.newPage());
    try {
      await fresh.goto(server.url);
      await fresh.waitForFunction(
        () => (globalThis as { __gymkit?: unknown }).__gymkit !== undefined,
        null,
        WAIT,
      );
      await fresh.fill('input[data-path="budget.steps"]', "1500");
      await fresh.fill('input[data-path="agent.dueling"]', "true");
      await fresh.click("#train");
      await fresh.waitForFunction(
        () => {
          const run = (globalThis as unknown as { __gymkit: PageState }).__gymkit.runs.run;
          return run?.ended !== undefined || run?.error !== undefined;
        },
        null,
        WAIT,
      );
      const s = await pageState(fresh);
      // 500 updates past learningStarts 1000; without gradients the first one fails ("gradient
      // function not found"), and the run ends with that error.
      expect(s.runs.run!.error).toBeUndefined();
      expect(s.runs.run).toMatchObject({ steps: 1500, ended: "completed" });
      expect(problems).toEqual([]);
    } finally {
      await fresh.close();
    }
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
