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
import { K8sObject } from '../engine/types';
import { appendAll, emptyReason, objectsOf, textOf } from './documents';
import { EXTENSIONS, MAX_FILE_BYTES, MAX_TOTAL_BYTES, formatBytes, listDirectory, readFile, statOf } from './files';
import { InputError, describeError } from './input-error';
import { APP_METADATA_FILE, AppMetadata, CDK8S_METADATA_FILE, isAppMetadata, isCdk8sConstructMetadata } from './app-metadata';
import { CrdValidations } from './schema';
import { SourceText } from './positions';

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

export { MAX_ALIAS_EXPANSION, MAX_EXPANDED_DEPTH, appendAll, loadContent } from './documents';
