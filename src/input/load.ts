/**
 * Loads Kubernetes objects from YAML/JSON files, directories and stdin, remembering each object's file and line.
 *
 * Everything that makes the input unusable — unreadable, binary, oversized or empty files, malformed YAML, alias
 * bombs, documents that are not objects, objects without apiVersion/kind, wrong field types in the Istio kinds we
 * vendor the CRD of — is an {@link InputError} naming the file (and line where there is one). Nothing else throws.
 * Files are read by ./files, bytes decoded by ./text, YAML parsed by ./yaml-parse, field types checked by ./schema.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { isObject } from '../engine/values';
import { K8sObject } from '../engine/types';
import { EXTENSIONS, MAX_FILE_BYTES, MAX_TOTAL_BYTES, formatBytes, listDirectory, readFile, statOf, tooLarge } from './files';
import { InputError, describeError } from './input-error';
import { JsonSyntaxError, checkStrictJson } from './json-strict';
import { APP_METADATA_FILE, AppMetadata, CDK8S_METADATA_FILE, isAppMetadata, isCdk8sConstructMetadata } from './app-metadata';
import { CrdValidations, isSchemaKnown } from './schema';
import { SourceText } from './positions';
import { decode } from './text';
import { Parsed, isListKind, parseYaml } from './yaml-parse';

/** One object of the input and where it came from. */
export interface SourcedObject {
  readonly object: K8sObject;
  /** The file as the user named it (directory entries joined to the directory argument); `<stdin>` for `-`. */
  readonly file: string;
  /** 1-based line where the object's document (or `kind: List` item) starts. */
  readonly line: number;
}

/** Name used for standard input in messages and outputs. */
export const STDIN_NAME = '<stdin>';

/** Nodes that YAML aliases may add to a file beyond its own size before it is refused as an alias bomb. */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** Nesting depth (after alias expansion) beyond which a document is refused. */
export const MAX_EXPANDED_DEPTH = 1_000;

/** Options of {@link loadInputs}. */
export interface LoadOptions {
  /**
   * Reads all of standard input (for the path `-`), at most `maxBytes` (more may be refused by throwing an error with
   * `code: 'EOVERLIMIT'`, or returned and is then refused here).
   */
  readonly stdin?: (maxBytes: number) => Promise<Buffer | string> | Buffer | string;
  /** @default MAX_FILE_BYTES */
  readonly maxFileBytes?: number;
  /** The most bytes all inputs together may have. @default MAX_TOTAL_BYTES */
  readonly maxTotalBytes?: number;
  /** What the message past `maxTotalBytes` advises. @default 'give fewer files' */
  readonly totalLimitHint?: string;
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
  /** Each file's text, to find a finding's field in (./positions `locateField`). */
  readonly sources: ReadonlyMap<string, SourceText>;
  /**
   * Files in directories skipped by their known shape: cdk8s' `construct-metadata.json` and this library's
   * `istio-mtls-metadata.json`, which `cdk8s synth` writes beside the manifests when a validation plugin is set.
   */
  readonly skippedMetadataFiles: string[];
  /** The app metadata found in a directory (the mesh scopes and phases of the app that wrote it), if any. */
  readonly appMetadata?: AppMetadata;
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
  const sources = new Map<string, SourceText>();
  const content = (data: Buffer | string, file: string) => {
    const text = textOf(data, file, options);
    sources.set(file, new SourceText(text));
    return objectsOf(text, data, file, options);
  };
  const skippedMetadataFiles: string[] = [];
  let appMetadata: AppMetadata | undefined;
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
  // Bytes read so far, against the total cap: the limit per file alone lets many big files exhaust the heap.
  const maxFile = options.maxFileBytes ?? MAX_FILE_BYTES;
  const maxTotal = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
  const overTotal = `inputs are over the ${formatBytes(maxTotal)} total limit: ${options.totalLimitHint ?? 'give fewer files'}`;
  let total = 0;
  /** The limit for the next input: the per-file limit, or what is left of the total, with its reason. */
  const budget = () => (maxTotal - total < maxFile ? { max: maxTotal - total, overLimit: overTotal } : { max: maxFile });
  const read = (file: string): Buffer => {
    const st = statOf(file);
    if (st.isFile() && total + st.size > maxTotal) throw new InputError(overTotal, file);
    const data = readFile(file, budget());
    total += data.length;
    return data;
  };
  for (const arg of args) {
    if (arg === '-') {
      if (stdinRead) throw new InputError("'-' (stdin) given more than once", STDIN_NAME);
      stdinRead = true;
      if (!options.stdin) throw new InputError('cannot read standard input here', STDIN_NAME);
      let data: Buffer | string;
      const limit = budget();
      try {
        data = await options.stdin(limit.max);
      } catch (e) {
        if ((e as { code?: string }).code === 'EOVERLIMIT') throw new InputError(limit.overLimit ?? `input is over the ${formatBytes(limit.max)} limit: split it into smaller files`, STDIN_NAME);
        throw new InputError(`cannot read: ${describeError(e)}`, STDIN_NAME);
      }
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      if (size > limit.max && limit.overLimit !== undefined) throw new InputError(limit.overLimit, STDIN_NAME);
      total += size;
      const found = content(data, STDIN_NAME);
      if (found.length === 0 && !options.allowEmptyFiles) {
        throw new InputError(size === 0 ? 'standard input is empty (closed, or nothing was piped in): no Kubernetes objects' : emptyReason(data), STDIN_NAME);
      }
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
        const data = read(file);
        const base = path.basename(file);
        if (base === CDK8S_METADATA_FILE || base === APP_METADATA_FILE) {
          // Only by name and shape: any other JSON that is not a manifest stays unusable input.
          let doc: unknown;
          try { doc = JSON.parse(data.toString('utf8')); } catch { doc = undefined; }
          if (isCdk8sConstructMetadata(file, doc) || isAppMetadata(file, doc)) {
            if (isAppMetadata(file, doc)) appMetadata = doc;
            files.push(file);
            skippedMetadataFiles.push(file);
            continue;
          }
        }
        const found = content(data, file);
        files.push(file);
        if (found.length === 0) skippedEmptyFiles.push(file);
        else any = true;
        appendAll(objects, found);
      }
      if (fresh > 0 && !any && !options.allowEmptyFiles) throw new InputError(`no Kubernetes objects in the ${entries.length} ${EXTENSIONS.join('/')} file(s) of this directory`, arg);
    } else {
      if (!firstTime(arg)) continue;
      const data = read(arg);
      const found = content(data, arg);
      if (found.length === 0 && !options.allowEmptyFiles) throw new InputError(emptyReason(data), arg);
      files.push(arg);
      appendAll(objects, found);
    }
  }
  return { objects, files, skippedEmptyFiles, crd, sources, skippedMetadataFiles, ...(appMetadata ? { appMetadata } : {}) };
}

/**
 * Parses one file's content (YAML stream or JSON) into objects with their lines.
 *
 * @throws InputError for anything that makes the content unusable
 */
export function loadContent(data: Buffer | string, file: string, options: Pick<LoadOptions, 'checkTypes' | 'maxFileBytes' | 'crd'> = {}): SourcedObject[] {
  return objectsOf(textOf(data, file, options), data, file, options);
}

/** A file's content as text, after the size and binary checks. */
function textOf(data: Buffer | string, file: string, options: Pick<LoadOptions, 'maxFileBytes'>): string {
  const max = options.maxFileBytes ?? MAX_FILE_BYTES;
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > max) throw new InputError(tooLarge(size, max), file);
  const text = typeof data === 'string' ? data : decode(data, file);
  if (typeof data === 'string' && text.includes('\0')) throw new InputError('binary file (it contains NUL bytes), not YAML or JSON', file);
  return text;
}

function objectsOf(text: string, data: Buffer | string, file: string, options: Pick<LoadOptions, 'checkTypes' | 'crd'>): SourcedObject[] {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;

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
      throw new InputError(`document ${i + 1} is ${describeInputValue(doc)}, not a Kubernetes object (a mapping with apiVersion and kind)`, file, line);
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

function emptyReason(data: Buffer | string): string {
  const size = typeof data === 'string' ? data.length : data.length;
  return size === 0 ? 'empty file: no Kubernetes objects' : 'no Kubernetes objects (only comments or empty documents)';
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

/** Parses a file's text, with js-yaml's errors as InputErrors. */
function parse(text: string, file: string): Parsed {
  const json = path.extname(file).toLowerCase() === '.json';
  if (json && text.trim() !== '') {
    // js-yaml's JSON mode is lenient (trailing commas, NaN, the last of duplicate keys): check strictly first.
    try {
      checkStrictJson(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new InputError(`malformed JSON: ${e.reason}`, file, e.line, e.column);
      if (e instanceof RangeError) throw new InputError('malformed JSON: nested too deeply', file);
      throw e;
    }
  }
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
    throw new InputError(`${kind}.items is ${describeInputValue(doc.items)}, not a list of objects`, file, line);
  }
  const found = itemLines.get(doc.items);
  const lines = found && found.length === doc.items.length ? found : undefined;
  const typed = kind !== 'List';
  const out: Array<{ object: K8sObject; line: number }> = [];
  doc.items.forEach((item: unknown, i: number) => {
    const at = lines?.[i] ?? line;
    if (!isObject(item)) throw new InputError(`${kind}.items[${i}] is ${describeInputValue(item)}, not a Kubernetes object`, file, at);
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
    if (typeof v !== 'string') throw new InputError(`object${nameOf(obj)} has ${key} ${describeInputValue(v)}; it must be a string`, file, line);
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

/** A value's type (and a short string, number or bool) for input errors: `a list`, `the string "x"`, `the number 5`. */
function describeInputValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'object') return v instanceof Date ? 'a timestamp' : 'an object';
  return `the ${typeof v} ${String(v)}`;
}
