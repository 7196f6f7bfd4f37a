/**
 * A run's checkpoint over its parts: every built part that can save its state does, under its
 * config path, so no caller names the parts (a DQN's buffer, a PPO's rollout, an env's state).
 */
import { type Checkpointable, type CheckpointFiles, isCheckpointable } from "./agent.js";
import { GymkitError } from "./errors.js";

/** A replay buffer's image (`serialize`/`deserialize`): one file, `rb`. */
interface Serializable {
  serialize(): Uint8Array;
  deserialize(bytes: Uint8Array, source?: string): void;
}
const isSerializable = (part: object): part is Serializable =>
  typeof (part as Partial<Serializable>).serialize === "function" &&
  typeof (part as Partial<Serializable>).deserialize === "function";

/** The one file a serializable part's image is saved as (`agent.buffer` → `buffer.rb`). */
const IMAGE = "rb";

/**
 * A replay buffer's `serialize`/`deserialize` as the `Checkpointable` capability; `file` is what
 * its image is called in the run's checkpoint, for messages (`buffer.rb`).
 */
function asCheckpointable(part: Serializable, file: string): Checkpointable {
  return {
    checkpoint: async () => ({ [IMAGE]: part.serialize() }),
    restore: async (files, source) => {
      const bytes = files[IMAGE];
      if (bytes === undefined) {
        throw new GymkitError("GYMKIT_CORRUPT_FILE", `${source ?? "The checkpoint"}: ${file} is missing.`);
      }
      part.deserialize(bytes, source === undefined ? undefined : `${source}/${file}`);
    },
  };
}

/**
 * The part's checkpointing capability: its own `checkpoint`/`restore`, else a replay buffer's
 * `serialize`/`deserialize`; undefined for parts without state to save (schedules, loggers,
 * whose snapshots the runner keeps itself).
 */
export function checkpointingOf(part: unknown, prefix = ""): Checkpointable | undefined {
  if (typeof part !== "object" || part === null) return undefined;
  if (isCheckpointable(part)) return part;
  if (isSerializable(part)) return asCheckpointable(part, prefix === "" ? IMAGE : `${prefix}.${IMAGE}`);
  return undefined;
}

/** `agent` → ""; `agent.buffer` → `buffer`; `env` → `env`: a part's file-name prefix. */
const prefixOf = (path: string, root: string): string =>
  path === root ? "" : path.startsWith(`${root}.`) ? path.slice(root.length + 1) : path;

/** The checkpoint and restore of a run whose parts are `built` (config path → part). */
export function runCheckpoints(
  built: ReadonlyMap<string, unknown>,
  root: string,
): {
  paths: string[];
  checkpoint(): Promise<CheckpointFiles>;
  restore(files: CheckpointFiles, source?: string): Promise<void>;
} {
  // The root (the agent) first: it is restored first, as it always was.
  const entries = [...built]
    .filter(([path]) => !path.startsWith("loggers"))
    .map(([path, part]) => {
      const prefix = prefixOf(path, root);
      return { path, prefix, part: checkpointingOf(part, prefix) };
    })
    .filter((e): e is { path: string; prefix: string; part: Checkpointable } => e.part !== undefined)
    .sort((a, b) => Number(b.path === root) - Number(a.path === root));
  const others = entries.filter((e) => e.prefix !== "");
  /** The prefixed part a file name belongs to, if any. */
  const ownerOf = (name: string) => others.find((e) => name.startsWith(`${e.prefix}.`));
  return {
    paths: entries.map((e) => e.path),
    async checkpoint() {
      const out: Record<string, Uint8Array> = {};
      for (const { path, prefix, part } of entries) {
        for (const [name, bytes] of Object.entries(await part.checkpoint())) {
          const file = prefix === "" ? name : `${prefix}.${name}`;
          if (prefix === "" && ownerOf(name)) {
            throw new GymkitError(
              "GYMKIT_INVALID_ARGUMENT",
              `The part at ${path} checkpoints a file "${name}", which names the part at ${ownerOf(name)!.path}; name its files otherwise.`,
            );
          }
          out[file] = bytes;
        }
      }
      return out;
    },
    async restore(files, source) {
      for (const { path, prefix, part } of entries) {
        const own: Record<string, Uint8Array> = {};
        for (const [name, bytes] of Object.entries(files)) {
          if (prefix === "" ? ownerOf(name) === undefined : name.startsWith(`${prefix}.`)) {
            own[prefix === "" ? name : name.slice(prefix.length + 1)] = bytes;
          }
        }
        if (Object.keys(own).length === 0) {
          throw new GymkitError(
            "GYMKIT_CORRUPT_FILE",
            `Cannot restore ${source ?? "the checkpoint"}: it holds no files of the part at ${path}${prefix === "" ? "" : ` (${prefix}.*)`}.`,
          );
        }
        await part.restore(own, source);
      }
    },
  };
}
