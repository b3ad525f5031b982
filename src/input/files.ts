/**
 * Reading the files the user named: regular files, directories (recursively: `.yaml`, `.yml`, `.json`, sorted) and
 * pipes, each within a size limit, with every failure an {@link InputError} naming the path.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError, describeError } from './input-error';

/** Files larger than this are refused. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * All inputs of a run together larger than this are refused (the CLI's `--max-input-mib` changes it). Parsed
 * manifests take many times their size in memory (`status` over one 60 MB file: ~1 GB resident), and Node's
 * default heap is a few GiB (4 GiB on a 24 GiB machine): without a total cap, eleven 60 MB files end in a heap
 * out-of-memory crash instead of a message.
 */
export const MAX_TOTAL_BYTES = 128 * 1024 * 1024;

/** The file name extensions read in directories. */
export const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** fs.statSync, failing with an InputError. */
export function statOf(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (e) {
    throw new InputError(`cannot read: ${describeError(e)}`, p);
  }
}

/** Every .yaml/.yml/.json file under a directory, recursively, sorted by path (code-unit order, locale-independent). */
export function listDirectory(dir: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string) => {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch (e) {
      throw new InputError(`cannot read: ${describeError(e)}`, d);
    }
    if (seen.has(real)) return; // symlink loop
    seen.add(real);
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch (e) {
      throw new InputError(`cannot read directory: ${describeError(e)}`, d);
    }
    names.sort(byCodeUnit);
    for (const name of names) {
      const p = path.join(d, name);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue; // dangling symlink: not an input
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && EXTENSIONS.includes(path.extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** How long a FIFO named on the command line may go without any writer before it is refused. */
export const PIPE_WRITER_WAIT_MS = 3000;

/** Options of {@link readFile}. */
export interface ReadOptions {
  /** Refuse more bytes than this. */
  readonly max: number;
  /** The reason given past `max`. @default - the file size and the per-file limit */
  readonly overLimit?: string;
  /** What the file should be, for messages. @default 'YAML or JSON file' */
  readonly what?: string;
  /** What to give instead of a device or socket. @default - files, directories or '-' */
  readonly give?: string;
  /** @default PIPE_WRITER_WAIT_MS */
  readonly pipeWriterWaitMs?: number;
}

/**
 * A file's bytes: a regular file up to `max` bytes, or a pipe read until its end (refused past `max`, and refused
 * after {@link PIPE_WRITER_WAIT_MS} without a writer). Devices and sockets are refused without reading: a device
 * such as /dev/zero never ends, and a terminal would wait for typing.
 */
export function readFile(file: string, maxOrOptions: number | ReadOptions): Buffer {
  const options: ReadOptions = typeof maxOrOptions === 'number' ? { max: maxOrOptions } : maxOrOptions;
  const { max } = options;
  const what = options.what ?? 'YAML or JSON file';
  const st = statOf(file);
  if (st.isFile()) {
    if (st.size > max) throw new InputError(options.overLimit ?? tooLarge(st.size, max), file);
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new InputError(`cannot read: ${describeError(e)}`, file);
    }
  }
  // A pipe, e.g. process substitution: `istio-mtls analyze <(helm template .)`. Read it, but not without end.
  if (st.isFIFO()) return readPipe(file, options);
  if (st.isDirectory()) throw new InputError(`is a directory, not a ${what}`, file);
  const kind = st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
  throw new InputError(`${kind}, not a file: ${options.give ?? "give YAML or JSON files, directories, or '-' for standard input"}`, file);
}

/**
 * Reads a FIFO without ever blocking: opened non-blocking (a blocking open waits for a writer, forever if none
 * comes), polled until its writers close it. A FIFO that no process opens for writing within the wait is refused,
 * with the advice to use standard input. A connected writer is waited for as long as it takes, like standard input.
 */
function readPipe(file: string, options: ReadOptions): Buffer {
  const { max } = options;
  const wait = options.pipeWriterWaitMs ?? PIPE_WRITER_WAIT_MS;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(`cannot read: ${describeError(e)}`, file);
  }
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const started = Date.now();
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    let writerSeen = false;
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if ((e as { code?: string }).code !== 'EAGAIN') throw new InputError(`cannot read: ${describeError(e)}`, file);
        writerSeen = true; // a writer holds the pipe open, without data yet
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (n === 0) {
        if (writerSeen) break; // end of file: every writer closed it
        // No writer has opened the pipe yet (a non-blocking read then returns 0 at once).
        if (Date.now() - started > wait) {
          throw new InputError(`no process is writing to this pipe (waited ${wait / 1000} s): pipe the data to standard input instead, e.g. '... | istio-mtls <command> -'`, file);
        }
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      writerSeen = true;
      size += n;
      if (size > max) throw new InputError(options.overLimit ?? `input is over the ${formatBytes(max)} limit: split it into smaller files`, file);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(fd);
  }
}

/** The reason a file of `size` bytes is refused. */
export function tooLarge(size: number, max: number): string {
  return `file is ${mib(size)}, over the ${mib(max)} limit: split it into smaller files`;
}

function mib(n: number): string {
  const v = n / (1024 * 1024);
  return `${Number.isInteger(v) ? v : v.toFixed(1)} MiB`;
}

/** A byte count in MiB, or in KiB below 1 MiB: `64 MiB`, `256 KiB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return mib(n);
  const v = n / 1024;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} KiB`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
