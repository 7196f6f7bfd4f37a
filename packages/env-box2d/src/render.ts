import type { RgbFrame } from "@gymkit/core";
import { H, LANDER_POLY, LEG_H, LEG_W, SCALE, VIEWPORT_H, VIEWPORT_W } from "./constants.js";
import type { LanderSim } from "./sim.js";

/** A point of the scene, in pixels, pygame-surface coordinates before the vertical flip. */
export type Point = readonly [x: number, y: number];
type Rgb = readonly [number, number, number];

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];
/** Gymnasium's `lander.color1`/`color2` (the legs use the same). */
const BODY_FILL: Rgb = [128, 102, 230];
const BODY_OUTLINE: Rgb = [77, 77, 128];
const FLAG: Rgb = [204, 204, 0];

/** What Gymnasium's `render()` draws (its particles aside), in pixels with y growing upwards. */
export interface LunarLanderScene {
  /** Black sky above each terrain edge, up to the top of the screen. */
  readonly sky: ReadonlyArray<readonly Point[]>;
  /** The lander hull, then leg 0 and leg 1, as placed by their Box2D transforms. */
  readonly bodies: ReadonlyArray<readonly Point[]>;
  /** The two helipad flags: pole from `(x, y1)` to `(x, y2)`, pennant triangle. */
  readonly flags: ReadonlyArray<{
    readonly x: number;
    readonly y1: number;
    readonly y2: number;
    readonly pennant: readonly Point[];
  }>;
  /** This step's engine powers (0 = off): the picture marks a firing engine. */
  readonly mainEngine: number;
  readonly sideEngine: number;
}

const place = (
  x: number,
  y: number,
  angle: number,
  local: ReadonlyArray<readonly [number, number]>,
): Point[] => {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return local.map(([lx, ly]): Point => [(x + c * lx - s * ly) * SCALE, (y + s * lx + c * ly) * SCALE]);
};
const HULL = LANDER_POLY.map(([x, y]) => [x / SCALE, y / SCALE] as const);
const LEG_BOX = [
  [-LEG_W / SCALE, -LEG_H / SCALE],
  [LEG_W / SCALE, -LEG_H / SCALE],
  [LEG_W / SCALE, LEG_H / SCALE],
  [-LEG_W / SCALE, LEG_H / SCALE],
] as const;

/** The scene of a reset simulation, with Gymnasium's geometry. */
export function lunarLanderScene(sim: LanderSim): LunarLanderScene {
  const t = sim.terrain!;
  const world = sim.world!;
  const sky: Point[][] = [];
  for (let i = 0; i < t.chunkX.length - 1; i++) {
    const [x1, y1, x2, y2] = [t.chunkX[i]!, t.smoothY[i]!, t.chunkX[i + 1]!, t.smoothY[i + 1]!];
    sky.push([
      [x1 * SCALE, y1 * SCALE],
      [x2 * SCALE, y2 * SCALE],
      [x2 * SCALE, H * SCALE],
      [x1 * SCALE, H * SCALE],
    ]);
  }
  const b = world.readLander(new Float64Array(6));
  const legs = world.readLegs(new Float64Array(6));
  const bodies = [
    place(b[0]!, b[1]!, b[2]!, HULL),
    place(legs[0]!, legs[1]!, legs[2]!, LEG_BOX),
    place(legs[3]!, legs[4]!, legs[5]!, LEG_BOX),
  ];
  const flags = [t.helipadX1, t.helipadX2].map((hx) => {
    const x = hx * SCALE;
    const y1 = t.helipadY * SCALE;
    const y2 = y1 + 50;
    return {
      x,
      y1,
      y2,
      pennant: [
        [x, y2],
        [x, y2 - 10],
        [x + 25, y2 - 5],
      ] as Point[],
    };
  });
  return { sky, bodies, flags, mainEngine: sim.mPower, sideEngine: sim.sPower };
}

/** A tiny rasterizer over an RGB frame, taking pygame-surface coordinates and flipping rows on write. */
class Canvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 3).fill(255);
  }

  private set(x: number, y: number, rgb: Rgb): void {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return;
    const i = ((this.height - 1 - y) * this.width + x) * 3;
    this.data[i] = rgb[0];
    this.data[i + 1] = rgb[1];
    this.data[i + 2] = rgb[2];
  }

  /** Even-odd scanline fill, sampling pixel centres. */
  fillPolygon(points: readonly Point[], rgb: Rgb): void {
    const ys = points.map((p) => p[1]);
    const y0 = Math.max(0, Math.floor(Math.min(...ys)));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
    const xs: number[] = [];
    for (let y = y0; y <= y1; y++) {
      const yc = y + 0.5;
      xs.length = 0;
      for (let i = 0; i < points.length; i++) {
        const [ax, ay] = points[i]!;
        const [bx, by] = points[(i + 1) % points.length]!;
        if (ay <= yc === by <= yc) continue;
        xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const to = Math.ceil(xs[k + 1]! - 0.5) - 1;
        for (let x = Math.ceil(xs[k]! - 0.5); x <= to; x++) this.set(x, y, rgb);
      }
    }
  }

  /** A one-pixel line (Bresenham) between rounded end points. */
  line(a: Point, b: Point, rgb: Rgb): void {
    let [x0, y0] = [Math.round(a[0]), Math.round(a[1])];
    const [x1, y1] = [Math.round(b[0]), Math.round(b[1])];
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.set(x0, y0, rgb);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  outline(points: readonly Point[], rgb: Rgb): void {
    for (let i = 0; i < points.length; i++) this.line(points[i]!, points[(i + 1) % points.length]!, rgb);
  }
}

/** The main and side engine flames: small triangles below / beside the hull while they fire. */
function flames(scene: LunarLanderScene): Point[][] {
  const hull = scene.bodies[0]!;
  const out: Point[][] = [];
  // Hull vertices 2 and 3 are its bottom corners (LANDER_POLY order): the flame hangs below their midpoint.
  const [bl, br] = [hull[2]!, hull[3]!];
  const mid: Point = [(bl[0] + br[0]) / 2, (bl[1] + br[1]) / 2];
  const up: Point = [(bl[1] - br[1]) / 34, (br[0] - bl[0]) / 34]; // unit normal, hull side
  if (scene.mainEngine > 0) {
    const len = 12 * scene.mainEngine;
    out.push([
      [mid[0] + up[1] * 5, mid[1] - up[0] * 5],
      [mid[0] - up[1] * 5, mid[1] + up[0] * 5],
      [mid[0] - up[0] * len, mid[1] - up[1] * len],
    ]);
  }
  return out;
}

/**
 * Gymnasium's `rgb_array` picture (600×400, height × width × 3 bytes, row-major): white ground,
 * black sky above the terrain, the lander and legs in (128,102,230) outlined in (77,77,128), the
 * helipad flags. Filled without pygame's anti-aliasing; Gymnasium's engine particles (Box2D
 * bodies of their own) are drawn as a small flame under the main engine instead.
 */
export function renderRgb(scene: LunarLanderScene): RgbFrame {
  const canvas = new Canvas(VIEWPORT_W, VIEWPORT_H);
  for (const p of scene.sky) canvas.fillPolygon(p, BLACK);
  for (const f of flames(scene)) canvas.fillPolygon(f, [255, 140, 0]);
  for (const body of scene.bodies) {
    canvas.fillPolygon(body, BODY_FILL);
    canvas.outline(body, BODY_OUTLINE);
  }
  for (const f of scene.flags) {
    canvas.line([f.x, f.y1], [f.x, f.y2], WHITE);
    canvas.fillPolygon(f.pennant, FLAG);
  }
  return { width: VIEWPORT_W, height: VIEWPORT_H, data: canvas.data };
}

const css = (c: Rgb) => `rgb(${c.join(",")})`;
const pts = (ps: readonly Point[]) => ps.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(" ");

/** The same picture as an SVG document (600×400), vector shapes in a y-flipped group. */
export function renderSvg(scene: LunarLanderScene): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${VIEWPORT_W}" height="${VIEWPORT_H}" viewBox="0 0 ${VIEWPORT_W} ${VIEWPORT_H}">`,
    `<rect width="${VIEWPORT_W}" height="${VIEWPORT_H}" fill="white"/>`,
    `<g transform="matrix(1 0 0 -1 0 ${VIEWPORT_H})">`,
    ...scene.sky.map((p) => `<polygon points="${pts(p)}" fill="black" stroke="black" stroke-width="0.5"/>`),
    ...flames(scene).map((p) => `<polygon points="${pts(p)}" fill="rgb(255,140,0)"/>`),
    ...scene.bodies.map(
      (p) =>
        `<polygon points="${pts(p)}" fill="${css(BODY_FILL)}" stroke="${css(BODY_OUTLINE)}" stroke-width="1"/>`,
    ),
    ...scene.flags.flatMap((f) => [
      `<line x1="${f.x}" y1="${f.y1}" x2="${f.x}" y2="${f.y2}" stroke="white" stroke-width="1"/>`,
      `<polygon points="${pts(f.pennant)}" fill="${css(FLAG)}"/>`,
    ]),
    "</g>",
    "</svg>",
  ].join("\n");
}
