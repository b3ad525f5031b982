import { Rule, RuleContext } from '../rule';
import { Severity } from '../types';
import { policyName, reportTraffic } from './_traffic-report';
import { scopeRules, topTlsMode } from './_scope-conflicts';

/**
 * IMT5008: with auto mTLS off and no ISTIO_MUTUAL DestinationRule, sidecars send plaintext to STRICT servers: per call
 * (from the traffic analysis), and for a STRICT mesh-wide policy without the mesh ISTIO_MUTUAL DestinationRule.
 */
export const plaintextWithoutAutoMtls: Rule = {
  code: 'IMT5008',
  name: 'plaintext-without-auto-mtls',
  severity: Severity.ERROR,
  summary: 'without auto mTLS, a STRICT server needs an ISTIO_MUTUAL DestinationRule for its clients (legacy policy/DR conflict)',
  source: 'istioctl IST0113 MTLSPolicyConflict, analyzer galley/pkg/config/analysis/analyzers/auth/mtls.go (istio 1.5.0), suppressed with auto mTLS; Kiali KIA0401 (mesh-wide) and KIA0501 (namespace-wide: a STRICT policy without the DestinationRule enabling mTLS)',
  check(ctx) {
    reportTraffic(ctx, 'no-mtls-without-auto', (f) => ({
      message: `auto mTLS is off and no DestinationRule sets ISTIO_MUTUAL for this host, so sidecars send plaintext, but the server is STRICT (decided by ${policyName(f)})`,
      fix: "add a DestinationRule with tls mode ISTIO_MUTUAL (e.g. the mesh-wide host '*.local' in the root namespace), or turn auto mTLS on",
    }));
    checkScopeStrict(ctx);
  },
};

/**
 * The object-level half: a STRICT mesh-wide or namespace-wide policy without auto mTLS and without an ISTIO_MUTUAL
 * DestinationRule covering its scope (Kiali KIA0401 mesh-wide, KIA0501 namespace-wide): mesh-wide and
 * namespace-wide policies behave alike.
 */
function checkScopeStrict(ctx: RuleContext): void {
  if (ctx.model.options.autoMtls) return;
  const { rootNamespace: root, clusterDomain: domain } = ctx.model.options;
  const rules = scopeRules(ctx);
  const mutual = rules.filter((s) => topTlsMode(s.dr) === 'ISTIO_MUTUAL');
  const meshCovered = mutual.some((s) => s.namespace === undefined);
  // A namespace is covered by a namespace wildcard or mesh-host rule in itself or the root namespace; one whose rule
  // sets another tls mode is IMT5005's finding, not this one.
  const rootNs = ctx.model.options.rootNamespace;
  const coveredBy = (ns: string, list: typeof rules) => list.some((s) => s.namespace === ns && s.dr.host.startsWith('*') && (s.dr.namespace === ns || s.dr.namespace === rootNs));
  for (const p of ctx.resolver.meshPolicies) {
    if (p.mode !== 'STRICT' || meshCovered) continue;
    ctx.report({
      at: p,
      message: `${p.ref.kind} ${p.ref.name} makes the whole mesh STRICT, but auto mTLS is off and no DestinationRule for '*.local' in '${root}' sets ISTIO_MUTUAL, so sidecars send plaintext and every call fails`,
      fix: "add the mesh-wide '*.local' ISTIO_MUTUAL DestinationRule in the root namespace, or turn auto mTLS on",
    });
  }
  for (const ns of ctx.model.peerByNamespace.keys()) {
    const p = ctx.resolver.namespacePolicy(ns);
    if (!p || p.mode !== 'STRICT' || meshCovered || coveredBy(ns, rules.filter((r) => topTlsMode(r.dr) !== undefined))) continue;
    ctx.report({
      at: p,
      message: `${p.ref.kind} ${ns}/${p.ref.name} makes namespace '${ns}' STRICT, but auto mTLS is off and no DestinationRule for '*.${ns}.svc.${domain}' or the mesh sets ISTIO_MUTUAL, so sidecars send plaintext and every call into '${ns}' fails`,
      fix: `add a DestinationRule for '*.${ns}.svc.${domain}' with tls mode ISTIO_MUTUAL, or turn auto mTLS on`,
    });
  }
}
