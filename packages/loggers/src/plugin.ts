import { definePart, definePlugin, type PartContext } from "@gymkit/core";
import { CONSOLE_OPTIONS, ConsoleLogger } from "./console.js";
import { CSV_OPTIONS, CsvLogger } from "./csv.js";
import type { LoggerRuntime } from "./file-options.js";
import { JSONL_OPTIONS, JsonlLogger } from "./jsonl.js";
import { MEMORY_OPTIONS, MemoryLogger } from "./memory.js";
import { MONITOR_OPTIONS, MonitorLogger } from "./monitor.js";
import { PLOT_OPTIONS, PlotLogger } from "./plot-logger.js";
import { TENSORBOARD_OPTIONS, TensorBoardLogger } from "./tensorboard.js";

const runtime = (context: PartContext): LoggerRuntime => ({ path: context.path });

/**
 * The loggers plugin: `console`, `jsonl`, `csv`, `monitor`, `tensorboard`, `plot` and `memory`, each a
 * `logger` part a config names (`loggers: [console, { kind: jsonl, dir: runs/a }]`).
 */
export const plugin = definePlugin({
  name: "loggers",
  register(context) {
    context.add(
      definePart({
        slot: "logger",
        id: "console",
        description:
          "Live progress: steps, env-steps/s, ETA, mean return, last evaluation, ε, loss, warnings",
        options: CONSOLE_OPTIONS,
        create: (o, c) => new ConsoleLogger(o, runtime(c)),
      }),
    );
    context.add(
      definePart({
        slot: "logger",
        id: "jsonl",
        description: "One JSON line per episode, evaluation and logging interval (metrics.jsonl)",
        options: JSONL_OPTIONS,
        create: (o, c) => new JsonlLogger(o, runtime(c)),
      }),
    );
    context.add(
      definePart({
        slot: "logger",
        id: "csv",
        description: "Stable-Baselines3's progress.csv: one row per episode, evaluation and logging interval",
        options: CSV_OPTIONS,
        create: (o, c) => new CsvLogger(o, runtime(c)),
      }),
    );
    context.add(
      definePart({
        slot: "logger",
        id: "monitor",
        description:
          "Stable-Baselines3's monitor.csv: one r,l,t row per training episode, for load_results and plot_train",
        options: MONITOR_OPTIONS,
        create: (o, c) => new MonitorLogger(o, runtime(c)),
      }),
    );
    context.add(
      definePart({
        slot: "logger",
        id: "tensorboard",
        description: "TensorBoard event file (events.out.tfevents.*) with every metric as a scalar",
        options: TENSORBOARD_OPTIONS,
        create: (o, c) => new TensorBoardLogger(o, runtime(c)),
      }),
    );
    context.add(
      definePart({
        slot: "logger",
        id: "plot",
        description: "Learning-curve figure (return, evaluations, TD loss, ε) as SVG and PNG at run end",
        options: PLOT_OPTIONS,
        create: (o, c) => new PlotLogger(o, runtime(c)),
      }),
    );
    context.add(
      definePart({
        slot: "logger",
        id: "memory",
        description: "Every event and record in arrays, for tests and notebooks",
        options: MEMORY_OPTIONS,
        create: (o, c) => new MemoryLogger(o, runtime(c)),
      }),
    );
  },
});
