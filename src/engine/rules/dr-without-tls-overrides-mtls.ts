import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, policyName, reportTraffic } from './_traffic-report';

/** IMT5007: with auto mTLS off, a more specific DestinationRule without tls makes clients send plaintext. */
export const drWithoutTlsOverridesMtls: Rule = {
  code: 'IMT5007',
  name: 'dr-without-tls-overrides-mtls',
  severity: Severity.ERROR,
  summary: 'without auto mTLS, a DestinationRule without tls overrides the mesh/namespace ISTIO_MUTUAL rule and sends plaintext',
  source: 'istio.io network-issues "503 errors after setting destination rule"; Kiali KIA0204; istio 1.4 docs ("it will override the mesh- or namespace-wide TLS settings and disable TLS")',
  check(ctx) {
    reportTraffic(ctx, 'dr-without-tls', (f) => ({
      field: 'spec.trafficPolicy',
      message: `${drName(f)} has no tls for this port; DestinationRules do not merge, so it replaces the wider ISTIO_MUTUAL rule and clients send plaintext to a STRICT server (decided by ${policyName(f)})`,
      fix: "repeat 'tls: {mode: ISTIO_MUTUAL}' in this DestinationRule's trafficPolicy",
    }));
  },
};
