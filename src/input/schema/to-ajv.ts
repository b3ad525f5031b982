/**
 * A CRD's structural schema as plain JSON Schema for ajv: Kubernetes' OpenAPI extensions turned into what they check,
 * the root fields every object has, and object schemas that occur more than once shared through `$defs`.
 *
 * Follows Kubernetes' structural schemas and field pruning (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema):
 * `x-kubernetes-int-or-string`, `nullable`, `x-kubernetes-preserve-unknown-fields` and kubectl's strict field
 * validation of unknown fields.
 * @internal
 */
import { isObject } from '../../engine/values';
import { CEL_KEYWORD, CelRuleEntry } from './cel';

/**
 * Converts a Kubernetes structural schema node to plain JSON Schema for ajv.
 *
 * - `x-kubernetes-*` keys, `description` and `format` are dropped (Kubernetes checks none of the formats these CRDs
 *   use on authored fields: `int32`, `double`, legacy `string`, and `date-time` only under `status`);
 * - `x-kubernetes-int-or-string: true` accepts an integer or a string;
 * - `nullable: true` also accepts `null`;
 * - `x-kubernetes-validations` becomes the custom CEL keyword;
 * - with `pruneUnknown`, objects reject fields not in `properties` (kubectl's default strict field validation),
 *   except under `x-kubernetes-preserve-unknown-fields: true`.
 */
function toAjvSchema(node: Record<string, any>, pruneUnknown: boolean): Record<string, any> {
  const out: Record<string, any> = {};
  for (const key of Object.keys(node)) {
    const value = node[key];
    switch (key) {
      case 'properties': {
        const props: Record<string, any> = {};
        for (const name of Object.keys(value)) props[name] = toAjvSchema(value[name], pruneUnknown);
        out.properties = props;
        break;
      }
      case 'items':
      case 'not':
        out[key] = toAjvSchema(value, pruneUnknown);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'object' && value !== null ? toAjvSchema(value, pruneUnknown) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as Array<Record<string, any>>).map((s) => toAjvSchema(s, pruneUnknown));
        break;
      case 'description':
      case 'format':
      case 'nullable':
        break;
      default:
        if (!key.startsWith('x-kubernetes-')) out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.anyOf; // the generated `anyOf: [{type: integer}, {type: string}]`
  }
  if (node.nullable === true) {
    if (out.type !== undefined) out.type = [...(Array.isArray(out.type) ? out.type : [out.type]), 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  const rules = node['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) {
    out[CEL_KEYWORD] = rules.map((r: Record<string, any>): CelRuleEntry => ({
      rule: String(r.rule),
      message: typeof r.message === 'string' ? r.message : `failed rule: ${r.rule}`,
    }));
  }
  const isObjectType = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (pruneUnknown && isObjectType && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };

/** The CRD schema plus what the API server itself checks on every object: apiVersion, kind, metadata. */
export function wrapRoot(schema: Record<string, any>, pruneUnknown: boolean): Record<string, any> {
  const root = shareRepeatedSubschemas(toAjvSchema(schema, pruneUnknown));
  return {
    ...root,
    type: 'object',
    properties: {
      ...root.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      // other ObjectMeta fields (uid, ownerReferences, ...) are accepted as they are in dumps of a live cluster
      metadata: {
        type: 'object',
        properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: STRING_MAP, annotations: STRING_MAP },
      },
    },
  };
}

/** Object schemas with at least this many characters of JSON are compiled once when they occur more than once. */
const SHARE_MIN_CHARS = 512;

/**
 * Moves object schemas that occur more than once (a DestinationRule's traffic policy body appears at the top level,
 * under each port-level setting and under each subset, twice over) into `$defs`, each occurrence becoming a `$ref`,
 * so that ajv generates each one once (`inlineRefs: false`). Validation results are the same: only `schemaPath`
 * changes, to `#/$defs/...` inside a shared schema. Nothing inside `oneOf`/`anyOf`/`allOf`/`not` is shared, so a
 * `oneOf` and its branches' errors keep one schemaPath prefix (toViolations relies on that).
 *
 * @internal exported for tests
 */
export function shareRepeatedSubschemas(root: Record<string, any>): Record<string, any> {
  const keyOf = new Map<object, string>();
  const counts = new Map<string, number>();
  // Occurrences as they will be after sharing: the inside of a repeated schema is counted once, at its first
  // occurrence, since every other occurrence becomes a $ref to that one.
  const count = (node: Record<string, any>): void => {
    if (node.properties !== undefined) {
      const key = JSON.stringify(node);
      if (key.length >= SHARE_MIN_CHARS) {
        keyOf.set(node, key);
        const seen = counts.get(key) ?? 0;
        counts.set(key, seen + 1);
        if (seen > 0) return;
      }
    }
    forEachSubschema(node, count);
  };
  count(root);
  const defs: Record<string, any> = {};
  const names = new Map<string, string>();
  const rewrite = (node: Record<string, any>, isDefinition: boolean): Record<string, any> => {
    const key = keyOf.get(node);
    if (!isDefinition && key !== undefined && (counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (name === undefined) {
        name = `shared${names.size}`;
        names.set(key, name);
        defs[name] = rewrite(node, true);
      }
      return { $ref: `#/$defs/${name}` };
    }
    const out: Record<string, any> = { ...node };
    if (node.properties !== undefined) {
      const props: Record<string, any> = {};
      for (const p of Object.keys(node.properties)) props[p] = rewrite(node.properties[p], false);
      out.properties = props;
    }
    if (isObject(node.items)) out.items = rewrite(node.items, false);
    if (isObject(node.additionalProperties)) out.additionalProperties = rewrite(node.additionalProperties, false);
    return out;
  };
  const shared = rewrite(root, true);
  return names.size === 0 ? root : { ...shared, $defs: defs };
}

/** Calls `fn` on the subschemas that may be shared: properties, items, additionalProperties (not combinators). */
function forEachSubschema(node: Record<string, any>, fn: (sub: Record<string, any>) => void): void {
  if (isObject(node.properties)) for (const p of Object.keys(node.properties)) fn(node.properties[p] as Record<string, any>);
  if (isObject(node.items)) fn(node.items);
  if (isObject(node.additionalProperties)) fn(node.additionalProperties);
}
