/**
 * The playground page: a form over the config's JSON Schema, the equivalent YAML, and training
 * runs in Web Workers (one per run, so Compare trains both agents side by side on two cores),
 * drawn live from their training events: the cart and pole, learning curves, TD loss, ε, steps/s.
 */
import { decodeAgentBundle, isAgentBundle, MODEL_FILE, WEIGHTS_FILE } from "@gymkit/agent-dqn";
import { stringify as stringifyYaml } from "yaml";
import { type DrawnAxes, drawChart, type Series } from "./chart.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { DEFAULT_CONFIG, playgroundRegistry } from "./registry.js";
import { renderSchemaForm, type Schema } from "./schema-form.js";

/** Mean return over this many training episodes: SB3's `rollout/ep_rew_mean` window. */
const AVERAGE_OVER = 100;
const COLORS = ["#1f77b4", "#d62728"];

interface RunView {
  id: string;
  label: string;
  color: string;
  worker: Worker;
  steps: number;
  total: number;
  stepsPerSecond: number;
  recent: number[];
  returns: Array<[number, number]>;
  average: Array<[number, number]>;
  evals: Array<[number, number]>;
  loss: Array<[number, number]>;
  epsilon: Array<[number, number]>;
  canvas: HTMLCanvasElement;
  status: HTMLElement;
  frames: number;
  ended?: string | undefined;
  error?: string | undefined;
}

/** What the browser tests read (`window.__gymkit`): the page's state, not its pixels. */
interface PageState {
  backend: string | undefined;
  steps: number;
  frames: number;
  curvePoints: number;
  /** How many times the curves were redrawn with more points than before (they update live). */
  curveGrowths: number;
  configError: string | undefined;
  runs: Record<
    string,
    {
      steps: number;
      episodes: number;
      evaluations: number;
      ended?: string;
      error?: string;
      wallSeconds?: number;
    }
  >;
  played: number[] | undefined;
  /** Each chart's axes as last drawn: scale, domain and tick labels ("" for a minor tick). */
  axes: Record<
    string,
    {
      scale: string;
      domain: [number, number];
      /** Labelled y ticks: value and label (minor ticks left out). */
      y: Array<[number, string]>;
      /** The x ticks: value and label. */
      x: Array<[number, string]>;
      plot: DrawnAxes["plot"];
    }
  >;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const registry = playgroundRegistry();
const schema = registry.jsonSchema() as Schema;
const config: Record<string, unknown> = structuredClone(DEFAULT_CONFIG);
const state: PageState = {
  backend: undefined,
  steps: 0,
  frames: 0,
  curvePoints: 0,
  curveGrowths: 0,
  configError: undefined,
  runs: {},
  played: undefined,
  axes: {},
};
(globalThis as { __gymkit?: PageState }).__gymkit = state;
let runs: RunView[] = [];
let dirty = false;

/** Validates as `gymkit train` does (`registry.resolve`), showing its message verbatim. */
function validate(): boolean {
  $("yaml").textContent = stringifyYaml(config);
  try {
    registry.resolve(config);
    state.configError = undefined;
  } catch (e) {
    state.configError = e instanceof Error ? e.message : String(e);
  }
  $("config-error").textContent = state.configError ?? "";
  $("config-ok").textContent = state.configError ? "" : "valid config";
  return state.configError === undefined;
}

renderSchemaForm($("form"), schema, config, { skip: ["plugins", "loggers"], onChange: validate });
validate();

function stopAll(): void {
  for (const r of runs) r.worker.terminate();
  runs = [];
  state.runs = {};
  state.steps = 0;
  $("carts").replaceChildren();
}

function startRuns(configs: Array<{ label: string; config: unknown }>): void {
  stopAll();
  runs = configs.map(({ label, config: c }, i) => {
    const id = configs.length === 1 ? "run" : label;
    const canvas = document.createElement("canvas");
    canvas.width = 600;
    canvas.height = 400;
    canvas.dataset.run = id;
    const status = document.createElement("div");
    status.className = "status";
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = label;
    caption.style.color = COLORS[i]!;
    figure.append(caption, canvas, status);
    $("carts").append(figure);
    const run = newRunView(id, label, COLORS[i]!, canvas, status);
    state.runs[id] = { steps: 0, episodes: 0, evaluations: 0 };
    run.worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(run, e.data);
    run.worker.onerror = (e) => onMessage(run, { type: "error", runId: id, message: e.message });
    run.worker.postMessage({ type: "train", runId: id, config: c } satisfies ToWorker);
    return run;
  });
  dirty = true;
}

function onMessage(run: RunView, m: FromWorker): void {
  const view = state.runs[run.id];
  switch (m.type) {
    case "ready":
      state.backend = m.backend;
      $("backend").textContent = `TensorFlow.js backend: ${m.backend}`;
      return;
    case "start":
      run.total = m.totalSteps;
      break;
    case "progress":
      run.steps = m.step;
      run.stepsPerSecond = m.stepsPerSecond;
      for (const [step, ret] of m.episodes) {
        run.returns.push([step, ret]);
        run.recent.push(ret);
        if (run.recent.length > AVERAGE_OVER) run.recent.shift();
        run.average.push([step, run.recent.reduce((a, b) => a + b, 0) / run.recent.length]);
      }
      if (m.loss !== undefined) run.loss.push([m.step, m.loss]);
      if (m.epsilon !== undefined) run.epsilon.push([m.step, m.epsilon]);
      break;
    case "evaluation":
      run.evals.push([m.step, m.mean]);
      break;
    case "frame":
      drawFrame(run, m.width, m.height, m.data);
      return;
    case "warning":
      run.status.dataset.warning = m.message;
      break;
    case "end":
      run.steps = m.steps;
      run.ended = m.reason;
      if (view) view.wallSeconds = m.wallSeconds;
      break;
    case "saved": {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([m.bundle], { type: "application/json" }));
      link.download = `${run.label}.agent.json`;
      link.dataset.save = run.id;
      link.textContent = `Save ${run.label} agent`;
      $("saves").append(link);
      break;
    }
    case "played":
      state.played = m.returns;
      $("played").textContent =
        `Greedy return ${(m.returns.reduce((a, b) => a + b, 0) / m.returns.length).toFixed(1)} over ${m.returns.length} episodes (${m.returns.join(", ")})`;
      return;
    case "error":
      run.error = m.message;
      $("config-error").textContent = m.message;
      break;
  }
  if (view) {
    view.steps = run.steps;
    view.episodes = run.returns.length;
    view.evaluations = run.evals.length;
    if (run.ended) view.ended = run.ended;
    if (run.error) view.error = run.error;
  }
  state.steps = runs.reduce((n, r) => n + r.steps, 0);
  dirty = true;
}

function drawFrame(run: RunView, width: number, height: number, rgb: Uint8Array): void {
  // Acrobot and Pendulum draw 500×500, CartPole and MountainCar 600×400.
  if (run.canvas.width !== width || run.canvas.height !== height) {
    run.canvas.width = width;
    run.canvas.height = height;
  }
  const g = run.canvas.getContext("2d")!;
  const image = g.createImageData(width, height);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    image.data[j] = rgb[i]!;
    image.data[j + 1] = rgb[i + 1]!;
    image.data[j + 2] = rgb[i + 2]!;
    image.data[j + 3] = 255;
  }
  g.putImageData(image, 0, 0);
  run.frames++;
  state.frames++;
}

function redraw(): void {
  requestAnimationFrame(redraw);
  if (!dirty) return;
  dirty = false;
  const xMax = Math.max(1, ...runs.map((r) => r.total));
  const returns: Series[] = runs.flatMap((r) => [
    { label: `${r.label} episode return`, color: r.color, points: r.returns, faint: true },
    { label: `${r.label} (mean of last ${AVERAGE_OVER})`, color: r.color, points: r.average },
    { label: `${r.label} greedy eval`, color: r.color, points: r.evals, dots: true },
  ]);
  const charts: Record<string, DrawnAxes> = {
    returns: drawChart($("returns"), "Return", returns, { xMax }),
    // The TD loss spans decades as the agent learns: a log axis shows all of them.
    loss: drawChart(
      $("loss"),
      "TD loss (log scale)",
      runs.map((r) => ({ label: r.label, color: r.color, points: r.loss })),
      { xMax, y: { scale: "log" } },
    ),
    // ε is a probability: its axis is [0, 1] whatever the schedule's range.
    epsilon: drawChart(
      $("epsilon"),
      "ε",
      runs.map((r) => ({ label: r.label, color: r.color, points: r.epsilon })),
      { xMax, y: { domain: [0, 1] } },
    ),
  };
  for (const [name, { x, y, plot }] of Object.entries(charts)) {
    state.axes[name] = {
      scale: y.scale,
      domain: y.domain,
      y: y.ticks.flatMap((t): Array<[number, string]> => (t.label === "" ? [] : [[t.value, t.label]])),
      x: x.ticks.map((t): [number, string] => [t.value, t.label]),
      plot,
    };
  }
  const points = runs.reduce((n, r) => n + r.average.length + r.evals.length + r.loss.length, 0);
  if (points > state.curvePoints) state.curveGrowths++;
  state.curvePoints = points;
  for (const r of runs) {
    const last = r.evals.at(-1);
    r.status.textContent = [
      `${r.steps.toLocaleString("en")} / ${r.total.toLocaleString("en")} steps`,
      `${Math.round(r.stepsPerSecond).toLocaleString("en")} steps/s`,
      `${r.returns.length} episodes`,
      last ? `last eval ${last[1].toFixed(1)}` : "",
      r.ended ? `(${r.ended})` : "",
    ]
      .filter(Boolean)
      .join(" · ");
  }
}
requestAnimationFrame(redraw);

/** For scripts (the speed bench): train a config as the Train button does, without the form. */
(globalThis as { __gymkitTrain?: (config: unknown) => void }).__gymkitTrain = (c) =>
  startRuns([{ label: "run", config: c }]);

$("train").addEventListener("click", () => {
  if (!validate()) return;
  const agent = config.agent as { kind?: string } | undefined;
  startRuns([{ label: agent?.kind ?? "agent", config: structuredClone(config) }]);
});
$("compare").addEventListener("click", () => {
  if (!validate()) return;
  startRuns(
    ["qlearning", "dqn"].map((kind) => ({
      label: kind,
      config: { ...structuredClone(config), agent: kind },
    })),
  );
});
$("stop").addEventListener("click", () => {
  for (const r of runs) r.worker.postMessage({ type: "stop" } satisfies ToWorker);
});

/** Loads a bundle saved here, or `model.json` + `weights.bin` from a CLI run's `model/`, and plays it. */
$<HTMLInputElement>("load").addEventListener("change", async (event) => {
  const input = event.target as HTMLInputElement;
  const chosen = [...(input.files ?? [])];
  let files: Record<string, Uint8Array> = {};
  let envId: string | undefined;
  try {
    if (chosen.length === 1 && isAgentBundle(await chosen[0]!.text())) {
      const bundle = decodeAgentBundle(await chosen[0]!.text(), chosen[0]!.name);
      files = { ...bundle.files };
      envId = envIdOf(bundle.run.config);
    } else {
      for (const f of chosen) files[f.name] = new Uint8Array(await f.arrayBuffer());
      if (!files[MODEL_FILE] || !files[WEIGHTS_FILE]) {
        throw new Error(
          `Choose an agent bundle saved here, or both ${MODEL_FILE} and ${WEIGHTS_FILE} from a run's model/ directory; got ${chosen.map((f) => f.name).join(", ")}.`,
        );
      }
    }
  } catch (e) {
    $("config-error").textContent = e instanceof Error ? e.message : String(e);
    return;
  }
  startPlay(files, envId ?? envIdOf(config) ?? "CartPole-v1");
});

/** The env id of a config (`env: "Id"` or `env: { id }`), if it has one. */
function envIdOf(config: unknown): string | undefined {
  const env = (config as { env?: unknown } | null)?.env;
  if (typeof env === "string") return env;
  const id = (env as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

function startPlay(files: Record<string, Uint8Array>, envId: string): void {
  stopAll();
  state.played = undefined;
  $("played").textContent = `Playing the loaded agent on ${envId}…`;
  startRunsForPlay(files, envId);
}

/** A run's view: its own worker, canvas, status line and empty curves. */
function newRunView(
  id: string,
  label: string,
  color: string,
  canvas: HTMLCanvasElement,
  status: HTMLElement,
): RunView {
  return {
    id,
    label,
    color,
    worker: new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }),
    steps: 0,
    total: 0,
    stepsPerSecond: 0,
    recent: [],
    returns: [],
    average: [],
    evals: [],
    loss: [],
    epsilon: [],
    canvas,
    status,
    frames: 0,
  };
}

function startRunsForPlay(files: Record<string, Uint8Array>, envId: string): void {
  const canvas = document.createElement("canvas");
  canvas.width = 600;
  canvas.height = 400;
  canvas.dataset.run = "loaded";
  const status = document.createElement("div");
  $("carts").append(canvas, status);
  const run = newRunView("loaded", "loaded agent", COLORS[0]!, canvas, status);
  runs = [run];
  run.worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(run, e.data);
  run.worker.postMessage({
    type: "play",
    runId: "loaded",
    files,
    episodes: 5,
    seed: 0,
    envId,
  } satisfies ToWorker);
}
