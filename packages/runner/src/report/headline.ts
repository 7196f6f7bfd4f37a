/**
 * The report's headline: which variant is ahead, and whether the numbers support saying so. Issue
 * #11 asks that the comparison not be against a strawman and that the report say honestly when the
 * favourite is not clearly ahead, so "clearly ahead" needs both of rliable's signals: the IQM
 * intervals do not overlap, and the interval of P(leader > runner-up) lies above 0.5.
 */
import type { CompareSummary } from "../stats/summary.js";
import { formatProbabilityCi, formatScoreCi } from "./format.js";

/** What {@link reportHeadline} concluded, and the sentence that says it (plain text, unescaped). */
export interface Headline {
  /** `estimates` and `verdict`, one sentence after the other. */
  text: string;
  /** The IQMs and probabilities of improvement with their intervals. */
  estimates: string;
  /** Who is ahead and whether the intervals support it. */
  verdict: string;
  /** The variant with the highest IQM (the first listed on a tie); `null` only without variants. */
  leader: string | null;
  /** The variant with the next highest IQM; `null` with a single variant. */
  runnerUp: string | null;
  /** The leader's IQM interval lies above the runner-up's and P(leader > runner-up)'s interval above 0.5. */
  clear: boolean;
}

/** Seeds per variant as "5 seeds" or "5–10 seeds". */
function seedCount(summary: CompareSummary): string {
  const counts = Object.values(summary.variants).map((v) => v.seeds.length);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? `${lo} seed${lo === 1 ? "" : "s"}` : `${lo}–${hi} seeds`;
}

/**
 * The headline, generated from the numbers: every variant's IQM with its 95% interval (highest
 * first), P(leader > each other variant) with its interval, then the verdict against the runner-up:
 * "clearly ahead", or why there is no clear winner at this number of seeds.
 * @example reportHeadline(summary).text
 *   // "dqn: IQM 500 [498, 500]; qlearning: IQM 21.3 [12.1, 35.0]. P(dqn > qlearning) = 0.98 [0.93, 1.00]. dqn is clearly ahead: …"
 */
export function reportHeadline(summary: CompareSummary): Headline {
  const ranked = Object.entries(summary.variants)
    .map(([name, v], order) => ({ name, f: v.finalScore, order }))
    .sort((a, b) => b.f.iqm - a.f.iqm || a.order - b.order);
  const scores = ranked.map((r) => `${r.name}: IQM ${formatScoreCi(r.f.iqm, r.f.ci95)}`).join("; ");
  const leader = ranked[0];
  const second = ranked[1];
  if (leader === undefined) {
    const verdict = "No variants to compare.";
    return { text: verdict, estimates: "", verdict, leader: null, runnerUp: null, clear: false };
  }
  if (second === undefined) {
    const verdict = "Only one variant, so there is nothing to compare it with.";
    return {
      text: `${scores}. ${verdict}`,
      estimates: `${scores}.`,
      verdict,
      leader: leader.name,
      runnerUp: null,
      clear: false,
    };
  }
  const poi = (a: string, b: string) => summary.probabilityOfImprovement[a]?.[b];
  const improvements = ranked
    .slice(1)
    .flatMap((other) => {
      const p = poi(leader.name, other.name);
      return p === undefined
        ? []
        : [`P(${leader.name} > ${other.name}) = ${formatProbabilityCi(p.value, p.ci95)}`];
    })
    .join("; ");
  const p = poi(leader.name, second.name);
  const disjoint = leader.f.ci95[0] > second.f.ci95[1];
  const poiAbove = p !== undefined && p.ci95[0] > 0.5;
  const seeds = seedCount(summary);
  let verdict: string;
  if (disjoint && poiAbove) {
    verdict = `${leader.name} is clearly ahead of ${second.name}: the IQM intervals do not overlap and P(${leader.name} > ${second.name}) stays above 0.5 across its interval.`;
  } else if (disjoint) {
    verdict = `The IQM intervals of ${leader.name} and ${second.name} do not overlap, but the interval of P(${leader.name} > ${second.name}) includes 0.5: no clear winner at this number of seeds (${seeds}).`;
  } else {
    const ahead =
      leader.f.iqm > second.f.iqm
        ? `${leader.name} has the higher IQM, but the intervals of ${leader.name} and ${second.name} overlap`
        : `${leader.name} and ${second.name} have the same IQM and their intervals overlap`;
    verdict = `${ahead}: no clear winner at this number of seeds (${seeds}).`;
  }
  const estimates = `${scores}.${improvements === "" ? "" : ` ${improvements}.`}`;
  return {
    text: `${estimates} ${verdict}`,
    estimates,
    verdict,
    leader: leader.name,
    runnerUp: second.name,
    clear: disjoint && poiAbove,
  };
}
