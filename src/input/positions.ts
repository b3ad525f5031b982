/**
 * Where a finding's field is in the input text: the line and column of the key (or sequence item) that a dotted
 * field path (`spec.mtls.mode`, `spec.trafficPolicy.portLevelSettings[0].tls`) names, for SARIF regions and the
 * `line`/`column` of the CLI's outputs.
 *
 * The parse stays as it is (js-yaml, document lines only, see ./yaml-parse): positions are looked up afterwards and
 * only for findings that name a field. The path is first resolved against the parsed object (so keys that contain
 * dots, such as annotation names, and `[name]` selectors on lists resolve to real keys and indices), then each key or
 * item is found in the object's own lines of the text by indentation (block YAML, what helm, kustomize, cdk8s and
 * kubectl write) or, inside flow collections and JSON, by scanning forward for the quoted or plain key. Each lookup
 * reads at most the lines of the object's document once, so the cost is linear in the size of the documents that have
 * findings. When a step cannot be found, the deepest step found is used (at worst the object's own line).
 * @internal
 */
import { isObject } from '../engine/values';

/** A 1-based line and column (UTF-16 code units, SARIF's default `columnKind`). */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A file's text with its line start offsets, computed once per file on first use. */
export class SourceText {
  private starts: number[] | undefined;

  public constructor(public readonly text: string) {}

  /** Offsets where each line starts (index 0 = line 1). */
  public lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** Line `i` (0-based) without its line break. */
  public lineText(i: number): string {
    const starts = this.lineStarts();
    const end = i + 1 < starts.length ? starts[i + 1] - 1 : this.text.length;
    const s = this.text.slice(starts[i], end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }
}

type Step = string | number;

/**
 * The steps of a dotted field path that exist in `object`: object keys (the longest key that matches, so
 * `metadata.annotations.istio-mtls.cdk8s.io/calls` finds the annotation) and list indices (`[0]`, `.0`, or `[x]`
 * matching an element's `name` or port).
 */
export function resolveFieldPath(object: unknown, field: string): Step[] {
  const steps: Step[] = [];
  let v: unknown = object;
  let p = 0;
  while (p < field.length) {
    if (field[p] === '.') { p++; continue; }
    if (field[p] === '[') {
      const close = field.indexOf(']', p);
      if (close === -1 || !Array.isArray(v)) break;
      const i = listIndex(v, field.slice(p + 1, close));
      if (i === undefined) break;
      steps.push(i); v = v[i]; p = close + 1;
      continue;
    }
    if (Array.isArray(v)) {
      const m = /^\d+/.exec(field.slice(p));
      const i = m ? listIndex(v, m[0]) : undefined;
      if (!m || i === undefined) break;
      steps.push(i); v = v[i]; p += m[0].length;
      continue;
    }
    if (!isObject(v)) break;
    let best: string | undefined;
    for (const k of Object.keys(v)) {
      if (k.length > 0 && field.startsWith(k, p) && (best === undefined || k.length > best.length)) {
        const next = field[p + k.length];
        if (next === undefined || next === '.' || next === '[') best = k;
      }
    }
    if (best === undefined) break;
    steps.push(best); v = v[best]; p += best.length;
  }
  return steps;
}

function listIndex(list: unknown[], token: string): number | undefined {
  if (/^\d+$/.test(token) && Number(token) < list.length) return Number(token);
  const i = list.findIndex((e) => isObject(e) && (e.name === token
    || (isObject(e.port) ? String(e.port.number) === token : e.port !== undefined && String(e.port) === token)));
  return i === -1 ? undefined : i;
}

/** A cursor in the text: where a node's content starts, and the column its children must be right of. */
interface Cursor {
  /** 0-based line. */
  line: number;
  /** 0-based column where the node's content (or its first child) may start on `line`. */
  col: number;
  /** Children of the node start right of this column (block style). */
  parentIndent: number;
  /** Inside a flow collection (`{...}`, `[...]`, JSON): keys are found by scanning forward. */
  flow: boolean;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],][^#{}[\],]*?)\s*:(?=\s|$|[{["'])/;

function unquote(key: string): string {
  if (key.startsWith('"')) { try { return JSON.parse(key); } catch { return key.slice(1, -1); } }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** First non-space column of `s` at or after `from`, or -1 for a blank or comment-only rest. */
function contentColumn(s: string, from: number): number {
  let i = from;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i >= s.length || s[i] === '#' ? -1 : i;
}

/**
 * The position of `field` in the object that starts at `line` (1-based), or undefined when not even its first step is
 * found. The object's text ends at the next document marker (`---` or `...` at the start of a line).
 */
export function locateField(source: SourceText, line: number, object: unknown, field: string): TextPosition | undefined {
  const steps = resolveFieldPath(object, field);
  if (steps.length === 0) return undefined;
  const end = documentEnd(source, line);
  let cur = start(source, line - 1, end);
  if (!cur) return undefined;
  let found: TextPosition | undefined;
  for (const step of steps) {
    const next: Found | undefined = typeof step === 'number' ? findItem(source, cur, end, step) : findKey(source, cur, end, step);
    if (!next) break;
    found = next.at;
    cur = next.value;
    if (!cur) break;
  }
  return found;
}

/** The 0-based line of the next document marker after `line` (1-based), or the number of lines. */
function documentEnd(source: SourceText, line: number): number {
  const starts = source.lineStarts();
  const text = source.text;
  for (let i = line; i < starts.length; i++) {
    const o = starts[i];
    if ((text.startsWith('---', o) || text.startsWith('...', o)) && (o + 3 >= text.length || /\s/.test(text[o + 3]))) return i;
  }
  return starts.length;
}

/** The cursor at the object's first line: skips `---`, blank and comment lines and the `- ` of a List item. */
function start(source: SourceText, first: number, end: number): Cursor | undefined {
  for (let i = Math.max(0, first); i < end; i++) {
    const s = source.lineText(i);
    let c = contentColumn(s, 0);
    if (c === -1) continue;
    if (s.startsWith('---', c) && (s.length === c + 3 || s[c + 3] === ' ')) { c = contentColumn(s, c + 3); if (c === -1) continue; }
    while (s[c] === '-' && (s[c + 1] === ' ' || s[c + 1] === undefined)) { c = contentColumn(s, c + 1); if (c === -1) break; }
    if (c === -1) continue;
    if (s[c] === '{' || s[c] === '[') return { line: i, col: c + 1, parentIndent: -1, flow: true };
    return { line: i, col: c, parentIndent: c - 1, flow: false };
  }
  return undefined;
}

interface Found {
  readonly at: TextPosition;
  /** Where the value's content starts, or undefined when it is not a collection that later steps could enter. */
  readonly value: Cursor | undefined;
}

/** The cursor for a value that starts at column `c` of line `i` (or, with nothing there, on the following lines). */
function valueCursor(source: SourceText, i: number, c: number, indent: number): Cursor | undefined {
  const s = source.lineText(i);
  const v = contentColumn(s, c);
  if (v === -1) return { line: i + 1, col: 0, parentIndent: indent, flow: false };
  if (s[v] === '{' || s[v] === '[') return { line: i, col: v + 1, parentIndent: indent, flow: true };
  if (s[v] === '-' && (s[v + 1] === ' ' || s[v + 1] === undefined)) return { line: i, col: v, parentIndent: indent, flow: false };
  if (s[v] === '|' || s[v] === '>' || s[v] === '"' || s[v] === "'") return undefined;
  return { line: i, col: v, parentIndent: indent, flow: false }; // a mapping on the same line (`- port: 80`) or a scalar
}

function findKey(source: SourceText, cur: Cursor, end: number, key: string): Found | undefined {
  if (cur.flow) return findFlowKey(source, cur, end, key);
  let childCol = -1;
  for (let i = cur.line; i < end; i++) {
    const s = source.lineText(i);
    const c = contentColumn(s, i === cur.line ? cur.col : 0);
    if (c === -1) continue;
    if (c <= cur.parentIndent) return undefined; // left the node
    if (childCol === -1) childCol = c;
    if (c < childCol) return undefined;
    if (c > childCol) continue; // deeper: a value of an earlier key
    const m = KEY.exec(s.slice(c));
    if (!m) continue;
    if (unquote(m[1]) === key) {
      return { at: { line: i + 1, column: c + 1 }, value: valueCursor(source, i, c + m[0].length, c) };
    }
  }
  return undefined;
}

function findItem(source: SourceText, cur: Cursor, end: number, index: number): Found | undefined {
  if (cur.flow) return undefined; // flow sequences: stay at the key
  let dash = -1;
  let n = -1;
  for (let i = cur.line; i < end; i++) {
    const s = source.lineText(i);
    const c = contentColumn(s, i === cur.line ? cur.col : 0);
    if (c === -1) continue;
    const isItem = s[c] === '-' && (s[c + 1] === ' ' || s[c + 1] === undefined);
    if (dash === -1) {
      if (!isItem || c < cur.parentIndent) return undefined;
      dash = c;
    }
    if (c < dash || (c === dash && !isItem)) return undefined;
    if (c > dash) continue;
    if (++n === index) {
      const value = valueCursor(source, i, c + 1, c);
      return { at: { line: i + 1, column: c + 1 }, value };
    }
  }
  return undefined;
}

/** Inside flow collections and JSON: the next `"key":`, `'key':` or `key:` from the cursor, within the object's lines. */
function findFlowKey(source: SourceText, cur: Cursor, end: number, key: string): Found | undefined {
  const starts = source.lineStarts();
  const text = source.text;
  const from = starts[cur.line] + cur.col;
  const limit = end < starts.length ? starts[end] : text.length;
  const candidates = [JSON.stringify(key), `'${key.replace(/'/g, "''")}'`, key];
  // Searched within the object's own text only: a key the object lacks must not send the search through the rest
  // of the file (once per finding, that made a large input quadratic).
  const region = text.slice(from, limit);
  let best = -1;
  let bestLen = 0;
  for (const token of candidates) {
    let at = region.indexOf(token);
    while (at !== -1) {
      const after = /^\s*:/.exec(region.slice(at + token.length, at + token.length + 64));
      const before = at + from === 0 ? '' : text[at + from - 1];
      if (after && (token !== key || /[\s{,]/.test(before))) break;
      at = region.indexOf(token, at + 1);
    }
    if (at !== -1 && (best === -1 || at + from < best)) { best = at + from; bestLen = token.length; }
  }
  if (best === -1) return undefined;
  let line = cur.line;
  while (line + 1 < starts.length && starts[line + 1] <= best) line++;
  const col = best - starts[line];
  const colon = text.indexOf(':', best + bestLen);
  let v = colon + 1;
  while (v < limit && /\s/.test(text[v])) v++;
  let vLine = line;
  while (vLine + 1 < starts.length && starts[vLine + 1] <= v) vLine++;
  const value: Cursor | undefined = text[v] === '{' || text[v] === '['
    ? { line: vLine, col: v - starts[vLine] + 1, parentIndent: -1, flow: true }
    : undefined;
  return { at: { line: line + 1, column: col + 1 }, value };
}
