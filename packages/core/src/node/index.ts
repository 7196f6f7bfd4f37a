/**
 * @gymkit/core/node: the Node-only helpers of gymkit (the main entry stays browser-safe). One
 * atomic-write implementation for every package: files, checkpoint directories, and cleanup of
 * what a killed process leaves behind.
 */
export {
  type CleanResult,
  cleanStaleTemps,
  readDirFiles,
  type WriteDirAtomicOptions,
  writeDirAtomic,
  writeFileAtomic,
} from "./atomic.js";
export { errnoCode, ioError } from "./io-error.js";
export { assertWritableDir, makeDir, makeDirSync } from "./make-dir.js";
