/**
 * The one list of metric names gymkit emits: agents put them in `UpdateResult.metrics`, the loop
 * adds the rollout and time ones, loggers write them. Names and meanings follow Stable-Baselines3
 * and CleanRL (`group/snake_case`), so TensorBoard dashboards and scripts made for those read ours.
 */
export const METRICS = {
  "train/loss": "Mean TD loss over the gradient steps of one update.",
  "train/q_mean": "Mean Q(s, a) of the sampled batch (online network).",
  "train/grad_norm": "Global L2 norm of the gradient before clipping.",
  "train/n_updates": "Gradient updates done so far.",
  "train/learning_rate": "Learning rate of the optimizer.",
  "rollout/exploration_rate": "ε of ε-greedy exploration at this step.",
  "rollout/ep_rew_mean": "Mean return of the last 100 training episodes.",
  "rollout/ep_len_mean": "Mean length of the last 100 training episodes.",
  "time/fps": "Env steps per second since the run started.",
  "time/total_timesteps": "Env steps taken so far (all sub-envs).",
  "time/episodes": "Training episodes finished so far.",
  "time/time_elapsed": "Wall-clock seconds since the run started.",
  "charts/episodic_return": "Return of one finished training episode (CleanRL's name).",
  "charts/episodic_length": "Length in env steps of one finished training episode (CleanRL's name).",
  "eval/mean_reward": "Mean return of the greedy evaluation episodes.",
  "eval/std_reward": "Population standard deviation of the evaluation returns.",
  "eval/mean_ep_length": "Mean length of the greedy evaluation episodes.",
} as const;

/** A metric gymkit knows; see {@link METRICS} for what each means. */
export type MetricName = keyof typeof METRICS;

/** Metrics of one record, by name. */
export type Metrics = Readonly<Partial<Record<MetricName, number>>>;

/** True for a name in {@link METRICS}. */
export const isMetricName = (name: string): name is MetricName => Object.hasOwn(METRICS, name);
