import type { Env, Info } from "../env.js";
import type { Space } from "../space.js";
import type { AutoresetMode, VectorEnv, VectorResetArgs, VectorStepResult } from "../vector.js";

/** TODO(core helper): n envs stepped in a loop, with autoreset. */
export class SyncVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly singleObservationSpace: Space<Float32Array>;
  readonly singleActionSpace: Space<number>;
  readonly observationSize: number;
  constructor(
    factories: Array<() => Env<Float32Array, number>>,
    options: { autoresetMode?: AutoresetMode } = {},
  ) {
    const envs = factories.map((f) => f());
    this.numEnvs = envs.length;
    this.autoresetMode = options.autoresetMode ?? "next-step";
    this.singleObservationSpace = envs[0]!.observationSpace;
    this.singleActionSpace = envs[0]!.actionSpace;
    this.observationSize = this.singleObservationSpace.shape.reduce((a, b) => a * b, 1);
  }
  reset(_args?: VectorResetArgs): { observations: Float32Array; infos: readonly Info[] } {
    throw new Error("not implemented");
  }
  step(_actions: ArrayLike<number>): VectorStepResult {
    throw new Error("not implemented");
  }
  close(): void {}
}
