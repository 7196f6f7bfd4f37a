/** Pieces of `checkEnv` (internal; not exported from the package). */
import type { Env } from "./env.js";
import { describeValue } from "./errors.js";
import type { Space } from "./space.js";
import { Box } from "./spaces/box.js";
import { Discrete } from "./spaces/discrete.js";

/** Adds a finding (duplicates are dropped by the caller). */
export type Report = (severity: "error" | "warning", check: string, message: string) => void;

const typeName = (x: unknown): string =>
  x === null ? "null" : typeof x === "object" ? (x.constructor?.name ?? "object") : typeof x;

/**
 * Why an observation is not in its space, as precise a finding as we can give: the wrong
 * typed-array class (`observation-dtype`), the wrong length (`observation-shape`), or a value
 * outside the bounds / NaN (`observation-in-space`).
 */
export function diagnoseObservation(
  space: Space<unknown>,
  obs: unknown,
  where: string,
  report: Report,
): void {
  let ok: boolean;
  try {
    ok = space.contains(obs);
  } catch (e) {
    report(
      "error",
      "observation-in-space",
      `observationSpace.contains threw on ${describeValue(obs)}: ${String(e)}`,
    );
    return;
  }
  if (ok) return;
  const spaceText = String(space);
  if (space instanceof Box) {
    const want = space.dtype === "float64" ? "Float64Array" : "Float32Array";
    if (typeName(obs) !== want) {
      report(
        "error",
        "observation-dtype",
        `${where}: the observation is a ${typeName(obs)}, but ${spaceText} (dtype ${space.dtype}) needs a ${want}.`,
      );
      return;
    }
    const arr = obs as Float32Array;
    if (arr.length !== space.size) {
      report(
        "error",
        "observation-shape",
        `${where}: the observation has ${arr.length} values, but ${spaceText} has shape [${space.shape.join(", ")}] (${space.size} values).`,
      );
      return;
    }
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      if (Number.isNaN(v)) {
        report(
          "error",
          "observation-in-space",
          `${where}: observation[${i}] is NaN (${describeValue(obs)}).`,
        );
        return;
      }
      if (!(v >= space.low[i]! && v <= space.high[i]!)) {
        report(
          "error",
          "observation-in-space",
          `${where}: observation[${i}] = ${v} is outside [${space.low[i]}, ${space.high[i]}] of ${spaceText}.`,
        );
        return;
      }
    }
  }
  if (space instanceof Discrete) {
    report(
      "error",
      "observation-in-space",
      `${where}: the observation ${describeValue(obs)} is not an integer in [${space.start}, ${space.start + space.n - 1}] of ${spaceText}.`,
    );
    return;
  }
  report(
    "error",
    "observation-in-space",
    `${where}: the observation ${describeValue(obs)} is not in ${spaceText}.`,
  );
}

/** Gymnasium's `check_space_limit`: warnings for infinite bounds and un-normalised Box actions. */
export function checkSpaceLimits(
  space: Space<unknown>,
  kind: "observation" | "action",
  report: Report,
): void {
  if (!(space instanceof Box)) return;
  if (space.low.some((v) => v === Number.NEGATIVE_INFINITY)) {
    report(
      "warning",
      "space-limits",
      `A Box ${kind} space minimum value is -infinity. This is probably too low.`,
    );
  }
  if (space.high.some((v) => v === Number.POSITIVE_INFINITY)) {
    report(
      "warning",
      "space-limits",
      `A Box ${kind} space maximum value is infinity. This is probably too high.`,
    );
  }
  if (kind === "action" && space.shape.length === 1) {
    const asymmetric = space.low.some((lo, i) => lo !== 0 && Math.abs(lo) !== Math.abs(space.high[i]!));
    if (asymmetric || space.low.some((v) => v < -1) || space.high.some((v) => v > 1)) {
      report(
        "warning",
        "space-limits",
        `For Box action spaces a symmetric, normalised range ([-1, 1] or [0, 1]) is recommended; got ${String(space)}.`,
      );
    }
  }
}

/** Render modes declared in `metadata`, the render mode among them, and `render()`'s type. */
export function checkRender(env: Env<unknown, unknown>, report: Report, reset: () => unknown): void {
  const metadata = env.metadata as unknown;
  if (typeof metadata !== "object" || metadata === null) {
    report(
      "error",
      "render",
      `env.metadata must be an object { renderModes, renderFps? }, got ${describeValue(metadata)}.`,
    );
    return;
  }
  const { renderModes, renderFps } = metadata as { renderModes?: unknown; renderFps?: unknown };
  if (!Array.isArray(renderModes) || !renderModes.every((m) => typeof m === "string")) {
    report(
      "error",
      "render",
      `env.metadata.renderModes must be an array of strings (e.g. ["ansi", "rgb_array"] or []), got ${describeValue(renderModes)}.`,
    );
    return;
  }
  if (renderModes.length > 0 && (typeof renderFps !== "number" || !(renderFps > 0))) {
    report(
      "warning",
      "render",
      `env.metadata.renderFps is not declared (got ${describeValue(renderFps)}); rendering may run at an inconsistent fps.`,
    );
  }
  const mode = env.renderMode;
  if (mode === undefined || mode === null) return;
  if (!renderModes.includes(mode)) {
    report(
      "error",
      "render",
      `env.renderMode is ${describeValue(mode)}, which metadata.renderModes (${describeValue(renderModes)}) does not declare.`,
    );
    return;
  }
  reset();
  let frame: unknown;
  try {
    frame = env.render();
  } catch (e) {
    report(
      "error",
      "render",
      `render() in mode "${mode}" threw: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  if (mode === "ansi" && typeof frame !== "string") {
    report("error", "render", `render() in mode "ansi" must return a string, got ${describeValue(frame)}.`);
  }
  if (mode === "rgb_array") {
    const f = frame as { width?: unknown; height?: unknown; data?: unknown } | undefined;
    const ok =
      typeof f === "object" &&
      f !== null &&
      typeof f.width === "number" &&
      typeof f.height === "number" &&
      f.data instanceof Uint8Array &&
      f.data.length === f.width * f.height * 3;
    if (!ok) {
      report(
        "error",
        "render",
        `render() in mode "rgb_array" must return { width, height, data: Uint8Array of width*height*3 bytes }, got ${describeValue(frame)}.`,
      );
    }
  }
}
