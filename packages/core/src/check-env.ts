import { checkRender, checkSpaceLimits, diagnoseObservation, type Report } from "./check-env-parts.js";
import type { Env } from "./env.js";
import { describeValue } from "./errors.js";
import { createRng } from "./rng.js";
import type { Space } from "./space.js";

/** One problem `checkEnv` found. `error`: the env breaks the contract; `warning`: likely a mistake. */
export interface EnvCheckFinding {
  severity: "error" | "warning";
  /** Which check, kebab-case: `reset-determinism`, `observation-dtype`, `reward`, ... */
  check: string;
  /** What is wrong, with the bad value and what is expected. */
  message: string;
}

/** Options of `checkEnv`. */
export interface CheckEnvOptions {
  /** Seed for the determinism checks. @default 123 (Gymnasium's) */
  seed?: number;
  /** Random steps taken to check step results (resetting when episodes end). @default 100 */
  steps?: number;
  /** Skip calling `render()`. @default false */
  skipRenderCheck?: boolean;
  /** Builds a fresh copy for the close check (closed twice, which must be allowed); skipped without. */
  makeCopy?: () => Env<unknown, unknown>;
}

const NOT_RUN: unique symbol = Symbol("not run");

/**
 * Checks an env against the gymkit/Gymnasium env contract, like Gymnasium's `check_env`: the
 * reset/step signatures and return shapes, observations inside the observation space with the
 * right dtype, seeding determinism (two `reset({ seed })` give the same observation; `reset()`
 * after `reset({ seed })` continues deterministically), deterministic `step`, boolean
 * `terminated`/`truncated`, a finite number reward, info objects, valid action samples, and the
 * declared render modes. It resets and steps `env` (it does not close it), never throws, and
 * returns the findings; an empty list means the env passed.
 * @example
 * const findings = checkEnv(new MyEnv());
 * for (const f of findings) console.log(`${f.severity} [${f.check}] ${f.message}`);
 */
export function checkEnv(env: Env<unknown, unknown>, options: CheckEnvOptions = {}): EnvCheckFinding[] {
  const findings: EnvCheckFinding[] = [];
  const report: Report = (severity, check, message) => {
    if (!findings.some((f) => f.check === check && f.message === message))
      findings.push({ severity, check, message });
  };
  try {
    runChecks(env, options, report);
  } catch (e) {
    report("error", "check-env", `checkEnv stopped on an unexpected error: ${errorText(e)}`);
  }
  return findings;
}

function runChecks(env: Env<unknown, unknown>, options: CheckEnvOptions, report: Report): void {
  const seed = options.seed ?? 123;
  const steps = options.steps ?? 100;
  if (typeof env !== "object" || env === null) {
    report("error", "env", `expected an env object, got ${describeValue(env)}.`);
    return;
  }
  for (const method of ["reset", "step", "render", "close"] as const) {
    if (typeof env[method] !== "function") report("error", "env", `env.${method} must be a function.`);
  }
  if (typeof env.reset !== "function" || typeof env.step !== "function") return;
  if (env.reset.length > 1) {
    report(
      "error",
      "reset-signature",
      `reset declares ${env.reset.length} parameters; it takes one object { seed?, options? }.`,
    );
  }
  if (env.step.length > 1) {
    report("error", "step-signature", `step declares ${env.step.length} parameters; it takes one action.`);
  }
  const unwrapped = safe(() => env.unwrapped);
  if (unwrapped === undefined || unwrapped === NOT_RUN) {
    report(
      "warning",
      "unwrapped",
      "env.unwrapped is missing; it should be the env itself below any wrappers.",
    );
  } else if (unwrapped !== env) {
    report(
      "warning",
      "wrapped",
      `The env is wrapped (${String(env)}); wrappers may hide problems, so check env.unwrapped as well.`,
    );
  }
  const obsSpace = env.observationSpace;
  const actSpace = env.actionSpace;
  if (!isSpace(obsSpace) || !isSpace(actSpace)) {
    if (!isSpace(obsSpace))
      report("error", "spaces", `observationSpace is not a Space: ${describeValue(obsSpace)}.`);
    if (!isSpace(actSpace))
      report("error", "spaces", `actionSpace is not a Space: ${describeValue(actSpace)}.`);
    return;
  }
  checkSpaceLimits(obsSpace, "observation", report);
  checkSpaceLimits(actSpace, "action", report);

  // Calls the env, turning a throw into a finding; NOT_RUN tells the caller to skip what depends on it.
  const call = <T>(check: string, what: string, fn: () => T): T | typeof NOT_RUN => {
    try {
      return fn();
    } catch (e) {
      report("error", check, `${what} threw: ${errorText(e)}`);
      return NOT_RUN;
    }
  };
  const resetObservation = (args: Parameters<typeof env.reset>[0], what: string): unknown => {
    const r = call("reset", what, () => env.reset(args));
    if (r === NOT_RUN) return NOT_RUN;
    if (typeof r !== "object" || r === null || !("observation" in r)) {
      report(
        "error",
        "reset-return",
        `${what} returned ${describeValue(r)}; expected { observation, info }.`,
      );
      return NOT_RUN;
    }
    if (!isPlainObject(r.info)) {
      report("error", "info", `${what} returned info ${describeValue(r.info)}; info must be an object.`);
    }
    diagnoseObservation(obsSpace, r.observation, what, report);
    return snapshot(r.observation);
  };

  // Seeding: the same seed gives the same observation; reset() then continues deterministically.
  const seeded = `reset({ seed: ${seed} })`;
  const first = resetObservation({ seed }, seeded);
  const second = resetObservation({ seed }, seeded);
  if (first !== NOT_RUN && second !== NOT_RUN && !same(first, second)) {
    report(
      "error",
      "reset-determinism",
      `${seeded} twice gave different observations: ${describeValue(first)} vs ${describeValue(second)}. Draw all randomness from a generator seeded in reset.`,
    );
  }
  const unseededA = resetObservation(undefined, `reset() after ${seeded}`);
  resetObservation({ seed }, seeded);
  const unseededB = resetObservation({}, `reset({}) after ${seeded}`);
  if (unseededA !== NOT_RUN && unseededB !== NOT_RUN && !same(unseededA, unseededB)) {
    report(
      "error",
      "reset-continuation",
      `reset() after ${seeded} is not reproducible: ${describeValue(unseededA)} vs ${describeValue(unseededB)}. An unseeded reset must continue the generator seeded before, not draw fresh entropy.`,
    );
  }
  const otherSeed = resetObservation({ seed: seed + 333 }, `reset({ seed: ${seed + 333} })`);
  if (
    first !== NOT_RUN &&
    otherSeed !== NOT_RUN &&
    unseededA !== NOT_RUN &&
    !same(first, otherSeed) &&
    same(first, unseededA)
  ) {
    report(
      "warning",
      "reset-continuation",
      `reset() after ${seeded} repeated the seeded observation; an unseeded reset should continue the env's generator, not reseed it.`,
    );
  }
  call("reset-options", "reset({ options: {} })", () => env.reset({ options: {} }));

  // Actions: samples from the action space are in it.
  const actionRng = createRng(seed);
  const sample = (): unknown => {
    const a = call("action-sample", "actionSpace.sample(rng)", () => actSpace.sample(actionRng));
    if (a !== NOT_RUN && !safe(() => actSpace.contains(a))) {
      report(
        "error",
        "action-sample",
        `actionSpace.sample() gave ${describeValue(a)}, which actionSpace.contains() rejects (${String(actSpace)}).`,
      );
    }
    return a;
  };

  // Step determinism: the same seed and action give the same step result.
  const action = sample();
  if (action !== NOT_RUN) {
    const once = (): unknown[] | typeof NOT_RUN => {
      if (resetObservation({ seed }, seeded) === NOT_RUN) return NOT_RUN;
      const r = call("step", `step(${describeValue(action)})`, () => env.step(action));
      if (r === NOT_RUN || typeof r !== "object" || r === null) return NOT_RUN;
      return [snapshot(r.observation), r.reward, r.terminated, r.truncated];
    };
    const a = once();
    const b = once();
    if (a !== NOT_RUN && b !== NOT_RUN && !same(a, b)) {
      report(
        "error",
        "step-determinism",
        `reset({ seed: ${seed} }) then step(${describeValue(action)}) twice gave different results (observation, reward, terminated, truncated): ${describeValue(a)} vs ${describeValue(b)}.`,
      );
    }
  }

  // A random rollout: every step result has the right shape and types.
  if (resetObservation({ seed }, seeded) !== NOT_RUN) {
    for (let i = 0; i < steps; i++) {
      const a = sample();
      if (a === NOT_RUN) break;
      const what = `step(${describeValue(a)})`;
      const r = call("step", what, () => env.step(a));
      if (r === NOT_RUN) break;
      if (!checkStepResult(r, what, obsSpace, report)) break;
      if (r.terminated === true || r.truncated === true) {
        if (resetObservation(undefined, "reset() after an episode ended") === NOT_RUN) break;
      }
    }
  }

  if (!options.skipRenderCheck)
    checkRender(env, report, () => call("reset", seeded, () => env.reset({ seed })));
  if (options.makeCopy) {
    const copy = call("close", "makeCopy()", options.makeCopy);
    if (copy !== NOT_RUN) {
      call("close", "close()", () => copy.close());
      const twice = call("close", "close() on a closed env", () => copy.close());
      if (twice === NOT_RUN)
        report("warning", "close", "close() twice should be allowed (Gymnasium allows it).");
    }
  }
}

/** Checks one step result; false when it is too broken to continue the rollout. */
function checkStepResult(r: unknown, what: string, obsSpace: Space<unknown>, report: Report): boolean {
  if (typeof r !== "object" || r === null) {
    report(
      "error",
      "step-return",
      `${what} returned ${describeValue(r)}; expected { observation, reward, terminated, truncated, info }.`,
    );
    return false;
  }
  const result = r as Record<string, unknown>;
  const missing = ["observation", "reward", "terminated", "truncated", "info"].filter((k) => !(k in result));
  if (missing.length > 0) {
    report("error", "step-return", `${what} returned an object without ${missing.join(", ")}.`);
    return false;
  }
  for (const flag of ["terminated", "truncated"] as const) {
    if (typeof result[flag] !== "boolean") {
      report(
        "error",
        flag,
        `${what} returned ${flag} = ${describeValue(result[flag])}; it must be a boolean.`,
      );
    }
  }
  const reward = result.reward;
  if (typeof reward !== "number" || !Number.isFinite(reward)) {
    report(
      "error",
      "reward",
      `${what} returned reward ${describeValue(reward)}; it must be a finite number.`,
    );
  }
  if (!isPlainObject(result.info)) {
    report("error", "info", `${what} returned info ${describeValue(result.info)}; info must be an object.`);
  }
  diagnoseObservation(obsSpace, result.observation, what, report);
  return true;
}

function isSpace(s: unknown): s is Space<unknown> {
  if (typeof s !== "object" || s === null) return false;
  const x = s as Record<string, unknown>;
  return typeof x.contains === "function" && typeof x.sample === "function" && Array.isArray(x.shape);
}

const isPlainObject = (x: unknown): boolean => typeof x === "object" && x !== null && !Array.isArray(x);

function safe<T>(fn: () => T): T | typeof NOT_RUN {
  try {
    return fn();
  } catch {
    return NOT_RUN;
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** A copy that later steps cannot change (envs may reuse their observation buffer). */
function snapshot(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return (x as unknown as Float64Array).slice();
  if (typeof x !== "object" || x === null) return x;
  const copy = safe(() => structuredClone(x));
  return copy === NOT_RUN ? x : copy;
}

/** Deep equality with NaN equal to NaN, typed arrays compared by class and values. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b) || Array.isArray(a) || Array.isArray(b)) {
    if (a?.constructor !== b?.constructor) return false;
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(x[i], y[i])) return false;
    return true;
  }
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}
