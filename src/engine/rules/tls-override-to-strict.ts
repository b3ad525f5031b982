import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, policyName, reportTraffic } from './_traffic-report';
import { reportScopeConflicts } from './_scope-conflicts';
import { displayRef } from '../values';

/** IMT5005: a DestinationRule with DISABLE/SIMPLE/MUTUAL overrides auto mTLS toward a STRICT server. */
export const tlsOverrideToStrict: Rule = {
  code: 'IMT5005',
  name: 'tls-override-to-strict',
  severity: Severity.ERROR,
  summary: 'a DestinationRule tls of DISABLE, SIMPLE or MUTUAL toward a STRICT server breaks the call',
  source: 'istio.io tls-configuration doc; buildUpstreamTLSSettings uses a user-supplied tls as written (istio@86c9f01 pilot/pkg/networking/core/cluster_tls.go); Kiali KIA0207/KIA0208 (kiali business/checkers: a namespace- or mesh-wide DISABLE rule next to a STRICT policy)',
  check(ctx) {
    reportTraffic(ctx, 'tls-to-strict', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sets tls ${f.client?.mode}, which turns auto mTLS off for this port, but the server is STRICT (decided by ${policyName(f)})`,
      fix: "set the tls mode to ISTIO_MUTUAL, or remove the 'tls' block to let auto mTLS decide",
    }));
    // Without a topology: a rule for a whole namespace (or the mesh) that turns mTLS off where its policy is STRICT.
    reportScopeConflicts(ctx, 'tls-to-strict', (mode, tls) => mode === 'STRICT' && tls !== 'ISTIO_MUTUAL', (s, server, tls) => ({
      message: `${displayRef(s.dr.ref)} sets tls ${tls} for ${s.dr.host.startsWith('*') ? `every host of ${s.label} (${s.dr.rawHost})` : s.label}, but the servers there are STRICT (decided by ${displayRef(server.policy!.ref)}): every sidecar client using this rule fails`,
      fix: "set the tls mode to ISTIO_MUTUAL, or remove the 'tls' block to let auto mTLS decide, or make the policy PERMISSIVE during a migration",
    }), true);
  },
};
