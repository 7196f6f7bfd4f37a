/**
 * The training worker: prepares TensorFlow.js's wasm backend, composes a run from the config the
 * page sends with `registry.compose` (the CLI's code path), trains it with `run.train()`, and posts
 * what the training events say, plus frames of the training env's own renderer, to the page.
 */
import { agentFromCheckpoint, type DqnAgent, encodeAgentBundle, prepareBackend } from "@gymkit/agent-dqn";
import { type Env, isCheckpointable, type RgbFrame, type Run } from "@gymkit/core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import * as tf from "@tensorflow/tfjs-core";
import type { FromWorker, ToWorker } from "./protocol.js";
import { playgroundRegistry } from "./registry.js";

/** The slice of a dedicated worker's global scope used here (the DOM lib does not describe it). */
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** At most one progress message and one frame per this many ms: the page redraws at 60 Hz anyway. */
const PROGRESS_MS = 200;
const FRAME_MS = 40;

const registry = playgroundRegistry();
let stopRequested = false;

// The .wasm files are Vite assets (hashed URLs in dist/). The multi-threaded build is never used:
// in a minified bundle its pthread workers crashed (`e is not defined`) on a cross-origin-isolated
// page, so it is switched off even if a host sends COOP/COEP headers.
setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmPlain,
  "tfjs-backend-wasm-simd.wasm": wasmSimd,
  "tfjs-backend-wasm-threaded-simd.wasm": wasmThreaded,
});
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
const ready = prepareBackend("wasm", { log: false });
ready.then(
  (backend) => post({ type: "ready", backend }),
  (e: unknown) => post({ type: "error", runId: "", message: messageOf(e) }),
);

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The run's config with the env rendering RGB frames (training is unchanged by a render mode). */
function withRgbRendering(config: unknown): unknown {
  if (typeof config !== "object" || config === null) return config;
  const c = config as { env?: unknown };
  const env = typeof c.env === "string" ? { id: c.env } : c.env;
  if (typeof env !== "object" || env === null) return config;
  const e = env as { options?: Record<string, unknown> };
  return { ...c, env: { ...e, options: { ...e.options, renderMode: "rgb_array" } } };
}

function postFrame(runId: string, env: { render(): unknown }): void {
  const frame = env.render() as RgbFrame;
  post({ type: "frame", runId, width: frame.width, height: frame.height, data: frame.data }, [
    frame.data.buffer,
  ]);
}

async function trainRun(runId: string, config: unknown): Promise<void> {
  await ready;
  stopRequested = false;
  // Validate the config as the user wrote it (messages name their paths), then compose the run.
  const resolved = registry.resolve(config).config;
  const run: Run = await registry.compose(withRgbRendering(config));
  const started = performance.now();
  let step = 0;
  let episodes: Array<[number, number]> = [];
  let lossSum = 0;
  let lossCount = 0;
  let epsilon: number | undefined;
  const flush = () => {
    post({
      type: "progress",
      runId,
      step,
      stepsPerSecond: step / Math.max(1e-3, (performance.now() - started) / 1000),
      episodes,
      loss: lossCount > 0 ? lossSum / lossCount : undefined,
      epsilon,
    });
    episodes = [];
    lossSum = 0;
    lossCount = 0;
  };
  run.events.on("runStart", (e) =>
    post({ type: "start", runId, totalSteps: e.totalSteps, config: resolved }),
  );
  run.events.on("episodeEnd", (e) => {
    step = e.step;
    episodes.push([e.step, e.return]);
  });
  run.events.on("update", (e) => {
    step = e.step;
    const loss = e.metrics["train/loss"];
    if (loss !== undefined) {
      lossSum += loss;
      lossCount++;
    }
    epsilon = e.metrics["rollout/exploration_rate"] ?? epsilon;
  });
  run.events.on("evaluation", (e) => {
    step = e.step;
    flush();
    post({ type: "evaluation", runId, step: e.step, mean: e.mean, std: e.std });
  });
  run.events.on("warning", (e) => post({ type: "warning", runId, message: `${e.kind}: ${e.message}` }));
  const single = "numEnvs" in run.env ? undefined : run.env;
  let polls = 0;
  let nextProgress = 0;
  let nextFrame = 0;
  try {
    const result = await run.train({
      // Polled once per step: the stop button, progress and frames of the episode being played.
      shouldStop: () => {
        polls++;
        if ((polls & 15) === 0) {
          step = Math.max(step, polls - 1);
          const now = performance.now();
          if (now >= nextProgress) {
            nextProgress = now + PROGRESS_MS;
            flush();
          }
          if (single && now >= nextFrame) {
            nextFrame = now + FRAME_MS;
            postFrame(runId, single);
          }
        }
        return stopRequested;
      },
    });
    step = result.steps;
    flush();
    post({ type: "end", runId, reason: result.reason, steps: result.steps, wallSeconds: result.wallSeconds });
    if (isCheckpointable(run.agent)) {
      const files = await run.agent.checkpoint();
      const bundle = encodeAgentBundle({ run: { config: { ...resolved }, backend: "wasm" }, files });
      post({ type: "saved", runId, bundle });
    }
  } finally {
    await run.dispose();
  }
}

async function play(
  runId: string,
  files: Record<string, Uint8Array>,
  episodes: number,
  seed: number,
  envId: string,
) {
  await ready;
  const agent: DqnAgent = await agentFromCheckpoint(files, registry, "the loaded checkpoint");
  const env = registry.make<Env<Float32Array, number>>(envId, { renderMode: "rgb_array" });
  const returns: number[] = [];
  let nextFrame = 0;
  try {
    for (let e = 0; e < episodes; e++) {
      let obs = env.reset(e === 0 ? { seed } : undefined).observation;
      let total = 0;
      for (;;) {
        const r = env.step(agent.predict(obs));
        total += r.reward;
        obs = r.observation;
        if (performance.now() >= nextFrame) {
          nextFrame = performance.now() + FRAME_MS;
          postFrame(runId, env);
        }
        if (r.terminated || r.truncated) break;
      }
      returns.push(total);
    }
  } finally {
    env.close();
    agent.dispose();
  }
  post({ type: "played", runId, returns });
}

scope.onmessage = (event) => {
  const m = event.data;
  if (m.type === "stop") stopRequested = true;
  else if (m.type === "train") {
    trainRun(m.runId, m.config).catch((e: unknown) =>
      post({ type: "error", runId: m.runId, message: messageOf(e) }),
    );
  } else if (m.type === "play") {
    play(m.runId, m.files, m.episodes, m.seed, m.envId).catch((e: unknown) =>
      post({ type: "error", runId: m.runId, message: messageOf(e) }),
    );
  }
};
