/**
 * A file's bytes as text: UTF-8 (plain ASCII decoded byte for byte), refusing UTF-16 and binary content with the line
 * of the first bad byte.
 * @internal
 */
import * as buffer from 'buffer';
import { InputError } from './input-error';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** buffer.isAscii (Node 18.15+, 19.6+), undefined on older versions. */
const isAscii: ((b: Uint8Array) => boolean) | undefined = (buffer as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

/** Decodes a file's bytes as UTF-8. @throws InputError for UTF-16, NUL bytes or invalid UTF-8 */
export function decode(buf: Buffer, file: string): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new InputError('UTF-16 text: save the file as UTF-8', file);
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new InputError('binary file (it contains NUL bytes), not YAML or JSON', file, lineAt(buf, nul));
  // Plain ASCII (what generated manifests nearly always are) decodes byte for byte, ~30% faster than UTF-8 decoding.
  if (isAscii !== undefined && isAscii(buf)) return buf.toString('latin1');
  try {
    return UTF8.decode(buf);
  } catch {
    const at = firstInvalidUtf8(buf);
    throw new InputError('binary file (not valid UTF-8 text), not YAML or JSON', file, lineAt(buf, at));
  }
}

function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = buf.indexOf(10); i >= 0 && i < offset; i = buf.indexOf(10, i + 1)) line++;
  return line;
}

/**
 * Offset of the first byte that breaks UTF-8 (only called once decoding failed). Follows the well-formed byte
 * sequences of the Unicode Standard, Table 3-7, as TextDecoder does: the second byte's range depends on the first,
 * which excludes overlong forms (E0 80..9F, F0 80..8F), UTF-16 surrogates (ED A0..BF) and code points past U+10FFFF
 * (F4 90..BF). Checking only "10xxxxxx" found no offset for those, and the error had no line.
 */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) { n = 2; if (c === 0xe0) lo = 0xa0; else if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; if (c === 0xf0) lo = 0x90; else if (c === 0xf4) hi = 0x8f; }
    else return i;
    if (n > 0 && i + n >= b.length) return i;
    if (n > 0 && (b[i + 1] < lo || b[i + 1] > hi)) return i;
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0; // not reached: TextDecoder refused the bytes, so one of the checks above does too
}
