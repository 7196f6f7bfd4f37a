/**
 * Whether a comparison may say that one variant is clearly ahead (issue #20: reports that never
 * overclaim). rliable (Agarwal et al. 2021) asks for interval estimates because a few runs give
 * unreliable point estimates, but a percentile bootstrap over very few seeds is unreliable too: it
 * can only resample the values it has, so 2 seeds of A that both beat 2 seeds of B give
 * P(A > B) = 1.00 [1.00, 1.00] however much luck that took. So a verdict needs both of rliable's
 * signals (disjoint IQM intervals, an interval of P(leader > runner-up) above 0.5) and at least
 * {@link MIN_SEEDS_FOR_VERDICT} seeds per variant.
 */
import type { ConfidenceInterval } from "./bootstrap.js";
import type { FinalScoreSummary } from "./summary.js";

/**
 * The fewest seeds per variant for which a comparison may name a clear winner. Why 5
 * (`bench/verdict-seeds.ts`: 1000 simulated comparisons per cell, normal and CartPole-like scores;
 * docs/comparison.md):
 * - With n seeds each and no real difference, every seed of one variant lands above every seed of
 *   the other with probability 2 / C(2n, n): 33% at 2 seeds, 10% at 3, 2.9% at 4, 0.8% at 5, and
 *   the bootstrap then reports P = 1.00 [1.00, 1.00]. Measured, the two-signal rule named a clear
 *   winner between identical variants in 24–34% of comparisons at 2 seeds, 7–8% at 3 and at most
 *   2.8% from 4 on: 4 is the first n that keeps the promise of a 95% interval.
 * - The 95% IQM interval itself contained the true IQM in about 48% of samples at 2 seeds, 72% at
 *   3, 86% at 4 and 89–91% at 5 (91–94% at 8–10): 5 is the first n at which it is right about 9
 *   times in 10.
 */
export const MIN_SEEDS_FOR_VERDICT = 5;

/** Why the verdict is what it is. */
export type VerdictReason =
  /** Both signals hold with enough seeds. */
  | "clear"
  /** The leader or the runner-up has fewer than {@link MIN_SEEDS_FOR_VERDICT} seeds. */
  | "too-few-seeds"
  /** The IQM intervals of the leader and the runner-up overlap. */
  | "intervals-overlap"
  /** The IQM intervals are disjoint but the interval of P(leader > runner-up) reaches 0.5. */
  | "improvement-includes-half"
  /** Only one variant. */
  | "single-variant";

/** What {@link judge} concluded; summary.json's `verdict` adds the headline sentence to it. */
export interface Judgement {
  /** The variant with the highest IQM (the first listed on a tie). */
  leader: string;
  /** The variant with the next highest IQM; `null` with a single variant. */
  runnerUp: string | null;
  /** True only for reason `clear`. */
  clear: boolean;
  reason: VerdictReason;
  /** The fewer seeds of the leader and the runner-up (the leader's with a single variant). */
  seeds: number;
  /** {@link MIN_SEEDS_FOR_VERDICT}. */
  minSeeds: number;
  /**
   * With no real difference between the leader and the runner-up, the chance that every seed of
   * one lands above every seed of the other (continuous scores): 2 / C(n + m, n). `null` with a
   * single variant.
   */
  chanceOfSeparation: number | null;
  /**
   * The headline's intervals of zero width (lo = hi: every bootstrap resample gave the same value),
   * named as the headline names them: `IQM of dqn`, `P(dqn > qlearning)`.
   */
  degenerate: string[];
}

/** The numbers {@link judge} reads: summary.json's variants and probabilities of improvement. */
export interface JudgeInput {
  variants: Record<string, { seeds: readonly number[]; finalScore: FinalScoreSummary }>;
  probabilityOfImprovement: Record<string, Record<string, { value: number; ci95: ConfidenceInterval }>>;
}

/** An interval of zero width: the bootstrap saw no spread at all. */
export const isDegenerate = (ci: ConfidenceInterval): boolean => ci[0] === ci[1];

/** C(n, k) as a float (exact for the seed counts of a comparison). */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * Chance, when two variants are equally good, that all n seeds of one land above all m of the
 * other (either way round): 2 / C(n + m, n), the smallest two-sided p-value of a Mann–Whitney
 * test; the rank orders are equally likely, and 2 of the C(n + m, n) separate them completely.
 * @example chanceOfSeparation(2, 2) // 1/3
 */
export function chanceOfSeparation(n: number, m: number): number {
  return Math.min(1, 2 / binomial(n + m, n));
}

/** The variants ranked by IQM, highest first (the first listed on a tie). */
export function rankByIqm(input: JudgeInput): Array<{ name: string; finalScore: FinalScoreSummary }> {
  return Object.entries(input.variants)
    .map(([name, v], order) => ({ name, finalScore: v.finalScore, order }))
    .sort((a, b) => b.finalScore.iqm - a.finalScore.iqm || a.order - b.order)
    .map(({ name, finalScore }) => ({ name, finalScore }));
}

/**
 * The verdict from the numbers: the leader (highest IQM), the runner-up, and whether the leader is
 * clearly ahead: at least {@link MIN_SEEDS_FOR_VERDICT} seeds each, the leader's IQM interval above
 * the runner-up's, and the interval of P(leader > runner-up) above 0.5. `undefined` without
 * variants. Also lists the degenerate intervals among those the headline shows (every IQM, and P of
 * the leader over each other variant).
 */
export function judge(input: JudgeInput): Judgement | undefined {
  const ranked = rankByIqm(input);
  const leader = ranked[0];
  if (leader === undefined) return undefined;
  const second = ranked[1];
  const seedsOf = (name: string) => input.variants[name]!.seeds.length;
  const degenerate = ranked.flatMap((r) => (isDegenerate(r.finalScore.ci95) ? [`IQM of ${r.name}`] : []));
  for (const other of ranked.slice(1)) {
    const p = input.probabilityOfImprovement[leader.name]?.[other.name];
    if (p !== undefined && isDegenerate(p.ci95)) degenerate.push(`P(${leader.name} > ${other.name})`);
  }
  if (second === undefined) {
    return {
      leader: leader.name,
      runnerUp: null,
      clear: false,
      reason: "single-variant",
      seeds: seedsOf(leader.name),
      minSeeds: MIN_SEEDS_FOR_VERDICT,
      chanceOfSeparation: null,
      degenerate,
    };
  }
  const [n, m] = [seedsOf(leader.name), seedsOf(second.name)];
  const p = input.probabilityOfImprovement[leader.name]?.[second.name];
  const reason: VerdictReason =
    Math.min(n, m) < MIN_SEEDS_FOR_VERDICT
      ? "too-few-seeds"
      : !(leader.finalScore.ci95[0] > second.finalScore.ci95[1])
        ? "intervals-overlap"
        : !(p !== undefined && p.ci95[0] > 0.5)
          ? "improvement-includes-half"
          : "clear";
  return {
    leader: leader.name,
    runnerUp: second.name,
    clear: reason === "clear",
    reason,
    seeds: Math.min(n, m),
    minSeeds: MIN_SEEDS_FOR_VERDICT,
    chanceOfSeparation: chanceOfSeparation(n, m),
    degenerate,
  };
}
