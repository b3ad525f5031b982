/**
 * Reading user values that may be anything (YAML gives any shape): plain-object test, string maps, ports, timestamps,
 * and showing values and resources in messages. One helper each, shared by the model, the rules and the front ends.
 * @internal
 */
import { K8sObject } from './types';

/** Whether a value is a plain object (not null, not an array). */
export function isObject(x: unknown): x is K8sObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Whether an object has an own enumerable key. */
export function hasKeys(x: object): boolean {
  return Object.keys(x).length > 0;
}

/** A label or annotation value as {@link stringMap} reads it: strings as they are, numbers and booleans as text. */
export function stringValue(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Labels or annotations as strings: numbers and booleans as text, other values dropped; `{}` for anything else. A map
 * whose values are all strings already (nearly every one) is returned as it is: the model never changes it.
 */
export function stringMap(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(x)) return out;
  const keys = Object.keys(x);
  if (Object.getPrototypeOf(x) === Object.prototype && !keys.includes('__proto__') && keys.every((k) => typeof x[k] === 'string')) return x as Record<string, string>;
  for (const k of keys) {
    const v = stringValue(x[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Parses an integer port from a number or a decimal string; undefined otherwise. */
export function toPort(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (typeof x === 'string' && /^[0-9]+$/.test(x)) return Number(x);
  return undefined;
}

/**
 * creationTimestamp as a comparable ISO string. js-yaml reads an unquoted timestamp as a Date, and Kubernetes accepts
 * any RFC 3339 offset, so both are normalized; anything unparseable is kept as written; undefined when absent.
 */
export function timestampOf(x: unknown): string | undefined {
  const d = x instanceof Date ? x : typeof x === 'string' ? new Date(x) : undefined;
  if (d && !Number.isNaN(d.getTime())) return d.toISOString();
  return typeof x === 'string' ? x : undefined;
}

/** Appends `v` to the list of `k`. */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v); else m.set(k, [v]);
}

/**
 * `JSON.stringify` for messages about user values, that never throws: recursive YAML aliases (js-yaml builds cyclic
 * objects from `&a [*a]`) and BigInts make JSON.stringify throw, and analyze() must not.
 */
export function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Array.isArray(v) ? '[...]' : isObject(v) ? '{...}' : String(v);
  }
}

/** A resource as messages name it: `Kind namespace/name`, or `Kind name` when cluster-scoped. */
export function displayRef(ref: { readonly kind: string; readonly namespace?: string; readonly name: string }): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}
