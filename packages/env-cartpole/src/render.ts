import type { RgbFrame } from "@gymkit/core";
import { LENGTH, X_THRESHOLD } from "./physics.js";

/** Gymnasium's screen size, in pixels. */
export const SCREEN_WIDTH = 600;
export const SCREEN_HEIGHT = 400;

const POLE_COLOR = [202, 152, 101] as const;
const AXLE_COLOR = [129, 132, 203] as const;
const BLACK = [0, 0, 0] as const;

/** A point of the scene, in pixels. */
export type Point = readonly [x: number, y: number];

/**
 * What Gymnasium's `render()` draws, in its pygame surface coordinates before the final vertical
 * flip (so y grows upwards in the finished picture): the cart rectangle, the pole polygon, the
 * axle circle and the track line.
 */
export interface CartPoleScene {
  readonly cart: readonly Point[];
  readonly pole: readonly Point[];
  readonly axle: { readonly cx: number; readonly cy: number; readonly r: number };
  readonly trackY: number;
}

/** The scene for a cart position `x` and pole angle `theta`, with Gymnasium's geometry. */
export function cartPoleScene(x: number, theta: number): CartPoleScene {
  const worldWidth = X_THRESHOLD * 2;
  const scale = SCREEN_WIDTH / worldWidth;
  const polewidth = 10.0;
  const polelen = scale * (2 * LENGTH);
  const cartwidth = 50.0;
  const cartheight = 30.0;
  const axleoffset = cartheight / 4.0;
  const cartx = x * scale + SCREEN_WIDTH / 2.0; // middle of the cart
  const carty = 100; // top of the cart, as Gymnasium names it (it is the cart's centre line)
  const [cl, cr, ct, cb] = [-cartwidth / 2, cartwidth / 2, cartheight / 2, -cartheight / 2];
  const cart: Point[] = [
    [cl + cartx, cb + carty],
    [cl + cartx, ct + carty],
    [cr + cartx, ct + carty],
    [cr + cartx, cb + carty],
  ];
  const [pl, pr, pt, pb] = [-polewidth / 2, polewidth / 2, polelen - polewidth / 2, -polewidth / 2];
  // pygame's Vector2.rotate_rad(-theta): counter-clockwise rotation by -theta.
  const c = Math.cos(-theta);
  const s = Math.sin(-theta);
  const pole = (
    [
      [pl, pb],
      [pl, pt],
      [pr, pt],
      [pr, pb],
    ] as const
  ).map(([px, py]): Point => [px * c - py * s + cartx, px * s + py * c + carty + axleoffset]);
  return {
    cart,
    pole,
    axle: { cx: Math.trunc(cartx), cy: Math.trunc(carty + axleoffset), r: Math.trunc(polewidth / 2) },
    trackY: carty,
  };
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

  /** Sets the pixel at surface (x, y); the stored row is `height - 1 - y` (Gymnasium's flip). */
  private set(x: number, y: number, rgb: readonly [number, number, number]): void {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return;
    const i = ((this.height - 1 - y) * this.width + x) * 3;
    this.data[i] = rgb[0];
    this.data[i + 1] = rgb[1];
    this.data[i + 2] = rgb[2];
  }

  /** Even-odd scanline fill, sampling pixel centres. */
  fillPolygon(points: readonly Point[], rgb: readonly [number, number, number]): void {
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
        if (ay <= yc === by <= yc) continue; // edge does not cross this scanline
        xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        // pixels whose centre x + 0.5 lies in [xs[k], xs[k+1])
        const from = Math.ceil(xs[k]! - 0.5);
        const to = Math.ceil(xs[k + 1]! - 0.5) - 1;
        for (let x = from; x <= to; x++) this.set(x, y, rgb);
      }
    }
  }

  /** Filled disc of integer centre and radius (pygame's `gfxdraw.filled_circle`). */
  fillCircle(cx: number, cy: number, r: number, rgb: readonly [number, number, number]): void {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r) this.set(cx + dx, cy + dy, rgb);
    }
  }

  /** Horizontal line from x0 to x1 inclusive (pygame's `gfxdraw.hline`). */
  hline(x0: number, x1: number, y: number, rgb: readonly [number, number, number]): void {
    for (let x = x0; x <= x1; x++) this.set(x, y, rgb);
  }
}

/**
 * Gymnasium's `rgb_array` picture (600×400, height × width × 3 bytes, row-major): white
 * background, black cart, pole in (202,152,101), axle in (129,132,203), black track line.
 * Shapes are filled without pygame's anti-aliased outlines.
 */
export function renderRgb(x: number, theta: number): RgbFrame {
  const scene = cartPoleScene(x, theta);
  const canvas = new Canvas(SCREEN_WIDTH, SCREEN_HEIGHT);
  canvas.fillPolygon(scene.cart, BLACK);
  canvas.fillPolygon(scene.pole, POLE_COLOR);
  canvas.fillCircle(scene.axle.cx, scene.axle.cy, scene.axle.r, AXLE_COLOR);
  canvas.hline(0, SCREEN_WIDTH, scene.trackY, BLACK);
  return { width: SCREEN_WIDTH, height: SCREEN_HEIGHT, data: canvas.data };
}

const rgbCss = (c: readonly number[]) => `rgb(${c.join(",")})`;
const pointsAttr = (ps: readonly Point[]) =>
  ps.map(([px, py]) => `${px.toFixed(2)},${py.toFixed(2)}`).join(" ");

/** The same picture as an SVG document (600×400), vector shapes in a y-flipped group. */
export function renderSvg(x: number, theta: number): string {
  const s = cartPoleScene(x, theta);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SCREEN_WIDTH}" height="${SCREEN_HEIGHT}" viewBox="0 0 ${SCREEN_WIDTH} ${SCREEN_HEIGHT}">`,
    `<rect width="${SCREEN_WIDTH}" height="${SCREEN_HEIGHT}" fill="white"/>`,
    `<g transform="matrix(1 0 0 -1 0 ${SCREEN_HEIGHT})">`,
    `<polygon points="${pointsAttr(s.cart)}" fill="black"/>`,
    `<polygon points="${pointsAttr(s.pole)}" fill="${rgbCss(POLE_COLOR)}"/>`,
    `<circle cx="${s.axle.cx}" cy="${s.axle.cy}" r="${s.axle.r}" fill="${rgbCss(AXLE_COLOR)}"/>`,
    `<line x1="0" y1="${s.trackY}" x2="${SCREEN_WIDTH}" y2="${s.trackY}" stroke="black" stroke-width="1"/>`,
    "</g>",
    "</svg>",
  ].join("\n");
}

const ANSI_WIDTH = 49;

/**
 * A small text picture for terminals: the pole (three rows, leaning with theta), the cart on the
 * track (columns span x in [-2.4, 2.4]), and the state in numbers.
 */
export function renderAnsi(state: readonly [number, number, number, number]): string {
  const [x, xDot, theta, thetaDot] = state;
  const clamp = (v: number) => Math.min(ANSI_WIDTH - 1, Math.max(0, v));
  const col = clamp(Math.round(((x + X_THRESHOLD) / (2 * X_THRESHOLD)) * (ANSI_WIDTH - 1)));
  const lean = Math.sin(theta);
  const glyph = Math.abs(theta) < 0.05 ? "|" : theta > 0 ? "/" : "\\";
  const rows: string[] = [];
  for (let k = 3; k >= 1; k--) {
    const row = Array.from({ length: ANSI_WIDTH }, () => " ");
    row[clamp(col + Math.round(k * lean * 2))] = glyph;
    rows.push(row.join("").trimEnd());
  }
  const cartRow = Array.from({ length: ANSI_WIDTH }, () => " ");
  for (let d = -2; d <= 2; d++) cartRow[clamp(col + d)] = d === -2 ? "[" : d === 2 ? "]" : "#";
  rows.push(cartRow.join("").trimEnd());
  rows.push("=".repeat(ANSI_WIDTH));
  const f = (v: number) => (v >= 0 ? "+" : "") + v.toFixed(3);
  rows.push(`x=${f(x)} x_dot=${f(xDot)} theta=${f((theta * 180) / Math.PI)}deg theta_dot=${f(thetaDot)}`);
  return rows.join("\n");
}
