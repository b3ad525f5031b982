import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT3003: the legacy API was removed in Istio 1.6. */
export const legacyDeprecated: Rule = {
  code: 'IMT3003',
  name: 'legacy-deprecated',
  severity: Severity.INFO,
  summary: 'authentication.istio.io/v1alpha1 MeshPolicy/Policy were removed in Istio 1.6; migrate to PeerAuthentication',
  source: 'istioctl analyze IST0120 PolicyResourceIsDeprecated / IST0121 MeshPolicyResourceIsDeprecated (istio 1.5-1.12 messages.yaml)',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (!p.legacy) continue;
      ctx.report({
        at: p,
        message: `${p.ref.kind} ${p.ref.name} uses the legacy authentication.istio.io/v1alpha1 API, which Istio 1.6+ no longer serves`,
        fix: "on Istio >= 1.5 use PeerAuthentication",
      });
    }
  },
};
