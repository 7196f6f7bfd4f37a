export { main } from "./cli.js";
export { FIGURE_NAMES, type FigureName } from "./report/figures.js";
export { escapeHtml, formatProbabilityCi, formatScore, formatScoreCi } from "./report/format.js";
export { type Headline, reportHeadline } from "./report/headline.js";
export type { ReportManifest } from "./report/html.js";
export {
  type RenderedReport,
  type ReportFigure,
  type ReportInput,
  renderReport,
  writeReport,
} from "./report/render.js";
export {
  type BootstrapOptions,
  bootstrapCi,
  type ConfidenceInterval,
  DEFAULT_BOOTSTRAP_REPS,
  DEFAULT_CONFIDENCE,
  probabilityOfImprovementCi,
  type Statistic,
} from "./stats/bootstrap.js";
export { type CurveBand, type CurveBandOptions, curveBand } from "./stats/curves.js";
export { iqm, iqmSorted, mean, median, medianSorted, quantile, quantileSorted } from "./stats/descriptive.js";
export { probabilityOfImprovement } from "./stats/improvement.js";
export { linspace, type PerformanceProfile, performanceProfile } from "./stats/profile.js";
export { type EvaluationRecord, type SolveStats, solveStats } from "./stats/solve.js";
export {
  type CompareSummary,
  type FinalScoreSummary,
  type ImprovementEstimate,
  type RunRecord,
  type SummarizeInput,
  type SummaryVerdict,
  summarize,
  type VariantSummary,
} from "./stats/summary.js";
export {
  chanceOfSeparation,
  type JudgeInput,
  type Judgement,
  judge,
  MIN_SEEDS_FOR_VERDICT,
  type VerdictReason,
} from "./stats/verdict.js";
export { VERSION } from "./version.js";
