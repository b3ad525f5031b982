/**
 * The YAML schema the CLI parses with: js-yaml's core schema plus merge keys, with the core schema's implicit scalar
 * types resolved faster.
 *
 * js-yaml tries every implicit type of a schema on every plain scalar, keys included (`apiVersion`, `name`, ...):
 * null, bool, int and float, the last one with a regular expression. Nearly every scalar of a Kubernetes manifest is a
 * string that none of them takes, and a string can be told apart from all four by its first character: they only ever
 * accept text starting with `~ n N t T f F + - .` or a digit (or the empty node). {@link CORE_SCALAR} checks that
 * character and hands everything else to js-yaml's own resolvers, in the core schema's order, so what a document
 * parses to does not change (test/input/yaml-schema.test.ts compares both schemas scalar by scalar). On a large stream
 * this is about a sixth of the parse time.
 * @internal
 */
import * as yaml from 'js-yaml';

/** js-yaml's types by name (`yaml.types` is exported at runtime but missing from @types/js-yaml). */
const TYPES = (yaml as unknown as { types?: Record<string, yaml.Type | undefined> }).types ?? {};

/** The core schema's implicit types, in the order js-yaml tries them: null, bool, int, float. */
export const CORE_IMPLICIT: readonly yaml.Type[] = (yaml.CORE_SCHEMA as unknown as { implicit: yaml.Type[] }).implicit;

/**
 * Whether a plain scalar may be something other than a string in the core schema: `null` (the empty node), or text
 * whose first character starts a null (`~`, `null`), a bool (`true`, `False`), an int (`-12`, `0x1F`) or a float
 * (`.5`, `+.inf`, `.NaN`).
 */
export function mayBeCoreNonString(data: string | null): boolean {
  if (data === null) return true;
  if (data.length === 0) return false;
  const c = data.charCodeAt(0);
  return (c >= 48 && c <= 57) // 0-9
    || c === 45 || c === 43 || c === 46 // - + .
    || c === 126 // ~
    || c === 110 || c === 78 // n N
    || c === 116 || c === 84 || c === 102 || c === 70; // t T f F
}

/** The core type that resolved the scalar last: construct() is called right after resolve() on the same node. */
let resolved: yaml.Type | undefined;

/**
 * One implicit type standing for the core schema's four. Its tag is private: js-yaml only looks at the tag of an
 * implicitly resolved scalar to find merge keys (`<<`), which keep their own type below.
 */
export const CORE_SCALAR = new yaml.Type('tag:istio-mtls.cdk8s.io,2026:core-scalar', {
  kind: 'scalar',
  resolve(data: string | null): boolean {
    resolved = undefined;
    if (!mayBeCoreNonString(data)) return false;
    for (let i = 0; i < CORE_IMPLICIT.length; i++) {
      const t = CORE_IMPLICIT[i] as yaml.Type & { resolve(d: unknown): boolean };
      if (t.resolve(data)) { resolved = t; return true; }
    }
    return false;
  },
  construct(data: string | null): unknown {
    const t = resolved as (yaml.Type & { construct(d: unknown): unknown }) | undefined;
    resolved = undefined;
    return t ? t.construct(data) : data;
  },
});

/** js-yaml's core schema plus merge keys: what KUBE_YAML_SCHEMA stands for (and falls back to), and what tests compare. */
export const REFERENCE_SCHEMA: yaml.Schema = TYPES.merge ? yaml.CORE_SCHEMA.extend({ implicit: [TYPES.merge] }) : yaml.CORE_SCHEMA;

/**
 * YAML as Kubernetes reads it: the core schema (no timestamps, so `creationTimestamp: 2024-01-01T00:00:00Z` stays the
 * string the API server would keep) plus merge keys (`<<: *anchor`). Explicit tags (`!!int "5"`, `!!str 5`) resolve
 * through the core types as before.
 */
export const KUBE_YAML_SCHEMA: yaml.Schema = (() => {
  const merge = TYPES.merge;
  const complete = CORE_IMPLICIT.length === 4 && CORE_IMPLICIT.every((t) => typeof (t as { resolve?: unknown }).resolve === 'function');
  // A js-yaml whose core schema looks different: its own schema, unchanged (slower, never wrong).
  if (!complete) return REFERENCE_SCHEMA;
  return yaml.FAILSAFE_SCHEMA.extend({ implicit: merge ? [CORE_SCALAR, merge] : [CORE_SCALAR], explicit: [...CORE_IMPLICIT] });
})();
