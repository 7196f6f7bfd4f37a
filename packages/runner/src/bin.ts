/** The `gymkit` process: runs the CLI and exits with its code. */
import { main } from "./cli.js";

// Standard output that cannot be written: `gymkit schema | head` closes the pipe, which ends the
// output (exit 0); a full disk or device (`gymkit schema > /dev/full`: ENOSPC) or another error is
// said in one line (exit 1), not a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  const why =
    e.code === "ENOSPC" || e.code === "EDQUOT"
      ? `no space left on the device (${e.code}). Free some space or send the output elsewhere.`
      : `${e.message}.`;
  process.stderr.write(`gymkit: Cannot write to standard output: ${why}\n`);
  process.exit(1);
});
process.exitCode = await main(process.argv.slice(2));
