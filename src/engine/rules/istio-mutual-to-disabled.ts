import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, policyName, reportTraffic } from './_traffic-report';

/** IMT5006: ISTIO_MUTUAL sent to a server whose PeerAuthentication is DISABLE. */
export const istioMutualToDisabled: Rule = {
  code: 'IMT5006',
  name: 'istio-mutual-to-disabled',
  severity: Severity.ERROR,
  summary: 'ISTIO_MUTUAL toward a server whose PeerAuthentication is DISABLE fails',
  source: 'Kiali KIA0505/KIA0506 (disabled namespace/mesh PA with an mTLS DestinationRule); RULES.md Part B 11',
  check(ctx) {
    reportTraffic(ctx, 'mtls-to-disabled', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sends ISTIO_MUTUAL but the server accepts only plaintext (DISABLE, decided by ${policyName(f)})`,
      fix: 'make the server PERMISSIVE or STRICT, or change the DestinationRule tls to DISABLE for this host',
    }));
  },
};
