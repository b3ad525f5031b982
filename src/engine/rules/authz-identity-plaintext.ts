import { Rule } from '../rule';
import { Severity } from '../types';
import { selectorMatches } from '../model';

/** IMT5012: an AuthorizationPolicy keyed on peer identity for a workload that accepts plaintext. */
export const authzIdentityPlaintext: Rule = {
  code: 'IMT5012',
  name: 'authz-identity-plaintext',
  severity: Severity.WARNING,
  summary: 'AuthorizationPolicy principals/namespaces need mTLS; on a port that accepts plaintext they do not hold',
  source: 'istio.io authorization docs ("strongly recommended to always use these fields with strict mutual TLS mode"); Kiali KIA0105',
  check(ctx) {
    const r = ctx.resolver;
    for (const ap of ctx.model.authorizationPolicies) {
      if (!ap.usesIdentity) continue;
      const ws = (ctx.model.workloadsByNamespace.get(ap.namespace) ?? []).filter((w) => !ap.selector || Object.keys(ap.selector).length === 0 || selectorMatches(ap.selector, w.podLabels));
      for (const w of ws) {
        if (w.dataplane !== 'sidecar' && w.dataplane !== 'ambient') continue;
        const ports = ap.ports.length > 0 ? ap.ports : w.ports.map((p) => p.port);
        const weak = ports.find((p) => r.serverMode(w.namespace, w.podLabels, p).mode !== 'STRICT');
        if (weak === undefined) continue;
        const mode = r.serverMode(w.namespace, w.podLabels, weak).mode;
        ctx.report({
          at: ap,
          message: `AuthorizationPolicy ${ap.ref.name} matches callers by principal/namespace, but ${w.name}.${w.namespace} accepts plaintext on port ${weak} (${mode}), where callers have no verified identity`,
          fix: `make ${w.name} STRICT (ServiceMtls) so every caller presents an Istio certificate`,
        });
        break;
      }
    }
  },
};
