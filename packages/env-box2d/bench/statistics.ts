/**
 * The full statistics check: the LCG random policy on seeds 0-999, discrete and continuous,
 * against Gymnasium 1.3's outcomes on the same seeds (shared/golden, "Statistics"). Prints a
 * markdown table (pasted into the package README) and exits 1 if a mean or fraction falls outside
 * Gymnasium's 95% interval. Run: `npx tsx --conditions=@gymkit/source bench/statistics.ts`.
 */
import { goldenStats } from "../test/golden.js";
import { type EpisodeRow, lcgRollouts, meanCi, wilson } from "../test/lcg-rollouts.js";

const golden = goldenStats();
const fmt = (v: number, d = 2) => v.toFixed(d);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};
let outside = 0;
const lines: string[] = [];
for (const continuous of [false, true]) {
  const reference = (continuous ? golden.continuous : golden.discrete).per_episode as EpisodeRow[];
  const t0 = performance.now();
  const ours = lcgRollouts(
    reference.map(([seed]) => seed),
    continuous,
  );
  const seconds = (performance.now() - t0) / 1000;
  const n = ours.length;
  const row = (what: string, g: string, o: string, inside: boolean | undefined) => {
    if (inside === false) outside++;
    lines.push(
      `| ${continuous ? "continuous" : "discrete"} | ${what} | ${g} | ${o} | ${inside === undefined ? "" : inside ? "yes" : "**no**"} |`,
    );
  };
  const gr = meanCi(reference.map((r) => r[2]));
  const or = meanCi(ours.map((r) => r[2]));
  row(
    "return mean ± sd [95% CI]",
    `${fmt(gr.mean)} ± ${fmt(gr.sd)} [${fmt(gr.lo)}, ${fmt(gr.hi)}]`,
    `${fmt(or.mean)} ± ${fmt(or.sd)}`,
    or.mean >= gr.lo && or.mean <= gr.hi,
  );
  row(
    "return median",
    fmt(median(reference.map((r) => r[2]))),
    fmt(median(ours.map((r) => r[2]))),
    undefined,
  );
  const gl = meanCi(reference.map((r) => r[1]));
  const ol = meanCi(ours.map((r) => r[1]));
  row(
    "length mean [95% CI]",
    `${fmt(gl.mean)} [${fmt(gl.lo)}, ${fmt(gl.hi)}]`,
    fmt(ol.mean),
    ol.mean >= gl.lo && ol.mean <= gl.hi,
  );
  row(
    "length median",
    fmt(median(reference.map((r) => r[1])), 0),
    fmt(median(ours.map((r) => r[1])), 0),
    undefined,
  );
  for (const kind of ["crash", "at_rest", "out_of_bounds", "time_limit"] as const) {
    const k = reference.filter((r) => r[3] === kind).length;
    const w = wilson(k, n);
    const mine = ours.filter((r) => r[3] === kind).length;
    row(
      kind,
      `${k} = ${fmt(w.p, 3)} [${fmt(w.lo, 4)}, ${fmt(w.hi, 4)}]`,
      String(mine),
      mine / n >= w.lo && mine / n <= w.hi,
    );
  }
  const same = ours.filter(([, len, , by], i) => len === reference[i]![1] && by === reference[i]![3]).length;
  const diffs = meanCi(ours.map((r, i) => r[2] - reference[i]![2]));
  row("same length and ending, seed by seed", "", `${same} of ${n}`, undefined);
  row(
    "paired return difference, mean [95% CI]",
    "",
    `${fmt(diffs.mean, 3)} [${fmt(diffs.lo, 3)}, ${fmt(diffs.hi, 3)}]`,
    diffs.lo <= 0 && diffs.hi >= 0,
  );
  console.error(
    `${continuous ? "continuous" : "discrete"}: ${n} episodes, ${ours.reduce((a, r) => a + r[1], 0)} steps in ${seconds.toFixed(1)} s`,
  );
}
console.log(
  "| variant | statistic | Gymnasium 1.3 (pybox2d 2.3.10) | gymkit (planck 1.4.2) | inside Gymnasium's 95% interval |",
);
console.log("|---|---|---|---|---|");
for (const l of lines) console.log(l);
process.exitCode = outside === 0 ? 0 : 1;
