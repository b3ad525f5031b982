import { inGroup } from '../model';
import { Rule } from '../rule';
import { SchemaViolation } from '../../input/schema';
import { Severity } from '../types';

/**
 * CEL messages of the vendored CRDs that a more specific rule already reports with its own code (IMT1001 portLevelMtls
 * without selector, IMT1002 port keys, IMT1004/IMT2012 wildcards, IMT1005/IMT2012 empty keys). Every other CEL
 * violation is this rule's.
 */
const COVERED = [
  'portLevelMtls requires selector',
  'port must be between 1-65535',
  'wildcard not allowed in label key match',
  'wildcard not allowed in label value match',
  'key must not be empty',
];

/** What to do, for the CEL messages we know; a generic fix otherwise. */
const FIXES: Readonly<Record<string, string>> = {
  'must be a valid duration greater than 1ms': "use a Go duration of at least 1ms, e.g. '500ms', '10s' or '1h'",
};

/** Whether an apiVersion is in one of the Istio API groups we vendor CRDs of (no string built per object). */
function isIstioApi(apiVersion: string): boolean {
  return inGroup(apiVersion, 'security.istio.io') || inGroup(apiVersion, 'networking.istio.io') || inGroup(apiVersion, 'authentication.istio.io');
}

function celMessage(v: SchemaViolation): string {
  const i = v.message.indexOf(' (got ');
  return i < 0 ? v.message : v.message.slice(0, i);
}

/** IMT2014: a CEL rule of the Istio CRD (x-kubernetes-validations) that no more specific rule reports. */
export const crdCelRule: Rule = {
  code: 'IMT2014',
  name: 'crd-cel-rule',
  severity: Severity.ERROR,
  summary: 'a field breaks a CEL validation rule of the Istio CRD that no more specific rule reports (today: DestinationRule durations, "must be a valid duration greater than 1ms"); the API server rejects the object',
  source: 'crd-all.gen.yaml x-kubernetes-validations (istio@86c9f01), e.g. duration(self) >= duration(\'1ms\') on connectTimeout, idleTimeout, interval, baseEjectionTime; restated by src/input/schema/cel.ts (validateAgainstCrd)',
  check(ctx) {
    const objects = ctx.model.objects;
    for (let i = 0; i < objects.length; i++) {
      const loc = objects[i];
      if (!isIstioApi(loc.ref.apiVersion)) continue;
      let violations: readonly SchemaViolation[];
      try {
        violations = ctx.crd.validate(loc.obj);
      } catch {
        continue; // analyze() never throws: an object the validator cannot walk is left to the other rules
      }
      for (const v of violations) {
        if (v.rule !== 'cel') continue;
        const rule = celMessage(v);
        if (COVERED.includes(rule)) continue;
        ctx.report({
          at: loc, field: v.path,
          message: `'${v.path}' breaks a validation rule of the ${loc.ref.kind} CRD: ${v.message}; the API server rejects the object`,
          fix: FIXES[rule] ?? 'change the value so that the CRD rule holds',
        });
      }
    }
  },
};
