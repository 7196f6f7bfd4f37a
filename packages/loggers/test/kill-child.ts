/**
 * The kill test's child: a long synthetic run logged by jsonl, csv and tensorboard into
 * argv[2], as fast as it goes, until the parent kills it with SIGKILL.
 */
import { createTrainingEvents } from "@gymkit/core";
import { CsvLogger, JsonlLogger, TensorBoardLogger } from "../src/index.js";
import { emitSyntheticRun } from "./synthetic-run.js";

const dir = process.argv[2]!;
const seed = Number(process.argv[3] ?? 0);
const events = createTrainingEvents();
const report = (message: string) => {
  console.error(message);
  process.exit(3);
};
for (const logger of [
  new JsonlLogger({ dir, every: 50 }, { report }),
  new CsvLogger({ dir, every: 50 }, { report }),
  new TensorBoardLogger({ dir, every: 50 }, { report }),
]) {
  logger.attach(events);
}
emitSyntheticRun(events, { totalSteps: 50_000_000, seed, evalEvery: 500, warnAt: 777 });
