import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, reportTraffic } from './_traffic-report';

/** IMT5002: ISTIO_MUTUAL sent to a server that has no sidecar. */
export const istioMutualToPlaintextServer: Rule = {
  code: 'IMT5002',
  name: 'istio-mutual-to-plaintext-server',
  severity: Severity.ERROR,
  summary: 'ISTIO_MUTUAL toward a server without a sidecar fails (the server cannot terminate Istio mTLS)',
  source: 'seed: httpbin.test3 fixed with DestinationRule DISABLE; istioctl IST0115 DestinationRuleUsesMTLSForWorkloadWithoutSidecar; istio/istio#9714',
  check(ctx) {
    reportTraffic(ctx, 'mtls-to-plain-server', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sends ISTIO_MUTUAL but ${f.endpoint?.workload.name}.${f.endpoint?.workload.namespace} has no sidecar on port ${f.endpoint?.containerPort}, so it cannot answer mTLS`,
      fix: `add a DestinationRule for ${f.service?.host ?? 'the host'} with tls mode DISABLE (ClientTls.disable()), or inject a sidecar into the server`,
    }));
  },
};
