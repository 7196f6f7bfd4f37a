import type { Env, Space } from "@gymkit/core";
import { expectTypeOf, it } from "vitest";
import { LunarLanderEnv } from "./index.js";

it("names its variant's action type: Env<Float32Array, number> or Env<Float32Array, Float32Array>", () => {
  const discrete = new LunarLanderEnv<number>();
  const continuous = new LunarLanderEnv<Float32Array>({ continuous: true });
  expectTypeOf(discrete).toMatchTypeOf<Env<Float32Array, number>>();
  expectTypeOf(continuous).toMatchTypeOf<Env<Float32Array, Float32Array>>();
  expectTypeOf(continuous.actionSpace).toEqualTypeOf<Space<Float32Array>>();
  // @ts-expect-error a continuous lander takes two throttles, not a number
  continuous.step(2);
});
