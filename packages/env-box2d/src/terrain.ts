import type { NumpyRng } from "@gymkit/core";
import { CHUNKS, H, W } from "./constants.js";

/** The moon's surface as `reset()` draws it (Gymnasium's names), all doubles. */
export interface Terrain {
  /** The 12 draws `uniform(0, H/2, size=12)`, before the helipad overwrite. */
  readonly heightsRaw: Float64Array;
  /** `heightsRaw` with indices 3..7 set to `helipadY`. */
  readonly heights: Float64Array;
  /** `W/10 * i` for i = 0..10. */
  readonly chunkX: Float64Array;
  /** `0.33 * (h[i-1] + h[i] + h[i+1])` for i = 0..10, where h[-1] is h[11] (Python indexing). */
  readonly smoothY: Float64Array;
  readonly helipadX1: number;
  readonly helipadX2: number;
  readonly helipadY: number;
}

/** Draws the terrain from the env's generator: 12 draws, exactly as Gymnasium's `reset()`. */
export function drawTerrain(rng: NumpyRng): Terrain {
  const heightsRaw = new Float64Array(CHUNKS + 1);
  for (let i = 0; i <= CHUNKS; i++) heightsRaw[i] = rng.uniform(0, H / 2);
  const chunkX = Float64Array.from({ length: CHUNKS }, (_, i) => (W / (CHUNKS - 1)) * i);
  const helipadY = H / 4;
  const heights = heightsRaw.slice();
  const mid = Math.floor(CHUNKS / 2);
  for (let k = -2; k <= 2; k++) heights[mid + k] = helipadY;
  const smoothY = Float64Array.from(
    { length: CHUNKS },
    (_, i) => 0.33 * (heights.at(i - 1)! + heights[i]! + heights[i + 1]!),
  );
  return {
    heightsRaw,
    heights,
    chunkX,
    smoothY,
    helipadX1: chunkX[mid - 1]!,
    helipadX2: chunkX[mid + 1]!,
    helipadY,
  };
}
