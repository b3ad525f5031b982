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

/** A file's bytes: a regular file up to `max` bytes, or a pipe read until its end (refused past `max`). */
export function readFile(file: string, max: number): Buffer {
  const st = statOf(file);
  if (st.isFile()) {
    if (st.size > max) throw new InputError(tooLarge(st.size, max), file);
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new InputError(`cannot read: ${describeError(e)}`, file);
    }
  }
  // A pipe, e.g. process substitution: `istio-mtls analyze <(helm template .)`. Read it, but not without end.
  if (st.isFIFO()) return readBounded(file, max);
  throw new InputError('not a regular file, directory or pipe', file);
}

function readBounded(file: string, max: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new InputError(`cannot read: ${describeError(e)}`, file);
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') continue;
        throw new InputError(`cannot read: ${describeError(e)}`, file);
      }
      if (n === 0) break;
      size += n;
      if (size > max) throw new InputError(`input is over the ${mib(max)} limit: split it into smaller files`, file);
      chunks.push(chunk.subarray(0, n));
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

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
