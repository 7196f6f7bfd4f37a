import {
  type Options,
  optionsRecord,
  parseNumberOption,
  rejectUnknownOptions,
  type SyncableParameters,
  type TargetSync,
} from "@gymkit/core";

/** Options of the `hard` strategy. */
export interface HardSyncOptions {
  /** Copy online → target every this many gradient updates (the seed blog's `overlap_period`). @default 10 */
  every: number;
}

export const DEFAULT_HARD_SYNC_OPTIONS: HardSyncOptions = { every: 10 };

/** Options of the `soft` strategy. */
export interface SoftSyncOptions {
  /** Polyak coefficient: target ← tau·online + (1 − tau)·target. @default 0.005 */
  tau: number;
  /** Blend every this many gradient updates. @default 1 */
  every: number;
}

export const DEFAULT_SOFT_SYNC_OPTIONS: SoftSyncOptions = { tau: 0.005, every: 1 };

const every = (value: unknown, path: string): number =>
  parseNumberOption(value, path, { min: 1, integer: true });

export function parseHardSyncOptions(input: unknown, path = "targetSync"): HardSyncOptions {
  const r = optionsRecord(input, path);
  rejectUnknownOptions(r, ["every"], path);
  return { every: every(r.every ?? DEFAULT_HARD_SYNC_OPTIONS.every, `${path}.every`) };
}

export function parseSoftSyncOptions(input: unknown, path = "targetSync"): SoftSyncOptions {
  const r = optionsRecord(input, path);
  rejectUnknownOptions(r, ["tau", "every"], path);
  return {
    tau: parseNumberOption(r.tau ?? DEFAULT_SOFT_SYNC_OPTIONS.tau, `${path}.tau`, {
      min: 0,
      minExclusive: true,
      max: 1,
    }),
    every: every(r.every ?? DEFAULT_SOFT_SYNC_OPTIONS.every, `${path}.every`),
  };
}

/** Copies the online network into the target every `every` gradient updates (Mnih et al. 2015). */
export class HardSync implements TargetSync {
  readonly kind = "hard";
  readonly usesTargetNetwork = true;
  constructor(readonly every: number = DEFAULT_HARD_SYNC_OPTIONS.every) {}
  afterUpdate(updateCount: number, online: SyncableParameters, target: SyncableParameters): boolean {
    if (updateCount % this.every !== 0) return false;
    target.copyFrom(online);
    return true;
  }
}

/** Polyak averaging every `every` updates (Lillicrap et al. 2016; the PyTorch DQN tutorial). */
export class SoftSync implements TargetSync {
  readonly kind = "soft";
  readonly usesTargetNetwork = true;
  constructor(
    readonly tau: number = DEFAULT_SOFT_SYNC_OPTIONS.tau,
    readonly every: number = DEFAULT_SOFT_SYNC_OPTIONS.every,
  ) {}
  afterUpdate(updateCount: number, online: SyncableParameters, target: SyncableParameters): boolean {
    if (updateCount % this.every !== 0) return false;
    target.polyakFrom(online, this.tau);
    return true;
  }
}

/**
 * No target network: the agent bootstraps from the online network itself and keeps no copy,
 * which (with the `online` buffer) turns DQN into plain neural Q-learning.
 */
export class NoSync implements TargetSync {
  readonly kind = "none";
  readonly usesTargetNetwork = false;
  afterUpdate(): boolean {
    return false;
  }
}

/** Factories registered as `targetSync` kinds. */
export const targetSyncFactories = {
  hard: (options: Options): TargetSync =>
    new HardSync(parseHardSyncOptions(options, "targetSync(hard)").every),
  soft: (options: Options): TargetSync => {
    const o = parseSoftSyncOptions(options, "targetSync(soft)");
    return new SoftSync(o.tau, o.every);
  },
  none: (options: Options): TargetSync => {
    rejectUnknownOptions(optionsRecord(options, "targetSync(none)"), [], "targetSync(none)");
    return new NoSync();
  },
};
