/**
 * @gymkit/loggers: subscribers to a run's training events (Node only). `console` progress,
 * `jsonl` and `csv` records with Stable-Baselines3's metric names, its `monitor.csv`, `tensorboard` event files,
 * `plot` learning curves (SVG + PNG) and `memory` arrays, registered by the default-exported plugin.
 */
import { plugin } from "./plugin.js";

export { AppendFile } from "./append-file.js";
export { CONSOLE_OPTIONS, ConsoleLogger, type ConsoleOptions, type ConsoleRuntime } from "./console.js";
export { crc32c, maskedCrc32c } from "./crc32c.js";
export { CSV_COLUMNS, CSV_OPTIONS, CsvLogger, type CsvOptions, recordToCsv } from "./csv.js";
export type { LoggerRuntime } from "./file-options.js";
export { type Handlers, LoggerGuard, type Report } from "./guard.js";
export { JSONL_OPTIONS, JsonlLogger, type JsonlOptions, recordToJson } from "./jsonl.js";
export { MEMORY_OPTIONS, MemoryLogger, type MemoryOptions } from "./memory.js";
export {
  MONITOR_OPTIONS,
  MONITOR_SUFFIX,
  MonitorLogger,
  type MonitorOptions,
  monitorHeader,
  monitorRow,
} from "./monitor.js";
export { assertPlainName, DEFAULT_RUN_DIR, resolveRunDir, runPath } from "./paths.js";
export {
  FONT_FILE,
  type LearningCurveOptions,
  learningCurveSpec,
  type RenderOptions,
  readJsonlRecords,
  renderLearningCurves,
  renderVegaLite,
  svgToPng,
} from "./plot.js";
export { PLOT_OPTIONS, PlotLogger, type PlotOptions } from "./plot-logger.js";
export {
  type ProgressMessage,
  type ProgressMessagesOptions,
  progressHandlers,
  progressMessages,
} from "./progress.js";
export {
  formatDuration,
  formatProgressDetails,
  formatProgressLine,
  ProgressBoard,
  type ProgressBoardOptions,
  type ProgressStream,
} from "./progress-board.js";
export {
  type LogRecord,
  type MetricsRecord,
  RECORD_FIELDS,
  type RecorderOptions,
  RunRecorder,
  type WarningRecord,
} from "./records.js";
export {
  eventFileName,
  TENSORBOARD_OPTIONS,
  TensorBoardLogger,
  type TensorBoardOptions,
} from "./tensorboard.js";
export { encodeEvent, FILE_VERSION, frameRecord, type TfEvent, validRecordsLength } from "./tfevents.js";
export { plugin };
export default plugin;
