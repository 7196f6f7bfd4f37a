/**
 * What `--resume` and a stopped command say and check (issue 19): the command that resumes, with
 * every flag that shapes the runs, and the checks every run passes before anything is touched.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CHECKPOINT_DIR } from "./checkpoint.js";
import type { RunFlags } from "./commands.js";
import type { RunTask } from "./run-one.js";
import { checkSameConfig, readOutcome } from "./run-record.js";
import { shellQuote } from "./stop-signals.js";

/** `gymkit <command> ... --resume`, with every flag that shapes the runs, shell-quoted: it works as printed. */
export function resumeCommand(command: "train" | "compare", configPath: string, flags: RunFlags): string {
  const args = [command, configPath];
  if (flags.variant !== undefined) args.push("--variant", flags.variant);
  if (flags.out !== undefined) args.push("--out", flags.out);
  if (flags.seeds !== undefined)
    args.push("--seeds", typeof flags.seeds === "number" ? String(flags.seeds) : flags.seeds.join(","));
  if (flags.steps !== undefined) args.push("--steps", String(flags.steps));
  for (const { path, value } of flags.set ?? []) args.push("--set", `${path}=${JSON.stringify(value)}`);
  if (flags.backend !== undefined) args.push("--backend", flags.backend);
  if (flags.workers !== undefined) args.push("--workers", String(flags.workers));
  return ["gymkit", ...args.map(shellQuote), "--resume"].join(" ");
}

/**
 * Before `--resume` touches anything: every finished run's outcome.json is checked, every run's
 * recorded config must equal this command's (refused, naming the keys), and a run without a
 * checkpoint is said to start over.
 */
export async function checkResumable(tasks: readonly RunTask[]): Promise<void> {
  for (const task of tasks) {
    const done = await readOutcome(task);
    await checkSameConfig(task, done !== undefined);
    const started = existsSync(task.dir) && readdirSync(task.dir).some((n) => !n.startsWith("."));
    if (!done && started && !existsSync(join(task.dir, CHECKPOINT_DIR))) {
      console.error(
        `${task.runId}: no checkpoint yet; it starts over from step 0 (its logs are cut back to the start).`,
      );
    }
  }
}
