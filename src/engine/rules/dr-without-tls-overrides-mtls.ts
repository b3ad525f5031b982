import { Rule, RuleContext } from '../rule';
import { Severity } from '../types';
import { drName, policyName, reportTraffic } from './_traffic-report';
import { scopeMode, widerIstioMutual } from './_scope-conflicts';
import { namespaceOfHost } from '../model';
import { traffic } from '../traffic';
import { displayRef } from '../values';

/** IMT5007: with auto mTLS off, a more specific DestinationRule without tls makes clients send plaintext. */
export const drWithoutTlsOverridesMtls: Rule = {
  code: 'IMT5007',
  name: 'dr-without-tls-overrides-mtls',
  severity: Severity.ERROR,
  summary: 'without auto mTLS, a DestinationRule without tls overrides the mesh/namespace ISTIO_MUTUAL rule and sends plaintext (an error toward STRICT servers, a warning where the plaintext is accepted but mTLS is silently lost)',
  source: 'istio.io network-issues "503 errors after setting destination rule"; Kiali KIA0204; istio 1.4 docs ("it will override the mesh- or namespace-wide TLS settings and disable TLS")',
  check(ctx) {
    reportTraffic(ctx, 'dr-without-tls', (f) => ({
      field: 'spec.trafficPolicy',
      message: `${drName(f)} has no tls for this port; DestinationRules do not merge, so it replaces the wider ISTIO_MUTUAL rule and clients send plaintext to a STRICT server (decided by ${policyName(f)})`,
      fix: "repeat 'tls: {mode: ISTIO_MUTUAL}' in this DestinationRule's trafficPolicy",
    }));
    checkSilentLoss(ctx);
  },
};

/**
 * The object-level half (Kiali KIA0204, "mTLS settings of a non-local Destination Rule are overridden"): with auto mTLS
 * off, a rule for one host without tls replaces the namespace- or mesh-wide ISTIO_MUTUAL rule for that host. Toward a
 * STRICT namespace every sidecar client fails (an error); toward a PERMISSIVE one nothing fails, but the traffic goes out
 * in plaintext (a warning).
 */
function checkSilentLoss(ctx: RuleContext): void {
  if (ctx.model.options.autoMtls) return;
  const reported = new Set(traffic(ctx).failures.filter((f) => f.kind === 'dr-without-tls').map((f) => f.at));
  for (const dr of ctx.model.destinationRules) {
    // A rule that sets tls per port has chosen TLS for its ports (Kiali's traffic policy checker calls it valid).
    if (!dr.host || dr.host.startsWith('*') || dr.policy.tls || dr.policy.portTls.size > 0 || reported.has(dr)) continue;
    const wider = widerIstioMutual(ctx, dr);
    const ns = namespaceOfHost(dr.host, ctx.model.options.clusterDomain);
    if (!wider || ns === undefined) continue;
    const server = scopeMode(ctx, ns);
    const strict = server.mode === 'STRICT';
    ctx.report({
      at: dr, field: 'spec.trafficPolicy', severity: strict ? Severity.ERROR : Severity.WARNING,
      message: strict
        ? `${displayRef(dr.ref)} has no tls and replaces ${displayRef(wider.ref)} (ISTIO_MUTUAL) for ${dr.host}; with auto mTLS off, sidecars send plaintext, and namespace '${ns}' is STRICT (decided by ${displayRef(server.policy!.ref)}): every sidecar client using this rule fails`
        : `${displayRef(dr.ref)} has no tls and replaces ${displayRef(wider.ref)} (ISTIO_MUTUAL) for ${dr.host}; with auto mTLS off, sidecars now send plaintext: nothing fails while namespace '${ns}' accepts it (${server.mode}), but the traffic is no longer encrypted`,
      fix: "repeat 'tls: {mode: ISTIO_MUTUAL}' in this DestinationRule's trafficPolicy",
    });
  }
}
