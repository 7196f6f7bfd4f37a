/**
 * What `gymkit compare` needs of every variant before it runs any: an evaluation that happens
 * (its final score is the last one), one env, and a reward threshold to call a run solved. Checked
 * on the plan, so a compare that could not be summarised fails before training anything.
 */
import { GymkitError, type Registry } from "@gymkit/core";
import type { ExperimentPlan } from "./experiment.js";

export function checkComparable(registry: Registry, plan: ExperimentPlan): void {
  const fail = (variant: string, keys: PropertyKey[], text: string): never => {
    const { where, path } = plan.origin(variant, keys);
    throw new GymkitError("GYMKIT_INVALID_CONFIG", `${where}: Invalid config at ${path}: ${text}`);
  };
  const first = plan.runs[0]!;
  for (const name of plan.variants) {
    const { config } = plan.runs.find((r) => r.variant === name)!;
    const called = plan.variants.length > 1 ? `variant ${name}` : "the experiment";
    if (config.eval === false) {
      fail(
        name,
        ["eval"],
        `compare ranks variants by their greedy evaluations (the last one is a run's final score), and ${called} has eval: false. Remove eval: false (or set eval: { every: N }), or train it alone with gymkit train.`,
      );
    }
    if (config.eval !== false && config.eval.every > config.budget.steps) {
      fail(
        name,
        ["eval", "every"],
        `${called} evaluates every ${config.eval.every} env steps but runs ${config.budget.steps} (budget.steps), so it would end without an evaluation, and compare without its final score. Set eval.every to at most ${config.budget.steps}.`,
      );
    }
    if (config.env.id !== first.config.env.id) {
      fail(
        name,
        ["env"],
        `compare summarises every variant against one env's reward threshold, and ${called} runs ${config.env.id} while ${first.variant} runs ${first.config.env.id}. Compare variants on one env: one file (or one --set env=...) per env.`,
      );
    }
  }
  const env = first.config.env.id;
  if (registry.spec(env).rewardThreshold === undefined) {
    fail(
      first.variant,
      ["env"],
      `${env} has no reward threshold, so "solved" is undefined and compare cannot summarise its runs. Register the env with rewardThreshold, or train the variants with gymkit train --variant <name>.`,
    );
  }
}
