import { SERVER_MODES, isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from './_helpers';

/** IMT1003: a PeerAuthentication mode outside UNSET, DISABLE, PERMISSIVE, STRICT. */
export const paInvalidMode: Rule = {
  code: 'IMT1003',
  name: 'pa-invalid-mode',
  severity: Severity.ERROR,
  summary: 'mtls.mode and portLevelMtls modes must be UNSET, DISABLE, PERMISSIVE or STRICT',
  source: 'CRD enum [UNSET, DISABLE, PERMISSIVE, STRICT] on spec.mtls.mode and spec.portLevelMtls.<port>.mode (crds/peerauthentication.yaml)',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || !isObject(p.obj.spec)) continue;
      const spec = p.obj.spec;
      const checkMode = (m: unknown, field: string) => {
        if (m === undefined) return;
        if (typeof m !== 'string' || !SERVER_MODES.includes(m)) {
          ctx.report({ at: p, field, message: `'${field}' is ${show(m)}: allowed are ${SERVER_MODES.join(', ')}`, fix: 'use STRICT (recommended), PERMISSIVE during a migration, or UNSET to inherit' });
        }
      };
      if (isObject(spec.mtls)) checkMode(spec.mtls.mode, 'spec.mtls.mode');
      if (isObject(spec.portLevelMtls)) {
        for (const [k, v] of Object.entries(spec.portLevelMtls)) if (isObject(v)) checkMode(v.mode, `spec.portLevelMtls.${k}.mode`);
      }
    }
  },
};
