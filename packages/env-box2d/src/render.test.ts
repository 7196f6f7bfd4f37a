import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { type Env, Registry, type RgbFrame } from "@gymkit/core";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { heuristic } from "./heuristic.js";
import plugin from "./index.js";
import { LunarLanderEnv } from "./lunar-lander-env.js";

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

/** RGB at column x and surface height y (y up, as Gymnasium draws before its vertical flip). */
function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const i = ((399 - Math.round(y)) * png.width + Math.round(x)) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

/** The heuristic flying seed 0 for `steps` steps: the lander in mid-air, main engine firing. */
function flying(env: Env<Float32Array, number> | LunarLanderEnv, steps: number): void {
  const e = env as Env<Float32Array, number>;
  let { observation } = e.reset({ seed: 0 });
  for (let t = 0; t < steps; t++) observation = e.step(heuristic(observation, false)).observation;
}

describe("rendering", () => {
  it("rgb_array: Gymnasium's 600×400 picture (black sky, white ground, the lander, the flags)", () => {
    const env = new Registry().use(plugin).make("LunarLander-v3", { renderMode: "rgb_array" });
    const lander = env.unwrapped as LunarLanderEnv;
    flying(env, 120); // descending over the pad, main engine firing
    const frame = env.render() as RgbFrame;
    expect([frame.width, frame.height, frame.data.length]).toEqual([600, 400, 600 * 400 * 3]);
    const bytes = encodePng(frame);
    const png = PNG.sync.read(bytes);
    const sim = lander.simulation;
    const [x, y] = [sim.body[0]! * 30, sim.body[1]! * 30];
    expect(pixel(png, x, y + 5)).toEqual([128, 102, 230]); // inside the hull, above its origin
    expect(pixel(png, 5, 395)).toEqual([0, 0, 0]); // sky
    expect(pixel(png, 300, 5)).toEqual([255, 255, 255]); // ground below the helipad (at y = 100)
    expect(pixel(png, 240, 100 + 20)).toEqual([255, 255, 255]); // the left flag's pole, on black sky
    expect(pixel(png, 250, 100 + 45)).toEqual([204, 204, 0]); // its pennant
    // The picture shown in the README: checked against the committed file (a rendering
    // regression test); GYMKIT_UPDATE_DOCS=1 (or a missing file) rewrites it, atomically.
    const file = new URL("../docs/lunar-lander.png", import.meta.url);
    if (existsSync(file) && !process.env.GYMKIT_UPDATE_DOCS) {
      expect(readFileSync(file).equals(bytes)).toBe(true);
    } else {
      mkdirSync(new URL(".", file), { recursive: true });
      const tmp = new URL("../docs/lunar-lander.png.tmp", import.meta.url);
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    }
  });

  it("svg: the same shapes as a document", () => {
    const env = new LunarLanderEnv({ renderMode: "svg" });
    flying(env, 60);
    const svg = env.render() as string;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="600" height="400"/);
    expect(svg.match(/<polygon /g)).toHaveLength(10 + 1 + 3 + 2); // sky, flame, hull + legs, pennants
    expect(svg).toContain('fill="rgb(128,102,230)" stroke="rgb(77,77,128)"');
  });

  it("without a render mode warns once per call and returns undefined; before reset it has nothing to draw", () => {
    const warnings: string[] = [];
    const env = new LunarLanderEnv({ warn: (m) => warnings.push(m) });
    env.reset({ seed: 0 });
    expect(env.render()).toBeUndefined();
    expect(warnings).toEqual([
      'LunarLander: render() called without a render mode; make the env with { renderMode: "rgb_array" } (or "svg").',
    ]);
    expect(new LunarLanderEnv({ renderMode: "svg" }).render()).toBeUndefined();
  });
});
