import { type CheckpointFiles, describeValue, GymkitError } from "@gymkit/core";
import { MODEL_FILE, WEIGHTS_FILE } from "./model-files.js";

/** Format tag of a one-file agent bundle. */
export const AGENT_BUNDLE_FORMAT = "gymkit-agent-bundle";
export const AGENT_BUNDLE_VERSION = 1;

/**
 * A trained agent in one file: the two checkpoint files (`model.json`, `weights.bin`, byte for
 * byte what `agent.checkpoint()` gives and what the runner writes to `model/`) and the run they
 * came from (what a run directory's `config.json` holds: the resolved config and the backend).
 * A browser saves one download; `gymkit eval <file>` loads it like a run directory.
 */
export interface AgentBundle {
  run: { config: Record<string, unknown>; backend?: string | undefined };
  files: CheckpointFiles;
}

// 32 K characters per String.fromCharCode call stays far below every engine's argument limit.
const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The bundle as JSON text: `model.json` inline as JSON, `weights.bin` as base64. */
export function encodeAgentBundle(bundle: AgentBundle): string {
  const model = bundle.files[MODEL_FILE];
  const weights = bundle.files[WEIGHTS_FILE];
  if (model === undefined || weights === undefined) {
    throw new GymkitError(
      "GYMKIT_INVALID_ARGUMENT",
      `encodeAgentBundle: the checkpoint must hold ${MODEL_FILE} and ${WEIGHTS_FILE}, got ${describeValue(Object.keys(bundle.files))}.`,
    );
  }
  return `${JSON.stringify(
    {
      format: AGENT_BUNDLE_FORMAT,
      formatVersion: AGENT_BUNDLE_VERSION,
      run: bundle.run,
      files: {
        [MODEL_FILE]: JSON.parse(new TextDecoder().decode(model)) as unknown,
        [WEIGHTS_FILE]: toBase64(weights),
      },
    },
    null,
    1,
  )}\n`;
}

/** True when `text` looks like an agent bundle (cheap: checks the format tag only). */
export function isAgentBundle(text: string): boolean {
  try {
    return (JSON.parse(text) as { format?: unknown })?.format === AGENT_BUNDLE_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Reverses {@link encodeAgentBundle}; `source` (e.g. the file name) names the file in errors.
 * The checkpoint's own checks (CRC-32 of the weights, sizes) run when it is restored.
 */
export function decodeAgentBundle(text: string, source = "the bundle"): AgentBundle {
  const corrupt = (what: string) =>
    new GymkitError(
      "GYMKIT_CORRUPT_FILE",
      `${source}: ${what}; it is not a gymkit agent bundle (saved by the playground) or it is corrupt.`,
    );
  let raw: { format?: unknown; formatVersion?: unknown; run?: unknown; files?: Record<string, unknown> };
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw corrupt(`not valid JSON (${(e as Error).message})`);
  }
  if (raw?.format !== AGENT_BUNDLE_FORMAT)
    throw corrupt(`format is ${describeValue(raw?.format)}, expected "${AGENT_BUNDLE_FORMAT}"`);
  if (raw.formatVersion !== AGENT_BUNDLE_VERSION)
    throw corrupt(`formatVersion is ${describeValue(raw.formatVersion)}, expected ${AGENT_BUNDLE_VERSION}`);
  const run = raw.run as AgentBundle["run"] | undefined;
  if (typeof run?.config !== "object" || run.config === null) throw corrupt("run.config is missing");
  const model = raw.files?.[MODEL_FILE];
  const weights = raw.files?.[WEIGHTS_FILE];
  if (typeof model !== "object" || model === null) throw corrupt(`files["${MODEL_FILE}"] is missing`);
  if (typeof weights !== "string") throw corrupt(`files["${WEIGHTS_FILE}"] is not base64 text`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(weights);
  } catch {
    throw corrupt(`files["${WEIGHTS_FILE}"] is not valid base64`);
  }
  return {
    run,
    files: {
      [MODEL_FILE]: new TextEncoder().encode(`${JSON.stringify(model, null, 2)}\n`),
      [WEIGHTS_FILE]: bytes,
    },
  };
}
