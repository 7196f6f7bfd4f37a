/** A minimal line chart on a canvas: a few series, axes with round ticks (./axis.ts), a legend. */
import { type Axis, type AxisOptions, formatSteps, makeAxis } from "./axis.js";

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

/** How to draw the axes of {@link drawChart}. */
export interface ChartOptions {
  /** The x axis ends here (the step budget), or at the last point. */
  xMax?: number | undefined;
  /** The y axis: `{ scale: "log" }` for the loss, `{ domain: [0, 1] }` for ε. */
  y?: AxisOptions | undefined;
}

/** The axes a chart was drawn with and its plot area (CSS px), for the page's state (the browser tests read them). */
export interface DrawnAxes {
  x: Axis;
  y: Axis;
  plot: { left: number; top: number; width: number; height: number };
}

const PAD = { left: 48, right: 12, top: 22, bottom: 24 };

/** Draws `series` into `canvas` (its CSS size, at the device's pixel ratio); returns the axes. */
export function drawChart(
  canvas: HTMLCanvasElement,
  title: string,
  series: readonly Series[],
  options: ChartOptions = {},
): DrawnAxes {
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
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  let xEnd = options.xMax ?? 1;
  if (options.xMax === undefined)
    for (const s of series) for (const [x] of s.points) xEnd = Math.max(xEnd, x);
  const x = makeAxis([], { domain: [0, xEnd], ticks: Math.max(2, Math.floor(w / 90)), format: formatSteps });
  const y = makeAxis(
    (function* () {
      for (const s of series) for (const [, v] of s.points) yield v;
    })(),
    // A log axis labels every decade while they are 20 px apart, a linear one a tick per 30 px.
    { ticks: Math.max(2, Math.floor(h / (options.y?.scale === "log" ? 20 : 30))), ...options.y },
  );
  const px = (v: number) => PAD.left + x.at(v) * w;
  const py = (v: number) => PAD.top + h - y.at(v) * h;

  // Grid and tick labels: a line per tick, fainter for the log scale's unlabelled 2–9 × 10ᵏ, and
  // those only while they stay 4 px apart on average (over many decades they would grey the plot).
  g.font = "11px system-ui, sans-serif";
  g.lineWidth = 1;
  g.textAlign = "right";
  const minor = y.ticks.length <= h / 4;
  for (const t of y.ticks) {
    if (t.label === "" && !minor) continue;
    const at = Math.round(py(t.value)) + 0.5;
    g.strokeStyle = t.label === "" ? "#f4f4f4" : "#e6e6e6";
    g.beginPath();
    g.moveTo(PAD.left, at);
    g.lineTo(PAD.left + w, at);
    g.stroke();
    if (t.label !== "") {
      g.fillStyle = "#666";
      g.fillText(t.label, PAD.left - 4, at + 4);
    }
  }
  g.textAlign = "center";
  g.fillStyle = "#666";
  for (const t of x.ticks) g.fillText(t.label, px(t.value), height - 8);
  g.strokeStyle = "#bbb";
  g.beginPath();
  g.moveTo(PAD.left + 0.5, PAD.top);
  g.lineTo(PAD.left + 0.5, PAD.top + h + 0.5);
  g.lineTo(PAD.left + w, PAD.top + h + 0.5);
  g.stroke();
  g.textAlign = "left";
  g.fillStyle = "#222";
  g.fillText(title, PAD.left, 14);

  let legendX = PAD.left + g.measureText(title).width + 16;
  for (const s of series) {
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    g.globalAlpha = s.faint ? 0.25 : 1;
    g.lineWidth = s.faint ? 1 : 2;
    if (s.dots) {
      for (const [vx, vy] of s.points) {
        if (Number.isNaN(y.at(vy))) continue;
        g.beginPath();
        g.arc(px(vx), py(vy), 3.5, 0, 2 * Math.PI);
        g.fill();
      }
    } else {
      // A point the axis cannot show (a loss of 0 on the log axis) breaks the line.
      g.beginPath();
      let drawing = false;
      for (const [vx, vy] of s.points) {
        if (Number.isNaN(y.at(vy))) {
          drawing = false;
          continue;
        }
        if (drawing) g.lineTo(px(vx), py(vy));
        else g.moveTo(px(vx), py(vy));
        drawing = true;
      }
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
  return { x, y, plot: { left: PAD.left, top: PAD.top, width: w, height: h } };
}
