/**
 * ajv's errors as {@link SchemaViolation}s: a JSON path into the object, a message saying what is wrong and what is
 * allowed, and the offending value.
 *
 * Paths use the notation of the Kubernetes API server's field paths (k8s.io/apimachinery/pkg/util/validation/field:
 * `spec.subsets[0].name`), with map keys that are not plain quoted; CEL violations start with the CRD's own
 * `message` (`x-kubernetes-validations[].message`), as the API server reports them.
 * @internal
 */
import type { ErrorObject } from 'ajv';
import { isObject } from '../../engine/values';
import { CEL_KEYWORD } from './cel';

/**
 * One way an object breaks the vendored Istio CRD schema or one of its CEL rules.
 *
 * This is what the Kubernetes API server would reject on `kubectl apply`, found before the object leaves the
 * machine.
 */
export interface SchemaViolation {
  /**
   * Where the problem is, as a JSON path: `spec.portLevelMtls.8080.mode`, `spec.subsets[0].name`,
   * `spec.selector.matchLabels["app.kubernetes.io/name"]`.
   *
   * For CEL rules this is the node the rule is attached to in the CRD (as the API server reports it).
   */
  readonly path: string;

  /**
   * What is wrong and what is allowed, e.g. `must be one of UNSET, DISABLE, PERMISSIVE, STRICT (got "STRICTT")`.
   *
   * CEL violations start with the CRD's exact `message` (e.g. `port must be between 1-65535`), followed by the
   * offending key or value in parentheses when there is one.
   */
  readonly message: string;

  /** The kind of check that failed. */
  readonly rule: 'type' | 'enum' | 'required' | 'cel' | 'other';

  /**
   * The offending value (or map key, for CEL rules over map keys).
   *
   * @default - not set when there is no single offending value (a missing field, `portLevelMtls requires selector`)
   */
  readonly value?: unknown;
}

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** Turns ajv's JSON pointer into `spec.subsets[0].name` / `spec.selector.matchLabels["app.kubernetes.io/name"]`. */
function toPath(root: unknown, pointer: string, extra?: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segments.push(extra);
  let out = '';
  let node: unknown = root;
  for (const seg of segments) {
    if (Array.isArray(node)) {
      out += `[${seg}]`;
    } else if (PLAIN_KEY.test(seg)) {
      out += out === '' ? seg : `.${seg}`;
    } else {
      out += `[${JSON.stringify(seg)}]`;
    }
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return out;
}

/** A value as it appears in a message: strings quoted, composites named. */
function showSchemaValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  return String(v);
}

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (isObject(v)) return Object.keys(v).length;
  return 0;
}

/** `oneOf` as generated from a proto `oneof`: `[{not: {anyOf: [required...]}}, {required: [a]}, ...]`. */
function oneOfMessage(err: ErrorObject): string {
  const branches = (Array.isArray(err.schema) ? err.schema : []) as Array<Record<string, any>>;
  const names = branches.flatMap((b) => (Array.isArray(b.required) && b.required.length === 1 ? [String(b.required[0])] : []));
  if (names.length === 0) return 'must match exactly one of the allowed shapes';
  const noneAllowed = branches.some((b) => b.not !== undefined);
  const data = err.data;
  const present = isObject(data) ? names.filter((n) => data[n] !== undefined) : [];
  const got = present.length === 0 ? 'none' : present.join(', ');
  return `must set ${noneAllowed ? 'at most' : 'exactly'} one of ${names.join(', ')} (got ${got})`;
}

export function toViolations(obj: Record<string, unknown>, errors: readonly ErrorObject[]): SchemaViolation[] {
  const kind = String(obj.kind);
  // Drop what the branches of a failed oneOf said (the oneOf error says it better), and the enum/format/CEL
  // noise on a value that already has the wrong type.
  const oneOfPrefixes: string[] = [];
  const typeFailed = new Set<string>();
  for (const err of errors) {
    if (err.keyword === 'oneOf') oneOfPrefixes.push(`${err.schemaPath}/`);
    if (err.keyword === 'type') typeFailed.add(err.instancePath);
  }
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  const push = (v: SchemaViolation) => {
    const key = `${v.path}\u0000${v.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(v);
  };
  for (const err of errors) {
    if (oneOfPrefixes.some((p) => err.schemaPath.startsWith(p))) continue;
    if (err.keyword !== 'type' && err.keyword !== 'required' && typeFailed.has(err.instancePath)) continue;
    const params = err.params as Record<string, any>;
    const data = err.data;
    switch (err.keyword) {
      case 'type': {
        const types = Array.isArray(err.schema) ? err.schema : String(err.schema ?? params.type).split(',');
        push({ path: toPath(obj, err.instancePath), message: `must be ${types.join(' or ')} (got ${showSchemaValue(data)})`, rule: 'type', value: data });
        break;
      }
      case 'enum': {
        const allowed = ((err.schema ?? params.allowedValues) as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ');
        push({ path: toPath(obj, err.instancePath), message: `must be one of ${allowed} (got ${showSchemaValue(data)})`, rule: 'enum', value: data });
        break;
      }
      case 'required':
        push({ path: toPath(obj, err.instancePath, params.missingProperty), message: 'is required', rule: 'required' });
        break;
      case 'additionalProperties': {
        const field = String(params.additionalProperty);
        push({
          path: toPath(obj, err.instancePath, field),
          message: `unknown field: the ${kind} schema has no '${field}' (kubectl rejects it; without strict field validation the API server drops it silently)`,
          rule: 'other',
          value: isObject(data) ? data[field] : undefined,
        });
        break;
      }
      case CEL_KEYWORD: {
        const hasValue = 'value' in params;
        push({
          path: toPath(obj, err.instancePath),
          message: hasValue ? `${err.message} (got ${showSchemaValue(params.value)})` : String(err.message),
          rule: 'cel',
          ...(hasValue ? { value: params.value } : {}),
        });
        break;
      }
      case 'oneOf':
        push({ path: toPath(obj, err.instancePath), message: oneOfMessage(err), rule: 'other', value: data });
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        push({ path: toPath(obj, err.instancePath), message: `must be ${params.comparison} ${params.limit} (got ${showSchemaValue(data)})`, rule: 'other', value: data });
        break;
      case 'minLength':
      case 'maxLength':
        push({
          path: toPath(obj, err.instancePath),
          message: `must be ${err.keyword === 'minLength' ? 'at least' : 'at most'} ${plural(params.limit, 'character')} long (got ${sizeOf(data)})`,
          rule: 'other',
          value: data,
        });
        break;
      case 'minItems':
      case 'maxItems':
        push({
          path: toPath(obj, err.instancePath),
          message: `must have ${err.keyword === 'minItems' ? 'at least' : 'at most'} ${plural(params.limit, 'item')} (got ${sizeOf(data)})`,
          rule: 'other',
        });
        break;
      case 'minProperties':
      case 'maxProperties':
        push({
          path: toPath(obj, err.instancePath),
          message: `must have ${err.keyword === 'minProperties' ? 'at least' : 'at most'} ${plural(params.limit, 'entry', 'entries')} (got ${sizeOf(data)})`,
          rule: 'other',
        });
        break;
      default:
        push({ path: toPath(obj, err.instancePath), message: err.message ?? `fails '${err.keyword}'`, rule: 'other', value: data });
    }
  }
  return out;
}
