import { definePart, type PartDefinition, type SyncableParameters, type TargetSync, z } from "@gymkit/core";

const every = (fallback: number, what: string) => z.number().int().min(1).default(fallback).describe(what);

/** Options of the `hard` strategy. */
export const HARD_SYNC_OPTIONS = z.strictObject({
  every: every(10, "Copy online → target every this many gradient updates (the seed blog's overlap_period)."),
});
/** Options of the `soft` strategy. */
export const SOFT_SYNC_OPTIONS = z.strictObject({
  tau: z
    .number()
    .gt(0)
    .max(1)
    .default(0.005)
    .describe("Polyak coefficient: target ← tau·online + (1 − tau)·target."),
  every: every(1, "Blend every this many gradient updates."),
});

/** Copies the online network into the target every `every` gradient updates (Mnih et al. 2015). */
export class HardSync implements TargetSync {
  readonly kind = "hard";
  readonly usesTargetNetwork = true;
  constructor(readonly every = 10) {}
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
    readonly tau = 0.005,
    readonly every = 1,
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

/** The `targetSync` parts of the plugin. */
export const TARGET_SYNC_PARTS: readonly PartDefinition[] = [
  definePart({
    slot: "targetSync",
    id: "hard",
    description: "Copy online → target every `every` gradient updates",
    options: HARD_SYNC_OPTIONS,
    create: (o) => new HardSync(o.every),
  }),
  definePart({
    slot: "targetSync",
    id: "soft",
    description: "Polyak averaging with `tau` every `every` updates",
    options: SOFT_SYNC_OPTIONS,
    create: (o) => new SoftSync(o.tau, o.every),
  }),
  definePart({
    slot: "targetSync",
    id: "none",
    description: "No target network: bootstrap from the online network",
    options: z.strictObject({}),
    create: () => new NoSync(),
  }),
];
