import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resumeCommand } from "./resume-plan.js";
import { onStopSignals, REPEAT_MS, shellQuote } from "./stop-signals.js";

describe("onStopSignals", () => {
  let stopWatching = () => {};
  afterEach(() => {
    stopWatching();
    vi.restoreAllMocks();
  });

  it("one Ctrl-C acts once: repeats within REPEAT_MS are the same request; a later one stops at once", () => {
    let now = 1000;
    const stop = vi.fn();
    const stopNow = vi.fn();
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    stopWatching = onStopSignals({ stop, stopNow }, () => now);
    process.emit("SIGINT", "SIGINT"); // from the terminal
    now += 5;
    process.emit("SIGINT", "SIGINT"); // forwarded by npm
    process.emit("SIGHUP", "SIGHUP");
    expect(stop.mock.calls).toEqual([["SIGINT"]]);
    expect(stopNow).not.toHaveBeenCalled();
    now += REPEAT_MS;
    process.emit("SIGTERM", "SIGTERM"); // a second Ctrl-C, later: stop now
    expect(stopNow).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(130);
  });
});

describe("the printed resume command", () => {
  const words = (line: string) =>
    spawnSync("sh", ["-c", `for w in ${line}; do printf '%s\\n' "$w"; done`], { encoding: "utf8" })
      .stdout.trimEnd()
      .split("\n");

  it("keeps every flag that shapes the runs, each word read back by a shell as it was", () => {
    const line = resumeCommand("train", "my exps/it's.yaml", {
      variant: "dqn",
      out: "runs/a b",
      seeds: [3, 7],
      steps: 6000,
      set: [
        { path: "agent.lr", value: 0.002 },
        { path: "env", value: "CartPole-v0" },
        { path: "agent.hidden", value: [64, 64] },
      ],
      backend: "cpu",
    });
    expect(words(line)).toEqual([
      "gymkit",
      "train",
      "my exps/it's.yaml",
      "--variant",
      "dqn",
      "--out",
      "runs/a b",
      "--seeds",
      "3,7",
      "--steps",
      "6000",
      "--set",
      "agent.lr=0.002",
      "--set",
      'env="CartPole-v0"',
      "--set",
      "agent.hidden=[64,64]",
      "--backend",
      "cpu",
      "--resume",
    ]);
    expect(shellQuote("plain/path-1.yaml")).toBe("plain/path-1.yaml");
  });
});
