import { Rule } from '../rule';
import { Severity } from '../types';
import { REASON_ANNOTATION } from '../vocabulary';

/** IMT1011: DISABLE without a written reason. */
export const paDisableWithoutReason: Rule = {
  code: 'IMT1011',
  name: 'pa-disable-without-reason',
  severity: Severity.WARNING,
  summary: `DISABLE turns mTLS off; record why in the ${REASON_ANNOTATION} annotation`,
  source: 'istio.io concepts/security on DISABLE: "you shouldn\'t use this mode unless you provide your own security solution"',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || p.scope === 'ignored') continue;
      const disabled = p.mode === 'DISABLE' || [...p.portModes.values()].includes('DISABLE');
      if (!disabled) continue;
      const reason = p.obj.metadata?.annotations?.[REASON_ANNOTATION];
      if (typeof reason === 'string' && reason.trim() !== '') continue;
      ctx.report({
        at: p, field: p.mode === 'DISABLE' ? 'spec.mtls.mode' : 'spec.portLevelMtls',
        message: `PeerAuthentication ${p.ref.name} disables mTLS without a recorded reason`,
        fix: `add the annotation '${REASON_ANNOTATION}' explaining what protects this traffic instead`,
      });
    }
  },
};
