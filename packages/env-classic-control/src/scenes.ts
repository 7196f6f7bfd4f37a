/**
 * What Gymnasium 1.3's `render()` draws for each env, with its geometry and colours, as scenes
 * for ./draw.js. Rendering is not part of the dynamics, so it uses V8's Math directly.
 */
import { type Point, type Rgb, rotate, type Scene, type Shape } from "./draw.js";
import { CONTINUOUS_GOAL_POSITION, MOUNTAIN_CAR_GOAL_POSITION } from "./physics.js";

const BLACK: Rgb = [0, 0, 0];
const rect = (l: number, r: number, t: number, b: number): Point[] => [
  [l, b],
  [l, t],
  [r, t],
  [r, b],
];

/** Acrobot, 500×500: two cyan links with yellow joints, and the black target bar at height 1. */
export function acrobotScene(theta1: number, theta2: number): Scene {
  const dim = 500;
  const scale = dim / ((1.0 + 1.0 + 0.2) * 2);
  const offset = dim / 2;
  const p1: Point = [-Math.cos(theta1) * scale, Math.sin(theta1) * scale];
  // np.array([[0, 0], p1, p2])[:, ::-1]: x and y swap; zip() with two thetas draws only the links
  // starting at the first two joints, so the free end p2 is never needed.
  const joints: Point[] = [
    [0, 0],
    [p1[1], p1[0]],
  ];
  const thetas = [theta1 - Math.PI / 2, theta1 + theta2 - Math.PI / 2];
  const shapes: Shape[] = [
    {
      kind: "polyline",
      points: [
        [-2.2 * scale + offset, 1 * scale + offset],
        [2.2 * scale + offset, 1 * scale + offset],
      ],
      stroke: BLACK,
    },
  ];
  joints.forEach(([jx, jy], k) => {
    const x = jx + offset;
    const y = jy + offset;
    const link = rect(0, scale, 0.1 * scale, -0.1 * scale).map((c): Point => {
      const [rx, ry] = rotate(c, thetas[k]!);
      return [rx + x, ry + y];
    });
    shapes.push({ kind: "polygon", points: link, fill: [0, 204, 204] });
    shapes.push({
      kind: "circle",
      cx: Math.trunc(x),
      cy: Math.trunc(y),
      r: Math.trunc(0.1 * scale),
      fill: [204, 204, 0],
    });
  });
  return { width: dim, height: dim, shapes };
}

const height = (x: number) => Math.sin(3 * x) * 0.45 + 0.55;

/** MountainCar(Continuous), 600×400: the valley curve, the black car with grey wheels, the yellow flag. */
export function mountainCarScene(position: number, continuous: boolean): Scene {
  const [minPosition, maxPosition] = [-1.2, 0.6];
  const width = 600;
  const scale = width / (maxPosition - minPosition);
  const [carwidth, carheight, clearance] = [40, 20, 10];
  const curve: Point[] = Array.from({ length: 100 }, (_, i) => {
    const x = minPosition + ((maxPosition - minPosition) * i) / 99;
    return [(x - minPosition) * scale, height(x) * scale];
  });
  const angle = Math.cos(3 * position);
  const base: Point = [(position - minPosition) * scale, clearance + height(position) * scale];
  const car = rect(-carwidth / 2, carwidth / 2, carheight, 0).map((c): Point => {
    const [x, y] = rotate(c, angle);
    return [x + base[0], y + base[1]];
  });
  const shapes: Shape[] = [
    { kind: "polyline", points: curve, stroke: BLACK },
    { kind: "polygon", points: car, fill: BLACK },
  ];
  for (const c of [
    [carwidth / 4, 0],
    [-carwidth / 4, 0],
  ] as const) {
    const [x, y] = rotate(c, angle);
    const r = Math.trunc(carheight / 2.5);
    shapes.push({
      kind: "circle",
      cx: Math.trunc(x + base[0]),
      cy: Math.trunc(y + base[1]),
      r,
      fill: [128, 128, 128],
    });
  }
  const goal = continuous ? CONTINUOUS_GOAL_POSITION : MOUNTAIN_CAR_GOAL_POSITION;
  const flagx = Math.trunc((goal - minPosition) * scale);
  const flagy1 = Math.trunc(height(goal) * scale);
  const flagy2 = flagy1 + 50;
  shapes.push({
    kind: "polyline",
    points: [
      [flagx, flagy1],
      [flagx, flagy2],
    ],
    stroke: BLACK,
  });
  shapes.push({
    kind: "polygon",
    points: [
      [flagx, flagy2],
      [flagx, flagy2 - 10],
      [flagx + 25, flagy2 - 5],
    ],
    fill: [204, 204, 0],
  });
  return { width, height: 400, shapes };
}

/**
 * Pendulum, 500×500: the red rod with round ends and the black axle. Gymnasium also blits a
 * clockwise-arrow image scaled by the last torque; this draws that as an arc of radius
 * proportional to |u| (none before the first step).
 */
export function pendulumScene(theta: number, lastU: number | null): Scene {
  const dim = 500;
  const scale = dim / (2.2 * 2);
  const offset = Math.floor(dim / 2);
  const rodLength = 1 * scale;
  const rodWidth = 0.2 * scale;
  const red: Rgb = [204, 77, 77];
  const rod = rect(0, rodLength, rodWidth / 2, -rodWidth / 2).map((c): Point => {
    const [x, y] = rotate(c, theta + Math.PI / 2);
    return [x + offset, y + offset];
  });
  const [ex, ey] = rotate([rodLength, 0], theta + Math.PI / 2);
  const r = Math.trunc(rodWidth / 2);
  const shapes: Shape[] = [
    { kind: "polygon", points: rod, fill: red },
    { kind: "circle", cx: offset, cy: offset, r, fill: red },
    { kind: "circle", cx: Math.trunc(ex + offset), cy: Math.trunc(ey + offset), r, fill: red },
  ];
  if (lastU !== null && lastU !== 0 && Number.isFinite(lastU)) {
    const radius = (scale * Math.abs(lastU)) / 4;
    // A 270° arc; a positive torque turns counter-clockwise (y up), as the flipped image shows.
    const arc: Point[] = Array.from({ length: 28 }, (_, k) => {
      const a = (Math.sign(lastU) * (k * 1.5 * Math.PI)) / 27;
      return [offset + radius * Math.cos(a), offset + radius * Math.sin(a)];
    });
    shapes.push({ kind: "polyline", points: arc, stroke: BLACK });
  }
  shapes.push({ kind: "circle", cx: offset, cy: offset, r: Math.trunc(0.05 * scale), fill: BLACK });
  return { width: dim, height: dim, shapes };
}
