/**
 * Loads Kubernetes objects from YAML/JSON files, directories and stdin, remembering each object's file and line.
 *
 * Everything that makes the input unusable — unreadable, binary, oversized or empty files, malformed YAML, alias
 * bombs, documents that are not objects, objects without apiVersion/kind, wrong field types in the Istio kinds we
 * vendor the CRD of — is an {@link InputError} naming the file (and line where there is one). Nothing else throws.
 */
import * as buffer from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { isObject } from '../engine/values';
import { CrdValidations, isSchemaKnown } from './schema';
import { K8sObject } from '../engine/types';
import { Parsed, isListKind, parseYaml } from './yaml-parse';

/** One object of the input and where it came from. */
export interface SourcedObject {
  readonly object: K8sObject;
  /** The file as the user named it (directory entries joined to the directory argument); `<stdin>` for `-`. */
  readonly file: string;
  /** 1-based line where the object's document (or `kind: List` item) starts. */
  readonly line: number;
}

/** Input the CLI cannot use. Its message is one line: `file[:line[:column]]: reason`. */
export class InputError extends Error {
  constructor(
    /** What is wrong, without the location. */
    public readonly reason: string,
    /** The file (or `<stdin>`, or a directory) the problem is in. */
    public readonly file?: string,
    /** 1-based line, when known. */
    public readonly line?: number,
    /** 1-based column, when known. */
    public readonly column?: number,
  ) {
    super(`${file !== undefined ? `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ` : ''}${reason}`);
    this.name = 'InputError';
  }
}

/** Name used for standard input in messages and outputs. */
export const STDIN_NAME = '<stdin>';

/** Files larger than this are refused. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Nodes that YAML aliases may add to a file beyond its own size before it is refused as an alias bomb. */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** Nesting depth (after alias expansion) beyond which a document is refused. */
export const MAX_EXPANDED_DEPTH = 1_000;

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Options of {@link loadInputs}. */
export interface LoadOptions {
  /** Reads all of standard input (for the path `-`). */
  readonly stdin?: () => Promise<Buffer | string> | Buffer | string;
  /** @default MAX_FILE_BYTES */
  readonly maxFileBytes?: number;
  /**
   * Reject field type errors in the Istio kinds whose CRD we vendor (`validateAgainstCrd`, rule `type`).
   * Enum and other schema violations are left to the engine's rules, which report them as findings.
   *
   * @default true
   */
  readonly checkTypes?: boolean;
  /**
   * Accept files without any object (e.g. an empty cdk8s chart). Empty files found while walking a directory are
   * always skipped; this makes files named explicitly behave the same.
   *
   * @default false
   */
  readonly allowEmptyFiles?: boolean;
  /** Where the type check keeps each object's CRD validation. @default - a new one, returned in the result */
  readonly crd?: CrdValidations;
}

/** Result of {@link loadInputs}. */
export interface LoadResult {
  /** Every object, in input order (files in argument order, directory entries sorted). */
  readonly objects: SourcedObject[];
  /** Every file read, in order (`<stdin>` for `-`). */
  readonly files: string[];
  /** Files found in directories that held no object and were skipped. */
  readonly skippedEmptyFiles: string[];
  /** The CRD validations done while loading, for the analysis to reuse (rule IMT2014). */
  readonly crd: CrdValidations;
}

/**
 * Loads every argument: a file, a directory (recursively: `.yaml`, `.yml`, `.json`, sorted) or `-` (stdin).
 *
 * @throws InputError for anything that makes the input unusable
 */
export async function loadInputs(args: readonly string[], loadOptions: LoadOptions = {}): Promise<LoadResult> {
  const crd = loadOptions.crd ?? new CrdValidations();
  const options: LoadOptions = { ...loadOptions, crd };
  const objects: SourcedObject[] = [];
  const files: string[] = [];
  const skippedEmptyFiles: string[] = [];
  let stdinRead = false;
  // A file named twice (or inside a directory also named) is read once: duplicates would look like conflicting objects.
  const seen = new Set<string>();
  const firstTime = (file: string) => {
    let key: string;
    try { key = fs.realpathSync(file); } catch { key = path.resolve(file); }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const arg of args) {
    if (arg === '-') {
      if (stdinRead) throw new InputError("'-' (stdin) given more than once", STDIN_NAME);
      stdinRead = true;
      if (!options.stdin) throw new InputError('cannot read standard input here', STDIN_NAME);
      let data: Buffer | string;
      try {
        data = await options.stdin();
      } catch (e) {
        throw new InputError(`cannot read: ${describeError(e)}`, STDIN_NAME);
      }
      const found = loadContent(data, STDIN_NAME, options);
      if (found.length === 0 && !options.allowEmptyFiles) throw new InputError(emptyReason(data), STDIN_NAME);
      files.push(STDIN_NAME);
      appendAll(objects, found);
      continue;
    }
    const st = statOf(arg);
    if (st.isDirectory()) {
      const entries = listDirectory(arg);
      if (entries.length === 0) throw new InputError(`directory has no ${EXTENSIONS.join(', ')} files`, arg);
      let any = false;
      let fresh = 0;
      for (const file of entries) {
        if (!firstTime(file)) continue;
        fresh++;
        const data = readFile(file, options);
        const found = loadContent(data, file, options);
        files.push(file);
        if (found.length === 0) skippedEmptyFiles.push(file);
        else any = true;
        appendAll(objects, found);
      }
      if (fresh > 0 && !any && !options.allowEmptyFiles) throw new InputError(`no Kubernetes objects in the ${entries.length} ${EXTENSIONS.join('/')} file(s) of this directory`, arg);
    } else {
      if (!firstTime(arg)) continue;
      const data = readFile(arg, options);
      const found = loadContent(data, arg, options);
      if (found.length === 0 && !options.allowEmptyFiles) throw new InputError(emptyReason(data), arg);
      files.push(arg);
      appendAll(objects, found);
    }
  }
  return { objects, files, skippedEmptyFiles, crd };
}

/**
 * Parses one file's content (YAML stream or JSON) into objects with their lines.
 *
 * @throws InputError for anything that makes the content unusable
 */
export function loadContent(data: Buffer | string, file: string, options: Pick<LoadOptions, 'checkTypes' | 'maxFileBytes' | 'crd'> = {}): SourcedObject[] {
  const max = options.maxFileBytes ?? MAX_FILE_BYTES;
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > max) throw new InputError(tooLarge(size, max), file);
  const text = typeof data === 'string' ? data : decode(data, file);
  if (typeof data === 'string' && text.includes('\0')) throw new InputError('binary file (it contains NUL bytes), not YAML or JSON', file);

  const { docs, lines, itemLines } = parse(text, file);
  // Aliases need anchors (`&name`): without any '&' in the text no document can expand, so skip the walk.
  const mayHaveAliases = text.includes('&');
  const out: SourcedObject[] = [];
  const checkTypes = options.checkTypes ?? true;
  const crd = checkTypes ? options.crd ?? new CrdValidations() : undefined;
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    const line = lines[i] ?? 1;
    if (doc === null || doc === undefined) continue; // empty document (`---` with nothing, comments only)
    if (mayHaveAliases) checkExpansion(doc, file, line, size);
    if (!isObject(doc)) {
      throw new InputError(`document ${i + 1} is ${describeValue(doc)}, not a Kubernetes object (a mapping with apiVersion and kind)`, file, line);
    }
    if (!isListKind(doc)) {
      // one object per document, nearly always: no list to flatten
      checkObject(doc, file, line, crd);
      out.push({ object: doc, file, line });
      continue;
    }
    for (const item of flatten(doc, line, itemLines, file)) {
      checkObject(item.object, file, item.line, crd);
      out.push({ object: item.object, file, line: item.line });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// files and directories

function statOf(p: string): fs.Stats {
  try {
    return fs.statSync(p);
  } catch (e) {
    throw new InputError(`cannot read: ${describeError(e)}`, p);
  }
}

/** Every .yaml/.yml/.json file under a directory, recursively, sorted by path (code-unit order, locale-independent). */
function listDirectory(dir: string): string[] {
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

function readFile(file: string, options: LoadOptions): Buffer {
  const max = options.maxFileBytes ?? MAX_FILE_BYTES;
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

function tooLarge(size: number, max: number): string {
  return `file is ${mib(size)}, over the ${mib(max)} limit: split it into smaller files`;
}

function mib(n: number): string {
  const v = n / (1024 * 1024);
  return `${Number.isInteger(v) ? v : v.toFixed(1)} MiB`;
}

// ---------------------------------------------------------------------------------------------------------------
// bytes -> text

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** buffer.isAscii (Node 18.15+, 19.6+), undefined on older versions. */
const isAscii: ((b: Uint8Array) => boolean) | undefined = (buffer as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

function decode(buf: Buffer, file: string): string {
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
    throw new InputError('binary file (not valid UTF-8 text), not YAML or JSON', file, at === undefined ? undefined : lineAt(buf, at));
  }
}

function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = buf.indexOf(10); i >= 0 && i < offset; i = buf.indexOf(10, i + 1)) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (only called once decoding failed). */
function firstInvalidUtf8(b: Buffer): number | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    if (n > 0 && i + n >= b.length) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return undefined;
}

function emptyReason(data: Buffer | string): string {
  const size = typeof data === 'string' ? data.length : data.length;
  return size === 0 ? 'empty file: no Kubernetes objects' : 'no Kubernetes objects (only comments or empty documents)';
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

/** Parses a file's text, with js-yaml's errors as InputErrors. */
function parse(text: string, file: string): Parsed {
  const json = path.extname(file).toLowerCase() === '.json';
  try {
    return parseYaml(text, file, json);
  } catch (e) {
    if (json) {
      // JSON that js-yaml's flow parser does not take (rare): JSON.parse decides, without lines.
      try {
        return { docs: [JSON.parse(text)], lines: [1], itemLines: new Map() };
      } catch {
        // report js-yaml's error, which has a line and column
      }
    }
    throw yamlError(e, file);
  }
}

function yamlError(e: unknown, file: string): InputError {
  if (e instanceof yaml.YAMLException) {
    const mark = (e as unknown as { mark?: { line?: number; column?: number } }).mark;
    const reason = e.reason || 'malformed YAML';
    return new InputError(`malformed YAML: ${reason}`, file, mark?.line !== undefined ? mark.line + 1 : undefined, mark?.column !== undefined ? mark.column + 1 : undefined);
  }
  if (e instanceof RangeError) return new InputError('malformed YAML: nested too deeply', file);
  return new InputError(`malformed YAML: ${describeError(e)}`, file);
}

/**
 * Refuses documents that YAML aliases blow up (the "billion laughs" attack) or make cyclic: js-yaml shares aliased
 * nodes, so parsing is cheap, but anything that walks the object (the engine, JSON output) would see every copy.
 * Counts the expanded size with memoization, so this is linear in the parsed (shared) size.
 */
function checkExpansion(doc: unknown, file: string, line: number, fileBytes: number): void {
  if (doc === null || typeof doc !== 'object') return;
  const limit = fileBytes + MAX_ALIAS_EXPANSION; // without aliases, a document has fewer nodes than its file has bytes
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  const visit = (node: object, level: number): number => {
    const known = size.get(node);
    if (known !== undefined) return known;
    if (onPath.has(node)) throw new InputError('YAML aliases form a cycle (an anchor used inside itself): refusing recursive input', file, line);
    if (level > MAX_EXPANDED_DEPTH) throw new InputError(`YAML aliases nest this document more than ${MAX_EXPANDED_DEPTH} levels deep: refusing it`, file, line);
    onPath.add(node);
    let n = 1;
    for (const v of Object.values(node)) {
      n += v !== null && typeof v === 'object' ? visit(v, level + 1) : 1;
      if (n > limit) {
        throw new InputError(`YAML aliases expand this document to more than ${limit.toLocaleString('en-US')} nodes (an alias bomb?): refusing it`, file, line);
      }
    }
    onPath.delete(node);
    size.set(node, n);
    return n;
  };
  visit(doc, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// objects

function flatten(doc: K8sObject, line: number, itemLines: ReadonlyMap<unknown, number[]>, file: string): Array<{ object: K8sObject; line: number }> {
  const kind = doc.kind;
  if (!isListKind(doc)) return [{ object: doc, line }];
  if (!Array.isArray(doc.items)) {
    if (doc.items === undefined || doc.items === null) return [];
    throw new InputError(`${kind}.items is ${describeValue(doc.items)}, not a list of objects`, file, line);
  }
  const found = itemLines.get(doc.items);
  const lines = found && found.length === doc.items.length ? found : undefined;
  const typed = kind !== 'List';
  const out: Array<{ object: K8sObject; line: number }> = [];
  doc.items.forEach((item: unknown, i: number) => {
    const at = lines?.[i] ?? line;
    if (!isObject(item)) throw new InputError(`${kind}.items[${i}] is ${describeValue(item)}, not a Kubernetes object`, file, at);
    // Typed lists from the API server (e.g. PeerAuthenticationList) leave apiVersion and kind out of their items.
    const object = typed && item.kind === undefined && item.apiVersion === undefined
      ? { apiVersion: doc.apiVersion, kind: kind.slice(0, -'List'.length), ...item }
      : item;
    appendAll(out, flatten(object, at, new Map(), file));
  });
  return out;
}

const IDENTITY_KEYS = ['apiVersion', 'kind'] as const;

function checkObject(obj: K8sObject, file: string, line: number, crd: CrdValidations | undefined): void {
  for (let k = 0; k < IDENTITY_KEYS.length; k++) {
    const key = IDENTITY_KEYS[k];
    const v = obj[key];
    if (v === undefined || v === null || v === '') throw new InputError(`object${nameOf(obj)} has no ${key}: every Kubernetes object needs apiVersion and kind`, file, line);
    if (typeof v !== 'string') throw new InputError(`object${nameOf(obj)} has ${key} ${describeValue(v)}; it must be a string`, file, line);
  }
  if (!crd || !isSchemaKnown(obj.apiVersion, obj.kind)) return;
  const violation = crd.validate(obj).find((v) => v.rule === 'type');
  if (violation) {
    throw new InputError(`${obj.kind}${nameOf(obj)}: '${violation.path}' ${violation.message}: the API server rejects this ${obj.apiVersion} object`, file, line);
  }
}

/** ` namespace/name` of an object, or '' when it has no name. */
function nameOf(obj: K8sObject): string {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof md.name === 'string' ? md.name : undefined;
  const ns = typeof md.namespace === 'string' ? md.namespace : undefined;
  return name === undefined ? '' : ` ${ns ? `${ns}/` : ''}${name}`;
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

/**
 * Appends `items` to `target` one by one: `target.push(...items)` passes every item as an argument and throws
 * RangeError (call stack size) once an input has about 120,000 objects.
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'object') return v instanceof Date ? 'a timestamp' : 'an object';
  return `the ${typeof v} ${String(v)}`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One line describing a file system error, without a stack trace. */
export function describeError(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ELOOP': return 'too many symbolic links';
    default: break;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}
