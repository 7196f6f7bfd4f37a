/**
 * A run directory as comparable data, for tests that require a resumed run's files to equal an
 * uninterrupted run's: every file under it (checkpoint/ and model/ included), with what may differ
 * legitimately taken out: wall-clock fields (JSONL/CSV `time`, `time/fps`, `time/time_elapsed`,
 * TensorBoard `wall_time`, `monitor.csv`'s `t_start` and `t`, outcome and loop `wallSeconds`/`evalSeconds`, the manifest's
 * `writtenAt`, and the lengths of logs, whose time fields take as many digits as they need), the
 * record of the resume itself (`resumedFrom`), the output directory in paths, and the time in the
 * event file's name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const TIME_KEYS = new Set([
  "time",
  "time/fps",
  "time/time_elapsed",
  "wallSeconds",
  "evalSeconds",
  "elapsedSeconds",
  "writtenAt",
  // monitor.csv's t_start, kept in its logger state.
  "tStart",
  "resumedFrom",
  "checksum",
  // A log's length at a checkpoint: its time fields are written in as many digits as they take.
  "bytes",
]);
const EVENTS = /events\.out\.tfevents\.\d+\.[^/"]+/g;

/** A JSON value without time keys, with `root` in strings replaced by `<out>`. */
function clean(value: unknown, root: string): unknown {
  if (typeof value === "string")
    return value.split(root).join("<out>").replace(EVENTS, "events.out.tfevents.*");
  if (Array.isArray(value)) return value.map((v) => clean(v, root));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !TIME_KEYS.has(k) && k !== "loggers.json")
        .map(([k, v]) => [k.replace(EVENTS, "events.out.tfevents.*"), clean(v, root)]),
    );
  }
  return value;
}

/** Reads a protobuf varint at `at`; returns [value, next offset]. */
function varint(b: Uint8Array, at: number): [number, number] {
  let v = 0;
  let shift = 1;
  for (;;) {
    const byte = b[at++]!;
    v += (byte & 0x7f) * shift;
    if (byte < 0x80) return [v, at];
    shift *= 128;
  }
}

/** Protobuf fields of a message: [field, wire type, value bytes or number]. */
function fields(b: Uint8Array): Array<[number, number, Uint8Array | number]> {
  const out: Array<[number, number, Uint8Array | number]> = [];
  for (let at = 0; at < b.length; ) {
    const [key, a] = varint(b, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const [v, n] = varint(b, a);
      out.push([field, wire, v]);
      at = n;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      out.push([field, wire, b.subarray(a, a + size)]);
      at = a + size;
    } else {
      const [len, n] = varint(b, a);
      out.push([field, wire, b.subarray(n, n + len)]);
      at = n + len;
    }
  }
  return out;
}

/** An event file's records: step, file version and scalars (time tags and wall_time left out). */
export function tfEvents(file: Uint8Array): unknown[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const text = new TextDecoder();
  const events: unknown[] = [];
  for (let at = 0; at + 12 <= file.length; ) {
    const size = Number(view.getBigUint64(at, true));
    const data = file.subarray(at + 12, at + 12 + size);
    at += 16 + size;
    const event: Record<string, unknown> = {};
    for (const [field, , value] of fields(data)) {
      if (field === 2) event.step = value;
      if (field === 3) event.fileVersion = text.decode(value as Uint8Array);
      if (field !== 5) continue;
      for (const [, , v] of fields(value as Uint8Array)) {
        let tag = "";
        let x = Number.NaN;
        for (const [f, , y] of fields(v as Uint8Array)) {
          if (f === 1) tag = text.decode(y as Uint8Array);
          if (f === 2) x = new DataView((y as Uint8Array).slice().buffer).getFloat32(0, true);
        }
        if (!TIME_KEYS.has(tag)) event[tag] = x;
      }
    }
    events.push(event);
  }
  return events;
}

/** Every file under `dir` (relative path → comparable content). */
export function runFiles(dir: string, root: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) {
        walk(path);
        continue;
      }
      const rel = relative(dir, path).split(sep).join("/").replace(EVENTS, "events.out.tfevents.*");
      const bytes = new Uint8Array(readFileSync(path));
      const text = () => new TextDecoder().decode(bytes);
      if (rel.endsWith(".jsonl")) {
        out[rel] = text()
          .split("\n")
          .map((l) => (l === "" ? l : clean(JSON.parse(l), root)));
      } else if (rel.endsWith(".json")) {
        out[rel] = clean(JSON.parse(text()), root);
      } else if (rel.endsWith("monitor.csv")) {
        // Stable-Baselines3's monitor: a JSON header whose t_start is a time, then r,l,t rows.
        const [header, ...rows] = text().split("\n");
        const { t_start: _, ...rest } = JSON.parse(header!.slice(1)) as Record<string, unknown>;
        out[rel] = [rest, ...rows.map((r) => r.split(",").slice(0, 2))];
      } else if (rel.endsWith(".csv")) {
        const rows = text()
          .split("\n")
          .map((r) => r.split(","));
        const keep = rows[0]!.map((h, i) => (TIME_KEYS.has(h) ? -1 : i)).filter((i) => i >= 0);
        out[rel] = rows.map((r) => keep.map((i) => r[i]));
      } else if (rel.startsWith("events.out.tfevents.")) {
        out[rel] = tfEvents(bytes);
      } else {
        out[rel] = Buffer.from(bytes).toString("base64");
      }
    }
  };
  walk(dir);
  return out;
}
