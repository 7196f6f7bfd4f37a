import { describe, expect, it } from "vitest";
import { ChainEnv } from "../../test/chain-env.js";
import { GymkitError } from "../errors.js";
import { RecordEpisodeStatistics } from "./record-episode-statistics.js";
import { TimeLimit } from "./time-limit.js";

describe("RecordEpisodeStatistics", () => {
  it("puts { r, l, t } in info.episode when an episode ends, and only then", () => {
    let clock = 10;
    const env = new RecordEpisodeStatistics(new ChainEnv(3), { now: () => clock });
    env.reset({ seed: 0 });
    const infos: Array<Record<string, unknown>> = [];
    for (const a of [1, 0, 1]) {
      clock += 0.25;
      infos.push({ ...env.step(a).info });
    }
    expect(infos[0]).toEqual({ t: 1 });
    expect(infos[1]).toEqual({ t: 2 });
    expect(infos[2]).toEqual({ t: 3, episode: { r: 5, l: 3, t: 0.75 } });
    expect(env.episodeCount).toBe(1);
  });

  it("counts truncated episodes and keeps the last bufferLength values", () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new ChainEnv(100), 2), { bufferLength: 2 });
    for (let e = 0; e < 3; e++) {
      env.reset();
      env.step(0);
      const last = env.step(e % 2);
      expect(last.truncated).toBe(true);
      expect((last.info.episode as { l: number }).l).toBe(2);
      expect((last.info.episode as { t: number }).t).toBeGreaterThanOrEqual(0);
    }
    expect(env.returnQueue).toEqual([3, 2]);
    expect(env.lengthQueue).toEqual([2, 2]);
    expect(env.timeQueue).toHaveLength(2);
    expect(env.episodeCount).toBe(3);
  });

  it("never edits the inner env's (reused) result or info", () => {
    const inner = new ChainEnv(1);
    let innerResult: ReturnType<ChainEnv["step"]> | undefined;
    const step = inner.step.bind(inner);
    inner.step = (a) => {
      innerResult = step(a);
      return innerResult;
    };
    const env = new RecordEpisodeStatistics(inner);
    env.reset();
    const out = env.step(1);
    expect(out.info.episode).toEqual({ r: 2, l: 1, t: expect.any(Number) });
    expect(out).not.toBe(innerResult);
    expect(innerResult?.info).toEqual({ t: 1 });
  });

  it("reuses its result object between steps; the stats key must be free", () => {
    const env = new RecordEpisodeStatistics(new ChainEnv(5), { statsKey: "t" });
    env.reset();
    const a = env.step(0);
    expect(env.step(0)).toBe(a);
    env.step(0);
    env.step(0);
    expect(() => env.step(0)).toThrowError(GymkitError);
    expect(() => new RecordEpisodeStatistics(new ChainEnv(), { bufferLength: 0 })).toThrowError(
      "RecordEpisodeStatistics: bufferLength must be a positive integer, got 0.",
    );
  });
});
