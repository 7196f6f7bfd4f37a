/**
 * Stable-Baselines3's readers of monitor.csv, ported line by line for tests (there is no Python
 * here): `stable_baselines3.common.monitor.load_results` and `results_plotter.ts2xy`, as of SB3
 * 2.8 (`common/monitor.py`, `common/results_plotter.py`). What they do is what must work on a
 * gymkit run directory: glob `*monitor.csv` (not recursive), `assert first_line[0] == "#"`,
 * `json.loads` the rest of that line, `pandas.read_csv` the others, shift `t` by `t_start`,
 * concatenate, sort by `t`, subtract the smallest `t_start`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One row of the frame `load_results` returns, with the columns r, l, t (and any extra ones). */
export type MonitorRow = Record<string, number>;

/** `load_results(path)`: every `*monitor.csv` directly in `dir`, as one frame sorted by `t`. */
export function loadResults(dir: string): MonitorRow[] {
  const files = readdirSync(dir).filter((name) => name.endsWith("monitor.csv")); // glob("*monitor.csv")
  if (files.length === 0)
    throw new Error(`LoadMonitorResultsError: No monitor files of the form *monitor.csv found in ${dir}`);
  const rows: MonitorRow[] = [];
  const starts: number[] = [];
  for (const name of files) {
    const text = readFileSync(join(dir, name), "utf8");
    const firstEnd = text.indexOf("\n") + 1;
    const firstLine = text.slice(0, firstEnd);
    if (firstLine[0] !== "#") throw new Error(`AssertionError: ${name} does not start with "#"`);
    const header = JSON.parse(firstLine.slice(1)) as { t_start: number; env_id: string };
    starts.push(header.t_start);
    // pandas.read_csv: the first line names the columns; "\r\n" and "\n" both end a line.
    const [columns, ...lines] = text
      .slice(firstEnd)
      .split(/\r?\n/)
      .filter((l) => l !== "");
    const names = columns!.split(",");
    for (const line of lines) {
      const cells = line.split(",").map(Number);
      if (cells.length !== names.length || cells.some(Number.isNaN)) throw new Error(`ParserError: ${line}`);
      const row = Object.fromEntries(names.map((n, i) => [n, cells[i]!]));
      row.t! += header.t_start;
      rows.push(row);
    }
  }
  rows.sort((a, b) => a.t! - b.t!); // sort_values("t"); stable like pandas' default for one file
  const origin = Math.min(...starts);
  for (const row of rows) row.t! -= origin;
  return rows;
}

/** `ts2xy(frame, "timesteps")`: x = cumsum(l), y = r. */
export function ts2xyTimesteps(rows: readonly MonitorRow[]): { x: number[]; y: number[] } {
  let total = 0;
  return { x: rows.map((r) => (total += r.l!)), y: rows.map((r) => r.r!) };
}
