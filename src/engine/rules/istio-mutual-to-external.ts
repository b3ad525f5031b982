import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, reportTraffic } from './_traffic-report';

/** IMT5003: ISTIO_MUTUAL sent to a host outside the mesh. */
export const istioMutualToExternal: Rule = {
  code: 'IMT5003',
  name: 'istio-mutual-to-external',
  severity: Severity.ERROR,
  summary: 'ISTIO_MUTUAL toward a host outside the mesh (ServiceEntry MESH_EXTERNAL, or the kube-apiserver in a declared call) fails',
  source: 'istio/istio#28727 and #4840; RULES.md Part B 10',
  check(ctx) {
    reportTraffic(ctx, 'mtls-to-external', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sends ISTIO_MUTUAL to an external host, which has no Istio identity`,
      fix: 'add a DestinationRule for the external host with tls mode DISABLE (the app speaks TLS itself) or SIMPLE (to originate TLS)',
    }));
  },
};
