import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, policyName, reportTraffic } from './_traffic-report';

/** IMT5005: a DestinationRule with DISABLE/SIMPLE/MUTUAL overrides auto mTLS toward a STRICT server. */
export const tlsOverrideToStrict: Rule = {
  code: 'IMT5005',
  name: 'tls-override-to-strict',
  severity: Severity.ERROR,
  summary: 'a DestinationRule tls of DISABLE, SIMPLE or MUTUAL toward a STRICT server breaks the call',
  source: 'istio.io tls-configuration doc; buildUpstreamTLSSettings uses a user-supplied tls as written (istio@86c9f01 pilot/pkg/networking/core/cluster_tls.go); Kiali KIA0207/KIA0208',
  check(ctx) {
    reportTraffic(ctx, 'tls-to-strict', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sets tls ${f.client?.mode}, which turns auto mTLS off for this port, but the server is STRICT (decided by ${policyName(f)})`,
      fix: "use tls mode ISTIO_MUTUAL (ClientTls.istioMutual()) or remove the 'tls' block to let auto mTLS decide",
    }));
  },
};
