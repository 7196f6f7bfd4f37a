/**
 * What the runner asks of a run's parts without knowing their packages: the `--backend`
 * shorthand, the backend a run reports, and the agent's saved model (its `checkpoint()` files,
 * read back through the `load` its plugin registered).
 */
import { readdir } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type Agent,
  type CheckpointFiles,
  isCheckpointable,
  type PartSpec,
  type Registry,
  type ResolvedPart,
  type Run,
} from "@gymkit/core";
import { cleanStaleTemps, readDirFiles, writeDirAtomic } from "@gymkit/core/node";

/** The option the `--backend` shorthand (and a file's top-level `backend:`) sets. */
const BACKEND = "backend";

const hasOption = (part: ResolvedPart, key: string): boolean => {
  const shape = (part.part.options as { shape?: Record<string, unknown> }).shape;
  return typeof shape === "object" && shape !== null && Object.hasOwn(shape, key);
};

/**
 * `config` with `backend` set on every part that has a `backend` option (agent-dqn's agents; any
 * part built on TensorFlow.js), as resolved specs; "auto" leaves each part's own choice alone.
 * This is what `--backend <name>` and a file's top-level `backend:` mean.
 */
export function withBackend(
  registry: Registry,
  config: Readonly<Record<string, unknown>>,
  backend: string | undefined,
): Record<string, unknown> {
  if (backend === undefined || backend === "auto") return { ...config };
  const resolved = registry.resolve(config);
  let touched = false;
  const set = (part: ResolvedPart): PartSpec => {
    const spec: Record<string, unknown> = { ...part.spec };
    for (const [key, need] of Object.entries(part.needs)) spec[key] = set(need);
    if (hasOption(part, BACKEND)) {
      spec[BACKEND] = backend;
      touched = true;
    }
    return spec as PartSpec;
  };
  const agent = set(resolved.agent);
  const loggers = resolved.loggers.map(set);
  if (!touched) return { ...config };
  return { ...config, agent, ...(config.loggers === undefined ? {} : { loggers }) };
}

/** The backend the run's parts report (a TensorFlow.js part's `backend`), if one does. */
export function backendOf(run: Run): string | undefined {
  for (const part of run.scope.parts().values()) {
    const backend = (part as { backend?: unknown } | null)?.backend;
    if (typeof backend === "string") return backend;
  }
  return undefined;
}

/** The agent's spec to load it with: the run's, on the backend the run recorded it used. */
export function loadSpec(agent: PartSpec, backend: string | undefined): PartSpec {
  return backend !== undefined && typeof agent[BACKEND] === "string"
    ? { ...agent, [BACKEND]: backend }
    : agent;
}

/**
 * Writes the agent's `checkpoint()` files to `dir` (`model/`) atomically; a directory there that
 * holds other files is refused, left untouched. Does nothing for an agent that cannot checkpoint.
 */
export async function saveModel(agent: unknown, dir: string): Promise<boolean> {
  if (typeof agent !== "object" || agent === null || !isCheckpointable(agent)) return false;
  const files = await agent.checkpoint();
  // Debris of an earlier save whose process died does not pile up (any age: its writer is dead).
  await cleanStaleTemps(dirname(dir), { olderThanMs: Date.now() });
  await writeDirAtomic(dir, files, {
    isOurs: async (d) => (await readdir(d)).every((name) => Object.hasOwn(files, name)),
    what: "a saved model",
  });
  return true;
}

/** The files of a saved model (`model/`), after putting back one a killed save left aside. */
export async function readModel(dir: string): Promise<CheckpointFiles> {
  await cleanStaleTemps(dirname(dir), { olderThanMs: Date.now() });
  return readDirFiles(dir);
}

/**
 * The agent a run saved, rebuilt through the `load` of the part its config names (`kind`), on the
 * backend it recorded: no agent package is named here.
 */
export function loadAgent(
  registry: Registry,
  files: CheckpointFiles,
  manifest: { config: { agent: PartSpec }; backend?: string | undefined },
  source: string,
): Promise<Agent> {
  const spec = manifest.config.agent;
  return registry.load("agent", spec.kind, files, { source, spec: loadSpec(spec, manifest.backend) });
}

/** What a run on an env that cannot save its state says before it trains. */
export function noCheckpointsMessage(run: Run): string {
  const env = run.env as { spec?: { id?: string } | undefined };
  const id = env.spec?.id ?? run.config.env.id;
  return `${id} cannot save its state (it does not implement getState/setState), so this run writes no checkpoints: --resume trains it again from step 0, and a stop (Ctrl-C) keeps nothing to resume. To checkpoint it, add getState/setState to the env (docs/guide/writing-a-plugin.md, "Checkpoints and resume").`;
}
