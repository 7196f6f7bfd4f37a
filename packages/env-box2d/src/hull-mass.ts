import type { MassData, Vec2Value } from "planck";

/**
 * The mass, centre of mass and rotational inertia (about the body origin) of a convex polygon of
 * uniform `density`: Box2D's `b2PolygonShape::ComputeMass`, with planck's arithmetic. planck
 * 1.4.2's own `computeMass` writes `center.x + s.y` into the centre's y (its `addVec2` has a typo,
 * fixed in 1.5.0, which declares Node >= 24): for the lander hull that puts the centre of mass at
 * y = 0.0778 m instead of 0.1013 m, and the lander tumbles unlike Gymnasium's from the first step.
 * The lander sets this with `body.setMassData` after creating its fixture.
 */
export function hullMassData(vertices: readonly Vec2Value[], density: number): MassData {
  const n = vertices.length;
  // A reference point inside the polygon (the vertices' average) keeps the sums accurate.
  let sx = 0;
  let sy = 0;
  for (const v of vertices) {
    sx += v.x;
    sy += v.y;
  }
  sx *= 1 / n;
  sy *= 1 / n;
  const kInv3 = 1 / 3;
  let area = 0;
  let cx = 0;
  let cy = 0;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const e1x = vertices[i]!.x - sx;
    const e1y = vertices[i]!.y - sy;
    const e2x = vertices[(i + 1) % n]!.x - sx;
    const e2y = vertices[(i + 1) % n]!.y - sy;
    const d = e1x * e2y - e1y * e2x;
    const triangleArea = 0.5 * d;
    area += triangleArea;
    cx += triangleArea * kInv3 * e1x + triangleArea * kInv3 * e2x;
    cy += triangleArea * kInv3 * e1y + triangleArea * kInv3 * e2y;
    const intx2 = e1x * e1x + e2x * e1x + e2x * e2x;
    const inty2 = e1y * e1y + e2y * e1y + e2y * e2y;
    inertia += 0.25 * kInv3 * d * (intx2 + inty2);
  }
  const mass = density * area;
  cx *= 1 / area;
  cy *= 1 / area;
  const center = { x: cx + sx, y: cy + sy };
  // Inertia about the centroid, shifted to the body origin.
  const I = density * inertia + mass * (center.x * center.x + center.y * center.y - (cx * cx + cy * cy));
  return { mass, center, I };
}
