import { quickstart } from "./quickstart.js";

const result = await quickstart({ verbose: true });
const last = result.evaluations.at(-1);
console.log(
  `${result.steps} steps, ${result.episodes} episodes, ${result.wallSeconds.toFixed(1)} s; ` +
    `last greedy evaluation: ${last ? last.mean.toFixed(1) : "none"} (${result.stoppedBy})`,
);
