/**
 * Text for a terminal: input names (resources, files) are data, never control. Control characters (C0, DEL, C1)
 * and Unicode bidi controls become visible escapes (`\x1b`, `\n`, `\u202e`), so a name cannot hide the rest of a
 * table (ESC[8m), forge rows (a newline) or make text read in another order (U+202E). JSON and SARIF escape by
 * themselves and keep names exact; this is for the text outputs and stderr.
 * @internal
 */

// eslint-disable-next-line no-control-regex -- this regex finds control characters on purpose, to escape them
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with every control and bidi character as a visible escape; other text (UTF-8, backslashes) unchanged. */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A one-line stderr message: escaped (an embedded newline too, so it stays one line), its final newline kept. */
export function escapeTerminalLines(s: string): string {
  const end = s.endsWith('\n') ? '\n' : '';
  return escapeTerminal(end ? s.slice(0, -1) : s) + end;
}
