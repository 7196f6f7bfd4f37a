/**
 * How many seeds per variant a verdict needs (issue #20; the figures behind MIN_SEEDS_FOR_VERDICT).
 * For n seeds per variant, two measures over `trials` simulated comparisons, each with the report's
 * own bootstrap (2000 replicates):
 * 1. false verdicts: both variants draw from the same distribution (no real difference), and the
 *    two-signal rule (disjoint 95% IQM intervals and P(leader > runner-up)'s interval above 0.5)
 *    still names a clear winner. A 95% claim should do that at most 5% of the time.
 * 2. coverage: how often the 95% IQM interval of n seeds contains the distribution's true IQM
 *    (estimated from 400 000 draws).
 * Two distributions: normal(300, 80), and a CartPole-like mix (half the runs end at 500, the others
 * uniform in [100, 500)). Seeded: the same command prints the same table.
 *   npx tsx --conditions=@gymkit/source packages/runner/bench/verdict-seeds.ts [trials]
 */
import { createRng } from "@gymkit/core";
import { bootstrapCi, probabilityOfImprovementCi } from "../src/stats/bootstrap.js";
import { iqm } from "../src/stats/descriptive.js";

const trials = Number(process.argv[2] ?? 1000);
const seedCounts = [2, 3, 4, 5, 6, 8, 10];
const rng = createRng(20);
const distributions: Record<string, () => number> = {
  "normal(300, 80)": () => rng.normal(300, 80),
  "CartPole-like": () => (rng.float() < 0.5 ? 500 : rng.uniform(100, 500)),
};

const pct = (k: number) => `${((100 * k) / trials).toFixed(1)}%`;
console.log(`${trials} comparisons per cell\n`);
console.log(["distribution", "measure", ...seedCounts.map((n) => `n=${n}`)].join("\t"));
for (const [name, draw] of Object.entries(distributions)) {
  const sample = (n: number) => Array.from({ length: n }, draw);
  const truth = iqm(sample(400_000));
  const falseVerdicts: string[] = [];
  const coverage: string[] = [];
  for (const n of seedCounts) {
    let clear = 0;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const a = sample(n);
      const b = sample(n);
      const [hi, lo] = iqm(a) >= iqm(b) ? [a, b] : [b, a];
      const ciHi = bootstrapCi(hi, "iqm", { rng: rng.fork(`hi/${n}/${t}`) });
      const ciLo = bootstrapCi(lo, "iqm", { rng: rng.fork(`lo/${n}/${t}`) });
      const p = probabilityOfImprovementCi(hi, lo, { rng: rng.fork(`p/${n}/${t}`) });
      if (ciHi[0] > ciLo[1] && p[0] > 0.5) clear++;
      const [l, h] = bootstrapCi(a, "iqm", { rng: rng.fork(`cover/${n}/${t}`) });
      if (l <= truth && truth <= h) covered++;
    }
    falseVerdicts.push(pct(clear));
    coverage.push(pct(covered));
  }
  console.log([name, "false verdicts", ...falseVerdicts].join("\t"));
  console.log([name, "IQM coverage", ...coverage].join("\t"));
}
