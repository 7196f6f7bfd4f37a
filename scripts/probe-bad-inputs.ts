/**
 * Issue #9: bad inputs across the public API of every package, as a Markdown table.
 *
 *   npx tsx --conditions=@gymkit/source scripts/probe-bad-inputs.ts [--only core,cli,...] > probe.md
 *
 * Each case calls one public function with a bad input and records what happened:
 * `GymkitError <code>` (good), `RangeError`/`TypeError` (our own validation; judge the message),
 * `crash` (an internal TypeError/ReferenceError such as "Cannot read properties of undefined"),
 * `raw <Error>` (an untranslated error from a dependency or the OS), `accepted` (no error; the
 * verdict column says whether that is right) or `hang/timeout`. For stateful objects the
 * "state kept" column compares a snapshot taken before the bad call with one taken after it.
 * CLI cases run `node packages/runner/bin/gymkit.js` and record the exit code and the first line
 * of stderr. Nothing here fixes anything: it only observes.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import agentDqn, { prepareBackend } from "@gymkit/agent-dqn";
import { loadAgent, restoreAgent, saveAgent } from "@gymkit/agent-dqn/node";
import {
  Box,
  checkEnv,
  crc32,
  createNumpyRng,
  createRng,
  createTrainingEvents,
  Discrete,
  definePart,
  definePlugin,
  type Env,
  evaluate,
  GymkitError,
  parseOptions,
  RecordEpisodeStatistics,
  Registry,
  SyncVectorEnv,
  spaceFromJSON,
  TimeLimit,
  train,
  z,
} from "@gymkit/core";
import { readDirFiles, writeDirAtomic, writeFileAtomic } from "@gymkit/core/node";
import box2d, { LunarLanderEnv, LunarLanderVector } from "@gymkit/env-box2d";
import cartpole, { CartPoleEnv, CartPoleVector } from "@gymkit/env-cartpole";
import loggers, { CsvLogger, JsonlLogger, MemoryLogger, runPath, TensorBoardLogger } from "@gymkit/loggers";
import replayMemory, {
  OnlineReplayBuffer,
  PrioritizedReplayBuffer,
  UniformReplayBuffer,
} from "@gymkit/replay-memory";
import { loadBuffer, saveBuffer } from "@gymkit/replay-memory/node";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TMP = mkdtempSync(join(tmpdir(), "gymkit-probe9-"));
const only = (() => {
  const i = process.argv.indexOf("--only");
  return i >= 0 ? new Set(process.argv[i + 1]!.split(",")) : undefined;
})();
const section = (name: string) => !only || only.has(name);

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

interface Row {
  pkg: string;
  call: string;
  outcome: string;
  message: string;
  state: string;
  verdict: string;
}
const rows: Row[] = [];
/** Unhandled rejections/exceptions that surface while a case runs (they would kill the process). */
const stray: string[] = [];
process.on("unhandledRejection", (e) =>
  stray.push(`unhandled rejection: ${(e as Error)?.message ?? String(e)}`),
);
process.on("uncaughtException", (e) =>
  stray.push(`uncaught exception: ${(e as Error)?.message ?? String(e)}`),
);

interface ProbeOptions {
  /** "reject" (default): accepting the input is wrong. "accept": the input is legitimate. */
  expect?: "reject" | "accept";
  /** Snapshot of the stateful object the call may change; compared before/after. */
  state?: () => unknown;
  /** Replaces the computed verdict (a judgement the harness cannot make). */
  verdict?: string;
  /** Extra words for the verdict column. */
  note?: string;
  timeoutMs?: number;
}

const CRASH =
  /heap out of memory|process died|Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Cannot convert|Cannot destructure|undefined is not|null is not|Cannot use 'in' operator|Invalid array length|Maximum call stack|Do not know how to serialize|Invalid typed array length|offset is out of bounds|Reduce of empty array|Cannot mix BigInt|toFixed\(\) digits|is not a constructor|Start offset|Cannot create property/;

class Timeout extends Error {}

function toPlain(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x) =>
      ArrayBuffer.isView(x)
        ? Array.from(x as unknown as ArrayLike<number>)
        : typeof x === "bigint"
          ? `${x}n`
          : x,
    ) ?? "null",
  );
}
const snap = (f: () => unknown) => {
  try {
    return JSON.stringify(toPlain(f()));
  } catch (e) {
    return `snapshot failed: ${(e as Error).message}`;
  }
};

function short(v: unknown): string {
  if (v === undefined) return "→ undefined";
  if (typeof v === "string") return `→ ${JSON.stringify(v.slice(0, 100))}`;
  if (typeof v === "number" || typeof v === "boolean") return `→ ${v}`;
  if (ArrayBuffer.isView(v)) {
    const a = Array.from(v as unknown as ArrayLike<number>);
    return `→ ${v.constructor.name}[${a.slice(0, 6).join(", ")}${a.length > 6 ? ", …" : ""}]`;
  }
  try {
    const s = JSON.stringify(toPlain(v));
    return `→ ${s === undefined ? String(v) : s.slice(0, 100)}`;
  } catch {
    return `→ ${Object.prototype.toString.call(v)}`;
  }
}

function classify(e: unknown): { outcome: string; message: string } {
  if (e instanceof Timeout) return { outcome: "hang/timeout", message: e.message };
  if (e instanceof GymkitError) return { outcome: `GymkitError ${e.code}`, message: e.message };
  if (e instanceof Error) {
    const m = e.message;
    const errCode = (e as { code?: unknown }).code;
    if (typeof errCode === "string" && errCode.startsWith("ERR_"))
      return { outcome: `raw ${e.name} (${errCode})`, message: m };
    if (CRASH.test(m) || e.name === "ReferenceError") return { outcome: "crash", message: `${e.name}: ${m}` };
    if (e.name === "RangeError" || e.name === "TypeError") return { outcome: e.name, message: m };
    const code = (e as { code?: unknown }).code;
    return { outcome: `raw ${e.name}${typeof code === "string" ? ` (${code})` : ""}`, message: m };
  }
  return { outcome: `raw throw (${typeof e})`, message: String(e) };
}

function verdictFor(outcome: string, o: ProbeOptions, state: string): string {
  const parts: string[] = [];
  if (outcome.startsWith("GymkitError")) parts.push(o.expect === "accept" ? "over-strict?" : "ok");
  else if (outcome === "RangeError" || outcome === "TypeError") parts.push("acceptable (own check)");
  else if (outcome === "crash") parts.push("BUG: crash");
  else if (outcome === "hang/timeout") parts.push("BUG: hang");
  else if (outcome === "accepted")
    parts.push(o.expect === "accept" ? "ok: valid input" : "WRONG: should throw");
  else parts.push("BUG: untranslated error");
  if (state === "no") parts.push("STATE CHANGED");
  if (o.note) parts.push(o.note);
  return parts.join("; ");
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_r, reject) => {
      timer = setTimeout(() => reject(new Timeout(`no answer after ${ms} ms`)), ms);
    }),
  ]);
}

async function probe(pkg: string, call: string, fn: () => unknown, o: ProbeOptions = {}): Promise<void> {
  const before = o.state ? snap(o.state) : undefined;
  let outcome: string;
  let message: string;
  try {
    const r = fn();
    const v = r instanceof Promise ? await withTimeout(r, o.timeoutMs ?? 30_000) : r;
    outcome = "accepted";
    message = short(v);
  } catch (e) {
    ({ outcome, message } = classify(e));
  }
  await new Promise((r) => setImmediate(r));
  const state = o.state ? (snap(o.state) === before ? "yes" : "no") : "n/a";
  let verdict = o.verdict ?? verdictFor(outcome, o, state);
  if (stray.length > 0) {
    verdict = `BUG: ${stray.splice(0).join("; ")} (would kill the process); ${verdict}`;
  }
  rows.push({ pkg, call, outcome, message: message.split(TMP).join("$TMP"), state, verdict });
}

/**
 * Runs `body` (JS with the module imported as `m`) in a child process, so a synchronous hang can be
 * cut after `ms`. Resolves with what `body` returns, rejects with its error (name kept).
 */
async function isolated(moduleName: string, body: string, ms = 5000): Promise<unknown> {
  const code = `import * as m from ${JSON.stringify(moduleName)};
    try { const v = (() => { ${body} })(); console.log(JSON.stringify({ ok: true, v: String(v).slice(0, 100) })); }
    catch (e) { console.log(JSON.stringify({ ok: false, name: e?.name, code: e?.code, message: String(e?.message) })); }`;
  const r = spawnSync(
    process.execPath,
    [
      "--max-old-space-size=384",
      "--conditions=@gymkit/source",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      code,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: ms,
    },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT")
    throw new Timeout(`no answer after ${ms} ms`);
  const line = (r.stdout ?? "").trim().split("\n").pop() ?? "";
  let msg: { ok: boolean; v?: string; name?: string; code?: string; message?: string };
  try {
    msg = JSON.parse(line);
  } catch {
    const fatal = (r.stderr ?? "").split("\n").find((l) => /FATAL ERROR|Error/.test(l)) ?? "";
    const err = new Error(`process died (exit ${r.status ?? r.signal}): ${fatal}`);
    err.name = "ProcessDied";
    throw err;
  }
  if (msg.ok) return msg.v;
  if (msg.name === "GymkitError") throw new GymkitError(msg.code as never, msg.message ?? "");
  const E = msg.name === "RangeError" ? RangeError : msg.name === "TypeError" ? TypeError : Error;
  const err = new E(msg.message);
  if (E === Error) err.name = msg.name ?? "Error";
  throw err;
}

/** One CLI call: exit code and the first stderr line. */
function cli(args: string[], o: ProbeOptions & { cwd?: string; stdout?: number } = {}): void {
  const r = spawnSync(process.execPath, [join(ROOT, "packages/runner/bin/gymkit.js"), ...args], {
    cwd: o.cwd ?? ROOT,
    encoding: "utf8",
    ...(o.stdout === undefined ? {} : { stdio: ["ignore", o.stdout, "pipe"] }),
    timeout: o.timeoutMs ?? 90_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  // TensorFlow.js's banner ("Hi, looks like you are running TensorFlow.js in Node.js") is not the message.
  const stderr = (r.stderr ?? "")
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^=+$|TensorFlow\.js in Node\.js/.test(l.trim()));
  const first = stderr[0] ?? "";
  let outcome: string;
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") outcome = "hang/timeout";
  else if (r.status === 0) outcome = "accepted (exit 0)";
  else if (
    /^\s+at |Error: |node:internal/.test(stderr.slice(0, 6).join("\n")) &&
    !first.startsWith("gymkit:")
  )
    outcome = CRASH.test(r.stderr) ? `crash (exit ${r.status})` : `raw error+stack (exit ${r.status})`;
  else if (first.startsWith("gymkit:")) outcome = `GymkitError (exit ${r.status})`;
  else if (first.startsWith("error:")) outcome = `usage error (exit ${r.status})`;
  else outcome = `handled error (exit ${r.status ?? r.signal})`;
  const errLine = stderr.find((l) => /^(\w*Error|Error \[)|^\w+Error:/.test(l.trim()))?.trim();
  const lastOut =
    (r.stdout ?? "")
      .split("\n")
      .filter((l) => l.trim() !== "" && !/^=+$/.test(l.trim()))
      .pop() ?? "";
  const message =
    outcome.startsWith("crash") || outcome.startsWith("raw")
      ? `${errLine ?? first} (at ${first})`
      : outcome.startsWith("accepted")
        ? `stdout: ${lastOut}`
        : first || lastOut;
  const parts: string[] = [];
  if (outcome.startsWith("GymkitError") || outcome.startsWith("usage error")) parts.push("ok");
  else if (outcome.startsWith("accepted"))
    parts.push(o.expect === "accept" ? "ok: valid input" : "WRONG: should fail");
  else if (outcome.startsWith("crash")) parts.push("BUG: crash (stack trace)");
  else if (outcome.startsWith("raw")) parts.push("BUG: stack trace instead of a message");
  else if (outcome === "hang/timeout") parts.push("BUG: hang");
  else parts.push(o.expect === "accept" ? "ok" : "ok (message without the gymkit: prefix)");
  if (o.note) parts.push(o.note);
  if (o.verdict) parts.splice(0, parts.length, o.verdict);
  rows.push({
    pkg: "runner (CLI)",
    call: `${o.cwd ? "(cd $TMP) " : ""}gymkit ${args.map((a) => (a === "" ? '""' : a.startsWith(TMP) ? `$TMP${a.slice(TMP.length)}` : a)).join(" ")}${o.stdout === undefined ? "" : " > /dev/full"}`,
    outcome,
    message: message.split(TMP).join("$TMP"),
    state: "n/a",
    verdict: parts.join("; "),
  });
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const registry = () => new Registry().use(cartpole).use(box2d).use(replayMemory).use(agentDqn).use(loggers);
const box4 = () => new Box(-10, 10, [4]);
const spaces = () => ({ observationSpace: box4(), actionSpace: new Discrete(2) });
const obs = (v = 0.1) => new Float32Array([v, v, v, v]);
const tr = (over: Record<string, unknown> = {}) => ({
  observation: obs(),
  action: 1,
  reward: 1,
  nextObservation: obs(0.2),
  terminated: false,
  truncated: false,
  ...over,
});
const bufferState = (b: { size: number; serialize(): Uint8Array }) => ({
  size: b.size,
  crc: crc32(b.serialize()),
});
const randomAgent = () => ({ act: () => 0, observe() {}, update: () => undefined, dispose() {} });
const fileAt = (name: string) => {
  const p = join(TMP, name);
  writeFileSync(p, "i am a file");
  return p;
};

// ---------------------------------------------------------------------------------------------
// @gymkit/core
// ---------------------------------------------------------------------------------------------

async function probeCore(): Promise<void> {
  const P = "core";
  // Registry.use
  const reg = registry();
  const regState = () => ({
    plugins: reg.plugins(),
    env: reg.ids("env"),
    agent: reg.ids("agent"),
    buffer: reg.ids("buffer"),
    logger: reg.ids("logger"),
    schedule: reg.ids("schedule"),
    targetSync: reg.ids("targetSync"),
  });
  await probe(P, "registry.use(undefined)", () => reg.use(undefined as never), { state: regState });
  await probe(P, "registry.use({})", () => reg.use({} as never), { state: regState });
  await probe(P, 'registry.use({ name: "", register() {} })', () => reg.use({ name: "", register() {} }), {
    state: regState,
  });
  await probe(
    P,
    'registry.use({ name: "x", register: 5 })',
    () => reg.use({ name: "x", register: 5 } as never),
    {
      state: regState,
    },
  );
  await probe(
    P,
    'registry.use(plugin that adds a part then throws "boom")',
    () =>
      reg.use(
        definePlugin({
          name: "half",
          register(c) {
            c.add(
              definePart({
                slot: "schedule",
                id: "halfsched",
                options: z.strictObject({}),
                create: () => ({}) as never,
              }),
            );
            c.register({ id: "Half-v0", entry: () => new CartPoleEnv() });
            throw new Error("boom");
          },
        }),
      ),
    { state: regState },
  );
  await probe(
    P,
    "registry.use(plugin whose register throws a string)",
    () =>
      reg.use({
        name: "strthrow",
        register() {
          throw "just a string";
        },
      }),
    { state: regState },
  );
  await probe(
    P,
    'registry.use(plugin registering "CartPole-v1" again)',
    () =>
      reg.use({
        name: "dupenv",
        register: (c) => c.register({ id: "CartPole-v1", entry: () => new CartPoleEnv() }),
      }),
    { state: regState },
  );
  await probe(
    P,
    'registry.use(another plugin named "env-cartpole")',
    () => reg.use({ name: cartpole.name, register() {} }),
    { state: regState },
  );
  await probe(
    P,
    'registry.use(plugin adding a part with slot "nope")',
    () =>
      reg.use({
        name: "badslot",
        register: (c) =>
          c.add({ slot: "nope", id: "x", options: z.strictObject({}), create: () => ({}) } as never),
      }),
    { state: regState },
  );
  await probe(
    P,
    "registry.use(async register that rejects)",
    () =>
      reg.use({
        name: "asyncplug",
        register: (async () => {
          throw new Error("async boom");
        }) as never,
      }),
    { state: regState, note: "an async register's rejection cannot be seen synchronously" },
  );
  // add / preset / register
  await probe(P, "registry.add(undefined)", () => reg.add(undefined as never), { state: regState });
  await probe(
    P,
    'registry.add({ slot: "agent", id: "dqn", ... }) (duplicate)',
    () =>
      reg.add(
        definePart({ slot: "agent", id: "dqn", options: z.strictObject({}), create: () => ({}) as never }),
      ),
    { state: regState },
  );
  await probe(
    P,
    'registry.add(part with id "")',
    () =>
      reg.add(
        definePart({ slot: "schedule", id: "", options: z.strictObject({}), create: () => ({}) as never }),
      ),
    { state: regState },
  );
  await probe(
    P,
    'registry.add(part with options: "not a schema")',
    () => reg.add({ slot: "schedule", id: "noschema", options: "x", create: () => ({}) } as never),
    { state: regState },
  );
  await probe(
    P,
    "registry.add(part without create)",
    () => reg.add({ slot: "schedule", id: "nocreate", options: z.strictObject({}) } as never),
    { state: regState },
  );
  await probe(P, "registry.preset(undefined)", () => reg.preset(undefined as never), { state: regState });
  await probe(
    P,
    'registry.preset({ slot: "agent", id: "p", base: "nosuch", fragment: {} })',
    () => reg.preset({ slot: "agent", id: "p", base: "nosuch", fragment: {} } as never),
    { state: regState },
  );
  await probe(
    P,
    'registry.preset({ slot: "agent", id: "p2", base: "dqn", fragment: { lr: "fast" } })',
    () => reg.preset({ slot: "agent", id: "p2", base: "dqn", fragment: { lr: "fast" } } as never),
    { state: regState, note: "a preset whose fragment fails its base's schema" },
  );
  await probe(P, "registry.register(undefined)", () => reg.register(undefined as never), { state: regState });
  await probe(
    P,
    'registry.register({ id: "bad id!", entry })',
    () => reg.register({ id: "bad id!", entry: () => new CartPoleEnv() }),
    {
      state: regState,
    },
  );
  await probe(
    P,
    'registry.register({ id: "CartPole-v1", entry }) (duplicate)',
    () => reg.register({ id: "CartPole-v1", entry: () => new CartPoleEnv() }),
    {
      state: regState,
    },
  );
  await probe(
    P,
    'registry.register({ id: "NoEntry-v0" })',
    () => reg.register({ id: "NoEntry-v0" } as never),
    { state: regState },
  );
  await probe(
    P,
    'registry.register({ id: "Neg-v0", entry, maxEpisodeSteps: -5 })',
    () => reg.register({ id: "Neg-v0", entry: () => new CartPoleEnv(), maxEpisodeSteps: -5 }),
    {
      state: regState,
    },
  );
  // make / makeVec / spec / ids
  await probe(P, 'registry.make("CartPole-v9")', () => reg.make("CartPole-v9"));
  await probe(P, 'registry.make("cartpole-v1")', () => reg.make("cartpole-v1"));
  await probe(P, "registry.make(undefined)", () => reg.make(undefined as never));
  await probe(P, "registry.make(42)", () => reg.make(42 as never));
  await probe(P, 'registry.make("")', () => reg.make(""));
  await probe(P, 'registry.make("CartPole-v1", { renderMod: "ansi" })', () =>
    reg.make("CartPole-v1", { renderMod: "ansi" }),
  );
  await probe(P, 'registry.make("CartPole-v1", { maxEpisodeSteps: 0 })', () =>
    reg.make("CartPole-v1", { maxEpisodeSteps: 0 }),
  );
  await probe(P, 'registry.make("CartPole-v1", { maxEpisodeSteps: 1.5 })', () =>
    reg.make("CartPole-v1", { maxEpisodeSteps: 1.5 }),
  );
  await probe(P, 'registry.make("CartPole-v1", "ansi")', () => reg.make("CartPole-v1", "ansi" as never));
  await probe(P, 'registry.make("CartPole-v1", [1])', () => reg.make("CartPole-v1", [1] as never));
  await probe(P, 'registry.make("CartPole-v1", null)', () => reg.make("CartPole-v1", null), {
    expect: "accept",
    note: "null is typed as allowed",
  });
  await probe(P, 'registry.makeVec("CartPole-v1", 0)', () => reg.makeVec("CartPole-v1", 0));
  await probe(P, 'registry.makeVec("CartPole-v1", -3)', () => reg.makeVec("CartPole-v1", -3));
  await probe(P, 'registry.makeVec("CartPole-v1", 2.5)', () => reg.makeVec("CartPole-v1", 2.5));
  await probe(P, 'registry.makeVec("CartPole-v1", NaN)', () => reg.makeVec("CartPole-v1", Number.NaN));
  await probe(P, 'registry.makeVec("CartPole-v1", "4")', () => reg.makeVec("CartPole-v1", "4" as never));
  await probe(P, 'registry.makeVec("CartPole-v1", 2, { autoresetMode: "sometimes" })', () =>
    reg.makeVec("CartPole-v1", 2, { autoresetMode: "sometimes" as never }),
  );
  await probe(P, 'registry.makeVec("CartPole-v1", 2, { renderMode: "ansi" })', () =>
    reg.makeVec("CartPole-v1", 2, { renderMode: "ansi" }),
  );
  await probe(P, 'registry.makeVec("Nope-v0", 2)', () => reg.makeVec("Nope-v0", 2));
  await probe(P, 'registry.spec("Nope-v0")', () => reg.spec("Nope-v0"));
  await probe(P, "registry.spec(undefined)", () => reg.spec(undefined as never));
  await probe(P, 'registry.ids("agents")', () => reg.ids("agents" as never));
  await probe(P, "registry.ids(undefined)", () => reg.ids(undefined as never));
  await probe(P, 'registry.has("env", 5)', () => reg.has("env", 5 as never), {
    expect: "accept",
    note: "false is fine",
  });
  await probe(P, 'registry.catalog("nope")', () => reg.catalog("nope" as never));
  // create
  const env = { observationSpace: box4(), actionSpace: new Discrete(2) };
  await probe(P, 'registry.create("buffer", "nosuch")', () =>
    reg.create("buffer", "nosuch" as never, {}, { env }),
  );
  await probe(P, 'registry.create("buffers", "uniform")', () =>
    reg.create("buffers" as never, "uniform", {}, { env }),
  );
  await probe(P, 'registry.create("env", "CartPole-v1")', () => reg.create("env" as never, "CartPole-v1"), {
    expect: "accept",
    note: "create(env) delegates to make",
  });
  await probe(P, 'registry.create("buffer", "uniform", { capacity: 10 }) (no env)', () =>
    reg.create("buffer", "uniform", { capacity: 10 }),
  );
  await probe(P, 'registry.create("buffer", "uniform", "big", { env })', () =>
    reg.create("buffer", "uniform", "big" as never, { env }),
  );
  await probe(P, 'registry.create("buffer", "uniform", {}, { env: { observationSpace: 5 } })', () =>
    reg.create("buffer", "uniform", {}, { env: { observationSpace: 5, actionSpace: 2 } as never }),
  );
  await probe(P, 'registry.create("buffer", "uniform", {}, { env, seed: -1 })', () =>
    reg.create("buffer", "uniform", {}, { env, seed: -1 }),
  );
  await probe(P, 'registry.create("schedule", "linear", {}) (fraction, no budget)', () =>
    reg.create("schedule", "linear", {}),
  );
  await probe(P, 'registry.create("schedule", "linear", {}, { budget: { steps: -1 } })', () =>
    reg.create("schedule", "linear", {}, { budget: { steps: -1 } }),
  );
  await probe(P, 'registry.create("schedule", "exponential", { decay: 0 })', () =>
    reg.create("schedule", "exponential", { decay: 0 }),
  );
  await probe(P, 'registry.create("schedule", "constant", { value: 2 })', () =>
    reg.create("schedule", "constant", { value: 2 }),
  );
  await probe(P, 'registry.create("schedule", "linear", { from: NaN, steps: 10 })', () =>
    reg.create("schedule", "linear", { from: Number.NaN, steps: 10 }),
  );
  await probe(P, 'registry.create("targetSync", "soft", { tau: 0 })', () =>
    reg.create("targetSync", "soft", { tau: 0 }),
  );
  await probe(P, 'registry.create("targetSync", "hard", { every: 0 })', () =>
    reg.create("targetSync", "hard", { every: 0 }),
  );
  await probe(P, 'registry.create("targetSync", "none", { every: 1 })', () =>
    reg.create("targetSync", "none", { every: 1 }),
  );
  // resolve / compose
  await probe(P, "registry.resolve(undefined)", () => reg.resolve(undefined));
  await probe(P, 'registry.resolve("CartPole-v1")', () => reg.resolve("CartPole-v1"));
  await probe(P, "registry.resolve({})", () => reg.resolve({}));
  await probe(P, 'registry.resolve({ env: "CartPole-v1", agent: "dqn" }) (no budget)', () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn" }),
  );
  await probe(P, "registry.resolve({ ..., budget: { steps: 0 } })", () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: { steps: 0 } }),
  );
  await probe(P, 'registry.resolve({ ..., budget: { steps: "1e4" } })', () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: { steps: "1e4" } }),
  );
  await probe(P, "registry.resolve({ ..., budget: 1000 })", () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: 1000 }),
  );
  await probe(P, "registry.resolve({ ..., seed: -1 })", () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: { steps: 1000 }, seed: -1 }),
  );
  await probe(P, "registry.resolve({ ..., learning_rate: 1 }) (unknown top-level key)", () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: { steps: 1000 }, learning_rate: 1 }),
  );
  await probe(P, 'registry.resolve({ ..., agent: { kind: "dqn", learning_rate: 1 } })', () =>
    reg.resolve({ env: "CartPole-v1", agent: { kind: "dqn", learning_rate: 1 }, budget: { steps: 2000 } }),
  );
  await probe(P, 'registry.resolve({ ..., agent: "dqm" })', () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqm", budget: { steps: 2000 } }),
  );
  await probe(P, "registry.resolve({ ..., agent: {} }) (no kind)", () =>
    reg.resolve({ env: "CartPole-v1", agent: {}, budget: { steps: 2000 } }),
  );
  await probe(P, "registry.resolve({ ..., agent: { kind: 5 } })", () =>
    reg.resolve({ env: "CartPole-v1", agent: { kind: 5 }, budget: { steps: 2000 } }),
  );
  await probe(P, "registry.resolve({ ..., eval: { every: 0, episodes: 1 } })", () =>
    reg.resolve({
      env: "CartPole-v1",
      agent: "dqn",
      budget: { steps: 2000 },
      eval: { every: 0, episodes: 1 },
    }),
  );
  await probe(P, 'registry.resolve({ ..., loggers: ["nosuch"] })', () =>
    reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: { steps: 2000 }, loggers: ["nosuch"] }),
  );
  await probe(
    P,
    'registry.resolve({ ..., loggers: "console" }) (not a list)',
    () => reg.resolve({ env: "CartPole-v1", agent: "dqn", budget: { steps: 2000 }, loggers: "console" }),
    { expect: "accept", note: "if a single logger is allowed as shorthand" },
  );
  await probe(P, 'registry.resolve({ env: { id: "CartPole-v1", numEnvs: 0 }, ... })', () =>
    reg.resolve({ env: { id: "CartPole-v1", numEnvs: 0 }, agent: "dqn", budget: { steps: 2000 } }),
  );
  await probe(
    P,
    'registry.resolve({ env: { id: "CartPole-v1", numEnvs: 4, options: { renderMode: "ansi" } } })',
    () =>
      reg.resolve({
        env: { id: "CartPole-v1", numEnvs: 4, options: { renderMode: "ansi" } },
        agent: "dqn",
        budget: { steps: 2000 },
      }),
  );
  await probe(
    P,
    'registry.resolve({ ..., agent: { kind: "dqn", learningStarts: 5000 }, budget: { steps: 2000 } })',
    () =>
      reg.resolve({
        env: "CartPole-v1",
        agent: { kind: "dqn", learningStarts: 5000 },
        budget: { steps: 2000 },
      }),
  );
  await probe(P, "registry.resolve(cyclic object)", () => {
    const c: Record<string, unknown> = { env: "CartPole-v1", budget: { steps: 1000 } };
    c.agent = c;
    return reg.resolve(c);
  });
  await probe(
    P,
    "registry.compose(valid qlearning config) before prepareBackend()",
    () => reg.compose({ env: "CartPole-v1", agent: "qlearning", budget: { steps: 100 } }),
    {
      expect: "accept",
      note: "valid since issue 21: compose awaits the agent's prepare(), which readies its backend",
    },
  );
  await prepareBackend("cpu");
  await probe(P, 'registry.compose({ env: "Nope-v0", agent: "dqn", budget })', () =>
    reg.compose({ env: "Nope-v0", agent: "dqn", budget: { steps: 1000 } }),
  );
  await probe(P, "registry.compose(undefined)", () => reg.compose(undefined));
  await probe(P, 'registry.compose({ ..., loggers: [{ kind: "jsonl", dir: "../up" }] })', () =>
    reg.compose({
      env: "CartPole-v1",
      agent: "dqn",
      budget: { steps: 2000 },
      loggers: [{ kind: "jsonl", dir: "../up" }],
    }),
  );
  await probe(P, "registry.compose(valid, { events: 5 })", async () => {
    const run = await reg.compose(
      { env: "CartPole-v1", agent: "qlearning", budget: { steps: 100 } },
      { events: 5 as never },
    );
    try {
      return await run.train();
    } finally {
      await run.dispose();
    }
  });
  await probe(P, "run.train({ resume: { garbage: 1 } })", async () => {
    const run = await reg.compose({ env: "CartPole-v1", agent: "qlearning", budget: { steps: 100 } });
    try {
      return await run.train({ resume: { garbage: 1 } as never });
    } finally {
      await run.dispose();
    }
  });
  // jsonSchema with a bad plugin registered
  const schemaReg = registry();
  schemaReg.add(
    definePart({
      slot: "schedule",
      id: "fn-opt",
      options: z.strictObject({ f: z.custom<() => void>((v) => typeof v === "function") }),
      create: () => ({ value: () => 0 }) as never,
    }),
  );
  await probe(
    P,
    "registry.jsonSchema() with a part whose options use z.custom()",
    () => schemaReg.jsonSchema(),
    {
      expect: "accept",
      note: "should degrade or name the part",
    },
  );
  const schemaReg2 = registry();
  schemaReg2.add(
    definePart({
      slot: "schedule",
      id: "fn-opt2",
      options: z.strictObject({ f: z.function() as never }),
      create: () => ({ value: () => 0 }) as never,
    }),
  );
  await probe(
    P,
    "registry.jsonSchema() with a part whose options contain z.function()",
    () => schemaReg2.jsonSchema(),
    {
      expect: "accept",
      note: "should degrade or name the part",
    },
  );

  // spaces
  await probe(P, "new Discrete(0)", () => new Discrete(0));
  await probe(P, "new Discrete(-2)", () => new Discrete(-2));
  await probe(P, "new Discrete(2.5)", () => new Discrete(2.5));
  await probe(P, "new Discrete(NaN)", () => new Discrete(Number.NaN));
  await probe(P, "new Discrete(Infinity)", () => new Discrete(Number.POSITIVE_INFINITY));
  await probe(P, 'new Discrete("2")', () => new Discrete("2" as never));
  await probe(P, "new Discrete(2, 0.5)", () => new Discrete(2, 0.5));
  await probe(P, "new Discrete(2 ** 60)", () => new Discrete(2 ** 60));
  await probe(P, "new Discrete(2 ** 40).sample(rng)", () => new Discrete(2 ** 40).sample(createRng(0)), {
    expect: "accept",
    note: "only if n > 2^32 is supported by sample",
  });
  await probe(P, "new Box(1, 0, [2])", () => new Box(1, 0, [2]));
  await probe(P, "new Box(0, 1, [-1])", () => new Box(0, 1, [-1]));
  await probe(P, "new Box(0, 1, [2.5])", () => new Box(0, 1, [2.5]));
  await probe(P, "new Box(0, 1, [0])", () => new Box(0, 1, [0]), {
    expect: "accept",
    note: "numpy allows empty boxes",
  });
  await probe(P, "new Box(NaN, 1, [2])", () => new Box(Number.NaN, 1, [2]));
  await probe(P, "new Box([0, 0], [1, 1, 1])", () => new Box([0, 0], [1, 1, 1]));
  await probe(P, "new Box([0, 0, 0], [1, 1, 1], [2])", () => new Box([0, 0, 0], [1, 1, 1], [2]));
  await probe(P, 'new Box(0, 1, [2], "int8")', () => new Box(0, 1, [2], "int8" as never));
  await probe(P, "new Box(0, 1)", () => new Box(0, 1), {
    expect: "accept",
    note: "Gymnasium: scalar bounds give shape (1,)",
  });
  await probe(P, 'new Box("0", "1", [2])', () => new Box("0" as never, "1" as never, [2]));
  await probe(P, 'new Box(0, 1, "4")', () => new Box(0, 1, "4" as never));
  await probe(P, "new Box(0, 1e40, [1]) (float32 overflow)", () => new Box(0, 1e40, [1]).toString(), {
    expect: "accept",
    note: "Gymnasium casts to inf with a warning",
  });
  const b = new Box(-1, 1, [2]);
  await probe(P, "box.contains(null)", () => b.contains(null), { expect: "accept", note: "false is right" });
  await probe(P, "box.contains([0, 0]) (plain array)", () => b.contains([0, 0]), {
    expect: "accept",
    note: "false (dtype) is right",
  });
  await probe(P, "box.contains(Float32Array[NaN, 0])", () => b.contains(new Float32Array([Number.NaN, 0])), {
    expect: "accept",
    note: "false is right",
  });
  await probe(P, "box.sample(undefined)", () => b.sample(undefined as never));
  await probe(P, "box.sample({})", () => b.sample({} as never));
  await probe(
    P,
    "new Box(-Infinity, Infinity, [2]).sample(rng)",
    () => new Box(-Infinity, Infinity, [2]).sample(createRng(0)),
    {
      expect: "accept",
      note: "Gymnasium samples a normal",
    },
  );
  const d = new Discrete(3);
  await probe(P, 'discrete.contains("1")', () => d.contains("1"), {
    expect: "accept",
    note: "false is right",
  });
  await probe(P, "discrete.contains(1.5)", () => d.contains(1.5), {
    expect: "accept",
    note: "false is right",
  });
  await probe(P, "discrete.sample(undefined)", () => d.sample(undefined as never));
  await probe(P, "spaceFromJSON(undefined)", () => spaceFromJSON(undefined));
  await probe(P, 'spaceFromJSON({ type: "Tuple" })', () => spaceFromJSON({ type: "Tuple" }));
  await probe(P, 'spaceFromJSON({ type: "Discrete", n: -1, start: 0 })', () =>
    spaceFromJSON({ type: "Discrete", n: -1, start: 0 }),
  );
  await probe(
    P,
    'spaceFromJSON({ type: "Discrete", n: 2 }) (no start)',
    () => spaceFromJSON({ type: "Discrete", n: 2 }),
    {
      expect: "accept",
      note: "start could default to 0",
    },
  );
  await probe(P, 'spaceFromJSON({ type: "Box", low: [0], high: ["x"], shape: [1], dtype: "float32" })', () =>
    spaceFromJSON({ type: "Box", low: [0], high: ["x"], shape: [1], dtype: "float32" }),
  );
  await probe(P, 'spaceFromJSON({ type: "Box", low: [0, 0], high: [1], shape: [2], dtype: "float32" })', () =>
    spaceFromJSON({ type: "Box", low: [0, 0], high: [1], shape: [2], dtype: "float32" }),
  );
  await probe(P, 'spaceFromJSON({ type: "Box", low: [0], high: [1], shape: [1] }) (no dtype)', () =>
    spaceFromJSON({ type: "Box", low: [0], high: [1], shape: [1] }),
  );
  await probe(P, 'spaceFromJSON("Discrete(2)")', () => spaceFromJSON("Discrete(2)"));

  // RNG
  await probe(P, "createRng(-1)", () => createRng(-1));
  await probe(P, "createRng(1.5)", () => createRng(1.5));
  await probe(P, 'createRng("7")', () => createRng("7" as never));
  await probe(P, "createRng(NaN)", () => createRng(Number.NaN));
  await probe(P, "createRng(2 ** 53)", () => createRng(2 ** 53));
  await probe(P, "createRng(undefined)", () => createRng(undefined as never));
  await probe(P, "createNumpyRng(-5)", () => createNumpyRng(-5));
  await probe(P, "createNumpyRng(1.5)", () => createNumpyRng(1.5));
  await probe(P, "createNumpyRng(undefined)", () => createNumpyRng(undefined).float(), {
    expect: "accept",
    note: "OS entropy, as numpy",
  });
  const rng = createRng(3);
  const rngState = () => rng.getState();
  await probe(P, "rng.int(0)", () => rng.int(0), { state: rngState });
  await probe(P, "rng.int(-3)", () => rng.int(-3), { state: rngState });
  await probe(P, "rng.int(2.5)", () => rng.int(2.5), { state: rngState });
  await probe(P, "rng.int(NaN)", () => rng.int(Number.NaN), { state: rngState });
  await probe(P, "rng.int(2 ** 33)", () => rng.int(2 ** 33), { state: rngState });
  await probe(P, "rng.uniform(NaN, 1)", () => rng.uniform(Number.NaN, 1), {
    note: "hot-path primitive: NaN in/out may be by design",
  });
  await probe(P, "rng.uniform(1, 0) (low > high)", () => rng.uniform(1, 0), {
    note: "numpy allows it; document or reject",
  });
  await probe(P, "rng.uniform(-Infinity, Infinity)", () => rng.uniform(-Infinity, Infinity), {
    note: "hot-path primitive: NaN in/out may be by design",
  });
  await probe(P, 'rng.uniform("0", "1")', () => rng.uniform("0" as never, "1" as never));
  await probe(P, "rng.integers(5, 5)", () => rng.integers(5, 5), { state: rngState });
  await probe(P, "rng.normal(0, -1)", () => rng.normal(0, -1), { note: "numpy: scale < 0 raises" });
  await probe(P, "rng.normal(0, NaN)", () => rng.normal(0, Number.NaN), {
    note: "hot-path primitive: NaN in/out may be by design",
  });
  await probe(P, "rng.choice(3, 5)", () => rng.choice(3, 5), { state: rngState });
  await probe(P, "rng.choice(-1, 0)", () => rng.choice(-1, 0), { state: rngState });
  await probe(P, "rng.choice(5, 2.5)", () => rng.choice(5, 2.5), { state: rngState });
  await probe(P, "rng.choice(5, 3, new Int32Array(2))", () => rng.choice(5, 3, new Int32Array(2)), {
    state: rngState,
  });
  await probe(
    P,
    "rng.choice(5, 2, [0, 0] as never) (plain array out)",
    () => rng.choice(5, 2, [0, 0] as never),
    {
      expect: "accept",
    },
  );
  await probe(
    P,
    "rng.choice(2 ** 32, 64) — any value < 0 in 200 draws?",
    () => {
      let neg = 0;
      for (let i = 0; i < 200; i++) for (const v of createRng(i).choice(2 ** 32, 64)) if (v < 0) neg++;
      if (neg > 0) return `${neg} negative indices (Int32Array overflow)`;
      return "all non-negative";
    },
    { note: "n up to 2^32 is allowed, but results go into an Int32Array" },
  );
  await probe(
    P,
    "rng.choice(1e9, 300000) (sparse k, child process, 5 s)",
    () => isolated("@gymkit/core", "return m.createRng(0).choice(1e9, 300000).length;", 5000),
    { expect: "accept", note: "valid input; dedup by linear scan is O(k²)" },
  );
  await probe(P, "rng.fork(42)", () => rng.fork(42 as never).float(), {
    expect: "accept",
    note: "label is typed string",
  });
  await probe(P, "rng.setState(undefined)", () => rng.setState(undefined as never), { state: rngState });
  await probe(
    P,
    'rng.setState({ algorithm: "pcg64", ... })',
    () => rng.setState(createNumpyRng(1).getState()),
    { state: rngState },
  );
  await probe(
    P,
    "rng.setState({ ...valid, state: [0, 0, 0, 0] })",
    () => {
      const s = rng.getState() as unknown as Record<string, unknown>;
      return rng.setState({ ...s, state: [0, 0, 0, 0] } as never);
    },
    { state: rngState, note: "all-zero xoroshiro state is degenerate" },
  );
  await probe(
    P,
    "rng.setState({ ...valid, state: [1, 2] })",
    () => {
      const s = rng.getState() as unknown as Record<string, unknown>;
      return rng.setState({ ...s, state: [1, 2] } as never);
    },
    { state: rngState },
  );
  const nrng = createNumpyRng(4);
  const nState = () => nrng.getState();
  await probe(P, "numpyRng.setState(xoroshiro state)", () => nrng.setState(createRng(1).getState()), {
    state: nState,
  });
  await probe(
    P,
    'numpyRng.setState({ algorithm: "pcg64", state: "garbage" })',
    () => nrng.setState({ algorithm: "pcg64", state: "garbage" } as never),
    { state: nState },
  );
  await probe(P, "numpyRng.int(0)", () => nrng.int(0), { state: nState });

  // wrappers
  const ce = () => new CartPoleEnv();
  await probe(P, "new TimeLimit(env, 0)", () => new TimeLimit(ce(), 0));
  await probe(P, "new TimeLimit(env, -1)", () => new TimeLimit(ce(), -1));
  await probe(P, "new TimeLimit(env, 1.5)", () => new TimeLimit(ce(), 1.5));
  await probe(P, "new TimeLimit(env, NaN)", () => new TimeLimit(ce(), Number.NaN));
  await probe(P, "new TimeLimit(undefined, 10)", () => new TimeLimit(undefined as never, 10));
  await probe(P, "new TimeLimit(env, Infinity)", () => new TimeLimit(ce(), Number.POSITIVE_INFINITY), {
    expect: "accept",
    note: "no limit, arguably fine",
  });
  await probe(
    P,
    "new RecordEpisodeStatistics(env, { bufferLength: 0 })",
    () => new RecordEpisodeStatistics(ce(), { bufferLength: 0 } as never),
  );
  await probe(
    P,
    "new RecordEpisodeStatistics(env, { nope: 1 })",
    () => new RecordEpisodeStatistics(ce(), { nope: 1 } as never),
  );
  const wrapped = reg.make("CartPole-v1");
  await probe(P, "make(CartPole-v1).step(0) before reset", () => wrapped.step(0), {
    state: () => (wrapped as never as { getState(): unknown }).getState(),
  });
  wrapped.reset({ seed: 1 });
  const wState = () => (wrapped as never as { getState(): unknown }).getState();
  await probe(P, "wrapped env.reset({ seed: -1 })", () => wrapped.reset({ seed: -1 }), { state: wState });
  await probe(
    P,
    "wrapped env.reset({ options: { low: 1, high: 0 } })",
    () => wrapped.reset({ options: { low: 1, high: 0 } }),
    {
      state: wState,
    },
  );
  await probe(
    P,
    "wrapped env.setState({})",
    () => (wrapped as never as { setState(s: unknown): void }).setState({}),
    { state: wState },
  );
  await probe(
    P,
    "wrapped env.setState(timeLimit with elapsedSteps: -4)",
    () => {
      const s = (wrapped as never as { getState(): Record<string, unknown> }).getState();
      return (wrapped as never as { setState(s: unknown): void }).setState({ ...s, elapsedSteps: -4 });
    },
    { state: wState },
  );
  await probe(
    P,
    "wrapped env.setState(timeLimit with elapsedSteps: 9999 > max)",
    () => {
      const s = (wrapped as never as { getState(): Record<string, unknown> }).getState();
      return (wrapped as never as { setState(s: unknown): void }).setState({ ...s, elapsedSteps: 9999 });
    },
    { state: wState, note: "a count above maxEpisodeSteps can never be reached" },
  );

  // SyncVectorEnv
  await probe(P, "new SyncVectorEnv([])", () => new SyncVectorEnv([]));
  await probe(P, "new SyncVectorEnv(undefined)", () => new SyncVectorEnv(undefined as never));
  await probe(P, "new SyncVectorEnv([() => 5])", () => new SyncVectorEnv([() => 5 as never]));
  await probe(P, "new SyncVectorEnv([5])", () => new SyncVectorEnv([5 as never]));
  await probe(
    P,
    "new SyncVectorEnv([cartpole, box-obs-3 env])",
    () =>
      new SyncVectorEnv([
        () => new CartPoleEnv(),
        () => Object.assign(new CartPoleEnv(), { observationSpace: new Box(0, 1, [3]) }) as never,
      ]),
  );
  await probe(
    P,
    'new SyncVectorEnv([f], { autoresetMode: "never" })',
    () => new SyncVectorEnv([() => new CartPoleEnv()], { autoresetMode: "never" as never }),
  );
  const sv = new SyncVectorEnv([() => reg.make("CartPole-v1"), () => reg.make("CartPole-v1")]);
  await probe(P, "syncVec.step([0, 1]) before reset", () => sv.step([0, 1]));
  sv.reset({ seed: 3 });
  const svState = () => sv.getState();
  await probe(P, "syncVec.step([0]) (too few actions)", () => sv.step([0]), { state: svState });
  await probe(P, "syncVec.step([0, 5])", () => sv.step([0, 5]), { state: svState });
  await probe(P, "syncVec.step([0, NaN])", () => sv.step([0, Number.NaN]), { state: svState });
  await probe(P, "syncVec.step(undefined)", () => sv.step(undefined as never), { state: svState });
  await probe(P, "syncVec.reset({ seed: [1] }) (1 seed, 2 envs)", () => sv.reset({ seed: [1] }), {
    state: svState,
  });
  await probe(
    P,
    "syncVec.reset({ mask: [true, false] }) in next-step mode",
    () => sv.reset({ mask: [true, false] }),
    {
      expect: "accept",
      note: "Gymnasium allows reset_mask in any mode; docs say disabled mode only",
    },
  );
  await probe(
    P,
    'syncVec.setState({ wrapper: "SyncVectorEnv" })',
    () => sv.setState({ wrapper: "SyncVectorEnv" } as never),
    {
      state: svState,
    },
  );
  sv.close();
  await probe(P, "syncVec.step([0, 1]) after close", () => sv.step([0, 1]));

  // checkEnv
  await probe(P, "checkEnv(undefined)", () => checkEnv(undefined as never), {
    expect: "accept",
    note: "documented: never throws",
  });
  await probe(P, "checkEnv({})", () => checkEnv({} as never), {
    expect: "accept",
    note: "documented: never throws; should report findings",
  });
  await probe(
    P,
    "checkEnv(env whose reset throws)",
    () =>
      checkEnv(
        Object.assign(new CartPoleEnv(), {
          reset() {
            throw new Error("reset exploded");
          },
        }) as never,
      ),
    { expect: "accept", note: "documented: never throws; findings are the answer" },
  );
  await probe(
    P,
    'checkEnv(env, { skipRenderCheck: "yes" })',
    () => checkEnv(new CartPoleEnv() as never, { nope: 1 } as never),
    {
      expect: "accept",
      note: "unknown option ignored",
    },
  );

  // train / evaluate
  const tenv = () => reg.make("CartPole-v1") as Env<Float32Array, number>;
  await probe(P, "train({ budget: { steps: 0 } })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 0 } }),
  );
  await probe(P, "train({ budget: { steps: -5 } })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: -5 } }),
  );
  await probe(P, "train({ budget: { steps: 1.5 } })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 1.5 } }),
  );
  await probe(P, "train({ budget: undefined })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: undefined as never }),
  );
  await probe(P, "train({ budget: { steps: Infinity } })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: Number.POSITIVE_INFINITY } }),
  );
  await probe(P, "train({ env: undefined })", () =>
    train({ env: undefined as never, agent: randomAgent(), budget: { steps: 10 } }),
  );
  await probe(P, "train({ env: {} })", () =>
    train({ env: {} as never, agent: randomAgent(), budget: { steps: 10 } }),
  );
  await probe(P, "train({ agent: undefined })", () =>
    train({ env: tenv(), agent: undefined as never, budget: { steps: 10 } }),
  );
  await probe(P, "train({ agent: {} })", () =>
    train({ env: tenv(), agent: {} as never, budget: { steps: 10 } }),
  );
  await probe(P, "train({ agent: act returns 7 })", () =>
    train({ env: tenv(), agent: { ...randomAgent(), act: () => 7 }, budget: { steps: 10 } }),
  );
  await probe(P, 'train({ agent: act returns "1" })', () =>
    train({ env: tenv(), agent: { ...randomAgent(), act: () => "1" as never }, budget: { steps: 10 } }),
  );
  await probe(P, "train(vector env, agent without actBatch)", () =>
    train({ env: reg.makeVec("CartPole-v1", 2), agent: randomAgent(), budget: { steps: 10 } }),
  );
  await probe(P, "train({ seed: -1 })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 10 }, seed: -1 }),
  );
  await probe(P, "train({ evaluation: { env, every: 0, episodes: 1 } })", () =>
    train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 10 },
      evaluation: { env: tenv(), every: 0, episodes: 1 },
    }),
  );
  await probe(P, "train({ evaluation: { env, every: 5, episodes: 0 } })", () =>
    train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 10 },
      evaluation: { env: tenv(), every: 5, episodes: 0 },
    }),
  );
  await probe(P, "train({ evaluation: { env: undefined, every: 5, episodes: 1 } })", () =>
    train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 10 },
      evaluation: { env: undefined as never, every: 5, episodes: 1 },
    }),
  );
  await probe(P, "train({ checkpoint: { every: 0, save } })", () =>
    train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 10 },
      checkpoint: { every: 0, save: async () => undefined },
    }),
  );
  await probe(P, "train({ checkpoint: { every: 5 } }) (no save)", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 10 }, checkpoint: { every: 5 } as never }),
  );
  await probe(
    P,
    "train({ checkpoint: { every: 5, save: throws } })",
    () =>
      train({
        env: tenv(),
        agent: randomAgent(),
        budget: { steps: 10 },
        checkpoint: {
          every: 5,
          save: async () => {
            throw new Error("disk full");
          },
        },
      }),
    { verdict: "ok: the hook's own error propagates unchanged" },
  );
  await probe(P, 'train({ shouldStop: "yes" })', () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 10 }, shouldStop: "yes" as never }),
  );
  await probe(P, "train({ signal: {} })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 10 }, signal: {} as never }),
  );
  await probe(P, "train({ onEvaluation: 5, evaluation })", () =>
    train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 10 },
      evaluation: { env: tenv(), every: 5, episodes: 1 },
      onEvaluation: 5 as never,
    }),
  );
  await probe(P, "train({ resume: {} })", () =>
    train({ env: tenv(), agent: randomAgent(), budget: { steps: 10 }, resume: {} as never }),
  );
  await probe(P, "train({ resume: state from a 2-env vector run }) on a scalar env", async () => {
    let saved: unknown;
    const venv = reg.makeVec("CartPole-v1", 2);
    await train({
      env: venv,
      agent: {
        ...randomAgent(),
        actBatch: (_o: Float32Array, n: number, _x: unknown, out = new Int32Array(n)) => out,
      } as never,
      budget: { steps: 20 },
      checkpoint: {
        every: 10,
        save: async (_s, st) => {
          saved = st();
          return undefined;
        },
      },
    });
    return train({ env: tenv(), agent: randomAgent(), budget: { steps: 40 }, resume: saved as never });
  });
  await probe(P, "train({ resume: state with step > budget })", async () => {
    let saved: Record<string, unknown> | undefined;
    await train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 20 },
      checkpoint: {
        every: 10,
        save: async (_s, st) => {
          saved = st() as never;
          return undefined;
        },
      },
    });
    return train({ env: tenv(), agent: randomAgent(), budget: { steps: 5 }, resume: saved as never });
  });
  await probe(P, "train({ resume }) on an env that is not StatefulEnv", async () => {
    let saved: unknown;
    await train({
      env: tenv(),
      agent: randomAgent(),
      budget: { steps: 20 },
      checkpoint: {
        every: 10,
        save: async (_s, st) => {
          saved = st();
          return undefined;
        },
      },
    });
    const plain = new CartPoleEnv();
    const noState = {
      observationSpace: plain.observationSpace,
      actionSpace: plain.actionSpace,
      metadata: plain.metadata,
      reset: (a: never) => plain.reset(a),
      step: (a: number) => plain.step(a),
      render: () => undefined,
      close() {},
    };
    return train({
      env: noState as never,
      agent: randomAgent(),
      budget: { steps: 40 },
      resume: saved as never,
    });
  });
  await probe(P, "evaluate(env, agent, { episodes: 0 })", () =>
    evaluate(tenv(), randomAgent(), { episodes: 0 }),
  );
  await probe(P, "evaluate(env, agent, { episodes: 1.5 })", () =>
    evaluate(tenv(), randomAgent(), { episodes: 1.5 }),
  );
  await probe(P, "evaluate(env, agent, undefined)", () =>
    evaluate(tenv(), randomAgent(), undefined as never),
  );
  await probe(P, "evaluate(env, agent, { episodes: 1, seed: -1 })", () =>
    evaluate(tenv(), randomAgent(), { episodes: 1, seed: -1 }),
  );
  await probe(P, "evaluate(env, agent, { episodes: 1, maxEpisodeSteps: 0 })", () =>
    evaluate(tenv(), randomAgent(), { episodes: 1, maxEpisodeSteps: 0 }),
  );
  await probe(P, "evaluate(undefined, agent, { episodes: 1 })", () =>
    evaluate(undefined as never, randomAgent(), { episodes: 1 }),
  );
  await probe(P, "evaluate(env, {}, { episodes: 1 })", () => evaluate(tenv(), {} as never, { episodes: 1 }));
  await probe(
    P,
    "evaluate(unwrapped CartPoleEnv, always-right agent, { episodes: 1 }) with no limit",
    () => evaluate(new CartPoleEnv(), { act: () => 1 }, { episodes: 1 }),
    { expect: "accept", note: "terminates by physics" },
  );

  // parseOptions
  const schema = z.strictObject({ every: z.number().int().min(1) });
  await probe(P, 'parseOptions(schema, { every: 0 }, { path: "x" })', () =>
    parseOptions(schema, { every: 0 }, { path: "x" }),
  );
  await probe(P, 'parseOptions(schema, { evry: 1 }, { path: "x" })', () =>
    parseOptions(schema, { evry: 1 }, { path: "x" }),
  );
  await probe(P, 'parseOptions(schema, null, { path: "x" })', () =>
    parseOptions(schema, null, { path: "x" }),
  );
  await probe(
    P,
    "parseOptions(schema, { every: 1 }, undefined)",
    () => parseOptions(schema, { every: 1 }, undefined as never),
    {
      expect: "accept",
    },
  );
  await probe(P, 'parseOptions(schema, { every: "x" }, undefined)', () =>
    parseOptions(schema, { every: "x" }, undefined as never),
  );
  await probe(P, 'parseOptions("not a schema", {}, { path: "x" })', () =>
    parseOptions("nope" as never, {}, { path: "x" }),
  );

  // @gymkit/core/node
  const aFile = fileAt("plain-file");
  await probe(P, 'writeFileAtomic(<file>/child, "x") (parent is a file)', () =>
    writeFileAtomic(join(aFile, "child"), "x"),
  );
  mkdirSync(join(TMP, "a-dir"), { recursive: true });
  await probe(P, 'writeFileAtomic(<existing dir>, "x")', () => writeFileAtomic(join(TMP, "a-dir"), "x"));
  await probe(P, 'writeFileAtomic("", "x")', () => writeFileAtomic("", "x"));
  await probe(P, "writeFileAtomic(path, 42)", () => writeFileAtomic(join(TMP, "num.txt"), 42 as never));
  await probe(P, 'writeFileAtomic("/sys/gymkit-x/f", "x") (unwritable)', () =>
    writeFileAtomic("/sys/gymkit-x/f", "x"),
  );
  await probe(P, "writeDirAtomic(<file>/child, { a })", () =>
    writeDirAtomic(join(aFile, "child"), { a: new Uint8Array(1) }),
  );
  await probe(
    P,
    "writeDirAtomic(<existing file>, { a })",
    () => writeDirAtomic(aFile, { a: new Uint8Array(1) }),
    {
      state: () => readFileSync(aFile, "utf8"),
    },
  );
  await probe(P, 'writeDirAtomic("", { a })', () => writeDirAtomic("", { a: new Uint8Array(1) }), {
    note: '"" resolves to the cwd: must not replace it',
  });
  await probe(P, 'writeDirAtomic(dir, { "../x": bytes })', () =>
    writeDirAtomic(join(TMP, "wd1"), { "../x": new Uint8Array(1) }),
  );
  await probe(P, 'writeDirAtomic(dir, { a: "text" })', () =>
    writeDirAtomic(join(TMP, "wd2"), { a: "text" as never }),
  );
  await probe(P, "writeDirAtomic(dir, undefined)", () =>
    writeDirAtomic(join(TMP, "wd3"), undefined as never),
  );
  mkdirSync(join(TMP, "foreign"), { recursive: true });
  writeFileSync(join(TMP, "foreign", "keep.txt"), "mine");
  await probe(
    P,
    "writeDirAtomic(non-empty dir, files, { isOurs: () => false })",
    () => writeDirAtomic(join(TMP, "foreign"), { a: new Uint8Array(1) }, { isOurs: async () => false }),
    { state: () => readFileSync(join(TMP, "foreign", "keep.txt"), "utf8") },
  );
  await probe(P, 'writeDirAtomic("/sys/gymkit-x", { a })', () =>
    writeDirAtomic("/sys/gymkit-x", { a: new Uint8Array(1) }),
  );
  await probe(P, "readDirFiles(missing dir)", () => readDirFiles(join(TMP, "missing")));
  await probe(P, "readDirFiles(<file>)", () => readDirFiles(aFile));
  await probe(P, 'readDirFiles("")', () => readDirFiles(""), { note: "reads the cwd's files" });
  await probe(P, "readDirFiles(undefined)", () => readDirFiles(undefined as never));
}

// ---------------------------------------------------------------------------------------------
// @gymkit/env-cartpole
// ---------------------------------------------------------------------------------------------

// @gymkit/env-box2d
// ---------------------------------------------------------------------------------------------

async function probeBox2D(): Promise<void> {
  const P = "env-box2d";
  for (const [label, o] of [
    ["{ gravity: -12 }", { gravity: -12 }],
    ['{ gravity: "moon" }', { gravity: "moon" }],
    ['{ continuous: "yes" }', { continuous: "yes" }],
    ['{ renderMode: "human" }', { renderMode: "human" }],
    ["{ enableWnd: true }", { enableWnd: true }],
    ["{ windPower: 25 } (Gymnasium warns)", { windPower: 25, warn: () => {} }],
    ['"v3"', "v3"],
  ] as Array<[string, unknown]>) {
    await probe(P, `new LunarLanderEnv(${label})`, () => new LunarLanderEnv(o as never), {
      ...(label.includes("warns")
        ? { verdict: "ok: Gymnasium accepts it with a warning, and so does gymkit" }
        : {}),
    });
  }
  const reg = new Registry().use(box2d);
  const env = reg.make("LunarLander-v3");
  env.reset({ seed: 1 });
  const st = () => (env as never as { getState(): unknown }).getState();
  for (const [label, a] of [
    ["4", 4],
    ["-1", -1],
    ["0.5", 0.5],
    ["NaN", Number.NaN],
    ['"2"', "2"],
    ["[2]", [2]],
  ] as Array<[string, unknown]>) {
    await probe(P, `make("LunarLander-v3").step(${label})`, () => env.step(a as never), { state: st });
  }
  const cont = new LunarLanderEnv({ continuous: true });
  cont.reset({ seed: 1 });
  const cst = () => cont.getState();
  for (const [label, a] of [
    ["Float32Array.of(1)", Float32Array.of(1)],
    ["1", 1],
    ['["1", 0]', ["1", 0]],
  ] as Array<[string, unknown]>) {
    await probe(P, `new LunarLanderEnv({ continuous: true }).step(${label})`, () => cont.step(a as never), {
      state: cst,
    });
  }
  await probe(P, "new LunarLanderEnv().step(0) before any reset", () => new LunarLanderEnv().step(0));
  await probe(P, "lander.reset({ options: { low: 0 } })", () =>
    new LunarLanderEnv().reset({ options: { low: 0 } }),
  );
  await probe(P, "lander.reset({ seed: -3 })", () => new LunarLanderEnv().reset({ seed: -3 }));
  const bare = new LunarLanderEnv();
  bare.reset({ seed: 2 });
  bare.step(2);
  const bst = () => JSON.stringify(bare.getState());
  const saved = bare.getState() as Record<string, unknown>;
  await probe(P, "lander.setState(null)", () => bare.setState(null), { state: bst });
  await probe(P, 'lander.setState({ env: "CartPole" })', () => bare.setState({ env: "CartPole" }), {
    state: bst,
  });
  await probe(
    P,
    "lander.setState(state with one observation number changed)",
    () =>
      bare.setState({
        ...saved,
        observation: (saved.observation as number[]).map((v, i) => (i ? v : v + 1)),
      }),
    { state: bst },
  );
  await probe(
    P,
    "lander.setState(a continuous lander's state)",
    () => bare.setState(new LunarLanderEnv({ continuous: true }).getState()),
    { state: bst },
  );
  await probe(P, "new LunarLanderVector(0)", () => new LunarLanderVector(0));
  await probe(P, "new LunarLanderVector(1e6)", () => new LunarLanderVector(1e6));
  const vec = new LunarLanderVector(2);
  vec.reset({ seed: 0 });
  await probe(P, "lunarLanderVector(2).step([0])", () => vec.step([0]));
  await probe(P, "lunarLanderVector(2).step([0, 7])", () => vec.step([0, 7]));
  await probe(P, 'makeVec("LunarLander-v3", 2, { autoresetMode: "never" })', () =>
    reg.makeVec("LunarLander-v3", 2, { autoresetMode: "never" as never }),
  );
}

async function probeCartPole(): Promise<void> {
  const P = "env-cartpole";
  await probe(
    P,
    'new CartPoleEnv({ renderMode: "human" })',
    () => new CartPoleEnv({ renderMode: "human" as never }),
  );
  await probe(
    P,
    'new CartPoleEnv({ kinematicsIntegrator: "rk4" })',
    () => new CartPoleEnv({ kinematicsIntegrator: "rk4" as never }),
  );
  await probe(
    P,
    'new CartPoleEnv({ suttonBartoReward: "yes" })',
    () => new CartPoleEnv({ suttonBartoReward: "yes" as never }),
  );
  await probe(P, "new CartPoleEnv({ gravity: 3 })", () => new CartPoleEnv({ gravity: 3 } as never));
  await probe(P, "new CartPoleEnv({ warn: 5 })", () => new CartPoleEnv({ warn: 5 as never }));
  await probe(P, "new CartPoleEnv(null)", () => new CartPoleEnv(null as never));
  await probe(P, 'new CartPoleEnv("v1")', () => new CartPoleEnv("v1" as never));
  await probe(
    P,
    "new CartPoleEnv({ maxEpisodeSteps: 10 })",
    () => new CartPoleEnv({ maxEpisodeSteps: 10 } as never),
    {
      note: "make-level option on the bare env",
    },
  );
  await probe(P, "new CartPoleVector(0)", () => new CartPoleVector(0));
  await probe(P, "new CartPoleVector(-1)", () => new CartPoleVector(-1));
  await probe(P, "new CartPoleVector(1.5)", () => new CartPoleVector(1.5));
  await probe(P, 'new CartPoleVector("2")', () => new CartPoleVector("2" as never));
  await probe(P, "new CartPoleVector(2 ** 31) (child process, 384 MB heap)", () =>
    isolated("@gymkit/env-cartpole", "return String(new m.CartPoleVector(2 ** 31));", 20_000),
  );

  await probe(
    P,
    "new CartPoleVector(2, { maxEpisodeSteps: 0 })",
    () => new CartPoleVector(2, { maxEpisodeSteps: 0 }),
  );
  await probe(
    P,
    'new CartPoleVector(2, { autoresetMode: "x" })',
    () => new CartPoleVector(2, { autoresetMode: "x" as never }),
  );
  await probe(
    P,
    'new CartPoleVector(2, { renderMode: "ansi" })',
    () => new CartPoleVector(2, { renderMode: "ansi" }),
  );

  const reg = registry();
  const env = reg.make("CartPole-v1");
  env.reset({ seed: 7 });
  env.step(0);
  const st = () => (env as never as { getState(): unknown }).getState();
  for (const [label, a] of [
    ["NaN", Number.NaN],
    ["-1", -1],
    ["2", 2],
    ['"1"', "1"],
    ["1.5", 1.5],
    ["undefined", undefined],
    ["null", null],
    ["true", true],
    ["[1]", [1]],
    ["1n", 1n],
  ] as Array<[string, unknown]>) {
    await probe(P, `make("CartPole-v1").step(${label})`, () => env.step(a as never), { state: st });
  }
  const bare = new CartPoleEnv();
  bare.reset({ seed: 1 });
  const bst = () => bare.getState();
  await probe(P, "new CartPoleEnv().step(2) (unwrapped)", () => bare.step(2), { state: bst });
  await probe(P, "new CartPoleEnv().step(Infinity) (unwrapped)", () => bare.step(Number.POSITIVE_INFINITY), {
    state: bst,
  });
  const fresh = new CartPoleEnv();
  await probe(P, "new CartPoleEnv().step(0) before any reset", () => fresh.step(0), {
    note: "Gymnasium asserts 'Call reset before using step method.'",
  });
  for (const [label, args] of [
    ["{ seed: -1 }", { seed: -1 }],
    ["{ seed: 1.5 }", { seed: 1.5 }],
    ['{ seed: "x" }', { seed: "x" }],
    ["{ seed: 2 ** 64 }", { seed: 2 ** 64 }],
    ["{ options: { low: 1, high: 0 } }", { options: { low: 1, high: 0 } }],
    ["{ options: { low: NaN } }", { options: { low: Number.NaN } }],
    ['{ options: { low: "a" } }', { options: { low: "a" } }],
    ["{ options: { low: -10, high: 10 } }", { options: { low: -10, high: 10 } }],
    ["{ options: { hihg: 0.1 } }", { options: { hihg: 0.1 } }],
    ["{ options: 5 }", { options: 5 }],
    ["5", 5],
    ["null", null],
  ] as Array<[string, unknown]>) {
    await probe(P, `cartpole.reset(${label})`, () => bare.reset(args as never), {
      state: bst,
      expect: label.includes("-10") ? "accept" : "reject",
      note: label.includes("-10")
        ? "Gymnasium accepts wide bounds (state starts outside thresholds)"
        : undefined,
    });
  }
  // setState garbage
  const good = bare.getState() as Record<string, unknown>;
  for (const [label, s] of [
    ["undefined", undefined],
    ["{}", {}],
    ['"state"', "state"],
    ["{ ...good, state: [0, 0, 0] }", { ...good, state: [0, 0, 0] }],
    ["{ ...good, state: [NaN, 0, 0, 0] }", { ...good, state: [Number.NaN, 0, 0, 0] }],
    ['{ ...good, state: ["0", 0, 0, 0] }', { ...good, state: ["0", 0, 0, 0] }],
    ["{ ...good, stepsBeyondTerminated: -1 }", { ...good, stepsBeyondTerminated: -1 }],
    ["{ ...good, rng: null }", { ...good, rng: null }],
    ['{ ...good, env: "MountainCar" }', { ...good, env: "MountainCar" }],
    ["{ ...good, extra: 1 }", { ...good, extra: 1 }],
  ] as Array<[string, unknown]>) {
    await probe(P, `cartpole.setState(${label})`, () => bare.setState(s as never), { state: bst });
  }
  await probe(
    P,
    "cartpole.state = [1, 2] (setter)",
    () => {
      (bare as unknown as { state: unknown }).state = [1, 2];
    },
    { state: bst },
  );
  await probe(P, "new CartPoleEnv().render() with no renderMode", () => new CartPoleEnv().render(), {
    expect: "accept",
    note: "Gymnasium warns and returns None",
  });
  // vector env
  const vec = new CartPoleVector(3);
  vec.reset({ seed: 1 });
  const vst = () => vec.getState();
  for (const [label, a] of [
    ["[0, 1]", [0, 1]],
    ["[0, 1, 2]", [0, 1, 2]],
    ["[0, 1, NaN]", [0, 1, Number.NaN]],
    ['["0", "1", "1"]', ["0", "1", "1"]],
    ["Float32Array[0, 0.5, 1]", new Float32Array([0, 0.5, 1])],
    ["undefined", undefined],
    ["[0, 1, 1, 1] (too many)", [0, 1, 1, 1]],
  ] as Array<[string, unknown]>) {
    vec.reset({ seed: 1 }); // a step that threw leaves the vector needing a reset
    await probe(P, `cartPoleVector(3).step(${label}) (after reset)`, () => vec.step(a as never), {
      state: vst,
    });
  }
  await probe(P, "cartPoleVector(3).reset({ seed: [1, 2] })", () => vec.reset({ seed: [1, 2] }), {
    state: vst,
  });
  await probe(P, "cartPoleVector(3).reset({ seed: -1 })", () => vec.reset({ seed: -1 }), { state: vst });
  await probe(
    P,
    "cartPoleVector(3).reset({ mask: [1, 0, 0] }) (next-step mode)",
    () => vec.reset({ mask: [1, 0, 0] }),
    {
      expect: "accept",
      note: "as SyncVectorEnv",
    },
  );
  await probe(P, "cartPoleVector(3).setState({})", () => vec.setState({} as never), { state: vst });
  await probe(
    P,
    "cartPoleVector(3).setState(state of a 2-env vector)",
    () => {
      const v2 = new CartPoleVector(2);
      v2.reset({ seed: 0 });
      return vec.setState(v2.getState());
    },
    { state: vst },
  );
  await probe(P, "cartPoleVector(3).stateOf(5)", () => vec.stateOf(5));
  await probe(P, "cartPoleVector(3).stateOf(-1)", () => vec.stateOf(-1));
}

// ---------------------------------------------------------------------------------------------
// @gymkit/replay-memory
// ---------------------------------------------------------------------------------------------

async function probeReplay(): Promise<void> {
  const P = "replay-memory";
  const sp = spaces();
  for (const [label, o] of [
    ["{ capacity: 0, ...spaces }", { capacity: 0, ...sp }],
    ["{ capacity: -1, ...spaces }", { capacity: -1, ...sp }],
    ["{ capacity: 1.5, ...spaces }", { capacity: 1.5, ...sp }],
    ["{ capacity: 2 ** 29, ...spaces }", { capacity: 2 ** 29, ...sp }],
    ['{ capacity: "10", ...spaces }', { capacity: "10", ...sp }],
    ["{ capacity: 10 } (no spaces)", { capacity: 10 }],
    [
      "{ capacity: 10, observationSpace: Discrete(3), actionSpace }",
      { capacity: 10, observationSpace: new Discrete(3), actionSpace: sp.actionSpace },
    ],
    [
      "{ capacity: 10, observationSpace, actionSpace: Box }",
      { capacity: 10, observationSpace: sp.observationSpace, actionSpace: box4() },
    ],
    ["{ capacity: 10, ...spaces, replacment: true }", { capacity: 10, ...sp, replacment: true }],
    ["undefined", undefined],
  ] as Array<[string, unknown]>) {
    // Issue 21: Discrete observations are stored one-hot and float32 Box actions in a float column.
    const valid = label.includes("Discrete(3)") || label.includes("actionSpace: Box");
    await probe(
      P,
      `new UniformReplayBuffer(${label})`,
      () => new UniformReplayBuffer(o),
      valid
        ? { expect: "accept", note: "valid since issue 21 (one-hot observations, Box action column)" }
        : {},
    );
  }
  await probe(
    P,
    "new PrioritizedReplayBuffer({ alpha: -1, ...spaces })",
    () => new PrioritizedReplayBuffer({ capacity: 8, alpha: -1, ...sp }),
  );
  await probe(
    P,
    "new PrioritizedReplayBuffer({ beta: 2, ...spaces })",
    () => new PrioritizedReplayBuffer({ capacity: 8, beta: 2, ...sp }),
  );
  await probe(
    P,
    "new PrioritizedReplayBuffer({ epsilon: 0, ...spaces })",
    () => new PrioritizedReplayBuffer({ capacity: 8, epsilon: 0, ...sp }),
  );
  await probe(
    P,
    "new PrioritizedReplayBuffer({ betaAnnealSteps: 0, ...spaces })",
    () => new PrioritizedReplayBuffer({ capacity: 8, betaAnnealSteps: 0, ...sp }),
  );
  await probe(
    P,
    "new PrioritizedReplayBuffer({ beta: 0.9, betaFinal: 0.5 }) (anneal downwards)",
    () => new PrioritizedReplayBuffer({ capacity: 8, beta: 0.9, betaFinal: 0.5, ...sp }),
    { expect: "accept", note: "unusual, not invalid" },
  );
  await probe(
    P,
    "new OnlineReplayBuffer({ capacity: 0, ...spaces })",
    () => new OnlineReplayBuffer({ capacity: 0, ...sp }),
  );
  await probe(
    P,
    "new OnlineReplayBuffer({ ...spaces, replacement: true })",
    () => new OnlineReplayBuffer({ ...sp, replacement: true }),
  );

  const buffers = {
    uniform: new UniformReplayBuffer({ capacity: 16, ...sp }),
    prioritized: new PrioritizedReplayBuffer({ capacity: 16, ...sp }),
    online: new OnlineReplayBuffer({ capacity: 4, ...sp }),
  };
  for (const b of Object.values(buffers)) for (let i = 0; i < 6; i++) b.add(tr({ reward: i }));
  for (const [kind, b] of Object.entries(buffers)) {
    const st = () => bufferState(b);
    const add = (label: string, t: unknown) =>
      probe(P, `${kind}.add(${label})`, () => b.add(t as never), { state: st });
    await add("{ observation: length 3 }", tr({ observation: new Float32Array(3) }));
    await add("{ nextObservation: length 5 }", tr({ nextObservation: new Float32Array(5) }));
    await add("{ observation: [NaN,…] }", tr({ observation: new Float32Array([Number.NaN, 0, 0, 0]) }));
    await add(
      "{ observation: [1e39 (beyond f32),…] } (Float64Array)",
      tr({ observation: new Float64Array([1e39, 0, 0, 0]) }),
    );
    await add('{ observation: ["1", 0, 0, 0] }', tr({ observation: ["1", 0, 0, 0] }));
    await add("{ action: 2 }", tr({ action: 2 }));
    await add("{ action: -1 }", tr({ action: -1 }));
    await add("{ action: 0.5 }", tr({ action: 0.5 }));
    await add('{ action: "1" }', tr({ action: "1" }));
    await add("{ reward: NaN }", tr({ reward: Number.NaN }));
    await add("{ reward: Infinity }", tr({ reward: Number.POSITIVE_INFINITY }));
    await add('{ reward: "1" }', tr({ reward: "1" }));
    await add('{ terminated: "false" }', tr({ terminated: "false" }));
    await add("{ truncated: 1 }", tr({ truncated: 1 }));
    await add("undefined", undefined);
    await add("{} ", {});
    const batch = (over: Record<string, unknown>) => ({
      count: 2,
      observations: new Float32Array(8),
      actions: [0, 1],
      rewards: [1, 1],
      nextObservations: new Float32Array(8),
      terminated: [0, 1],
      truncated: [false, false],
      ...over,
    });
    const addB = (label: string, x: unknown) =>
      probe(P, `${kind}.addBatch(${label})`, () => b.addBatch(x as never), { state: st });
    await addB("{ count: 2, observations: length 7 }", batch({ observations: new Float32Array(7) }));
    await addB("{ count: 2, actions: [0, 5] } (row 1 bad)", batch({ actions: [0, 5] }));
    await addB("{ count: 2, rewards: [1, NaN] }", batch({ rewards: [1, Number.NaN] }));
    await addB("{ count: 2, terminated: [0, 2] }", batch({ terminated: [0, 2] }));
    await addB("{ count: -1 }", batch({ count: -1 }));
    await addB("{ count: 1.5 }", batch({ count: 1.5 }));
    await addB("{ count: 3 } (arrays hold 2)", batch({ count: 3 }));
    await probe(P, `${kind}.addBatch({ count: 0 })`, () => b.addBatch(batch({ count: 0 }) as never), {
      state: st,
      expect: "accept",
      note: "empty batch, no-op",
    });
    await addB("undefined", undefined);
    await addB("{ count: 2, actions: undefined }", batch({ actions: undefined }));
    const rng = createRng(1);
    const sm = (label: string, f: () => unknown, expect?: "accept") =>
      probe(P, `${kind}.sample(${label})`, f, { state: st, expect });
    await sm("0, rng", () => b.sample(0, rng));
    await sm("-1, rng", () => b.sample(-1, rng));
    await sm("2.5, rng", () => b.sample(2.5, rng));
    await sm("NaN, rng", () => b.sample(Number.NaN, rng));
    await sm("1000, rng (> size)", () => b.sample(1000, rng));
    await sm('"2", rng', () => b.sample("2" as never, rng));
    if (kind === "online") {
      await sm("2) (no rng", () => b.sample(2, undefined as never), "accept");
      await sm("2, {}) (not an rng", () => b.sample(2, {} as never), "accept");
    } else {
      await sm("2) (no rng", () => b.sample(2, undefined as never));
      await sm("2, {}) (not an rng", () => b.sample(2, {} as never));
    }
    await probe(
      P,
      `${kind}.deserialize(new Uint8Array(0))`,
      () => b.deserialize(new Uint8Array(0), "empty.rb"),
      { state: st },
    );
    const img = b.serialize();
    await probe(
      P,
      `${kind}.deserialize(image truncated by 10 bytes)`,
      () => b.deserialize(img.slice(0, img.length - 10), "t.rb"),
      {
        state: st,
      },
    );
    const flipped = img.slice();
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    await probe(P, `${kind}.deserialize(image with one byte flipped)`, () => b.deserialize(flipped, "f.rb"), {
      state: st,
    });
    const extra = new Uint8Array(img.length + 3);
    extra.set(img);
    await probe(P, `${kind}.deserialize(image + 3 trailing bytes)`, () => b.deserialize(extra, "x.rb"), {
      state: st,
    });
    await probe(P, `${kind}.deserialize("string")`, () => b.deserialize("GYMKITRB" as never, "s.rb"), {
      state: st,
    });
    await probe(P, `${kind}.deserialize(undefined)`, () => b.deserialize(undefined as never), { state: st });
    await probe(
      P,
      `${kind}.deserialize(Buffer.from(image)) (a Node Buffer)`,
      () => b.deserialize(Buffer.from(img)),
      {
        state: st,
        expect: "accept",
        note: "a Buffer is a Uint8Array",
      },
    );
    const other = kind === "uniform" ? buffers.online : buffers.uniform;
    await probe(
      P,
      `${kind}.deserialize(image of another kind)`,
      () => b.deserialize(other.serialize(), "o.rb"),
      { state: st },
    );
    const big = new UniformReplayBuffer({ capacity: 32, ...sp });
    if (kind === "uniform")
      await probe(
        P,
        "uniform.deserialize(image of capacity 32 into capacity 16)",
        () => b.deserialize(big.serialize(), "c.rb"),
        {
          state: st,
        },
      );
  }
  const pb = buffers.prioritized;
  const pst = () => bufferState(pb);
  await probe(P, "prioritized.updatePriorities([0, 1], [1])", () => pb.updatePriorities([0, 1], [1]), {
    state: pst,
  });
  await probe(P, "prioritized.updatePriorities([0], [NaN])", () => pb.updatePriorities([0], [Number.NaN]), {
    state: pst,
  });
  await probe(
    P,
    "prioritized.updatePriorities([0, 1], [1, Infinity])",
    () => pb.updatePriorities([0, 1], [1, Number.POSITIVE_INFINITY]),
    {
      state: pst,
    },
  );
  await probe(
    P,
    "prioritized.updatePriorities([15], [1]) (slot not filled)",
    () => pb.updatePriorities([15], [1]),
    { state: pst },
  );
  await probe(P, "prioritized.updatePriorities([-1], [1])", () => pb.updatePriorities([-1], [1]), {
    state: pst,
  });
  await probe(P, "prioritized.updatePriorities([0.5], [1])", () => pb.updatePriorities([0.5], [1]), {
    state: pst,
  });
  await probe(
    P,
    "prioritized.updatePriorities([0], [-3]) (negative TD error)",
    () => pb.updatePriorities([0], [-3]),
    {
      state: pst,
      expect: "accept",
      note: "|δ| is taken",
    },
  );
  await probe(
    P,
    "prioritized.updatePriorities(undefined, undefined)",
    () => pb.updatePriorities(undefined as never, undefined as never),
    {
      state: pst,
    },
  );
  await probe(
    P,
    "prioritized.updatePriorities([0], [1e300]) (overflows α power?)",
    () => pb.updatePriorities([0], [1e300]),
    {
      expect: "accept",
      note: "finite but (1e300)^0.6 = 1e180 fits; check later sampling",
    },
  );
  await probe(
    P,
    "prioritized.sample(4, rng) after updatePriorities([0],[1e300])",
    () => pb.sample(4, createRng(5)).weights,
    {
      expect: "accept",
      note: "weights should stay finite",
    },
  );
  const empty = new PrioritizedReplayBuffer({ capacity: 8, ...sp });
  await probe(P, "prioritized (empty).sample(1, rng)", () => empty.sample(1, createRng(0)));

  // saveBuffer / loadBuffer
  const ub = buffers.uniform;
  const ust = () => bufferState(ub);
  const aFile = fileAt("buffer-parent-file");
  await probe(P, "saveBuffer(buffer, <file>/buf.rb) (parent is a file)", () =>
    saveBuffer(ub, join(aFile, "buf.rb")),
  );
  mkdirSync(join(TMP, "bufdir"), { recursive: true });
  await probe(P, "saveBuffer(buffer, <existing dir>)", () => saveBuffer(ub, join(TMP, "bufdir")));
  await probe(P, 'saveBuffer(buffer, "")', () => saveBuffer(ub, ""));
  await probe(P, "saveBuffer(undefined, path)", () => saveBuffer(undefined as never, join(TMP, "u.rb")));
  await probe(P, "saveBuffer({}, path)", () => saveBuffer({} as never, join(TMP, "u2.rb")));
  await probe(P, "loadBuffer(buffer, missing.rb)", () => loadBuffer(ub, join(TMP, "missing.rb")), {
    state: ust,
  });
  await probe(P, "loadBuffer(buffer, <dir>)", () => loadBuffer(ub, join(TMP, "bufdir")), { state: ust });
  await probe(P, 'loadBuffer(buffer, "")', () => loadBuffer(ub, ""), { state: ust });
  await probe(P, "loadBuffer(buffer, <text file>)", () => loadBuffer(ub, aFile), { state: ust });
  writeFileSync(join(TMP, "trunc.rb"), ub.serialize().slice(0, 40));
  await probe(P, "loadBuffer(buffer, truncated.rb)", () => loadBuffer(ub, join(TMP, "trunc.rb")), {
    state: ust,
  });
}

// ---------------------------------------------------------------------------------------------
// @gymkit/agent-dqn
// ---------------------------------------------------------------------------------------------

async function probeAgent(): Promise<void> {
  const P = "agent-dqn";
  await probe(P, 'prepareBackend("gpu")', () => prepareBackend("gpu" as never));
  await probe(P, 'prepareBackend("tensorflow") (tfjs-node not installed)', () =>
    prepareBackend("tensorflow"),
  );
  await probe(P, "prepareBackend(undefined)", () => prepareBackend(undefined), {
    expect: "accept",
    note: "defaults to auto",
  });
  const regNoBackend = registry();
  // A fresh process would need the backend; this one has it from now on.
  await prepareBackend("cpu");
  await probe(P, 'prepareBackend("cpu", { nope: 1 })', () => prepareBackend("cpu", { nope: 1 } as never), {
    expect: "accept",
    note: "unknown option ignored",
  });
  const reg = regNoBackend;
  const env = reg.make("CartPole-v1");
  const ctx = { env, budget: { steps: 5000 }, seed: 0 };
  const bad: Array<[string, Record<string, unknown>, ("accept" | undefined)?, string?]> = [
    ["{ hidden: [] }", { hidden: [] }],
    ["{ hidden: [0] }", { hidden: [0] }],
    ["{ hidden: [64.5] }", { hidden: [64.5] }],
    ['{ hidden: "64" }', { hidden: "64" }],
    ["{ hidden: [1e6] }", { hidden: [1e6] }],
    ['{ activation: "gelu" }', { activation: "gelu" }],
    ["{ gamma: 1.5 }", { gamma: 1.5 }],
    ["{ gamma: -0.1 }", { gamma: -0.1 }],
    ["{ gamma: NaN }", { gamma: Number.NaN }],
    ["{ lr: 0 }", { lr: 0 }],
    ["{ lr: 2 }", { lr: 2 }],
    ['{ lr: "1e-3" }', { lr: "1e-3" }],
    ["{ lr: Infinity }", { lr: Number.POSITIVE_INFINITY }],
    ["{ batchSize: 0 }", { batchSize: 0 }],
    ["{ batchSize: 100, buffer: { capacity: 10 } }", { batchSize: 100, buffer: { capacity: 10 } }],
    ["{ learningStarts: -1 }", { learningStarts: -1 }],
    ["{ learningStarts: 5000 } (= budget)", { learningStarts: 5000 }],
    ["{ trainFreq: 0 }", { trainFreq: 0 }],
    ["{ gradientSteps: 1.5 }", { gradientSteps: 1.5 }],
    ['{ loss: "l1" }', { loss: "l1" }],
    ["{ maxGradNorm: -1 }", { maxGradNorm: -1 }],
    ['{ doubleDqn: "yes" }', { doubleDqn: "yes" }],
    ["{ dueling: 1 }", { dueling: 1 }],
    ['{ backend: "wasm" } (cpu prepared)', { backend: "wasm" }],
    ['{ backend: "gpu" }', { backend: "gpu" }],
    ["{ learning_rate: 0.001 } (SB3 name)", { learning_rate: 0.001 }],
    ["{ buffer_size: 100 } (SB3 name)", { buffer_size: 100 }],
    ["{ lrr: 0.1 } (typo)", { lrr: 0.1 }],
    ['{ buffer: "nosuch" }', { buffer: "nosuch" }],
    ["{ buffer: { capacity: 0 } }", { buffer: { capacity: 0 } }],
    [
      '{ buffer: { kind: "prioritized", alpha: 5 } }',
      { buffer: { kind: "prioritized", alpha: 5 } },
      undefined,
      "PER's α is in [0, 1]",
    ],
    ["{ buffer: 5 }", { buffer: 5 }],
    ['{ targetSync: "hrad" }', { targetSync: "hrad" }],
    ['{ targetSync: { kind: "soft", tau: 2 } }', { targetSync: { kind: "soft", tau: 2 } }],
    ['{ targetSync: { kind: "hard", every: 0 } }', { targetSync: { kind: "hard", every: 0 } }],
    ['{ epsilon: "linear", } with { epsilon: { from: 2 } }', { epsilon: { from: 2 } }],
    ['{ epsilon: { kind: "exponential", decay: -1 } }', { epsilon: { kind: "exponential", decay: -1 } }],
    [
      "{ epsilon: { fraction: 0 } }",
      { epsilon: { fraction: 0 } },
      "accept",
      "ε jumps to `to` at once; legitimate",
    ],
    [
      "{ epsilon: { from: 0.01, to: 0.5 } } (increasing ε)",
      { epsilon: { from: 0.01, to: 0.5 } },
      "accept",
      "unusual, not invalid",
    ],
    ["{ epsilon: { fraction: 0.5, steps: 100 } } (both)", { epsilon: { fraction: 0.5, steps: 100 } }],
    [
      '{ kind: "qlearning" } passed as option',
      { kind: "qlearning" },
      undefined,
      "silently overridden by the id argument",
    ],
    ["{ hidden: null }", { hidden: null }],
    ["{ __proto__: { polluted: 1 } }", JSON.parse('{"__proto__": {"polluted": 1}}')],
  ];
  for (const [label, o, expect, note] of bad) {
    await probe(
      P,
      `registry.create("agent", "dqn", ${label}, { env, budget, seed })`,
      () => {
        const a = reg.create("agent", "dqn", o, ctx);
        a.dispose();
        return "built";
      },
      { expect, note },
    );
  }
  await probe(P, 'registry.create("agent", "dqn", {}, {}) (no env)', () =>
    reg.create("agent", "dqn", {}, {}),
  );
  await probe(P, 'registry.create("agent", "dqn", {}, { env: Box obs + Box action })', () =>
    reg.create(
      "agent",
      "dqn",
      {},
      { env: { observationSpace: box4(), actionSpace: box4() }, budget: { steps: 5000 } },
    ),
  );
  await probe(
    P,
    'registry.create("agent", "dqn", {}, { env: Discrete obs })',
    () =>
      reg.create(
        "agent",
        "dqn",
        {},
        { env: { observationSpace: new Discrete(4), actionSpace: new Discrete(2) }, budget: { steps: 5000 } },
      ),
    { expect: "accept", note: "valid since issue 21: the agent one-hot encodes Discrete observations" },
  );
  await probe(P, 'registry.create("agent", "dqn", {}, { env }) (no budget; linear ε needs one)', () =>
    reg.create("agent", "dqn", {}, { env }),
  );
  await probe(P, 'registry.create("agent", "dqn", {}, { env, budget: { steps: 0 } })', () =>
    reg.create("agent", "dqn", {}, { env, budget: { steps: 0 } }),
  );
  await probe(P, 'registry.create("agent", "dqn-blgo", {}, ctx)', () =>
    reg.create("agent", "dqn-blgo" as never, {}, ctx),
  );

  // nStep 1: the probe feeds transitions that are not one trajectory (dqn's default nStep 3 refuses them).
  const agent = reg.create(
    "agent",
    "dqn",
    // nStep 1: the identical transitions below are no trajectory (the dqn preset's nStep 3 refuses them)
    { learningStarts: 10, batchSize: 4, buffer: { capacity: 64 }, nStep: 1 },
    ctx,
  );
  env.reset({ seed: 0 });
  for (let i = 0; i < 12; i++) agent.observe(tr({ reward: 1 }) as never);
  agent.update();
  const probeObs = new Float32Array([0.01, -0.02, 0.03, 0.04, 0.1, 0.2, -0.1, 0]);
  const agentState = () => ({
    q: Array.from(agent.qValues(probeObs, 2)),
    size: agent.buffer?.size ?? null,
    eps: agent.epsilon,
    config: agent.config,
  });
  const A = (label: string, f: () => unknown, o: ProbeOptions = {}) =>
    probe(P, label, f, { state: agentState, ...o });
  await A("agent.act(Float32Array(3))", () => agent.act(new Float32Array(3)));
  await A("agent.act([NaN, 0, 0, 0])", () => agent.act(new Float32Array([Number.NaN, 0, 0, 0])));
  await A("agent.act(undefined)", () => agent.act(undefined as never));
  await A('agent.act("abcd")', () => agent.act("abcd" as never));
  await A("agent.act([0, 0, 0, 0]) (plain array)", () => agent.act([0, 0, 0, 0], { explore: false }), {
    expect: "accept",
  });
  await A('agent.act(obs, { explore: "no" })', () => agent.act(obs(), { explore: "no" as never }));
  await A("agent.actBatch(Float32Array(8), 3)", () => agent.actBatch(new Float32Array(8), 3));
  await A("agent.actBatch(Float32Array(8), 0)", () => agent.actBatch(new Float32Array(8), 0), {
    expect: "accept",
    note: "empty batch",
  });
  await A("agent.actBatch(Float32Array(8), -1)", () => agent.actBatch(new Float32Array(8), -1));
  await A("agent.actBatch(Float32Array(8), 1.5)", () => agent.actBatch(new Float32Array(8), 1.5));
  await A("agent.actBatch([0,…] plain array, 2)", () => agent.actBatch([0, 0, 0, 0, 0, 0, 0, 0] as never, 2));
  await A("agent.actBatch(Float32Array(8), 2, {}, new Int32Array(1))", () =>
    agent.actBatch(new Float32Array(8), 2, {}, new Int32Array(1)),
  );
  await A("agent.actBatch(Float32Array(8) with NaN, 2)", () =>
    agent.actBatch(new Float32Array([0, 0, 0, Number.NaN, 0, 0, 0, 0]), 2),
  );
  await A("agent.qValues(Float32Array(3), 1)", () => agent.qValues(new Float32Array(3), 1));
  await A("agent.predict(Float32Array(5))", () => agent.predict(new Float32Array(5)));
  await A("agent.observe({ observation: length 3 })", () =>
    agent.observe(tr({ observation: new Float32Array(3) }) as never),
  );
  await A("agent.observe({ action: 5 })", () => agent.observe(tr({ action: 5 }) as never));
  await A("agent.observe({ reward: NaN })", () => agent.observe(tr({ reward: Number.NaN }) as never));
  await A("agent.observe(undefined)", () => agent.observe(undefined as never));
  await A('agent.observe({ terminated: "yes" })', () => agent.observe(tr({ terminated: "yes" }) as never));

  // restore with damaged files
  const files = await agent.checkpoint();
  const other = reg.create(
    "agent",
    "dqn",
    { learningStarts: 10, batchSize: 4, buffer: { capacity: 64 } },
    { ...ctx, seed: 9 },
  );
  const otherState = () => ({ q: Array.from(other.qValues(probeObs, 2)), eps: other.epsilon });
  const R = (label: string, f: () => unknown, o: ProbeOptions = {}) =>
    probe(P, label, f, { state: otherState, ...o });
  const names = Object.keys(files);
  const modelName = names.find((n) => n.endsWith(".json"))!;
  const weightsName = names.find((n) => n.endsWith(".bin"))!;
  const modelJson = JSON.parse(new TextDecoder().decode(files[modelName]));
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  await R("agent.restore({})", () => other.restore({}, "empty"));
  await R("agent.restore(undefined)", () => other.restore(undefined as never));
  await R(`agent.restore({ ${modelName} }) (no ${weightsName})`, () =>
    other.restore({ [modelName]: files[modelName]! }, "ck"),
  );
  await R(`agent.restore(${weightsName} truncated by 4 bytes)`, () =>
    other.restore({ ...files, [weightsName]: files[weightsName]!.slice(0, -4) }, "ck"),
  );
  await R(`agent.restore(${weightsName} + 8 extra bytes)`, () => {
    const w = new Uint8Array(files[weightsName]!.length + 8);
    w.set(files[weightsName]!);
    return other.restore({ ...files, [weightsName]: w }, "ck");
  });
  await R(`agent.restore(${weightsName} with a NaN weight)`, () => {
    const w = files[weightsName]!.slice();
    new DataView(w.buffer).setFloat32(0, Number.NaN, true);
    return other.restore({ ...files, [weightsName]: w }, "ck");
  });
  await R(`agent.restore(${weightsName} with one byte flipped)`, () => {
    const w = files[weightsName]!.slice();
    w[10]! ^= 0x40;
    return other.restore({ ...files, [weightsName]: w }, "ck");
  });
  await R(`agent.restore(${modelName} = "{not json")`, () =>
    other.restore({ ...files, [modelName]: new TextEncoder().encode("{not json") }, "ck"),
  );
  await R(`agent.restore(${modelName} = "null")`, () =>
    other.restore({ ...files, [modelName]: new TextEncoder().encode("null") }, "ck"),
  );
  await R(`agent.restore(${modelName} without weightsManifest)`, () => {
    const m = { ...modelJson };
    delete m.weightsManifest;
    return other.restore({ ...files, [modelName]: enc(m) }, "ck");
  });
  await R(`agent.restore(${modelName} with format: "other/9")`, () => {
    const m = structuredClone(modelJson);
    for (const k of Object.keys(m))
      if (m[k] && typeof m[k] === "object" && "format" in m[k]) m[k].format = "other/9";
    m.format = "other/9";
    return other.restore({ ...files, [modelName]: enc(m) }, "ck");
  });
  await R("agent.restore(checkpoint of a [32] network)", async () => {
    const small = reg.create(
      "agent",
      "dqn",
      { hidden: [32], learningStarts: 10, buffer: { capacity: 64 } },
      ctx,
    );
    const f = await small.checkpoint();
    small.dispose();
    return other.restore(f, "small");
  });
  await R("agent.restore(checkpoint of a tanh network)", async () => {
    const t = reg.create(
      "agent",
      "dqn",
      { activation: "tanh", learningStarts: 10, buffer: { capacity: 64 } },
      ctx,
    );
    const f = await t.checkpoint();
    t.dispose();
    return other.restore(f, "tanh");
  });
  await R(
    "agent.restore(checkpoint with lr changed in model.json)",
    () => {
      const s = JSON.stringify(modelJson).replace(/"lr":0\.001/, '"lr":0.5');
      return other.restore({ ...files, [modelName]: new TextEncoder().encode(s) }, "ck");
    },
    {
      verdict:
        "questionable: lr mismatch not checked (activation mismatch is refused); restored weights replace the agent's (expected)",
    },
  );
  await R("agent.restore(model.json with stepCount: -5)", () => {
    const s = JSON.stringify(modelJson).replace(/"stepCount":\d+/, '"stepCount":-5');
    return other.restore({ ...files, [modelName]: new TextEncoder().encode(s) }, "ck");
  });
  await R("agent.restore(model.json with an RNG state of zeros)", () => {
    const s = JSON.stringify(modelJson).replace(/"state":\[[-\d,]+\]/, '"state":[0,0,0,0]');
    return other.restore({ ...files, [modelName]: new TextEncoder().encode(s) }, "ck");
  });

  // saveAgent / restoreAgent / loadAgent paths
  const aFile = fileAt("agent-parent-file");
  await probe(P, "saveAgent(agent, <file>/model) (parent is a file)", () =>
    saveAgent(agent, join(aFile, "model")),
  );
  await probe(P, "saveAgent(agent, <existing file>)", () => saveAgent(agent, aFile), {
    state: () => readFileSync(aFile, "utf8"),
  });
  mkdirSync(join(TMP, "not-a-model"), { recursive: true });
  writeFileSync(join(TMP, "not-a-model", "notes.txt"), "keep me");
  await probe(
    P,
    "saveAgent(agent, <non-empty dir that is not a checkpoint>)",
    () => saveAgent(agent, join(TMP, "not-a-model")),
    {
      state: () => readFileSync(join(TMP, "not-a-model", "notes.txt"), "utf8"),
    },
  );
  await probe(P, 'saveAgent(agent, "")', () => saveAgent(agent, ""), { note: "must not replace the cwd" });
  await probe(P, "saveAgent({}, dir)", () => saveAgent({} as never, join(TMP, "m0")));
  await probe(P, "saveAgent(disposed agent, dir)", () => {
    const d = reg.create("agent", "dqn", { learningStarts: 10, buffer: { capacity: 64 } }, ctx);
    d.dispose();
    return saveAgent(d, join(TMP, "m-disposed"));
  });
  await saveAgent(agent, join(TMP, "model-ok"));
  await probe(P, "restoreAgent(agent, missing dir)", () => restoreAgent(other, join(TMP, "missing-model")), {
    state: otherState,
  });
  await probe(P, "restoreAgent(agent, <file>)", () => restoreAgent(other, aFile), { state: otherState });
  await probe(P, 'restoreAgent(agent, "")', () => restoreAgent(other, ""), { state: otherState });
  await probe(P, "loadAgent(missing dir, registry)", () => loadAgent(join(TMP, "missing-model"), reg));
  await probe(P, 'loadAgent("", registry)', () => loadAgent("", reg));
  await probe(P, "loadAgent(dir, undefined)", () => loadAgent(join(TMP, "model-ok"), undefined as never));
  await probe(P, "loadAgent(dir, registry without agent-dqn)", () =>
    loadAgent(join(TMP, "model-ok"), new Registry().use(cartpole)),
  );
  await probe(P, "loadAgent(dir, registry without replay-memory)", () =>
    loadAgent(join(TMP, "model-ok"), new Registry().use(agentDqn)),
  );
  mkdirSync(join(TMP, "model-broken"), { recursive: true });
  writeFileSync(join(TMP, "model-broken", "model.json"), "{}");
  writeFileSync(join(TMP, "model-broken", "weights.bin"), "");
  await probe(P, "loadAgent(dir with model.json = {} and empty weights.bin)", () =>
    loadAgent(join(TMP, "model-broken"), reg),
  );
  await probe(P, "agent.act(obs) after dispose", () => {
    const d = reg.create("agent", "dqn", { learningStarts: 10, buffer: { capacity: 64 } }, ctx);
    d.dispose();
    return d.act(obs());
  });
  await probe(
    P,
    "agent.dispose() twice",
    () => {
      const d = reg.create("agent", "dqn", { learningStarts: 10, buffer: { capacity: 64 } }, ctx);
      d.dispose();
      d.dispose();
    },
    { expect: "accept", note: "idempotent dispose is fine" },
  );
  agent.dispose();
  other.dispose();
}

// ---------------------------------------------------------------------------------------------
// @gymkit/loggers
// ---------------------------------------------------------------------------------------------

async function probeLoggers(): Promise<void> {
  const P = "loggers";
  const reg = registry();
  for (const [kind, o] of [
    ["jsonl", { dir: "../escape" }],
    ["jsonl", { dir: "runs/../../escape" }],
    ["jsonl", { file: "a/b.jsonl" }],
    ["jsonl", { file: ".." }],
    ["jsonl", { file: "" }],
    ["jsonl", { every: 0 }],
    ["jsonl", { every: "often" }],
    ["jsonl", { dir: 5 }],
    ["jsonl", { dirr: "x" }],
    ["csv", { dir: "../x" }],
    ["csv", { every: -1 }],
    ["csv", { rows: "sb3" }],
    ["monitor", { file: "episodes.csv" }],
    ["monitor", { file: "../x.monitor.csv" }],
    ["monitor", { envId: "" }],
    ["tensorboard", { dir: "../x" }],
    ["tensorboard", { flushEvery: 0 }],
    ["plot", { dir: "../x" }],
    ["plot", { width: -10 }],
    ["plot", { format: "gif" }],
    ["console", { every: 0 }],
    ["console", { every: "1s" }],
    ["memory", { limit: -1 }],
    ["nosuch", {}],
  ] as Array<[string, Record<string, unknown>]>) {
    await probe(P, `registry.create("logger", "${kind}", ${JSON.stringify(o)})`, () => {
      const l = reg.create("logger", kind as never, o) as { close?: () => unknown };
      void l.close?.();
      return "built";
    });
  }
  await probe(P, 'new JsonlLogger({ dir: "../x" })', () => new JsonlLogger({ dir: "../x" }));
  await probe(P, "new JsonlLogger(null)", () => new JsonlLogger(null as never));
  await probe(P, 'new CsvLogger({ file: "a/b.csv" })', () => new CsvLogger({ file: "a/b.csv" } as never));
  await probe(P, "new TensorBoardLogger({ every: 0 })", () => new TensorBoardLogger({ every: 0 } as never));
  await probe(P, "new MemoryLogger({ nope: 1 })", () => new MemoryLogger({ nope: 1 } as never));
  await probe(P, 'runPath(tmp, "..", "x")', () => runPath(TMP, "..", "x"));
  await probe(P, 'runPath(tmp, "a/b")', () => runPath(TMP, "a/b"));
  await probe(P, 'runPath(tmp, "")', () => runPath(TMP, ""));
  await probe(P, 'runPath(undefined, "x")', () => runPath(undefined as never, "x"));

  // Unwritable directories: the logger is built, the failure comes at the first write and must be
  // reported (not thrown into training). Outcome column: what train() did; message: what was reported.
  const parentFile = fileAt("logger-parent-file");
  for (const [label, mk] of [
    [
      "JsonlLogger({ dir: <file>/run })",
      (report: (m: string) => void) =>
        new JsonlLogger({ dir: join(parentFile, "run"), every: 5 }, { report }),
    ],
    [
      'CsvLogger({ dir: "/sys/gymkit-x" })',
      (report: (m: string) => void) => new CsvLogger({ dir: "/sys/gymkit-x", every: 5 }, { report }),
    ],
    [
      "TensorBoardLogger({ dir: <file>/run })",
      (report: (m: string) => void) => new TensorBoardLogger({ dir: join(parentFile, "run") }, { report }),
    ],
  ] as Array<[string, (r: (m: string) => void) => { attach(e: unknown): () => void; close(): unknown }]>) {
    const reported: string[] = [];
    let logger: { attach(e: unknown): () => void; close(): unknown } | undefined;
    await probe(
      P,
      `train() with ${label} attached`,
      async () => {
        logger = mk((m) => reported.push(m));
        const events = createTrainingEvents();
        logger.attach(events);
        const r = await train({
          env: reg.make("CartPole-v1"),
          agent: randomAgent(),
          events,
          budget: { steps: 30 },
        });
        await logger.close();
        return `trained ${r.steps} steps; reported: ${reported[0] ?? "(nothing)"}`;
      },
      { expect: "accept", note: "documented: a failing logger is detached and reported, training goes on" },
    );
    const last = rows[rows.length - 1]!;
    if (last.outcome === "accepted" && reported.length === 0)
      last.verdict = "WRONG: write failure not reported";
  }
}

// ---------------------------------------------------------------------------------------------
// @gymkit/runner (the CLI)
// ---------------------------------------------------------------------------------------------

async function probeCli(): Promise<void> {
  const base =
    "name: probe\nenv: CartPole-v1\nagent: { kind: qlearning }\nbudget: { steps: 300 }\nseeds: 1\n";
  const file = (name: string, text: string) => {
    const p = join(TMP, "cfg", name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  const ok = file("ok.yaml", base);
  const out = (n: string) => ["--out", join(TMP, "out", n), "--workers", "0", "--backend", "cpu"];
  cli(["--version"], {
    cwd: TMP,
    expect: "accept",
    note: "run from a directory outside the repository (every other case runs from its root)",
  });
  cli(["--bogus"]);
  cli(["frobnicate"]);
  cli(["train"]);
  cli(["train", join(TMP, "missing.yaml"), ...out("m")]);
  cli(["train", join(TMP, "cfg"), ...out("d")]);
  cli(["train", file("bad.yaml", "env: [unclosed\nagent: dqn\n"), ...out("b")]);
  cli(["train", file("empty.yaml", ""), ...out("e")]);
  cli(["train", file("list.yaml", "- a\n- b\n"), ...out("l")]);
  cli(["train", file("bad.json", '{"env": "CartPole-v1",'), ...out("j")]);
  cli(["train", file("unknown-key.yaml", `${base}learning_rate: 0.1\n`), ...out("u")]);
  cli(["train", file("wrong-type.yaml", base.replace("steps: 300", 'steps: "lots"')), ...out("w")]);
  cli(["train", file("unknown-kind.yaml", base.replace("kind: qlearning", "kind: ppo")), ...out("k")]);
  cli(["train", file("unknown-env.yaml", base.replace("CartPole-v1", "NoSuchEnv-v0")), ...out("ue")]);
  cli(["train", file("unknown-logger.yaml", `${base}loggers: [nosuch]\n`), ...out("ul")]);
  cli(["train", file("seeds-zero.yaml", base.replace("seeds: 1", "seeds: 0")), ...out("s0")]);
  cli(["train", file("seeds-neg.yaml", base.replace("seeds: 1", "seeds: [-1]")), ...out("sn")]);
  cli(["train", file("checkpoint-0.yaml", `${base}checkpoint: { every: 0 }\n`), ...out("c0")]);
  cli([
    "train",
    file("backend-gpu.yaml", `${base}backend: gpu\n`),
    "--out",
    join(TMP, "out", "bg"),
    "--workers",
    "0",
  ]);
  cli(["train", file("plugins-missing.yaml", `${base}plugins: [./no-such-plugin.js]\n`), ...out("pm")]);
  cli(["train", file("plugins-str.yaml", `${base}plugins: 5\n`), ...out("ps")]);
  const variants = (v: string) => `${base}variants:\n${v}`;
  cli(["train", file("variant-noname.yaml", variants("  - agent: dqn\n")), ...out("vn")]);
  cli([
    "train",
    file("variant-dup.yaml", variants("  - name: a\n    agent: dqn\n  - name: a\n    agent: qlearning\n")),
    ...out("vd"),
  ]);
  cli(["train", file("variant-empty-name.yaml", variants('  - name: ""\n    agent: dqn\n')), ...out("ve")]);
  cli([
    "train",
    file("variant-slash.yaml", variants("  - name: ../../evil\n    agent: dqn\n")),
    ...out("vs"),
  ]);
  cli([
    "train",
    file("variant-bad.yaml", variants("  - name: a\n    agent: { kind: dqn, lr: -1 }\n")),
    ...out("vb"),
  ]);
  cli(["train", file("variants-empty.yaml", `${base}variants: []\n`), ...out("vz")]);
  cli([
    "train",
    file(
      "variants-two.yaml",
      variants("  - name: a\n    agent: qlearning\n  - name: b\n    agent: qlearning\n"),
    ),
    ...out("v2"),
  ]);
  cli([
    "train",
    file("variants-two-b.yaml", variants("  - name: a\n    agent: qlearning\n")),
    "--variant",
    "zzz",
    ...out("vv"),
  ]);
  cli([
    "train",
    file("variant-unknown-key.yaml", variants("  - name: a\n    agnt: qlearning\n")),
    ...out("vk"),
  ]);
  cli(["train", ok, "--set", "agent.lr", ...out("s1")]);
  cli(["train", ok, "--set", "=1", ...out("s2")]);
  cli(["train", ok, "--set", "agent.lr=fast", ...out("s3")]);
  cli(["train", ok, "--set", "agent..lr=0.1", ...out("s4")]);
  cli(["train", ok, "--set", "agent.lr=[unclosed", ...out("s5")]);
  cli(["train", ok, "--set", "budget.steps.x=1", ...out("s6")]);
  cli(["train", ok, "--set", "agent[x]=1", ...out("s7")]);
  cli(["train", ok, "--seeds", "0", ...out("q0")]);
  cli(["train", ok, "--seeds", "1,,2", ...out("q1")]);
  cli(["train", ok, "--seeds", "-1", ...out("q2")]);
  cli(["train", ok, "--seeds", "a,b", ...out("q3")]);
  cli(["train", ok, "--seeds", "1,1", ...out("q4")]);
  cli(["train", ok, "--seeds", "99999999999", ...out("q5")]);
  cli(["train", ok, "--steps", "0", ...out("t0")]);
  cli(["train", ok, "--steps", "1e3", ...out("t1")]);
  cli(["train", ok, "--workers", "-1", ...out("w1")]);
  cli(["train", ok, "--backend", "gpu", "--out", join(TMP, "out", "bb"), "--workers", "0"]);
  cli(["train", ok, "--backend", "tensorflow", "--out", join(TMP, "out", "btf"), "--workers", "0"]);
  cli(["train", ok, "--out", fileAt("out-is-a-file"), "--workers", "0", "--backend", "cpu"]);
  cli(["train", ok, "--resume", ...out("never-ran")], {
    verdict: "questionable: --resume with nothing to resume starts fresh silently (a notice would help)",
  });
  cli(["train", ok, ...out("good")], {
    expect: "accept",
    note: "the valid baseline, used by the eval cases below",
  });
  const findSeedDir = (dir: string): string => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      if (e.name === "seed-0") return join(dir, e.name);
      const inner = findSeedDir(join(dir, e.name));
      if (inner) return inner;
    }
    return "";
  };
  const runDir = findSeedDir(join(TMP, "out", "good")) || join(TMP, "out", "good", "seed-0");
  cli(["eval", runDir, "--episodes", "0"]);
  cli(["eval", runDir, "--seed", "1.5"]);
  cli(["eval", runDir, "--episodes", "1", "--render", "ansi"], { expect: "accept", note: "valid" });
  rmSync(join(runDir, "model"), { recursive: true, force: true });
  cli(["eval", runDir, "--episodes", "1"], {
    expect: "accept",
    note: "run dir whose model/ was deleted: eval rebuilds the agent from the checkpoint alone",
  });
  writeFileSync(join(runDir, "config.json"), "{ not json");
  cli(["eval", runDir, "--episodes", "1"], { note: "run dir with a corrupt config.json" });
  cli(["compare", join(TMP, "missing.yaml"), ...out("cm")]);
  cli(["eval", join(TMP, "cfg")]);
  cli(["eval", join(TMP, "missing-run")]);
  cli(["eval", join(TMP, "cfg"), "--episodes", "0"]);
  cli(["eval", join(TMP, "cfg"), "--episodes", "-3"]);
  cli(["eval", join(TMP, "cfg"), "--render", "rgb_array"]);
  cli(["check-env", "@gymkit/no-such-package"]);
  cli(["check-env", join(TMP, "missing-plugin.js")]);
  cli(["check-env", file("not-plugin.mjs", "export const x = 1;\n")]);
  cli(["check-env", file("throwing-plugin.mjs", 'throw new Error("import failed");\n')]);
  cli(["check-env", file("no-env-plugin.mjs", 'export default { name: "noenv", register() {} };\n')], {
    note: "exit 1 with a message is right",
  });
  cli(["schema", "--plugin", join(TMP, "missing-plugin.js")]);
  cli([
    "schema",
    "--plugin",
    file("bad-register.mjs", 'export default { name: "bad", register() { throw new Error("nope"); } };\n'),
  ]);
  cli(["schema", "--plugin", file("syntax-error.mjs", "export default {{;\n")]);
  cli(["envs", "--plugin", file("not-a-plugin.mjs", "export default 42;\n")]);
}

// ---------------------------------------------------------------------------------------------
// @gymkit/runner: checks before anything is created, config meaning, paths, YAML (issue 19)
// ---------------------------------------------------------------------------------------------

async function probeCliConfig(): Promise<void> {
  const base =
    "name: early\nenv: CartPole-v1\nagent: { kind: qlearning }\nbudget: { steps: 300 }\neval: { every: 300, episodes: 2 }\n";
  const two = `${base}variants:\n  - name: a\n  - name: b\n`;
  const file = (name: string, text: string | Buffer) => {
    const p = join(TMP, "cfg19", name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  let n = 0;
  /** A CLI case whose --out must stay absent when the command is refused. */
  const run = (args: string[], o: ProbeOptions = {}) => {
    const out = join(TMP, "out19", `o${++n}`);
    cli([...args, "--out", out, "--workers", "0", "--backend", "cpu"], o);
    const row = rows[rows.length - 1]!;
    if (o.expect !== "accept" && existsSync(out))
      row.verdict = `WRONG: refused but created ${out.split(TMP).join("$TMP")}`;
  };
  const ok = file("ok.yaml", base);
  // Cross-part checks, before any directory exists.
  run(["train", file("ls-budget.yaml", base.replace("kind: qlearning", "kind: dqn, learningStarts: 300"))]);
  run([
    "train",
    file("train-freq.yaml", base.replace("kind: qlearning", "kind: dqn, learningStarts: 10, trainFreq: 400")),
  ]);
  run([
    "train",
    file(
      "batch-capacity.yaml",
      base.replace(
        "kind: qlearning",
        "kind: dqn, learningStarts: 10, batchSize: 64, buffer: { kind: uniform, capacity: 32 }",
      ),
    ),
  ]);
  run(["train", ok, "--set", "agent.batchSize=8"], { note: "qlearning's online buffer holds 1" });
  // compare: what it needs to summarise, before training.
  run([
    "compare",
    file("cmp-eval-off.yaml", two.replace("eval: { every: 300, episodes: 2 }", "eval: false")),
  ]);
  run(["compare", file("cmp-eval-late.yaml", two), "--steps", "200"]);
  run(["compare", file("cmp-two-envs.yaml", `${two}    env: CartPole-v0\n`)]);
  // Paths stay inside --out.
  run(["compare", file("variant-dotdot.yaml", `${base}variants:\n  - name: ".."\n  - name: b\n`)]);
  run(["compare", file("variant-dot.yaml", `${base}variants:\n  - name: "."\n`)]);
  run(["compare", file("name-up.yaml", two.replace("name: early", "name: ../../x"))]);
  run(["compare", file("name-abs.yaml", two.replace("name: early", "name: /tmp/x"))]);
  run(["train", ok, "--set", "name=../elsewhere"]);
  run(["train", file("logger-dir.yaml", `${base}loggers: [{ kind: jsonl, dir: /tmp/all-runs }]\n`)]);
  run(["train", file("logger-file.yaml", `${base}loggers: [{ kind: csv, file: ../../x.csv }]\n`)]);
  // Config meaning.
  run([
    "compare",
    file(
      "base-dropped.yaml",
      base.replace("kind: qlearning", "kind: dqn, gamma: 1.5") +
        "variants:\n  - name: ql\n    agent: qlearning\n",
    ),
  ]);
  run(["train", file("seed-and-seeds.yaml", `${base}seed: 3\nseeds: 2\n`)]);
  run(["compare", file("variant-seed.yaml", `${two}    seed: 7\n`)]);
  run(["train", ok, "--set", "__proto__.polluted=1"]);
  run(["train", ok, "--set", "agent.constructor.prototype.x=1"]);
  run(["train", ok, "--set", "plugins=[./no-such-plugin.js]"], { note: "a --set plugins list is loaded" });
  run(["train", ok, "--set", "env.numEnvs=2"], {
    expect: "accept",
    note: "env: CartPole-v1 shorthand keeps its id",
  });
  run(
    [
      "compare",
      file("set-all-variants.yaml", two.replace("kind: qlearning", "kind: qlearning, lr: 0.0003")),
      "--set",
      "agent.lr=2",
    ],
    {
      note: "--set applies to every variant",
    },
  );
  run(["train", ok, "--seeds", "0"]);
  run(["train", ok, "--seeds", "5..1"]);
  run(["train", ok, "--seeds", "13", "--seed", "13"]);
  run(["train", ok, "--seed", "13"], {
    expect: "accept",
    note: "one run at seed 13; the first line says so",
  });
  // YAML: what the file really is.
  run(
    [
      "train",
      file(
        "merge-keys.yaml",
        `${base.replace("agent: { kind: qlearning }", "agent: &q { kind: qlearning }")}variants:\n  - name: m\n    agent: { <<: *q, lr: 0.0005 }\n`,
      ),
    ],
    {
      expect: "accept",
      note: "merge keys (<<) merge",
    },
  );
  const lol = (k: number) => `[${Array(10).fill(`*l${k}`).join(", ")}]`;
  run([
    "train",
    file(
      "alias-bomb.yaml",
      `${base}l0: &l0 [lol]\n${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => `l${k}: &l${k} ${lol(k - 1)}`).join("\n")}\n`,
    ),
  ]);
  run(["train", file("alias-missing.yaml", `${base}x: *nope\n`)]);
  run(
    [
      "train",
      file("utf16-bom.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, "utf16le")])),
    ],
    {
      expect: "accept",
      note: "UTF-16 with a byte-order mark is read",
    },
  );
  run(["train", file("utf16-nobom.yaml", Buffer.from(base, "utf16le"))]);
  run(["train", file("binary.yaml", Buffer.from([0x67, 0x6b, 1, 0, 5, 6]))]);
  run(["train", file("gzip.yaml", Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]))]);
  run(["train", file("latin1.yaml", Buffer.from(`${base}# caf\xe9\n`, "latin1"))]);
  run(["train", file("jsonc.json", '{ "name": "j", // a comment\n  "env": "CartPole-v1" }\n')]);
  run([
    "train",
    file(
      "python-tag.yaml",
      `${base.replace("agent: { kind: qlearning }", "agent: !!python/object:__main__.Agent { kind: qlearning }")}`,
    ),
  ]);
  run(["train", file("local-tag.yaml", base.replace("env: CartPole-v1", "env: !foo CartPole-v1"))]);
  run(["train", file("inf.yaml", base.replace("steps: 300", "steps: .inf"))]);
  run([
    "train",
    file(
      "nan.yaml",
      `${base.replace("eval: { every: 300, episodes: 2 }", "eval: { every: 300, episodes: 2, stopAtMean: .nan }")}`,
    ),
  ]);
  run(["train", file("proto-key.yaml", `${base}__proto__: { polluted: 1 }\n`)]);
  run(["train", file("dup-key.yaml", `${base}env: CartPole-v0\n`)]);
  run(["train", file("two-docs.yaml", `${base}---\nname: second\n`)]);
  run(["train", file("list-key.yaml", `${base}? [a, b]\n: 1\n`)]);
}

// ---------------------------------------------------------------------------------------------
// Run files and resume (issue 19): damaged or changed checkpoints, outcomes and manifests
// ---------------------------------------------------------------------------------------------

async function probeLifecycle(): Promise<void> {
  const cfg = join(TMP, "life", "life.yaml");
  mkdirSync(dirname(cfg), { recursive: true });
  writeFileSync(
    cfg,
    "name: life\nenv: CartPole-v1\nagent: { kind: dqn, hidden: [16], learningStarts: 50 }\nbudget: { steps: 300 }\neval: { every: 150, episodes: 1 }\ncheckpoint: { every: 100 }\nseed: 0\n",
  );
  const flags = ["--workers", "0", "--backend", "cpu"];
  const done = join(TMP, "life", "done");
  cli(["train", cfg, "--out", done, ...flags], {
    expect: "accept",
    note: "the baseline the cases below damage",
  });
  const run = (out: string) => join(out, "life", "seed-0");
  /** A copy of the finished run, as if killed after its final checkpoint (no model, no outcome). */
  const killed = (name: string, damage: (ckpt: string) => void): string => {
    const out = join(TMP, "life", name);
    cpSync(done, out, { recursive: true });
    rmSync(join(run(out), "outcome.json"));
    rmSync(join(run(out), "model"), { recursive: true });
    damage(join(run(out), "checkpoint"));
    return out;
  };
  const resume = (out: string, note: string, ...more: string[]) =>
    cli(["train", cfg, "--out", out, "--resume", ...more, ...flags], { note });
  const at = (d: string, f: string) => join(d, f);
  resume(
    killed("loop-cut", (d) =>
      writeFileSync(at(d, "loop.json"), readFileSync(at(d, "loop.json")).subarray(0, 50)),
    ),
    "checkpoint/loop.json cut short",
  );
  resume(
    killed("loop-garbled", (d) => writeFileSync(at(d, "loop.json"), "\u0000\u0001{garbage")),
    "checkpoint/loop.json garbled",
  );
  resume(
    killed("loop-empty", (d) => writeFileSync(at(d, "loop.json"), "")),
    "checkpoint/loop.json empty",
  );
  resume(
    killed("loop-missing", (d) => rmSync(at(d, "loop.json"))),
    "checkpoint/loop.json deleted",
  );
  resume(
    killed("buffer-missing", (d) => rmSync(at(d, "buffer.rb"))),
    "checkpoint/buffer.rb deleted",
  );
  resume(
    killed("weights-cut", (d) =>
      writeFileSync(at(d, "weights.bin"), readFileSync(at(d, "weights.bin")).subarray(0, 8)),
    ),
    "checkpoint/weights.bin cut short",
  );
  resume(
    killed("loop-beyond", (d) => {
      const saved = JSON.parse(readFileSync(at(d, "loop.json"), "utf8"));
      saved.step = 9000;
      saved.loop.step = 9000;
      writeFileSync(at(d, "loop.json"), JSON.stringify(saved));
    }),
    "loop.json step edited beyond the budget",
  );
  const finished = (name: string, damage: (runDir: string) => void): string => {
    const out = join(TMP, "life", name);
    cpSync(done, out, { recursive: true });
    damage(run(out));
    return out;
  };
  resume(
    finished("outcome-cut", (d) =>
      writeFileSync(at(d, "outcome.json"), readFileSync(at(d, "outcome.json")).subarray(0, 30)),
    ),
    "outcome.json cut short",
  );
  resume(
    finished("outcome-empty", (d) => writeFileSync(at(d, "outcome.json"), "")),
    "outcome.json empty",
  );
  resume(
    finished("outcome-edited", (d) =>
      writeFileSync(
        at(d, "outcome.json"),
        readFileSync(at(d, "outcome.json"), "utf8").replace('"steps": 300', '"steps": 299'),
      ),
    ),
    "outcome.json edited (steps)",
  );
  resume(
    finished("manifest-noconfig", (d) => {
      const { config: _, ...rest } = JSON.parse(readFileSync(at(d, "config.json"), "utf8"));
      writeFileSync(at(d, "config.json"), JSON.stringify(rest));
    }),
    "config.json without config",
  );
  resume(
    finished("manifest-garbled", (d) => writeFileSync(at(d, "config.json"), "{ not json")),
    "config.json garbled",
  );
  resume(
    killed("other-lr", () => {}),
    "resume with another lr",
    "--set",
    "agent.lr=0.01",
  );
  resume(
    killed("other-env", () => {}),
    "resume with another env",
    "--set",
    "env=CartPole-v0",
  );
  resume(
    finished("extend", () => {}),
    "--steps beyond a finished run's budget",
    "--steps",
    "600",
  );
  cli(
    ["compare", cfg, "--out", finished("compare-steps", () => {}), "--resume", "--steps", "600", ...flags],
    {
      note: "compare --resume with another --steps",
    },
  );
  cli(
    [
      "train",
      cfg,
      "--out",
      killed("other-backend", () => {}),
      "--resume",
      "--workers",
      "0",
      "--backend",
      "wasm",
    ],
    {
      note: "resume on another backend than the run's",
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Issue 19 (robust): env outputs, evaluation limits, buffers at their limits, plugins that are not
// packages or files, CLI arguments that are empty, huge or unwritable paths, Redis refusals.
// ---------------------------------------------------------------------------------------------

/** An env registered as `id` whose step returns `patch` over a good result (obs Box(-1, 1, [2])). */
function faultyEnv(reg: Registry, id: string, patch: Record<string, unknown> | (() => never)): string {
  reg.register({
    id,
    entry: () => ({
      observationSpace: new Box(-1, 1, [2]),
      actionSpace: new Discrete(2),
      metadata: { renderModes: [] },
      renderMode: undefined,
      spec: undefined,
      get unwrapped() {
        return this;
      },
      reset: () => ({ observation: new Float32Array(2), info: {} }),
      step: () => {
        if (typeof patch === "function") patch();
        return {
          observation: new Float32Array(2),
          reward: 1,
          terminated: false,
          truncated: false,
          info: {},
          ...patch,
        };
      },
      render: () => undefined,
      close() {},
    }),
  });
  return id;
}

async function probeRobust(): Promise<void> {
  const reg = new Registry();
  const stepOnce = (id: string) => () => {
    const env = reg.make<Env>(id);
    env.reset();
    return env.step(0);
  };
  for (const [name, patch] of [
    ['reward "1" (a string)', { reward: "1" }],
    ["reward NaN", { reward: Number.NaN }],
    ["observation of 3 numbers for Box(2)", { observation: new Float32Array(3) }],
    ["observation with Infinity", { observation: Float32Array.of(0, Number.POSITIVE_INFINITY) }],
    ["terminated 1 (a number)", { terminated: 1 }],
  ] as const) {
    const id = faultyEnv(reg, `Faulty${rows.length}-v0`, patch);
    await probe("core", `make(env whose step returns ${name}).step(0)`, stepOnce(id));
  }
  const throwing = faultyEnv(reg, "Throws-v0", () => {
    throw new Error("physics exploded");
  });
  await probe("core", "make(env whose step throws).step(0)", stepOnce(throwing), {
    note: "names the env and the step",
  });
  reg.register({
    id: "Batched-v0",
    entry: () => {
      throw new Error("vector only");
    },
    vectorEntry: (n) => ({
      numEnvs: n,
      autoresetMode: "next-step",
      singleObservationSpace: new Box(-1, 1, [2], "float32"),
      singleActionSpace: new Discrete(2),
      observationSize: 2,
      reset: () => ({ observations: new Float32Array(2 * n), infos: [] }),
      step: () => ({
        observations: new Float32Array(2 * n),
        rewards: Array(n).fill("1") as unknown as Float64Array,
        terminated: new Uint8Array(n),
        truncated: new Uint8Array(n),
        infos: [],
      }),
      close() {},
    }),
  });
  await probe("core", 'makeVec(batched env whose rewards are ["1", ...]).step(...)', () => {
    const vec = reg.makeVec("Batched-v0", 3);
    vec.reset();
    return vec.step(new Int32Array(3));
  });
  const endless = faultyEnv(reg, "Endless-v0", {});
  await probe(
    "core",
    "evaluate(env that never terminates and has no time limit, agent, { episodes: 2 })",
    async () => {
      const r = await evaluate(reg.make<Env>(endless), randomAgent(), { episodes: 2 });
      return `lengths ${r.lengths.join(", ")}, cutEpisodes ${r.cutEpisodes}`;
    },
    { expect: "accept", note: "cut at DEFAULT_EVAL_EPISODE_STEPS; train() warns evaluationCut" },
  );
  await probe(
    "replay",
    "new PrioritizedReplayBuffer({ capacity: 2 ** 28, ... }) (the old schema maximum)",
    () => new PrioritizedReplayBuffer({ capacity: 2 ** 28, ...spaces() } as never),
  );
  await probe(
    "replay",
    "new UniformReplayBuffer({ capacity: 2 ** 22, observationSpace: Box(100000) })",
    () =>
      new UniformReplayBuffer({
        capacity: 2 ** 22,
        observationSpace: new Box(-1, 1, [100_000]),
        actionSpace: new Discrete(2),
      } as never),
  );

  const file = (name: string, text: string) => {
    const p = join(TMP, "robust", name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  const config = (name: string, plugins: string[]) =>
    file(
      name,
      `plugins: ${JSON.stringify(plugins)}\nenv: CartPole-v1\nagent: { kind: qlearning }\nbudget: { steps: 100 }\n`,
    );
  const ok = config("ok.yaml", []);
  const out = (n: string) => ["--out", join(TMP, "robust-out", n), "--workers", "0", "--backend", "cpu"];
  for (const plugin of [
    "data:text/javascript,export default {name:'x',register(){}}",
    "https://example.com/p.js",
    "node:fs",
    "",
  ]) {
    cli(["train", config("plugin.yaml", [plugin]), ...out("p")]);
  }
  cli([
    "train",
    config("loggers.yaml", [file("loggers.mjs", 'export default { name: "loggers", register() {} };\n')]),
    ...out("l"),
  ]);
  cli([
    "train",
    config("twice.yaml", [
      file("a.mjs", 'export default { name: "same", register() {} };\n'),
      file("b.mjs", 'export default { name: "same", register() {} };\n'),
    ]),
    ...out("t"),
  ]);
  cli(["check-env", ""]);
  cli(["check-env", join(TMP, "robust")]);
  cli(["check-env", ok]);
  cli(["train", "", ...out("e")]);
  cli(["train", join(TMP, "robust")]);
  cli(["train", ok, "--out", ""]);
  cli(["train", ok, ...out("v"), "--variant", ""]);
  cli(["train", ok, "--out", fileAt("robust-out-file")]);
  cli(["train", ok, "--out", "/proc/gymkit-probe"]);
  cli(["train", ok, ...out("w"), "--workers", "99999"]);
  cli(["train", ok, ...out("s"), "--steps", "99999999999999999999"]);
  cli(["eval", join(TMP, "robust"), "--episodes", "1e20"]);
  cli(["eval", join(TMP, "robust"), "--episodes", "99999999999999999999"]);
  cli(["envs", "--plugin", ""]);
  cli(["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "99999"]);
  cli(["worker", "--queue", "redis://127.0.0.1:1", "--lock-ms", "99999999999999999999"]);
  cli(["worker", "--queue", "redis://127.0.0.1:1", "--allow-plugin", ""]);
  cli(["worker", "--queue", "redis://127.0.0.1:6379/abc"]);
  const full = openSync("/dev/full", "w");
  try {
    cli(["schema"], { stdout: full });
  } finally {
    closeSync(full);
  }
  // A real redis-server with a password, as the tests use (skipped when none is installed).
  if (spawnSync("redis-server", ["--version"]).error) return;
  const port = 20_000 + (process.pid % 20_000);
  const server = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--requirepass",
      "s3cret",
    ],
    { stdio: "ignore" },
  );
  try {
    await new Promise((r) => setTimeout(r, 500));
    for (const auth of ["", ":wrong@", ":s3cret@"]) {
      cli(["worker", "--queue", `redis://${auth}127.0.0.1:${port}${auth === ":s3cret@" ? "/99" : ""}`]);
    }
    cli(["worker", "--queue", `redis://[::1]:${port}`]);
  } finally {
    server.kill();
  }
}

// ---------------------------------------------------------------------------------------------

function cell(s: string, max = 160): string {
  const one = s.replace(/\s+/g, " ").trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return cut.replace(/\|/g, "\\|");
}

async function main(): Promise<void> {
  const warn = process.emitWarning;
  // CartPole's default warn goes to process.emitWarning; keep the table clean.
  process.emitWarning = () => {};
  const silence = console.error;
  const silenceLog = console.log;
  const logs: string[] = [];
  console.error = (...a: unknown[]) => logs.push(a.join(" "));
  console.log = (...a: unknown[]) => logs.push(a.join(" "));
  const t0 = Date.now();
  try {
    if (section("core")) await probeCore();
    if (section("cartpole")) await probeCartPole();
    if (section("box2d")) await probeBox2D();
    if (section("replay")) await probeReplay();
    if (section("agent")) await probeAgent();
    if (section("loggers")) await probeLoggers();
    if (section("cli")) await probeCli();
    if (section("cli-config")) await probeCliConfig();
    if (section("lifecycle")) await probeLifecycle();
    if (section("robust")) await probeRobust();
  } finally {
    console.error = silence;
    console.log = silenceLog;
    process.emitWarning = warn;
  }
  const out: string[] = [];
  out.push("| # | package | call | outcome | message (first 160 chars) | state kept | verdict |");
  out.push("|---|---|---|---|---|---|---|");
  rows.forEach((r, i) => {
    out.push(
      `| ${i + 1} | ${r.pkg} | \`${cell(r.call, 140).replace(/`/g, "'")}\` | ${r.outcome} | ${cell(r.message)} | ${r.state} | ${cell(r.verdict, 120)} |`,
    );
  });
  const count = (f: (r: Row) => boolean) => rows.filter(f).length;
  out.push("");
  out.push(
    `${rows.length} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s: ` +
      `${count((r) => r.outcome.startsWith("GymkitError"))} GymkitError, ` +
      `${count((r) => r.outcome === "RangeError" || r.outcome === "TypeError")} RangeError/TypeError, ` +
      `${count((r) => r.outcome.startsWith("crash"))} crash, ` +
      `${count((r) => r.outcome.startsWith("accepted"))} accepted (${count((r) => r.verdict.startsWith("WRONG"))} wrongly), ` +
      `${count((r) => r.outcome.startsWith("raw"))} raw/untranslated, ` +
      `${count((r) => r.outcome === "hang/timeout")} hang/timeout, ` +
      `${count((r) => r.state === "no")} state not kept.`,
  );
  console.log(out.join("\n"));
  rmSync(TMP, { recursive: true, force: true });
}

// A section that throws outside its probes would end the script silently (the harness catches
// stray errors for the table): say it and fail.
await main().catch((e: unknown) => {
  process.stderr.write(
    `probe-bad-inputs: a section failed outside its cases: ${(e as Error)?.stack ?? String(e)}\n`,
  );
  process.exit(1);
});
process.exit(0);
