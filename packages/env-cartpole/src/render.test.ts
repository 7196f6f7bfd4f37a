import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { type Env, Registry, type RgbFrame } from "@gymkit/core";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { CartPoleEnv } from "./cartpole-env.js";
import cartpole from "./index.js";

/** PNG bytes of an RGB frame (pngjs wants RGBA). */
function encodePng(frame: RgbFrame): Buffer {
  const png = new PNG({ width: frame.width, height: frame.height });
  for (let i = 0, j = 0; i < frame.data.length; i += 3, j += 4) {
    png.data[j] = frame.data[i]!;
    png.data[j + 1] = frame.data[i + 1]!;
    png.data[j + 2] = frame.data[i + 2]!;
    png.data[j + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** RGB of the decoded PNG at column x, image row `row` (0 = top). */
function pixel(png: PNG, x: number, row: number): [number, number, number] {
  const i = (row * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

describe("rendering", () => {
  // A known state: cart at x = 0.8 (pixel column 300 + 0.8 * 125 = 400), pole leaning 0.3 rad right.
  const X = 0.8;
  const THETA = 0.3;

  it("rgb_array: Gymnasium's 600x400 picture, checked through a PNG round trip", () => {
    const env = registry().make<Env>("CartPole-v1", { renderMode: "rgb_array" });
    env.reset({ seed: 0 });
    (env.unwrapped as CartPoleEnv).state = [X, 0, THETA, 0];
    const frame = env.render() as RgbFrame;
    expect(frame.width).toBe(600);
    expect(frame.height).toBe(400);
    expect(frame.data).toHaveLength(400 * 600 * 3);
    const bytes = encodePng(frame);
    const png = PNG.sync.read(bytes);
    // Surface y (up) maps to image row 399 - y after Gymnasium's vertical flip.
    const cartx = 300 + X * 125;
    expect(pixel(png, cartx - 20, 399 - 90)).toEqual([0, 0, 0]); // inside the cart body
    expect(pixel(png, 10, 399 - 100)).toEqual([0, 0, 0]); // track line at carty = 100
    expect(pixel(png, 10, 399 - 150)).toEqual([255, 255, 255]); // background
    expect(pixel(png, cartx, 399 - 107)).toEqual([129, 132, 203]); // axle at (cartx, 107.5)
    // Pole tip: 120 px along the pole from the axle, direction (sin theta, cos theta).
    const tipX = Math.round(cartx + 115 * Math.sin(THETA));
    const tipY = Math.round(107.5 + 115 * Math.cos(THETA));
    expect(pixel(png, tipX, 399 - tipY)).toEqual([202, 152, 101]);
    // Just beyond the tip and beside the pole: background.
    expect(
      pixel(png, Math.round(cartx + 130 * Math.sin(THETA)), 399 - Math.round(107.5 + 130 * Math.cos(THETA))),
    ).toEqual([255, 255, 255]);
    // The picture shown in the README: checked against the committed file (a rendering
    // regression test); GYMKIT_UPDATE_DOCS=1 (or a missing file) rewrites it, atomically.
    const file = new URL("../docs/cartpole.png", import.meta.url);
    if (existsSync(file) && !process.env.GYMKIT_UPDATE_DOCS) {
      expect(readFileSync(file).equals(bytes)).toBe(true);
    } else {
      mkdirSync(new URL(".", file), { recursive: true });
      const tmp = new URL("../docs/cartpole.png.tmp", import.meta.url);
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    }
  });

  it("svg: the same shapes as a document", () => {
    const env = new CartPoleEnv({ renderMode: "svg" });
    env.state = [X, 0, THETA, 0];
    const svg = env.render() as string;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('width="600" height="400"');
    expect(svg).toContain('fill="rgb(202,152,101)"');
    expect(svg).toContain('<circle cx="400" cy="107" r="5" fill="rgb(129,132,203)"/>');
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("ansi: a small text picture with the state", () => {
    const env = new CartPoleEnv({ renderMode: "ansi" });
    env.state = [0, 0, THETA, 0];
    const text = env.render() as string;
    const lines = text.split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[3]).toContain("[###]");
    expect(lines[0]).toContain("/"); // leaning right
    expect(lines[5]).toContain("theta=+17.189deg");
  });

  it("without a render mode, render() warns and returns undefined; before reset it returns undefined", () => {
    const messages: string[] = [];
    const env = new CartPoleEnv({ warn: (m) => messages.push(m) });
    env.reset({ seed: 0 });
    expect(env.render()).toBeUndefined();
    expect(messages[0]).toMatch(/without a render mode/);
    expect(new CartPoleEnv({ renderMode: "rgb_array" }).render()).toBeUndefined();
  });
});

function registry(): Registry {
  return new Registry().use(cartpole);
}
