import { Rule, RuleContext } from '../rule';
import { Severity } from '../types';
import { policyName, reportTraffic } from './_traffic-report';

/**
 * IMT5008: with auto mTLS off and no ISTIO_MUTUAL DestinationRule, sidecars send plaintext to STRICT servers: per call
 * (from the traffic analysis), and for a STRICT mesh-wide policy without the mesh ISTIO_MUTUAL DestinationRule.
 */
export const plaintextWithoutAutoMtls: Rule = {
  code: 'IMT5008',
  name: 'plaintext-without-auto-mtls',
  severity: Severity.ERROR,
  summary: 'without auto mTLS, a STRICT server needs an ISTIO_MUTUAL DestinationRule for its clients (legacy policy/DR conflict)',
  source: 'istioctl IST0113 MTLSPolicyConflict, analyzer galley/pkg/config/analysis/analyzers/auth/mtls.go (istio 1.5.0), suppressed with auto mTLS; Kiali KIA0401/KIA0501',
  check(ctx) {
    reportTraffic(ctx, 'no-mtls-without-auto', (f) => ({
      message: `auto mTLS is off and no DestinationRule sets ISTIO_MUTUAL for this host, so sidecars send plaintext, but the server is STRICT (decided by ${policyName(f)})`,
      fix: "add a DestinationRule with tls mode ISTIO_MUTUAL (e.g. host '*.local' via MeshWideMtls in the legacy flavour) or turn auto mTLS on",
    }));
    checkMeshStrict(ctx);
  },
};

/** The static half: a STRICT mesh-wide policy without auto mTLS and without a mesh ISTIO_MUTUAL DestinationRule. */
function checkMeshStrict(ctx: RuleContext): void {
  if (ctx.model.options.autoMtls) return;
  const root = ctx.model.options.rootNamespace;
  for (const p of ctx.resolver.meshPolicies) {
    if (p.mode !== 'STRICT') continue;
    const covered = (ctx.model.drsByNamespace.get(root) ?? []).some((dr) => ['*.local', '*', `*.${ctx.model.options.clusterDomain}`, `*.svc.${ctx.model.options.clusterDomain}`].includes(dr.host)
      && dr.policy.tls?.mode === 'ISTIO_MUTUAL' && (!dr.exportTo || dr.exportTo.includes('*')));
    if (covered) continue;
    ctx.report({
      at: p,
      message: `${p.ref.kind} ${p.ref.name} makes the whole mesh STRICT, but auto mTLS is off and no DestinationRule for '*.local' in '${root}' sets ISTIO_MUTUAL, so sidecars send plaintext and every call fails`,
      fix: "add the mesh-wide '*.local' ISTIO_MUTUAL DestinationRule (MeshWideMtls does this in the legacy flavour) or turn auto mTLS on",
    });
  }
}
