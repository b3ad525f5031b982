import { Rule } from '../rule';
import { Severity } from '../types';
import { displayRef } from '../values';
import { policyField } from './_helpers';

/** IMT7004: a DISABLE PeerAuthentication in force for ambient workloads. */
export const ambientDisable: Rule = {
  code: 'IMT7004',
  name: 'ambient-disable',
  severity: Severity.WARNING,
  summary: 'DISABLE is not supported in ambient mode: ztunnel treats it as PERMISSIVE, so mesh traffic stays mTLS (HBONE) and plaintext is still accepted',
  source: 'istio/api security/v1beta1/peer_authentication.proto ("DISABLE mode is not supported" in ambient); istio@86c9f01 pilot/pkg/serviceregistry/ambient/authorization.go (DISABLE gives no deny policy)',
  check(ctx) {
    const r = ctx.resolver;
    const reported = new Set<number>();
    for (const w of ctx.model.workloads) {
      if (w.dataplane !== 'ambient') continue;
      const ports = w.ports.length > 0 ? w.ports.map((p) => p.port) : [undefined];
      for (const port of ports) {
        const s = r.serverMode(w.namespace, w.podLabels, port);
        if (s.mode !== 'DISABLE' || !s.policy || reported.has(s.policy.index)) continue;
        reported.add(s.policy.index);
        ctx.report({
          at: s.policy, field: policyField(s),
          message: `${displayRef(s.policy.ref)} sets DISABLE for ${w.name}.${w.namespace}${s.portLevel ? ` port ${port}` : ''}, which is ambient: ztunnel does not support DISABLE and acts as PERMISSIVE (mesh callers keep mTLS, plaintext is accepted)`,
          fix: 'use PERMISSIVE, which says what ztunnel does, or keep the workload on a sidecar if it must receive plaintext from mesh callers',
        });
      }
    }
  },
};
