import type { RgbFrame } from "@gymkit/core";

/**
 * The one drawing module of the package: every env describes its picture as a `Scene` of a few
 * shapes, in Gymnasium's pygame surface coordinates before its final vertical flip (so y grows
 * upwards in the finished picture), and these three functions draw any scene as an RGB frame
 * (`rgb_array`), an SVG document (`svg`) or a character picture (`ansi`).
 */

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [r: number, g: number, b: number];
/** A point, in surface pixels. */
export type Point = readonly [x: number, y: number];

/** What a scene is made of: filled polygons and discs, and 1-pixel polylines. */
export type Shape =
  | { readonly kind: "polygon"; readonly points: readonly Point[]; readonly fill: Rgb }
  | {
      readonly kind: "circle";
      readonly cx: number;
      readonly cy: number;
      readonly r: number;
      readonly fill: Rgb;
    }
  | { readonly kind: "polyline"; readonly points: readonly Point[]; readonly stroke: Rgb };

/** A picture: its size in pixels and its shapes, drawn in order on white. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly shapes: readonly Shape[];
}

/** pygame's `Vector2(x, y).rotate_rad(angle)`: counter-clockwise rotation. */
export function rotate([x, y]: Point, angle: number): Point {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c - y * s, x * s + y * c];
}

/** Calls `plot(x, y)` for each pixel whose centre lies inside the shape (polylines: a DDA line). */
function coverShape(shape: Shape, width: number, height: number, plot: (x: number, y: number) => void): void {
  if (shape.kind === "circle") {
    const r = shape.r;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r) plot(shape.cx + dx, shape.cy + dy);
    }
    return;
  }
  const pts = shape.points;
  if (shape.kind === "polyline") {
    for (let i = 0; i + 1 < pts.length; i++) {
      const [ax, ay] = pts[i]!;
      const [bx, by] = pts[i + 1]!;
      const n = Math.max(1, Math.ceil(Math.max(Math.abs(bx - ax), Math.abs(by - ay))));
      for (let k = 0; k <= n; k++)
        plot(Math.round(ax + ((bx - ax) * k) / n), Math.round(ay + ((by - ay) * k) / n));
    }
    return;
  }
  // Even-odd scanline fill, sampling pixel centres.
  const ys = pts.map((p) => p[1]);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  const xs: number[] = [];
  for (let y = y0; y <= y1; y++) {
    const yc = y + 0.5;
    xs.length = 0;
    for (let i = 0; i < pts.length; i++) {
      const [ax, ay] = pts[i]!;
      const [bx, by] = pts[(i + 1) % pts.length]!;
      if (ay <= yc === by <= yc) continue; // the edge does not cross this scanline
      xs.push(ax + ((yc - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(width - 1, Math.ceil(xs[k + 1]! - 0.5) - 1);
      for (let x = from; x <= to; x++) plot(x, y);
    }
  }
}

/**
 * The scene as Gymnasium's `rgb_array` (height × width × 3 bytes, row-major, rows flipped so y
 * grows upwards). Shapes are filled without pygame's anti-aliased outlines.
 */
export function rasterize(scene: Scene): RgbFrame {
  const { width, height } = scene;
  const data = new Uint8Array(width * height * 3).fill(255);
  for (const shape of scene.shapes) {
    const [r, g, b] = shape.kind === "polyline" ? shape.stroke : shape.fill;
    coverShape(shape, width, height, (x, y) => {
      if (x < 0 || x >= width || y < 0 || y >= height) return;
      const i = ((height - 1 - y) * width + x) * 3;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
    });
  }
  return { width, height, data };
}

const css = (c: Rgb) => `rgb(${c.join(",")})`;
const pointsAttr = (ps: readonly Point[]) => ps.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(" ");

/** The same picture as an SVG document, the shapes in a y-flipped group. */
export function toSvg(scene: Scene): string {
  const { width: w, height: h } = scene;
  const body = scene.shapes.map((s) => {
    if (s.kind === "circle") return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${css(s.fill)}"/>`;
    if (s.kind === "polygon") return `<polygon points="${pointsAttr(s.points)}" fill="${css(s.fill)}"/>`;
    return `<polyline points="${pointsAttr(s.points)}" fill="none" stroke="${css(s.stroke)}" stroke-width="1"/>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<g transform="matrix(1 0 0 -1 0 ${h})">`,
    ...body,
    "</g>",
    "</svg>",
  ].join("\n");
}

/**
 * The scene as text, `columns` characters wide (rows keep the aspect ratio, a character being
 * about twice as tall as wide): `#` for polygons, `o` for discs, `.` for lines, later shapes on top.
 */
export function toAnsi(scene: Scene, columns = 50): string {
  const cell = scene.width / columns;
  const rows = Math.max(1, Math.round(scene.height / (2 * cell)));
  const grid = Array.from({ length: rows }, () => Array.from({ length: columns }, () => " "));
  // Draw the scene scaled down to the grid (one cell = one pixel), so the same cover rules apply.
  const scale = (p: Point): Point => [p[0] / cell, p[1] / (2 * cell)];
  for (const shape of scene.shapes) {
    const glyph = shape.kind === "polygon" ? "#" : shape.kind === "circle" ? "o" : ".";
    const small: Shape =
      shape.kind === "circle"
        ? {
            ...shape,
            cx: Math.round(shape.cx / cell),
            cy: Math.round(shape.cy / (2 * cell)),
            r: Math.round(shape.r / cell / 2),
          }
        : { ...shape, points: shape.points.map(scale) };
    coverShape(small, columns, rows, (x, y) => {
      if (x >= 0 && x < columns && y >= 0 && y < rows) grid[rows - 1 - y]![x] = glyph;
    });
  }
  return grid.map((row) => row.join("").trimEnd()).join("\n");
}
