import { Rule } from '../rule';
import { Severity } from '../types';
import { policyField } from './_helpers';
import { policyName, reportTraffic } from './_traffic-report';

/** IMT7003: sidecars that do not send HBONE toward ambient workloads. */
export const sidecarWithoutHboneToAmbient: Rule = {
  code: 'IMT7003',
  name: 'sidecar-without-hbone-to-ambient',
  severity: Severity.ERROR,
  summary: 'with HBONE sending off (PILOT_ENABLE_SENDING_HBONE=false), sidecars reach ambient pods in plaintext, which STRICT denies, or with Istio mTLS that ztunnel cannot terminate',
  source: 'istio@86c9f01 pilot/pkg/features/ambient.go (PILOT_ENABLE_SENDING_HBONE); pilot/pkg/xds/endpoints/endpoint_builder.go (supportTunnel)',
  check(ctx) {
    reportTraffic(ctx, 'sidecar-without-hbone-to-ambient', (f) => ({
      // On the DestinationRule that sends Istio mTLS (none for auto mTLS), else on the STRICT policy.
      field: f.client?.mode === 'ISTIO_MUTUAL' ? (f.client.dr ? f.client.field : undefined) : policyField(f.server),
      message: `sidecars do not send HBONE in this mesh (the sidecarsSendHbone option is off), so ${f.endpoint?.workload.name}.${f.endpoint?.workload.namespace}, an ambient workload, gets ${f.client?.mode === 'ISTIO_MUTUAL' ? 'Istio mTLS, which ztunnel cannot terminate' : `plaintext, which its STRICT mode (decided by ${policyName(f)}) denies`}`,
      fix: 'enable PILOT_ENABLE_SENDING_HBONE in istiod (the default with ambient), or keep the server on a sidecar',
    }));
  },
};
