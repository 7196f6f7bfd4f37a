/**
 * The report's headline: which variant is ahead, and whether the numbers support saying so. Issue
 * #11 asks that the report say honestly when the favourite is not clearly ahead; issue #20 that it
 * never overclaim: no verdict below {@link MIN_SEEDS_FOR_VERDICT} seeds per variant (and why), and
 * intervals of zero width labelled as degenerate. The same sentence goes to the terminal, to
 * report.html and to summary.json's `verdict.headline`.
 */
import type { ConfidenceInterval } from "../stats/bootstrap.js";
import {
  isDegenerate,
  type JudgeInput,
  judge,
  MIN_SEEDS_FOR_VERDICT,
  rankByIqm,
  type VerdictReason,
} from "../stats/verdict.js";
import { formatProbabilityCi, formatScoreCi } from "./format.js";

/** What {@link reportHeadline} concluded, and the sentences that say it (plain text, unescaped). */
export interface Headline {
  /** `estimates`, `verdict` and `caution`, one sentence after the other. */
  text: string;
  /** The IQMs and probabilities of improvement with their intervals. */
  estimates: string;
  /** Who is ahead and whether the intervals (and the number of seeds) support it. */
  verdict: string;
  /** Why some interval has zero width, when one has; otherwise "". */
  caution: string;
  /** The variant with the highest IQM (the first listed on a tie); `null` only without variants. */
  leader: string | null;
  /** The variant with the next highest IQM; `null` with a single variant. */
  runnerUp: string | null;
  /** At least 5 seeds each, the leader's IQM interval above the runner-up's and P(leader > runner-up)'s interval above 0.5. */
  clear: boolean;
  /** Why; `null` only without variants. */
  reason: VerdictReason | null;
}

/** The label of an interval of zero width, in place. */
export const DEGENERATE = "(degenerate)";

const withLabel = (text: string, ci: ConfidenceInterval) =>
  isDegenerate(ci) ? `${text} ${DEGENERATE}` : text;

/** A chance as a percentage: `33%`, `2.9%`. */
const percent = (p: number) => (p >= 0.1 ? `${Math.round(100 * p)}%` : `${(100 * p).toFixed(1)}%`);

/** Seeds per variant as "5 seeds" or "5–10 seeds". */
function seedRange(input: JudgeInput): string {
  const counts = Object.values(input.variants).map((v) => v.seeds.length);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? `${lo} seed${lo === 1 ? "" : "s"}` : `${lo}–${hi} seeds`;
}

/**
 * The headline, generated from the numbers: every variant's IQM with its 95% interval (highest
 * first), P(leader > each other variant) with its interval, then the verdict against the runner-up
 * (see `judge`): "clearly ahead", no verdict with too few seeds and why, or why there is no clear
 * winner at this number of seeds; then, if an interval has zero width, what that means.
 * @example reportHeadline(summary).text
 *   // "dqn: IQM 500 [498, 500]; qlearning: IQM 21.3 [12.1, 35.0]. P(dqn > qlearning) = 0.98 [0.93, 1.00]. dqn is clearly ahead: …"
 */
export function reportHeadline(input: JudgeInput): Headline {
  const j = judge(input);
  if (j === undefined) {
    const verdict = "No variants to compare.";
    return {
      text: verdict,
      estimates: "",
      verdict,
      caution: "",
      leader: null,
      runnerUp: null,
      clear: false,
      reason: null,
    };
  }
  const ranked = rankByIqm(input);
  const scores = ranked
    .map(
      (r) =>
        `${r.name}: IQM ${withLabel(formatScoreCi(r.finalScore.iqm, r.finalScore.ci95), r.finalScore.ci95)}`,
    )
    .join("; ");
  const improvements = ranked
    .slice(1)
    .flatMap((other) => {
      const p = input.probabilityOfImprovement[j.leader]?.[other.name];
      return p === undefined
        ? []
        : [`P(${j.leader} > ${other.name}) = ${withLabel(formatProbabilityCi(p.value, p.ci95), p.ci95)}`];
    })
    .join("; ");
  const estimates = `${scores}.${improvements === "" ? "" : ` ${improvements}.`}`;
  const verdict = verdictSentence(input, j.leader, j.runnerUp, j.reason, j.chanceOfSeparation);
  const caution =
    j.degenerate.length === 0
      ? ""
      : `Degenerate: ${j.degenerate.join(", ")} ${j.degenerate.length === 1 ? "has" : "have"} an interval of zero width, because every bootstrap resample gave the same value (the seeds all equal, or every seed of one variant above every seed of the other); the bootstrap saw no spread, which is not certainty.`;
  return {
    text: [estimates, verdict, caution].filter((s) => s !== "").join(" "),
    estimates,
    verdict,
    caution,
    leader: j.leader,
    runnerUp: j.runnerUp,
    clear: j.clear,
    reason: j.reason,
  };
}

function verdictSentence(
  input: JudgeInput,
  leader: string,
  second: string | null,
  reason: VerdictReason,
  chance: number | null,
): string {
  if (second === null) return "Only one variant, so there is nothing to compare it with.";
  const n = input.variants[leader]!.seeds.length;
  const m = input.variants[second]!.seeds.length;
  const a = input.variants[leader]!.finalScore.iqm;
  const b = input.variants[second]!.finalScore.iqm;
  switch (reason) {
    case "clear":
      return `${leader} is clearly ahead of ${second}: the IQM intervals do not overlap and P(${leader} > ${second}) stays above 0.5 across its interval.`;
    case "too-few-seeds": {
      const seeds =
        n === m
          ? `${n} seed${n === 1 ? "" : "s"} per variant`
          : `${n} seeds of ${leader} and ${m} of ${second}`;
      return `No verdict with ${seeds}: a verdict needs at least ${MIN_SEEDS_FOR_VERDICT} seeds per variant. With so few, two equally good variants would put every seed of one above every seed of the other ${percent(chance!)} of the time, and a bootstrap over them then reports P = 1.00 [1.00, 1.00]. Run at least ${MIN_SEEDS_FOR_VERDICT} seeds per variant (gymkit compare --seeds ${MIN_SEEDS_FOR_VERDICT}).`;
    }
    case "improvement-includes-half":
      return `The IQM intervals of ${leader} and ${second} do not overlap, but the interval of P(${leader} > ${second}) includes 0.5: no clear winner at this number of seeds (${seedRange(input)}).`;
    default: {
      const ahead =
        a > b
          ? `${leader} has the higher IQM, but the intervals of ${leader} and ${second} overlap`
          : `${leader} and ${second} have the same IQM and their intervals overlap`;
      return `${ahead}: no clear winner at this number of seeds (${seedRange(input)}).`;
    }
  }
}
