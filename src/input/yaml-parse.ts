/**
 * Parsing a YAML stream into documents, the line each document starts on and the lines of the items of Lists, as
 * js-yaml's listener reports them (the listener is called when each node opens and closes).
 * @internal
 */
import * as yaml from 'js-yaml';
import { isObject } from '../engine/values';
import { K8sObject } from '../engine/types';
import { KUBE_YAML_SCHEMA } from './yaml-schema';

/** What a parse returns. */
export interface Parsed {
  readonly docs: unknown[];
  /** 1-based line where each document's content starts. */
  readonly lines: number[];
  /** For the `items` of List documents (what the loader flattens): the line of each element. */
  readonly itemLines: ReadonlyMap<unknown, number[]>;
}

const TRACKED_DEPTH = 4;

/**
 * Parses a YAML stream (or, with `json`, a JSON file through js-yaml's JSON mode) with the schema Kubernetes reads,
 * following js-yaml node by node: document lines and the lines of List items.
 * Throws js-yaml's error (or a RangeError for deep nesting) as it comes: the loader turns it into an InputError.
 */
export function parseYaml(text: string, file: string, json: boolean): Parsed {
  const lines: number[] = [];
  const itemLines = new Map<unknown, number[]>();
  // Node nesting as js-yaml opens and closes nodes. The lines of a sequence's direct children are kept for the
  // sequences near the top of a document (a List's items: depth 3, or 4 when js-yaml first tries the root as a key),
  // and only for documents that turn out to be Lists. No allocation per node: childLines[d] holds the lines of the
  // open nodes' children at depth d, truncated when their parent closes.
  let depth = 0;
  const childLines: number[][] = [];
  const top: number[] = []; // childLines[d] is used up to top[d]: a stack, so nothing is allocated or truncated per node
  const starts: number[] = [];
  for (let d = 0; d <= TRACKED_DEPTH + 1; d++) { childLines.push([]); top.push(0); starts.push(0); }
  let pending: Array<[unknown, number[]]> = [];
  const listener = (event: yaml.EventType, state: yaml.State) => {
    if (event === 'open') {
      const d = ++depth;
      if (d > TRACKED_DEPTH) return;
      const line = state.line + 1;
      if (d === 1) lines.push(line); else childLines[d][top[d]++] = line;
      starts[d] = top[d + 1];
      return;
    }
    const d = depth--;
    if (d > TRACKED_DEPTH) return;
    const from = starts[d];
    if (top[d + 1] > from) {
      if (d < TRACKED_DEPTH && Array.isArray(state.result)) pending.push([state.result, childLines[d + 1].slice(from, top[d + 1])]);
      top[d + 1] = from;
    }
    if (d === 1) {
      if (pending.length > 0) {
        if (isListDocument(state.result)) for (const [seq, ls] of pending) if (!itemLines.has(seq)) itemLines.set(seq, ls);
        pending = [];
      }
    }
  };
  const docs = yaml.loadAll(text, null, { filename: file, json, listener, schema: KUBE_YAML_SCHEMA });
  return { docs, lines, itemLines };
}

/** Whether the loader flattens a document: `kind: List`, or a typed list (`PeerAuthenticationList`) with items. */
export function isListKind(doc: K8sObject): boolean {
  const kind = doc.kind;
  return typeof kind === 'string' && (kind === 'List' || (kind.endsWith('List') && Array.isArray(doc.items)));
}

/** Whether a parsed document is one the loader flattens, the only documents whose item lines are kept. */
function isListDocument(doc: unknown): boolean {
  return isObject(doc) && isListKind(doc);
}
