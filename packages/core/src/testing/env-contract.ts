import { describe, expect, it } from "vitest";
import { checkEnv, type EnvCheckFinding } from "../check-env.js";
import type { Env, RgbFrame } from "../env.js";
import { isStatefulEnv } from "../env-state.js";
import { createRng } from "../rng.js";

/**
 * What `describeEnvContract`'s `make` receives: the render mode to construct the env with. (A type,
 * not an interface, so it passes as `registry.make`'s options record.)
 */
export type MakeEnvOptions = { renderMode?: string | undefined };

/** Options of `describeEnvContract`. */
export interface EnvContractOptions {
  /** Seed of the determinism checks. @default 123 */
  seed?: number;
  /** Steps of each rollout. @default 100 */
  steps?: number;
  /** `checkEnv` warnings to tolerate, by check name (e.g. `["space-limits"]`). @default [] */
  allowWarnings?: readonly string[];
}

/**
 * The env contract as vitest tests, for plugin authors: call it from a test file with a function
 * that builds the env, usually through the registry so the checks see what users get:
 *
 * - `checkEnv` finds nothing (no errors; no warnings but those in `allowWarnings`), on the env and
 *   on `env.unwrapped`, and `close()` may be called twice;
 * - `step()` before the first `reset()` throws (`registry.make` adds `OrderEnforcing`, which does);
 * - the same seed gives the same first `steps` steps (observations, rewards, flags) on two envs,
 *   with unseeded resets between episodes continuing the seeded generator;
 * - every observation `reset` and `step` return is in `observationSpace`, rewards are finite
 *   numbers, `terminated`/`truncated` booleans, `info` a plain object;
 * - each mode in `metadata.renderModes` renders: a non-empty string for `"ansi"`, an `RgbFrame`
 *   of `width × height × 3` bytes for `"rgb_array"`; without a mode, `renderMode` is undefined;
 * - a `StatefulEnv` restored from a JSON copy of `getState()` continues exactly as the original.
 * @example
 * // test/contract.test.ts
 * import { Registry } from "@gymkit/core";
 * import { describeEnvContract } from "@gymkit/core/testing";
 * import plugin from "../src/index.js";
 *
 * const registry = new Registry().use(plugin);
 * describeEnvContract("GridWorld-v0", (options) => registry.make("GridWorld-v0", options));
 */
export function describeEnvContract(
  name: string,
  make: (options: MakeEnvOptions) => Env<unknown, unknown>,
  options: EnvContractOptions = {},
): void {
  const seed = options.seed ?? 123;
  const steps = options.steps ?? 100;
  const allowed = new Set(["wrapped", ...(options.allowWarnings ?? [])]);

  /** `steps` steps from `reset({ seed })` with actions drawn from a generator seeded alike. */
  const rollout = (
    env: Env<unknown, unknown>,
    check?: (what: string, r: Record<string, unknown>) => void,
  ) => {
    const rng = createRng(seed).fork("actions");
    const trace: unknown[] = [];
    const first = env.reset({ seed });
    check?.(`reset({ seed: ${seed} })`, first as unknown as Record<string, unknown>);
    trace.push(copy(first.observation));
    for (let i = 0; i < steps; i++) {
      const action = env.actionSpace.sample(rng);
      const r = env.step(action);
      check?.(`step ${i} (action ${String(action)})`, r as unknown as Record<string, unknown>);
      trace.push([copy(r.observation), r.reward, r.terminated, r.truncated]);
      if (r.terminated || r.truncated) {
        const again = env.reset();
        check?.(`reset() after step ${i}`, again as unknown as Record<string, unknown>);
        trace.push(copy(again.observation));
      }
    }
    return trace;
  };

  describe(`env contract: ${name}`, () => {
    it("passes checkEnv with no errors and no unexpected warnings", () => {
      const env = make({});
      const findings: EnvCheckFinding[] = [
        ...checkEnv(env, { seed, steps, makeCopy: () => make({}) }),
        ...checkEnv(env.unwrapped, { seed, steps }),
      ];
      const bad = findings.filter((f) => f.severity === "error" || !allowed.has(f.check));
      expect(bad.map((f) => `${f.severity} [${f.check}] ${f.message}`)).toEqual([]);
      env.close();
    });

    it("throws when step() comes before the first reset()", () => {
      const env = make({});
      const action = env.actionSpace.sample(createRng(seed));
      expect(() => env.step(action)).toThrow();
      env.close();
    });

    it(`gives the same first ${steps} steps for the same seed`, () => {
      const [a, b] = [make({}), make({})];
      expect(rollout(b)).toEqual(rollout(a));
      a.close();
      b.close();
    });

    it("returns observations inside observationSpace, finite rewards, boolean flags and info objects", () => {
      const env = make({});
      rollout(env, (what, r) => {
        expect(
          env.observationSpace.contains(r.observation),
          `${what}: observation in ${env.observationSpace}`,
        ).toBe(true);
        expect(isPlainObject(r.info), `${what}: info is an object`).toBe(true);
        if ("reward" in r) {
          expect(Number.isFinite(r.reward), `${what}: reward ${String(r.reward)} is finite`).toBe(true);
          expect(typeof r.terminated, `${what}: terminated`).toBe("boolean");
          expect(typeof r.truncated, `${what}: truncated`).toBe("boolean");
        }
      });
      env.close();
    });

    it("renders in each declared render mode, and has no render mode unless asked", () => {
      const plain = make({});
      expect(plain.renderMode).toBeUndefined();
      const modes = plain.metadata.renderModes;
      plain.close();
      for (const mode of modes) {
        const env = make({ renderMode: mode });
        expect(env.renderMode).toBe(mode);
        env.reset({ seed });
        const rng = createRng(seed);
        for (let i = 0; i < 3; i++) {
          const frame = env.render();
          if (mode === "ansi") {
            expect(typeof frame, `render() in mode "ansi"`).toBe("string");
            expect((frame as string).length).toBeGreaterThan(0);
          } else if (mode === "rgb_array") {
            const { width, height, data } = frame as RgbFrame;
            expect(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0).toBe(true);
            expect(data).toBeInstanceOf(Uint8Array);
            expect(data.length).toBe(width * height * 3);
          } else {
            expect(frame, `render() in mode "${mode}"`).toBeDefined();
          }
          const r = env.step(env.actionSpace.sample(rng));
          if (r.terminated || r.truncated) env.reset();
        }
        env.close();
      }
    });

    it("continues exactly from a JSON copy of getState() when it can save its state", () => {
      const a = make({});
      if (!isStatefulEnv(a)) return; // saving state is optional (the runner's --resume needs it)
      a.reset({ seed });
      const rng = createRng(seed).fork("actions");
      for (let i = 0; i < 7; i++) {
        const r = a.step(a.actionSpace.sample(rng));
        if (r.terminated || r.truncated) a.reset();
      }
      const state = JSON.parse(JSON.stringify(a.getState()));
      const b = make({});
      if (!isStatefulEnv(b)) throw new Error("make() returned a StatefulEnv once, then an env that is not");
      b.reset({ seed: seed + 1 });
      b.setState(state);
      const continued = (env: Env<unknown, unknown>) => {
        const actions = createRng(seed).fork("more");
        const trace: unknown[] = [];
        for (let i = 0; i < steps; i++) {
          const r = env.step(env.actionSpace.sample(actions));
          trace.push([copy(r.observation), r.reward, r.terminated, r.truncated]);
          if (r.terminated || r.truncated) trace.push(copy(env.reset().observation));
        }
        return trace;
      };
      expect(continued(b)).toEqual(continued(a));
      a.close();
      b.close();
    });

    it("allows close() twice", () => {
      const env = make({});
      env.reset({ seed });
      env.close();
      expect(() => env.close()).not.toThrow();
    });
  });
}

const isPlainObject = (x: unknown): boolean => typeof x === "object" && x !== null && !Array.isArray(x);

/** Envs may reuse their observation buffer: keep a copy. */
function copy(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  return typeof x === "object" && x !== null ? structuredClone(x) : x;
}
