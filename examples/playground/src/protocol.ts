/**
 * Messages between the page and a training worker. Plain data (structured clone); frames carry
 * their pixels as a transferred buffer.
 */

/** Page → worker. */
export type ToWorker =
  /** Compose a run from `config` (an experiment config, as `gymkit train` reads it) and train it. */
  | { type: "train"; runId: string; config: unknown }
  /** Stop the run after the current step (the worker yields to its event loop every 1000 steps). */
  | { type: "stop" }
  /** Rebuild an agent from checkpoint files and play greedy episodes with it (`played`). */
  | {
      type: "play";
      runId: string;
      files: Record<string, Uint8Array>;
      episodes: number;
      seed: number;
      /** The env to play in: the bundle's, else the form's. */
      envId: string;
    };

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; backend: string }
  | { type: "start"; runId: string; totalSteps: number; config: unknown }
  | {
      type: "progress";
      runId: string;
      step: number;
      stepsPerSecond: number;
      /** Training episodes ended since the last message: [step, return] pairs. */
      episodes: Array<[step: number, episodeReturn: number]>;
      /** Mean TD loss of the updates since the last message, if any. */
      loss?: number | undefined;
      epsilon?: number | undefined;
    }
  | { type: "evaluation"; runId: string; step: number; mean: number; std: number }
  | { type: "warning"; runId: string; message: string }
  | { type: "frame"; runId: string; width: number; height: number; data: Uint8Array }
  | { type: "end"; runId: string; reason: string; steps: number; wallSeconds: number }
  /** After `end`: the trained agent as an agent bundle (JSON text), for the Save button. */
  | { type: "saved"; runId: string; bundle: string }
  | { type: "played"; runId: string; returns: number[] }
  | { type: "error"; runId: string; message: string };
