/**
 * Writing the CLI's output to a path (`--output`), whatever the path is:
 *
 * - a regular file (or a new path) is replaced atomically: the content goes to a temporary file in the same
 *   directory, is flushed to disk, then renamed over the target. Readers see the old file or the whole new one;
 *   on failure (or SIGINT/SIGTERM) the target is untouched and the temporary file removed. The target keeps its
 *   permission bits, never setuid, setgid or sticky;
 * - a symlink is followed: its final target is written (the link stays a link);
 * - a character device (`/dev/null`, `/dev/stdout` on a terminal) and a FIFO are written through, never replaced;
 *   a FIFO that no process reads is refused rather than waited on;
 * - a path that is one of the run's inputs (same device and inode) is refused, so `analyze in.yaml --output in.yaml`
 *   cannot replace the manifest with its report.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** An output that cannot be written, with a one-line reason (the caller adds the path). */
export class OutputError extends Error {
  constructor(message: string, public readonly code?: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Options of {@link writeOutput} and {@link writeFileAtomic}. */
export interface WriteOptions {
  /** Files that must not be written over (the run's inputs), compared by device and inode. */
  readonly inputs?: readonly string[];
  /**
   * Called once the temporary file exists, before it is renamed (tests: a signal at the worst moment).
   * @internal
   */
  readonly onTempFile?: (tmp: string) => void;
}

/** Temporary files that exist right now, removed by the signal handlers. */
const liveTempFiles = new Set<string>();
let signalHandlersInstalled = false;

/**
 * Installs SIGINT and SIGTERM handlers (once per process) that remove any temporary output file, then end the
 * process by the same signal. Writes are synchronous, so a handler runs only before a temporary file is created or
 * after it is renamed or removed; without handlers the default action would kill the process in between.
 *
 * {@link writeFileAtomic} installs them on its first call, not earlier: a handler runs only when the event loop
 * turns, so installed at start it would make a run blocked in a synchronous read deaf to Ctrl-C. Writing the
 * output is the last thing a run does, so from then on nothing blocks.
 */
export function removeTempFilesOnSignal(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      removeLiveTempFiles();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal); // the default action now: the exit status says which signal ended us
    };
    process.on(signal, handler);
  }
}

function removeLiveTempFiles(): void {
  for (const tmp of liveTempFiles) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
  }
  liveTempFiles.clear();
}

/**
 * Writes `content` to `file` as described in the module comment.
 *
 * @throws OutputError for an input, a directory, a FIFO without reader or another kind of file; the file system
 *   error otherwise (ENOENT for a missing directory, EACCES...)
 */
export function writeOutput(file: string, content: string | Buffer, options: WriteOptions = {}): void {
  const target = followSymlinks(path.resolve(file));
  const st = statOrUndefined(target);
  if (st !== undefined && isInput(st, options.inputs ?? [])) {
    throw new OutputError('it is an input of this run: choose another output file');
  }
  if (st === undefined || st.isFile()) {
    writeFileAtomic(target, content, options);
  } else if (st.isDirectory()) {
    throw new OutputError('is a directory', 'EISDIR');
  } else if (st.isCharacterDevice()) {
    writeThrough(target, content, fs.constants.O_WRONLY);
  } else if (st.isFIFO()) {
    // O_NONBLOCK: opening a FIFO for writing waits for a reader; without one, fail now (ENXIO) instead of hanging.
    let fd: number;
    try {
      fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENXIO') throw new OutputError('a pipe that no process reads', 'ENXIO');
      throw e;
    }
    writeAll(fd, content);
  } else {
    throw new OutputError('not a regular file, character device or pipe');
  }
}

/**
 * Writes `content` to `file` atomically (temporary file in the same directory + rename). Keeps the permission
 * bits of an existing target, without setuid, setgid and sticky.
 *
 * @throws the file system error (ENOENT for a missing directory, EACCES, EISDIR...)
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: Pick<WriteOptions, 'onTempFile'> = {}): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    const st = fs.statSync(target);
    if (st.isDirectory()) throw Object.assign(new Error(`'${file}' is a directory`), { code: 'EISDIR' });
    mode = st.mode & 0o777; // an output is never setuid/setgid: a report is not a program
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  removeTempFilesOnSignal();
  const fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
  liveTempFiles.add(tmp);
  let renamed = false;
  try {
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (mode !== undefined) fs.chmodSync(tmp, mode);
    options.onTempFile?.(tmp);
    fs.renameSync(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    }
    liveTempFiles.delete(tmp);
  }
}

/** The path a chain of symlinks ends at (which may not exist yet: a dangling link creates its target). */
function followSymlinks(p: string): string {
  let current = p;
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(current);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return current;
      throw e;
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isInput(st: fs.Stats, inputs: readonly string[]): boolean {
  for (const input of inputs) {
    const s = statOrUndefined(input);
    if (s !== undefined && s.dev === st.dev && s.ino === st.ino) return true;
  }
  return false;
}

function writeThrough(target: string, content: string | Buffer, flags: number): void {
  writeAll(fs.openSync(target, flags), content);
}

/** Writes everything to `fd` and closes it; waits out EAGAIN (a full, non-blocking pipe). */
function writeAll(fd: number, content: string | Buffer): void {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  try {
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        if ((e as { code?: string }).code !== 'EAGAIN') throw e;
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
