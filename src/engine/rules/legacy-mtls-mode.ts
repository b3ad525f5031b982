import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

/** IMT3002: legacy peers[].mtls.mode outside STRICT/PERMISSIVE. */
export const legacyMtlsMode: Rule = {
  code: 'IMT3002',
  name: 'legacy-mtls-mode',
  severity: Severity.ERROR,
  summary: 'legacy peers[].mtls.mode must be STRICT or PERMISSIVE (omit peers for plaintext)',
  source: 'crds/legacy-authentication-v1alpha1.yaml enum [STRICT, PERMISSIVE] (istio 1.4.10 install/kubernetes/helm/istio-init/files/crd-10.yaml)',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (!p.legacy || !isObject(p.obj.spec) || !Array.isArray(p.obj.spec.peers)) continue;
      p.obj.spec.peers.forEach((peer: unknown, i: number) => {
        if (!isObject(peer) || !isObject(peer.mtls) || peer.mtls.mode === undefined) return;
        const m = peer.mtls.mode;
        if (m === 'STRICT' || m === 'PERMISSIVE') return;
        ctx.report({
          at: p, field: `spec.peers[${i}].mtls.mode`,
          message: `'spec.peers[${i}].mtls.mode' is ${show(m)}: the legacy API accepts only STRICT or PERMISSIVE`,
          fix: m === 'DISABLE' ? "to turn mTLS off in the legacy API, omit 'peers' entirely" : "use 'mtls: {}' (STRICT) or 'mtls: {mode: PERMISSIVE}'",
        });
      });
    }
  },
};
