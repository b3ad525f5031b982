/**
 * Validating a Kubernetes object against the vendored Istio CRD schema of its `apiVersion` and `kind`, CEL rules
 * included, as the API server does on `kubectl apply`; and the per-run memo the loader and rule IMT2014 share.
 *
 * Follows the API server's validation of custom resources (k8s.io/apiextensions-apiserver: structural schema, then
 * `x-kubernetes-validations`) against Istio's CRDs (crd-all.gen.yaml, istio@86c9f01). The parts live next to this
 * file: ./crd-files (the CRDs), ./cel (the CEL rules), ./to-ajv and ./compile (the validators), ./messages (the
 * violations).
 * @internal
 */
import { isObject } from '../../engine/values';
import { validatorFor } from './compile';
import { crdVersionOf } from './crd-files';
import { SchemaViolation, toViolations } from './messages';

export { KNOWN_CEL_RULES, parseGoDuration } from './cel';
export { VALIDATORS_FILE, _usePrecompiledValidators, standaloneValidatorsSource } from './compile';
export { _findCrdDir, crdJsonText, isSchemaKnown, readCrdDocs, vendoredCrdFiles } from './crd-files';
export type { SchemaViolation } from './messages';
export { shareRepeatedSubschemas } from './to-ajv';

/**
 * {@link validateAgainstCrd} with each object's result kept, so that one run validates an object once: the CLI checks
 * field types while it loads, and rule IMT2014 reads the same result. Objects are told apart by identity, so an object
 * must not be modified while a memo that has seen it is in use (the CLI never modifies what it loaded).
 * @internal
 */
export class CrdValidations {
  // A Map, not a WeakMap: a memo lives for one run, whose objects are alive anyway, and the garbage collector
  // processes every WeakMap entry as an ephemeron on each collection (thousands of entries in a large input).
  private readonly results = new Map<object, readonly SchemaViolation[]>();
  /** How many objects were validated (not served from the memo): for tests. */
  public computed = 0;

  /** The violations of `obj`, validated on first request (valid objects share one frozen empty list). */
  public validate(obj: any): readonly SchemaViolation[] {
    if (!isObject(obj)) return NO_VIOLATIONS;
    let r = this.results.get(obj);
    if (r === undefined) {
      this.computed++;
      const found = validateAgainstCrd(obj);
      r = found.length === 0 ? NO_VIOLATIONS : found;
      this.results.set(obj, r);
    }
    return r;
  }
}

const NO_VIOLATIONS: readonly SchemaViolation[] = Object.freeze([]);

/**
 * Validates a Kubernetes object against the vendored Istio CRD schema for its `apiVersion` and `kind`, including
 * the CRD's CEL rules (`x-kubernetes-validations`, restated in TypeScript).
 *
 * The validators are generated ahead of time (`crds/validators.js`); one missing there is compiled once per process,
 * on first use. Objects of kinds and versions we do not vendor pass (`[]`).
 *
 * @param obj a manifest object (`{ apiVersion, kind, metadata, spec }`); it is not modified
 * @returns the violations, in schema order; `[]` when the object is valid or its schema is not vendored
 */
export function validateAgainstCrd(obj: any): SchemaViolation[] {
  if (!isObject(obj)) return [];
  const version = crdVersionOf(obj.apiVersion, obj.kind);
  if (version === undefined) return [];
  const validate = validatorFor(version);
  if (validate(obj)) return [];
  return toViolations(obj, validate.errors ?? []);
}
