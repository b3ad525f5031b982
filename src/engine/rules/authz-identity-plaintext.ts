import { Rule } from '../rule';
import { Severity } from '../types';
import { AuthzPolicy, selectorMatches } from '../model';

/**
 * Which way an identity match fails for plaintext callers, which carry no peer identity (ISTIO-SECURITY-2021-004):
 * positive matches (principals, ...) never match them, negated ones (notPrincipals, ...) always do.
 */
function consequence(ap: AuthzPolicy): string {
  const pos = ap.identityFields;
  const neg = ap.negatedIdentityFields;
  const parts: string[] = [];
  if (ap.action === 'DENY') {
    if (pos.length > 0) parts.push(`this DENY never matches them on ${pos.join(', ')}, so plaintext from the identities it means to deny gets through`);
    if (neg.length > 0) parts.push(`this DENY always matches them on ${neg.join(', ')}, so every plaintext caller is denied`);
  } else if (ap.action === 'ALLOW') {
    if (pos.length > 0) parts.push(`this ALLOW never matches them on ${pos.join(', ')}, so plaintext callers are denied ("RBAC: access denied", easily mistaken for an mTLS failure)`);
    if (neg.length > 0) parts.push(`this ALLOW always matches them on ${neg.join(', ')}, so plaintext callers are let through`);
  } else {
    parts.push(`this ${ap.action} policy cannot tell plaintext callers apart on ${[...pos, ...neg].join(', ')}`);
  }
  return `plaintext carries no identity: ${parts.join('; ')} (ISTIO-SECURITY-2021-004)`;
}

/** IMT5012: an AuthorizationPolicy keyed on peer identity for a workload that accepts plaintext. */
export const authzIdentityPlaintext: Rule = {
  code: 'IMT5012',
  name: 'authz-identity-plaintext',
  severity: Severity.WARNING,
  summary: 'AuthorizationPolicy identity matches (principals, namespaces, serviceAccounts, trustDomains, their not- forms, when source.principal/source.namespace) need mTLS; on a port that accepts plaintext they do not hold (ALLOW on them denies plaintext, DENY on them lets it through)',
  source: 'api security/v1beta1/authorization_policy.proto ("This field requires mTLS enabled" on principals, namespaces, serviceAccounts, trustDomains); Istio security bulletin ISTIO-SECURITY-2021-004 (plaintext has an empty identity); istio.io authorization docs ("strongly recommended to always use these fields with strict mutual TLS mode"); Kiali KIA0105',
  check(ctx) {
    const r = ctx.resolver;
    for (const ap of ctx.model.authorizationPolicies) {
      // targetRefs policies are enforced by a waypoint or gateway, which plaintext callers never pass through.
      if (!ap.usesIdentity || ap.targetRefs.length > 0) continue;
      const ws = (ctx.model.workloadsByNamespace.get(ap.namespace) ?? []).filter((w) => !ap.selector || Object.keys(ap.selector).length === 0 || selectorMatches(ap.selector, w.podLabels));
      for (const w of ws) {
        if (w.dataplane !== 'sidecar' && w.dataplane !== 'ambient') continue;
        const ports = ap.ports.length > 0 ? ap.ports : w.ports.map((p) => p.port);
        const weak = ports.find((p) => r.serverMode(w.namespace, w.podLabels, p).mode !== 'STRICT');
        if (weak === undefined) continue;
        const mode = r.serverMode(w.namespace, w.podLabels, weak).mode;
        ctx.report({
          at: ap,
          message: `AuthorizationPolicy ${ap.ref.name} (${ap.action}) matches callers by principal/namespace, but ${w.name}.${w.namespace} accepts plaintext on port ${weak} (${mode}), where callers have no verified identity; ${consequence(ap)}`,
          fix: `make ${w.name} STRICT (a workload PeerAuthentication with mtls.mode STRICT) so every caller presents an Istio certificate`,
        });
        break;
      }
    }
  },
};
