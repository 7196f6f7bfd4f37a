import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Box, createRng, GymkitError, type ReplayBuffer } from "@gymkit/core";
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { TransitionStorage } from "../src/storage.js";
import { cartPoleSpaces, fill, makeBuffer, rowMatches, transition } from "./helpers.js";

/** Options each kind takes beyond the common ones, in the order its error message lists them. */
const ownOptions: Record<string, Record<string, true>> = {
  uniform: { replacement: true },
  prioritized: { alpha: true, beta: true, betaFinal: true, betaAnnealSteps: true, epsilon: true },
};

/**
 * The behaviour every replay-buffer kind shares: registry construction, config errors, storage
 * round-trip, FIFO eviction, rejected input, batch checks, copies, addBatch, and checkpoints.
 * Each kind's test file calls this, then adds its own sampling tests.
 */
export function describeReplayBufferContract(kind: string, extraOptions: Record<string, unknown> = {}): void {
  // Files through the buffers' own save/load until they move behind the Node entry point.
  const make = (options: Record<string, unknown> = {}) =>
    makeBuffer(kind, { ...extraOptions, ...options }) as ReplayBuffer & {
      save(path: string): Promise<void>;
      load(path: string): Promise<void>;
    };
  const dir = mkdtempSync(join(tmpdir(), `gymkit-rb-${kind}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rng = () => createRng(7).fork("replay");

  /** Ids of every stored transition, sorted, read from the storage; each row must be exact. */
  const storedIds = (b: ReplayBuffer): number[] => {
    const s = (b as unknown as { storage: TransitionStorage }).storage;
    const d = b.observationSize;
    const n = b.size;
    const view = s.fields(); // the filled rows field by field, whatever the storage's layout
    const ids: number[] = [];
    for (let r = 0; r < n; r++) {
      const id = rowMatches(view, r, d);
      expect(id, `slot ${r} is an exact copy of some added transition`).toBeDefined();
      ids.push(id!);
    }
    return ids.sort((x, y) => x - y);
  };

  describe(`replay buffer contract: ${kind}`, () => {
    it("is created through the registry with the spaces' layout", () => {
      const b = make({ capacity: 10 });
      expect(b.kind).toBe(kind);
      expect(b.capacity).toBe(10);
      expect(b.observationSize).toBe(4);
      expect(b.size).toBe(0);
      const wide = make({ capacity: 3, observationSpace: new Box(-1, 1, [2, 3]) });
      expect(wide.observationSize).toBe(6);
    });

    it("rejects bad config with the field, the value and what is allowed", () => {
      for (const [capacity, shown] of [
        [0, "0"],
        [-1, "-1"],
        [1.5, "1.5"],
        ["10", '"10"'],
        [Number.NaN, "NaN"],
        [2 ** 28 + 1, "268435457"],
      ] as const) {
        expect(() => make({ capacity })).toThrowError(
          `Invalid config at buffer.capacity: expected an integer >= 1 and <= 268435456, got ${shown}.`,
        );
      }
      const err = (() => {
        try {
          make({ capacity: 0 });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(GymkitError);
      expect((err as GymkitError).code).toBe("GYMKIT_INVALID_CONFIG");
      expect(() => make({ observationSpace: undefined })).toThrowError(/buffer\.observationSpace/);
      expect(() => make({ actionSpace: new Box(-1, 1, [1]) })).toThrowError(
        /buffer\.actionSpace: expected a Discrete/,
      );
      expect(() => make({ observationSpace: cartPoleSpaces().actionSpace })).toThrowError(/expected a Box/);
      const allowed = ["capacity", ...Object.keys(ownOptions[kind] ?? {})];
      expect(() => make({ capacty: 5 })).toThrowError(
        `Invalid config at buffer.capacty: unknown option "capacty" for replay buffer "${kind}". Did you mean "capacity"? Allowed options: ${allowed.join(", ")}.`,
      );
    });

    it("stores and returns values exactly, and never holds more than capacity (FIFO)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 40 }), (capacity, adds) => {
          const b = make({ capacity });
          for (let i = 0; i < adds; i++) {
            b.add(transition(i));
            expect(b.size).toBe(Math.min(i + 1, capacity));
          }
          // The survivors are exactly the newest min(adds, capacity), oldest evicted first.
          const expected = Array.from(
            { length: Math.min(adds, capacity) },
            (_, k) => adds - Math.min(adds, capacity) + k,
          );
          expect(storedIds(b)).toEqual(expected);
        }),
        { numRuns: 60 },
      );
    });

    it("copies observations in: a reused input array does not change what is stored", () => {
      const b = make({ capacity: 4 });
      const t = transition(1);
      b.add(t);
      t.observation.fill(99);
      t.nextObservation.fill(99);
      expect(storedIds(b)).toEqual([1]);
    });

    it("rejects bad transitions, says what was expected, and stores nothing", () => {
      const b = make({ capacity: 3 });
      fill(b, 3);
      const before = storedIds(b);
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ observation: new Float32Array(3) }, /observation must hold 4 numbers.*length 3/],
        [{ observation: Float32Array.of(0, Number.NaN, 0, 0) }, /observation\[1\] is NaN.*finite/],
        [{ nextObservation: [0, 0, 0, Number.POSITIVE_INFINITY] }, /nextObservation\[3\] is Infinity/],
        [{ nextObservation: [0, 0, 0, 1e39] }, /float32 range/],
        [{ action: 2 }, /action 2 is not in the action space Discrete\(2\).*\[0, 1\]/],
        [{ action: 0.5 }, /action 0.5 is not in the action space/],
        [{ action: -1 }, /action -1/],
        [{ reward: Number.NaN }, /reward must be a finite number, got NaN/],
        [{ terminated: "yes" }, /terminated and truncated must be booleans/],
      ];
      for (const [patch, message] of bad) {
        expect(() => b.add({ ...transition(50), ...patch } as never)).toThrowError(message);
        expect(b.size).toBe(3);
      }
      expect(storedIds(b)).toEqual(before);
      try {
        b.add({ ...transition(50), action: 7 });
      } catch (e) {
        expect((e as GymkitError).code).toBe("GYMKIT_INVALID_ACTION");
        expect((e as Error).message).toMatch(/Nothing was stored/);
      }
    });

    it("rejects batch sizes it cannot serve", () => {
      const b = make({ capacity: 100 });
      fill(b, 10);
      for (const k of [0, -3, 2.5, Number.NaN]) {
        expect(() => b.sample(k, rng())).toThrowError(/batchSize must be a positive integer/);
      }
      expect(() => b.sample(64, rng())).toThrowError(
        new RegExp(`Replay buffer "${kind}": cannot sample 64 from 10 stored transitions; .*batchSize`),
      );
      expect(() => make().sample(1, rng())).toThrowError(/cannot sample 1 from 0/);
    });

    it("reuses the batch arrays unless asked for a copy", () => {
      const b = make({ capacity: 10 });
      fill(b, 10);
      const r = rng();
      const first = b.sample(1, r);
      const again = b.sample(1, r);
      expect(again.observations).toBe(first.observations);
      const copy = b.sample(1, r, { copy: true });
      expect(copy.observations).not.toBe(first.observations);
      const snapshot = Array.from(copy.observations);
      b.sample(1, r);
      expect(Array.from(copy.observations)).toEqual(snapshot);
      expect(copy.indices.length).toBe(1);
    });

    it("addBatch stores the same as one add per row, and validates every row first", () => {
      const a = make({ capacity: 5 });
      const b = make({ capacity: 5 });
      const n = 7;
      const obs = new Float32Array(n * 4);
      const next = new Float32Array(n * 4);
      const actions = new Int32Array(n);
      const rewards = new Float32Array(n);
      const terminated = new Uint8Array(n);
      const truncated: boolean[] = [];
      for (let i = 0; i < n; i++) {
        const t = transition(i);
        a.add(t);
        obs.set(t.observation, i * 4);
        next.set(t.nextObservation, i * 4);
        actions[i] = t.action;
        rewards[i] = t.reward;
        terminated[i] = t.terminated ? 1 : 0;
        truncated.push(t.truncated);
      }
      const batch = {
        count: n,
        observations: obs,
        nextObservations: next,
        actions,
        rewards,
        terminated,
        truncated,
      };
      b.addBatch(batch);
      expect(b.size).toBe(a.size);
      expect(storedIds(b)).toEqual(storedIds(a));
      const before = storedIds(b);
      const badObs = obs.slice();
      badObs[9] = Number.NaN;
      expect(() => b.addBatch({ ...batch, observations: badObs })).toThrowError(
        /observations\[9\] \(transition 2, element 1\) is NaN/,
      );
      expect(() => b.addBatch({ ...batch, actions: Int32Array.of(0, 1, 0, 1, 0, 1, 5) })).toThrowError(
        /actions\[6\] 5 is not in the action space/,
      );
      expect(() => b.addBatch({ ...batch, rewards: new Float32Array(2) })).toThrowError(
        /rewards must hold at least 7/,
      );
      expect(storedIds(b)).toEqual(before);
    });

    it("clear() empties it", () => {
      const b = make({ capacity: 4 });
      fill(b, 6);
      b.clear();
      expect(b.size).toBe(0);
      fill(b, 2, 100);
      expect(storedIds(b)).toEqual([100, 101]);
    });

    describe("checkpoints", () => {
      const saved = async (capacity: number, adds: number) => {
        const b = make({ capacity });
        fill(b, adds);
        const file = join(dir, `cap${capacity}-adds${adds}.rb`);
        await b.save(file);
        return { b, file };
      };

      it("round-trips contents and cursor: the loaded buffer behaves identically", async () => {
        for (const [capacity, adds] of [
          [8, 0],
          [8, 5],
          [8, 8],
          [8, 21],
        ] as const) {
          const { b, file } = await saved(capacity, adds);
          const c = make({ capacity });
          fill(c, 3, 500); // overwritten by load
          await c.load(file);
          expect(c.size).toBe(b.size);
          expect(storedIds(c)).toEqual(storedIds(b));
          if (b.size > 0) {
            const x = b.sample(Math.min(4, b.size), rng(), { copy: true });
            const y = c.sample(Math.min(4, c.size), rng(), { copy: true });
            expect(y).toEqual(x);
          }
          fill(b, 3, 1000);
          fill(c, 3, 1000);
          expect(storedIds(c)).toEqual(storedIds(b)); // same cursor: the same slots get evicted
        }
      });

      it("writes only the filled part, atomically (no temp file left)", async () => {
        const small = await saved(1000, 2);
        const big = await saved(1000, 20);
        const a = readFileSync(small.file).length;
        const z = readFileSync(big.file).length;
        expect(z - a).toBeGreaterThanOrEqual(18 * 42);
        expect(a).toBeLessThan(1000 * 42);
        expect(() => readFileSync(`${small.file}.${process.pid}.tmp`)).toThrow();
      });

      const corrupted = async (name: string, edit: (bytes: Buffer) => Buffer, message: RegExp) => {
        const { file } = await saved(8, 6);
        const bad = join(dir, `${name}.rb`);
        writeFileSync(bad, edit(readFileSync(file)));
        const c = make({ capacity: 8 });
        fill(c, 2, 300);
        const before = storedIds(c);
        const err = await c.load(bad).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, name).toBeInstanceOf(GymkitError);
        expect((err as Error).message).toContain(bad);
        expect((err as Error).message).toMatch(message);
        expect(storedIds(c)).toEqual(before); // a failed load changes nothing
      };

      it("rejects a truncated file", async () => {
        await corrupted("truncated", (b) => b.subarray(0, b.length - 10), /is truncated/);
        await corrupted("truncated-header", (b) => b.subarray(0, 12), /is truncated/);
        await corrupted("empty", () => Buffer.alloc(0), /is truncated/);
      });
      it("rejects bad magic", async () => {
        await corrupted("magic", (b) => Buffer.concat([Buffer.from("NOTMAGIC"), b.subarray(8)]), /bad magic/);
      });
      it("rejects an unsupported version", async () => {
        await corrupted(
          "version",
          (b) => {
            const c = Buffer.from(b);
            c.writeUInt32LE(99, 8);
            return c;
          },
          /unsupported format version 99/,
        );
      });
      it("rejects altered contents (checksum)", async () => {
        await corrupted(
          "flipped",
          (b) => {
            const c = Buffer.from(b);
            c[c.length - 30]! ^= 0x10;
            return c;
          },
          /checksum/,
        );
      });
      it("rejects trailing bytes", async () => {
        await corrupted("trailing", (b) => Buffer.concat([b, Buffer.from([0, 1])]), /unexpected bytes/);
      });
      it("rejects a file of another config or kind", async () => {
        const { file } = await saved(8, 6);
        const wide = make({ capacity: 8, observationSpace: new Box(-1, 1, [8]) });
        await expect(wide.load(file)).rejects.toThrowError(
          /config mismatch: observationShape is \[4\] in the file, \[8\]/,
        );
        await expect(make({ capacity: 9 }).load(file)).rejects.toThrowError(/capacity is 8 in the file, 9/);
        const other = kind === "uniform" ? "online" : "uniform";
        await expect(
          (makeBuffer(other, { capacity: 8 }) as ReturnType<typeof make>).load(file),
        ).rejects.toThrowError(new RegExp(`holds a "${kind}" buffer, this is a "${other}" buffer`));
        await expect(make().load(join(dir, "missing.rb"))).rejects.toThrowError(/missing\.rb.*ENOENT/);
      });
    });
  });
}
