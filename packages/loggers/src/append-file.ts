import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { ioError, makeDirSync } from "@gymkit/core/node";

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/**
 * A line-oriented, append-only file that a SIGKILL cannot tear: each line goes to the kernel in
 * one `write` on an `O_APPEND` descriptor, so a killed process loses at most the line being
 * written. Opening an existing file (a resumed run) first cuts a torn last line, one without its
 * newline, so appended lines never join a fragment.
 */
export class AppendFile {
  private fd: number | undefined;
  private readonly encoder = new TextEncoder();

  constructor(readonly path: string) {}

  /**
   * Opens the file for appending (creating it and its parents), cutting a torn last line.
   * Returns the first complete line already there (a CSV header), or undefined for a new file.
   */
  open(): string | undefined {
    try {
      makeDirSync(dirname(this.path));
      this.fd = openSync(this.path, "a+");
      const size = fstatSync(this.fd).size;
      const complete = this.completeLength(size);
      if (complete < size) ftruncateSync(this.fd, complete);
      return complete === 0 ? undefined : this.firstLine(complete);
    } catch (e) {
      this.close();
      throw ioError(e, "write", this.path);
    }
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  /** Appends `line` and a newline, in one write. */
  appendLine(line: string): void {
    if (this.fd === undefined) this.open();
    const bytes = this.encoder.encode(`${line}\n`);
    try {
      writeAll(this.fd!, bytes);
    } catch (e) {
      throw ioError(e, "write", this.path);
    }
  }

  /** Flushes what was written to the disk and returns the file's length in bytes. */
  syncedLength(): number {
    if (this.fd === undefined) this.open();
    try {
      fdatasyncSync(this.fd!);
      return fstatSync(this.fd!).size;
    } catch (e) {
      throw ioError(e, "write", this.path);
    }
  }

  /**
   * Cuts the file back to `length` bytes (a resumed run: what its checkpoint covered). Returns the
   * bytes that were missing when the file is shorter (a crash of the machine lost its tail).
   */
  truncate(length: number): number {
    if (this.fd === undefined) this.open();
    try {
      const size = fstatSync(this.fd!).size;
      if (size > length) ftruncateSync(this.fd!, length);
      return Math.max(0, length - size);
    } catch (e) {
      throw ioError(e, "write", this.path);
    }
  }

  /**
   * Keeps the leading lines that `keep` accepts and cuts the file after them (a resumed run
   * without its checkpoint's lengths: records by step).
   */
  truncateLines(keep: (line: string, index: number) => boolean): void {
    if (this.fd === undefined) this.open();
    try {
      const text = readFileSync(this.path, "utf8");
      let at = 0;
      for (let i = 0; at < text.length; i++) {
        const end = text.indexOf("\n", at);
        if (end < 0 || !keep(text.slice(at, end), i)) break;
        at = end + 1;
      }
      ftruncateSync(this.fd!, Buffer.byteLength(text.slice(0, at)));
    } catch (e) {
      throw ioError(e, "write", this.path);
    }
  }

  /** Flushes to the disk and closes; does nothing when not open. */
  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Bytes up to and including the last newline, scanning back from the end in chunks. */
  private completeLength(size: number): number {
    const buffer = new Uint8Array(Math.min(CHUNK, size));
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - CHUNK);
      const n = readSync(this.fd!, buffer, 0, end - start, start);
      for (let i = n - 1; i >= 0; i--) if (buffer[i] === NEWLINE) return start + i + 1;
      end = start;
    }
    return 0;
  }

  private firstLine(limit: number): string {
    const buffer = new Uint8Array(Math.min(CHUNK, limit));
    const n = readSync(this.fd!, buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, n).indexOf(NEWLINE);
    return new TextDecoder().decode(buffer.subarray(0, end < 0 ? n : end));
  }
}

/** `writeSync` until every byte is written (a regular file takes it in one call unless the disk fills). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}
