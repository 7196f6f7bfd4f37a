/** The `gymkit` process: runs the CLI and exits with its code. */
import { main } from "./cli.js";

// `gymkit schema | head`: a closed pipe ends the output, not the process with a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
