import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrainingEvents } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { emitSyntheticRun, fakeClock, stepClock } from "../test/synthetic-run.js";
import { readEventFile } from "../test/tfevents-reader.js";
import { MemoryLogger } from "./memory.js";
import { TensorBoardLogger } from "./tensorboard.js";
import { encodeEvent, FILE_VERSION, frameRecord, validRecordsLength } from "./tfevents.js";

const fresh = () => mkdtempSync(join(tmpdir(), "gymkit-tb-"));
const START = Date.UTC(2026, 0, 1);

/** A synthetic run written by a tensorboard logger and, side by side, kept by a memory logger. */
function writeRun(dir: string, totalSteps = 3000) {
  const events = createTrainingEvents();
  const clock = stepClock(events);
  const tb = new TensorBoardLogger({ dir, every: 500 }, { clock });
  const memory = new MemoryLogger({ every: 500 }, { clock });
  tb.attach(events);
  memory.attach(events);
  emitSyntheticRun(events, { totalSteps, warnAt: 1234 });
  tb.close();
  return { tb, memory };
}

describe("tensorboard logger", () => {
  it("writes events.out.tfevents.<secs>.<host>; an independent reader verifies every CRC and reads every scalar back at its step", () => {
    const dir = fresh();
    const { tb, memory } = writeRun(dir);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^events\\.out\\.tfevents\\.${START / 1000}\\.[^/]+$`));
    expect(tb.path).toBe(join(dir, files[0]!));

    const { events, tornBytes } = readEventFile(new Uint8Array(readFileSync(tb.path!)));
    expect(tornBytes).toBe(0);
    expect(events[0]).toMatchObject({ step: 0, fileVersion: "brain.Event:2", scalars: {} });
    expect(events[0]!.wallTime).toBeCloseTo(START / 1000, 1);
    const records = memory.records.filter((r) => r.kind !== "warning");
    expect(events.length - 1).toBe(records.length);
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(["episode", "evaluation", "interval"]));
    records.forEach((record, i) => {
      const event = events[i + 1]!;
      expect(event.step).toBe(record.step);
      expect(event.wallTime).toBe(record.time);
      // simple_value is a float32: each scalar reads back as the float32 nearest the value.
      const expected = Object.fromEntries(
        Object.entries(record.metrics).map(([k, v]) => [k, Math.fround(v)]),
      );
      expect(event.scalars).toEqual(expected);
    });
    const intervals = events.filter((e) => e.scalars["time/total_timesteps"] !== undefined);
    expect(intervals.map((e) => e.step)).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
  });

  it("frames a record exactly: u64 length, masked CRC of it, data, masked CRC of the data", () => {
    const data = encodeEvent({ wallTime: 1.5, fileVersion: FILE_VERSION });
    const framed = frameRecord(data);
    expect(framed.length).toBe(data.length + 16);
    expect([...framed.subarray(0, 8)]).toEqual([data.length, 0, 0, 0, 0, 0, 0, 0]);
    expect(framed.subarray(12, 12 + data.length)).toEqual(data);
    expect(validRecordsLength(framed)).toEqual({ length: framed.length, records: 1 });
    // wall_time (field 1, fixed64) = 1.5, then file_version (field 3, bytes).
    expect([...data.subarray(0, 9)]).toEqual([0x09, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(new TextDecoder().decode(data.subarray(11))).toBe("brain.Event:2");
  });

  it("a resumed run truncates a torn tail to the last valid record, then appends to the same file", () => {
    const dir = fresh();
    const { tb } = writeRun(dir, 1000);
    const path = tb.path!;
    const whole = readEventFile(new Uint8Array(readFileSync(path))).events.length;
    const size = readFileSync(path).length;
    truncateSync(path, size - 7); // a killed writer: the last record cut short
    expect(readEventFile(new Uint8Array(readFileSync(path))).tornBytes).toBeGreaterThan(0);

    const events = createTrainingEvents();
    const resumed = new TensorBoardLogger({ dir, every: 5000 }, { clock: fakeClock(START + 10_000) });
    resumed.attach(events);
    events.emit("episodeEnd", {
      episode: 99,
      step: 1001,
      return: 5,
      length: 5,
      terminated: true,
      truncated: false,
    });
    resumed.close();
    expect(resumed.path).toBe(path);
    expect(readdirSync(dir)).toHaveLength(1);
    const after = readEventFile(new Uint8Array(readFileSync(path)));
    expect(after.tornBytes).toBe(0);
    expect(after.events.length).toBe(whole); // one record lost to the kill, one appended
    expect(after.events.filter((e) => e.fileVersion !== undefined)).toHaveLength(1);
    expect(after.events.at(-1)).toMatchObject({ step: 1001, scalars: { "charts/episodic_return": 5 } });
  });

  it("an event file with no valid record is started over with the file_version record", () => {
    const dir = fresh();
    const name = join(dir, "events.out.tfevents.1767225600.host");
    writeFileSync(name, new Uint8Array([9, 9, 9]));
    const events = createTrainingEvents();
    const tb = new TensorBoardLogger({ dir }, { clock: fakeClock() });
    tb.attach(events);
    tb.close();
    const { events: read } = readEventFile(new Uint8Array(readFileSync(name)));
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ step: 0, fileVersion: FILE_VERSION, scalars: {} });
  });
});

describe("validRecordsLength", () => {
  it("stops at the first record whose data CRC does not match", () => {
    const a = frameRecord(encodeEvent({ wallTime: 1, step: 1, scalars: { "train/loss": 0.5 } }));
    const b = frameRecord(encodeEvent({ wallTime: 2, step: 2, scalars: { "train/loss": 0.25 } }));
    const file = new Uint8Array([...a, ...b, ...a]);
    expect(validRecordsLength(file)).toEqual({ length: file.length, records: 3 });
    file[a.length + 14]! ^= 0xff; // flip a byte in the second record's data
    expect(validRecordsLength(file)).toEqual({ length: a.length, records: 1 });
    expect(() => readEventFile(file)).toThrow(`record 1 at byte ${a.length}: data CRC mismatch`);
  });
});
