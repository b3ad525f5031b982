/**
 * A strict check of JSON text (RFC 8259) before js-yaml reads it: js-yaml's JSON mode takes trailing commas, NaN,
 * comments and single quotes, and keeps the last of duplicate keys (`"mode": "STRICT", "mode": "DISABLE"` would be
 * DISABLE). A duplicate key is ambiguous, so it is an error here as it is in YAML. Linear, one pass, no values built.
 * @internal
 */

/** Where and why the text is not JSON. */
export class JsonSyntaxError extends Error {
  constructor(public readonly reason: string, public readonly line: number, public readonly column: number) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Nesting beyond this is refused (the recursive check would otherwise overflow the stack). */
const MAX_DEPTH = 5000;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings (RFC 8259 section 7): the regex must name them
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * Throws a {@link JsonSyntaxError} unless `text` is exactly one JSON value (whitespace and a leading byte order
 * mark aside) without duplicate keys in any object.
 */
export function checkStrictJson(text: string): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (reason: string, at: number = i): never => {
    let line = 1;
    let lineStart = 0;
    for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) { line++; lineStart = k + 1; }
    throw new JsonSyntaxError(reason, line, at - lineStart + 1);
  };
  const describe = (at: number) => (at >= text.length ? 'end of file' : `${JSON.stringify(text[at])}`);
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const string = (): string => {
    STRING.lastIndex = i;
    if (!STRING.test(text)) {
      // find the character that breaks the string
      let k = i + 1;
      for (; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (c === 0x22) break;
        if (c < 0x20) fail('control character in a string: escape it', k);
        if (c === 0x5c) {
          const e = text[k + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(k + 2, k + 6))) k += 5;
          else if (e !== undefined && '"\\/bfnrt'.includes(e)) k++;
          else fail(`invalid escape '\\${e ?? ''}' in a string`, k);
        }
      }
      fail('unterminated string', k >= text.length ? i : k);
    }
    const raw = text.slice(i, STRING.lastIndex);
    i = STRING.lastIndex;
    return raw.includes('\\') ? JSON.parse(raw) as string : raw.slice(1, -1);
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`nested more than ${MAX_DEPTH} levels deep`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before \'}\'' : `expected a key in double quotes, found ${describe(i)}`);
        const at = i;
        const key = string();
        if (keys.has(key)) fail(`duplicate key ${JSON.stringify(key)}: a key may appear once per object`, at);
        keys.add(key);
        ws();
        if (text[i] !== ':') fail(`expected ':' after the key, found ${describe(i)}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail(`expected ',' or '}', found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        ws();
        if (text[i] === ']') fail('trailing comma before \']\'');
        value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail(`expected ',' or ']', found ${describe(i)}`);
      }
    }
    if (c === '"') { string(); return; }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) { i += word.length; return; }
    }
    NUMBER.lastIndex = i;
    if (c !== undefined && (c === '-' || (c >= '0' && c <= '9')) && NUMBER.test(text)) { i = NUMBER.lastIndex; return; }
    fail(`unexpected ${describe(i)}${/[A-Za-z]/.test(c ?? '') ? ' (JSON has no NaN, Infinity or unquoted words)' : c === '/' ? ' (JSON has no comments)' : c === "'" ? ' (JSON strings use double quotes)' : ''}`);
  };

  value(0);
  ws();
  if (i < text.length) fail(`unexpected ${describe(i)} after the JSON value`);
}
