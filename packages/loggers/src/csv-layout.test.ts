import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrainingEvents } from "@gymkit/core";
import { describe, expect, it } from "vitest";
import { emitSyntheticRun, stepClock } from "../test/synthetic-run.js";
import { CSV_COLUMNS, CsvLogger } from "./csv.js";

/** The rows of a progress.csv as objects of the non-empty cells, by column name. */
function rowsOf(path: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(path, "utf8").trimEnd().split("\n");
  const names = header!.split(",");
  return lines.map((line) =>
    Object.fromEntries(line.split(",").flatMap((cell, i) => (cell === "" ? [] : [[names[i]!, cell]]))),
  );
}

describe('csv logger, rows: "dumps" (Stable-Baselines3\'s progress.csv: one row per dump)', () => {
  it("writes the interval and evaluation rows of the default layout, evaluations with time/total_timesteps, no episodes", () => {
    const dir = mkdtempSync(join(tmpdir(), "gymkit-csv-"));
    const events = createTrainingEvents();
    const clock = stepClock(events);
    const records = new CsvLogger({ dir, every: 1000 }, { clock });
    const dumps = new CsvLogger({ dir, file: "sb3-progress.csv", every: 1000, rows: "dumps" }, { clock });
    records.attach(events);
    dumps.attach(events);
    emitSyntheticRun(events, { totalSteps: 2500, seed: 0 });
    records.close();
    dumps.close();

    const all = rowsOf(records.path);
    const sb3 = rowsOf(dumps.path);
    expect(readFileSync(dumps.path, "utf8").split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(all.some((r) => r.kind === "episode")).toBe(true);
    expect(sb3.map((r) => `${r.kind}@${r.step}`)).toEqual([
      "interval@1000",
      "evaluation@1000",
      "interval@2000",
      "evaluation@2000",
      "interval@2500",
    ]);
    const { "time/total_timesteps": _, ...evaluation } = sb3[1]!;
    expect(evaluation).toEqual(all.find((r) => r.kind === "evaluation"));
    expect(sb3[1]!["time/total_timesteps"]).toBe("1000");
    expect(sb3.filter((r) => r.kind === "interval")).toEqual(all.filter((r) => r.kind === "interval"));
  });

  it("refuses a layout it does not know, naming the two", () => {
    expect(() => new CsvLogger({ rows: "sb3" as "dumps" })).toThrow(
      'Invalid config at csv.rows: expected one of "records", "dumps", got "sb3".',
    );
  });
});
