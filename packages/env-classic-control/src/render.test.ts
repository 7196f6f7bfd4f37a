import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { RgbFrame } from "@gymkit/core";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { AcrobotEnv } from "./acrobot.js";
import { MountainCarContinuousEnv, MountainCarEnv } from "./mountain-car.js";
import { PendulumEnv } from "./pendulum.js";

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

/** RGB at column x of the surface row y (y up): image row height - 1 - y after Gymnasium's flip. */
function at(frame: RgbFrame, x: number, y: number): number[] {
  const i = ((frame.height - 1 - y) * frame.width + x) * 3;
  return Array.from(frame.data.subarray(i, i + 3));
}

/**
 * The README's pictures are checked against the committed files (a rendering regression test);
 * GYMKIT_UPDATE_DOCS=1 (or a missing file) rewrites them, atomically.
 */
function matchesDocPicture(name: string, frame: RgbFrame): void {
  const bytes = encodePng(frame);
  const file = new URL(`../docs/${name}.png`, import.meta.url);
  if (existsSync(file) && !process.env.GYMKIT_UPDATE_DOCS) {
    expect(readFileSync(file).equals(bytes), `docs/${name}.png`).toBe(true);
  } else {
    mkdirSync(new URL(".", file), { recursive: true });
    const tmp = new URL(`../docs/${name}.png.tmp`, import.meta.url);
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  }
}

describe("rgb_array at Gymnasium's sizes and colours", () => {
  it("Acrobot 500x500: hanging links in cyan from the yellow pivot, the black bar at height 1", () => {
    const env = new AcrobotEnv({ renderMode: "rgb_array" });
    env.state = [0, 0, 0, 0];
    const frame = env.render() as RgbFrame;
    expect([frame.width, frame.height, frame.data.length]).toEqual([500, 500, 500 * 500 * 3]);
    const scale = 500 / 4.4;
    expect(at(frame, 250, 250)).toEqual([204, 204, 0]); // pivot joint
    expect(at(frame, 250, Math.round(250 - 0.5 * scale))).toEqual([0, 204, 204]); // first link, below
    expect(at(frame, 250, Math.round(250 - 1.5 * scale))).toEqual([0, 204, 204]); // second link
    expect(at(frame, 100, Math.round(250 + scale))).toEqual([0, 0, 0]); // the target bar
    expect(at(frame, 250, Math.round(250 + 0.5 * scale))).toEqual([255, 255, 255]);
    env.state = [2.0, 0.8, 0, 0];
    matchesDocPicture("acrobot", env.render() as RgbFrame);
  });

  it("MountainCar 600x400: the black car on the curve, grey wheels and the yellow flag", () => {
    const env = new MountainCarEnv({ renderMode: "rgb_array" });
    env.state = [-0.5, 0];
    const frame = env.render() as RgbFrame;
    expect([frame.width, frame.height]).toEqual([600, 400]);
    const scale = 600 / 1.8;
    const x = Math.round((-0.5 + 1.2) * scale);
    const ground = 10 + (Math.sin(3 * -0.5) * 0.45 + 0.55) * scale;
    expect(at(frame, x, Math.round(ground + 12))).toEqual([0, 0, 0]); // car body
    const flagx = Math.trunc((0.5 + 1.2) * scale);
    const flagTop = Math.trunc((Math.sin(1.5) * 0.45 + 0.55) * scale) + 50;
    expect(at(frame, flagx + 5, flagTop - 5)).toEqual([204, 204, 0]);
    const colours = new Set<string>();
    for (let i = 0; i < frame.data.length; i += 3) colours.add(frame.data.subarray(i, i + 3).join());
    expect(colours).toEqual(new Set(["255,255,255", "0,0,0", "128,128,128", "204,204,0"]));
    matchesDocPicture("mountaincar", frame);
    // The continuous variant puts its flag at 0.45.
    const c = new MountainCarContinuousEnv({ renderMode: "rgb_array" });
    c.state = [-0.5, 0];
    const cflag = Math.trunc((0.45 + 1.2) * scale);
    const cTop = Math.trunc((Math.sin(1.35) * 0.45 + 0.55) * scale) + 50;
    expect(at(c.render() as RgbFrame, cflag + 5, cTop - 5)).toEqual([204, 204, 0]);
  });

  it("Pendulum 500x500: the red rod pointing up at theta = 0, the black axle, a torque arc after a step", () => {
    const env = new PendulumEnv({ renderMode: "rgb_array" });
    env.reset({ seed: 0 });
    env.state = [0, 0];
    const frame = env.render() as RgbFrame;
    expect([frame.width, frame.height]).toEqual([500, 500]);
    const scale = 500 / 4.4;
    expect(at(frame, 250, 250)).toEqual([0, 0, 0]); // axle
    expect(at(frame, 250, Math.round(250 + 0.6 * scale))).toEqual([204, 77, 77]); // rod, upwards
    expect(at(frame, 250, Math.round(250 - 0.6 * scale))).toEqual([255, 255, 255]);
    const black = (f: RgbFrame) =>
      f.data.filter((_, i) => i % 3 === 0 && f.data[i] === 0 && f.data[i + 1] === 0).length;
    env.state = [0.7, 0];
    env.step(Float32Array.of(1.5));
    const after = env.render() as RgbFrame;
    expect(black(after)).toBeGreaterThan(black(frame)); // the arc
    matchesDocPicture("pendulum", after);
  });
});

describe("svg and ansi", () => {
  it("svg: the same scene as a document of the same size", () => {
    const env = new AcrobotEnv({ renderMode: "svg" });
    env.state = [0, 0, 0, 0];
    const svg = env.render() as string;
    expect(svg).toContain('width="500" height="500"');
    expect(svg).toContain('fill="rgb(0,204,204)"');
    expect(svg).toContain('<circle cx="250" cy="250" r="11" fill="rgb(204,204,0)"/>');
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("ansi: a character picture and the state", () => {
    const env = new MountainCarEnv({ renderMode: "ansi" });
    env.state = [-0.5, 0.01];
    const text = env.render() as string;
    const lines = text.split("\n");
    expect(lines.at(-1)).toBe("position=-0.5000 velocity=0.0100");
    expect(text).toContain("#"); // the car
    expect(text).toContain("."); // the curve
    expect(lines.length).toBeGreaterThan(10);
  });

  it("without a render mode, render() warns and returns undefined; before reset it returns undefined", () => {
    const messages: string[] = [];
    const env = new PendulumEnv({ warn: (m) => messages.push(m) });
    env.reset({ seed: 0 });
    expect(env.render()).toBeUndefined();
    expect(messages).toEqual([
      'Pendulum: render() called without a render mode; make the env with { renderMode: "rgb_array" } (or "ansi", "svg").',
    ]);
    expect(new PendulumEnv({ renderMode: "rgb_array" }).render()).toBeUndefined();
  });
});
