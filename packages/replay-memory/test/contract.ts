import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Box, createRng, GymkitError, type ReplayBuffer } from "@gymkit/core";
import { describeReplayBufferContract as describeCoreContract } from "@gymkit/core/testing";
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuffer, saveBuffer } from "../src/node.js";
import { MAX_CAPACITY, MAX_PRIORITIZED_CAPACITY } from "../src/options.js";
import type { TransitionStorage } from "../src/storage.js";
import { cartPoleSpaces, fill, makeBuffer, rowMatches, transition } from "./helpers.js";

/** Options each kind takes beyond the common ones, in the order its error message lists them. */
const ownOptions: Record<string, Record<string, true>> = {
  uniform: { replacement: true },
  prioritized: { alpha: true, beta: true, betaFinal: true, betaAnnealSteps: true, epsilon: true },
};

/**
 * The behaviour every replay-buffer kind shares: core's contract for every `ReplayBuffer`
 * (`@gymkit/core/testing`), then what this package promises beyond it: registry construction and
 * config errors worded exactly, the storage itself (read directly), error messages, and checkpoint
 * files through `@gymkit/replay-memory/node`. Each kind's test file calls this, then adds its own
 * sampling tests.
 */

export function describeReplayBufferContract(kind: string, extraOptions: Record<string, unknown> = {}): void {
  const make = (options: Record<string, unknown> = {}) => makeBuffer(kind, { ...extraOptions, ...options });
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

  describeCoreContract(kind, (options) => make(options));

  describe(`replay-memory contract: ${kind}`, () => {
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
      const max = kind === "prioritized" ? MAX_PRIORITIZED_CAPACITY : MAX_CAPACITY;
      for (const [capacity, shown] of [
        [0, "0"],
        [-1, "-1"],
        [1.5, "1.5"],
        ["10", '"10"'],
        [Number.NaN, "NaN"],
        [max + 1, String(max + 1)],
      ] as const) {
        expect(() => make({ capacity })).toThrowError(
          `Invalid config at buffer.capacity: expected an integer >= 1 and <= ${max}, got ${shown}.`,
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
      expect(() => make({ actionSpace: new Box(-1, 1, [1], "float64") })).toThrowError(
        "Invalid config at buffer.actionSpace: Box actions of dtype float64 (Box(-1.0, 1.0, (1,), float64)) cannot be stored: replay buffers store Box actions as float32, and a float32 copy of an action inside float64 bounds can fall outside them. Declare the env's action space with dtype \"float32\" (Gymnasium's default).",
      );
      expect(() => make({ actionSpace: { n: 0 } })).toThrowError(
        'Invalid config at buffer.actionSpace: expected a Discrete action space (integer n >= 1, integer start, all actions within int32) or a float32 Box, got {"n":0}. Replay buffers store Discrete actions as Int32 and Box actions as Float32; pass env.actionSpace.',
      );
      expect(make({ actionSpace: new Box(-1, 1, [2, 3]) }).actionSize).toBe(6);
      expect(() => make({ observationSpace: 5 })).toThrowError(/expected a Box/);
      // Issue 21: a Discrete(n) observation space is stored one-hot (n numbers), as agents encode it.
      expect(make({ observationSpace: cartPoleSpaces().actionSpace }).observationSize).toBe(2);
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

    it("names what sample needs when the generator is missing (the online kind needs none)", () => {
      const b = make({ capacity: 8 });
      fill(b, 4);
      for (const bad of [undefined, 42]) {
        const call = () => b.sample(2, bad as unknown as ReturnType<typeof rng>);
        if (kind === "online") expect(call().size).toBe(2);
        else {
          expect(call).toThrowError(
            `Replay buffer "${kind}": sample(batchSize, rng) needs a generator from @gymkit/core (createRng(seed), or a run's seeds.replay), got ${bad}.`,
          );
        }
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
      const filled = (capacity: number, adds: number) => {
        const b = make({ capacity });
        fill(b, adds);
        return b;
      };
      const serialized = (capacity: number, adds: number) => filled(capacity, adds).serialize!();
      const saved = async (capacity: number, adds: number) => {
        const b = filled(capacity, adds);
        const file = join(dir, `cap${capacity}-adds${adds}.rb`);
        await saveBuffer(b, file);
        return { b, file };
      };

      it("implements serialize and deserialize", () => {
        const b = make({ capacity: 4 });
        expect(typeof b.serialize).toBe("function");
        expect(typeof b.deserialize).toBe("function");
      });

      it("round-trips contents and cursor through bytes and files: the restored buffer behaves identically", async () => {
        for (const [capacity, adds] of [
          [8, 0],
          [8, 5],
          [8, 8],
          [8, 21],
        ] as const) {
          const { b, file } = await saved(capacity, adds);
          const viaBytes = make({ capacity });
          fill(viaBytes, 3, 500); // overwritten by deserialize
          viaBytes.deserialize!(b.serialize!());
          const viaFile = make({ capacity });
          fill(viaFile, 3, 500);
          await loadBuffer(viaFile, file);
          const image = b.serialize!();
          expect(readFileSync(file)).toEqual(Buffer.from(image)); // a file is the image as is
          for (const c of [viaBytes, viaFile]) {
            expect(c.size).toBe(b.size);
            expect(storedIds(c)).toEqual(storedIds(b));
            expect(c.serialize!()).toEqual(image); // exact, byte for byte (counters included)
          }
          if (b.size > 0) {
            const x = b.sample(Math.min(4, b.size), rng(), { copy: true });
            for (const c of [viaBytes, viaFile]) {
              expect(c.sample(Math.min(4, c.size), rng(), { copy: true })).toEqual(x);
            }
          }
          fill(b, 3, 1000);
          for (const c of [viaBytes, viaFile]) {
            fill(c, 3, 1000);
            expect(storedIds(c)).toEqual(storedIds(b)); // same cursor: the same slots get evicted
          }
        }
      });

      it("stores only the filled part, and files are written atomically (no temp file left)", async () => {
        const a = serialized(1000, 2).length;
        const z = serialized(1000, 20).length;
        expect(z - a).toBeGreaterThanOrEqual(18 * 42);
        expect(a).toBeLessThan(1000 * 42);
        await saved(1000, 2);
        expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      });

      it("names the path when a file cannot be written, and leaves no temp file behind", async () => {
        const b = filled(8, 3);
        // A parent that is a file: the error names it and says what to do.
        const blocker = join(dir, `blocker-${kind}`);
        writeFileSync(blocker, "not a directory");
        const inside = join(blocker, "x.rb");
        const notDir = await saveBuffer(b, inside).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(notDir).toBeInstanceOf(GymkitError);
        expect((notDir as GymkitError).code).toBe("GYMKIT_IO");
        expect((notDir as Error).message).toBe(
          `Cannot write ${inside}: the parent ${blocker} is a file, not a directory. Move that file away or choose another path.`,
        );
        // The temp file is written, then the rename onto a directory fails: it must be removed.
        const occupied = join(dir, `occupied-${kind}.rb`);
        mkdirSync(occupied);
        await expect(saveBuffer(b, occupied)).rejects.toThrowError(
          `Cannot write ${occupied}: ${occupied} is a directory. Remove it or choose a file path.`,
        );
        // A missing parent directory is created.
        const nested = join(dir, `new-${kind}`, "x.rb");
        await saveBuffer(b, nested);
        await loadBuffer(make({ capacity: 8 }), nested);
        expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
      });

      /** Damages a good image with `edit` and expects the same error through bytes and through a file. */
      const corrupted = async (name: string, edit: (bytes: Buffer) => Buffer, message: RegExp) => {
        const bad = edit(Buffer.from(serialized(8, 6)));
        const file = join(dir, `${kind}-${name}.rb`);
        writeFileSync(file, bad);
        const attempts: Array<[string, (c: ReplayBuffer) => Promise<void>]> = [
          [`${name}.bytes`, async (c) => c.deserialize!(new Uint8Array(bad), `${name}.bytes`)],
          [file, (c) => loadBuffer(c, file)],
        ];
        for (const [source, restore] of attempts) {
          const c = make({ capacity: 8 });
          fill(c, 2, 300);
          const before = storedIds(c);
          const image = c.serialize!();
          const err = await restore(c).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err, source).toBeInstanceOf(GymkitError);
          expect((err as GymkitError).code).toBe("GYMKIT_CORRUPT_FILE");
          expect((err as Error).message).toContain(`"${source}"`);
          expect((err as Error).message).toMatch(message);
          expect(storedIds(c)).toEqual(before); // a failed restore changes nothing
          expect(c.serialize!()).toEqual(image);
        }
      };

      it("rejects a truncated image", async () => {
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
      it("says 'image' when no source is given", () => {
        const c = make({ capacity: 8 });
        expect(() => c.deserialize!(new TextEncoder().encode("XYZ"))).toThrowError(
          'Replay buffer checkpoint image is not a gymkit replay-buffer checkpoint: bad magic "XYZ" (expected "GYMKITRB").',
        );
      });
      it("rejects an image of another config or kind", async () => {
        const image = serialized(8, 6);
        const { file } = await saved(8, 6);
        const wide = make({ capacity: 8, observationSpace: new Box(-1, 1, [8]) });
        expect(() => wide.deserialize!(image, "a.rb")).toThrowError(
          /"a\.rb" does not fit this buffer: config mismatch: observationShape is \[4\] in the file, \[8\]/,
        );
        await expect(loadBuffer(wide, file)).rejects.toThrowError(
          /config mismatch: observationShape is \[4\] in the file, \[8\]/,
        );
        expect(() => make({ capacity: 9 }).deserialize!(image)).toThrowError(/capacity is 8 in the file, 9/);
        await expect(loadBuffer(make({ capacity: 9 }), file)).rejects.toThrowError(
          /capacity is 8 in the file, 9/,
        );
        const other = kind === "uniform" ? "online" : "uniform";
        const holds = new RegExp(`holds a "${kind}" buffer, this is a "${other}" buffer`);
        expect(() => makeBuffer(other, { capacity: 8 }).deserialize!(image)).toThrowError(holds);
        await expect(loadBuffer(makeBuffer(other, { capacity: 8 }), file)).rejects.toThrowError(holds);
        await expect(loadBuffer(make(), join(dir, "missing.rb"))).rejects.toThrowError(/missing\.rb.*ENOENT/);
      });
    });
  });
}
