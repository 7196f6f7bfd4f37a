/** A minimal line chart on a canvas: a few series, linear axes from the data, a legend. */

/** One line (or dots) of a chart. */
export interface Series {
  label: string;
  color: string;
  points: Array<[x: number, y: number]>;
  /** Thin and translucent (raw episode returns under their moving average). */
  faint?: boolean;
  /** Draw a dot per point (greedy evaluations). */
  dots?: boolean;
}

const PAD = { left: 48, right: 12, top: 22, bottom: 24 };

const tick = (v: number) =>
  Math.abs(v) >= 1000
    ? `${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}k`
    : Number(v.toPrecision(3)).toString();

/** Draws `series` into `canvas` (its CSS size, at the device's pixel ratio). */
export function drawChart(
  canvas: HTMLCanvasElement,
  title: string,
  series: readonly Series[],
  xMax?: number,
): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const g = canvas.getContext("2d")!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.fillStyle = "#fff";
  g.fillRect(0, 0, width, height);
  let x0 = 0;
  let x1 = xMax ?? 1;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const [x, y] of s.points) {
      if (xMax === undefined) x1 = Math.max(x1, x);
      if (Number.isFinite(y)) {
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (!Number.isFinite(y0)) [y0, y1] = [0, 1];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  x0 = 0;
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * w;
  const py = (y: number) => PAD.top + h - ((y - y0) / (y1 - y0)) * h;

  g.font = "11px system-ui, sans-serif";
  g.fillStyle = "#222";
  g.fillText(title, PAD.left, 14);
  g.strokeStyle = "#ccc";
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(PAD.left, PAD.top);
  g.lineTo(PAD.left, PAD.top + h);
  g.lineTo(PAD.left + w, PAD.top + h);
  g.stroke();
  g.fillStyle = "#666";
  g.textAlign = "right";
  for (const y of [y0, (y0 + y1) / 2, y1]) g.fillText(tick(y), PAD.left - 4, py(y) + 4);
  g.textAlign = "center";
  for (const x of [x0, (x0 + x1) / 2, x1]) g.fillText(tick(x), px(x), height - 8);
  g.textAlign = "left";

  let legendX = PAD.left + g.measureText(title).width + 16;
  for (const s of series) {
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    g.globalAlpha = s.faint ? 0.25 : 1;
    g.lineWidth = s.faint ? 1 : 2;
    if (s.dots) {
      for (const [x, y] of s.points) {
        g.beginPath();
        g.arc(px(x), py(y), 3.5, 0, 2 * Math.PI);
        g.fill();
      }
    } else {
      g.beginPath();
      s.points.forEach(([x, y], i) => {
        if (i === 0) g.moveTo(px(x), py(y));
        else g.lineTo(px(x), py(y));
      });
      g.stroke();
    }
    g.globalAlpha = 1;
    if (!s.faint) {
      g.fillRect(legendX, 8, 10, 3);
      g.fillStyle = "#222";
      g.fillText(s.label, legendX + 14, 14);
      legendX += g.measureText(s.label).width + 30;
    }
  }
}
