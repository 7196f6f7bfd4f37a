/**
 * The parameters of a Q-network as a target-sync strategy sees them: named, shape-checked
 * variables. Agents implement it (agent-dqn over tfjs variables); strategies need no ML library.
 */
export interface SyncableParameters {
  /** Variable names in a stable order, e.g. `dense0/kernel`. */
  names(): readonly string[];
  /** target ← source, variable by variable, matched by name with shapes verified. */
  copyFrom(source: SyncableParameters): void;
  /** target ← tau·source + (1 − tau)·target (Polyak averaging), matched by name. */
  polyakFrom(source: SyncableParameters, tau: number): void;
}

/**
 * When and how the target network follows the online network. Called after every gradient
 * update with the running count of updates.
 */
export interface TargetSync {
  readonly kind: string;
  /**
   * False for the `none` strategy: the agent then bootstraps from the online network itself and
   * keeps no target copy.
   */
  readonly usesTargetNetwork: boolean;
  /** Returns true when it synced. */
  afterUpdate(updateCount: number, online: SyncableParameters, target: SyncableParameters): boolean;
}
