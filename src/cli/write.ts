/**
 * Atomic file output: the content goes to a temporary file in the target's directory, is flushed to disk, then
 * renamed over the target. Readers see the old file or the whole new one, never a half-written one; on failure the
 * target is untouched and the temporary file removed.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes `content` to `file` atomically (temporary file in the same directory + rename). Keeps the permission
 * bits of an existing target.
 *
 * @throws the file system error (ENOENT for a missing directory, EACCES, EISDIR...)
 */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    const st = fs.statSync(target);
    if (st.isDirectory()) throw Object.assign(new Error(`'${file}' is a directory`), { code: 'EISDIR' });
    mode = st.mode & 0o7777;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  const fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
  let renamed = false;
  try {
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (mode !== undefined) fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    }
  }
}
