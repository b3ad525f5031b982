/**
 * One file's content as objects: the size and binary checks, the YAML (or strict JSON) parse with each document's
 * line, `kind: List` flattening, alias-bomb bounds, and the identity and CRD field-type checks of each object.
 * @internal
 */
import * as yaml from 'js-yaml';
import { isObject } from '../engine/values';
import { K8sObject } from '../engine/types';
import * as path from 'path';
import { MAX_FILE_BYTES, tooLarge } from './files';
import { InputError, describeError } from './input-error';
import { JsonSyntaxError, checkStrictJson } from './json-strict';
import type { LoadOptions, SourcedObject } from './load';
import { CrdValidations, isSchemaKnown } from './schema';
import { decode } from './text';
import { Parsed, isListKind, parseYaml } from './yaml-parse';

/** Nodes that YAML aliases may add to a file beyond its own size before it is refused as an alias bomb. */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** Nesting depth (after alias expansion) beyond which a document is refused. */
export const MAX_EXPANDED_DEPTH = 1_000;

/**
 * Parses one file's content (YAML stream or JSON) into objects with their lines.
 *
 * @throws InputError for anything that makes the content unusable
 */
export function loadContent(data: Buffer | string, file: string, options: Pick<LoadOptions, 'checkTypes' | 'maxFileBytes' | 'crd'> = {}): SourcedObject[] {
  return objectsOf(textOf(data, file, options), data, file, options);
}

/** A file's content as text, after the size and binary checks. */
export function textOf(data: Buffer | string, file: string, options: Pick<LoadOptions, 'maxFileBytes'>): string {
  const max = options.maxFileBytes ?? MAX_FILE_BYTES;
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > max) throw new InputError(tooLarge(size, max), file);
  const text = typeof data === 'string' ? data : decode(data, file);
  if (typeof data === 'string' && text.includes('\0')) throw new InputError('binary file (it contains NUL bytes), not YAML or JSON', file);
  return text;
}

export function objectsOf(text: string, data: Buffer | string, file: string, options: Pick<LoadOptions, 'checkTypes' | 'crd'>): SourcedObject[] {
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

export function emptyReason(data: Buffer | string): string {
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
