import { PeerPolicy, SERVER_MODES, isObject } from '../model';
import { Rule, RuleContext } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

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
      if (isObject(spec.mtls) && !isValidMode(spec.mtls.mode)) report(ctx, p, spec.mtls.mode, 'spec.mtls.mode');
      const levels = spec.portLevelMtls;
      if (!isObject(levels)) continue;
      for (const k in levels) {
        const v = levels[k];
        if (Object.prototype.hasOwnProperty.call(levels, k) && isObject(v) && !isValidMode(v.mode)) report(ctx, p, v.mode, `spec.portLevelMtls.${k}.mode`);
      }
    }
  },
};

/** Absent, or one of the four modes. */
function isValidMode(m: unknown): boolean {
  return m === undefined || (typeof m === 'string' && SERVER_MODES.includes(m));
}

function report(ctx: RuleContext, p: PeerPolicy, mode: unknown, field: string): void {
  ctx.report({ at: p, field, message: `'${field}' is ${show(mode)}: allowed are ${SERVER_MODES.join(', ')}`, fix: 'use STRICT (recommended), PERMISSIVE during a migration, or UNSET to inherit' });
}
