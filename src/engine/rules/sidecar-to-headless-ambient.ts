import { Rule } from '../rule';
import { Severity } from '../types';
import { reportTraffic } from './_traffic-report';

/** IMT7002: a sidecar caller toward a headless Service whose endpoints are ambient. */
export const sidecarToHeadlessAmbient: Rule = {
  code: 'IMT7002',
  name: 'sidecar-to-headless-ambient',
  severity: Severity.ERROR,
  summary: 'sidecars send no HBONE to headless Services (ORIGINAL_DST), so ambient endpoints get plaintext, which STRICT denies, or Istio mTLS that ztunnel cannot terminate',
  source: 'istio@86c9f01 pilot/pkg/networking/core/cluster_tls.go (HBONE transport socket matches skipped for ORIGINAL_DST clusters); istio/istio#54921',
  check(ctx) {
    reportTraffic(ctx, 'sidecar-to-headless-ambient', (f) => ({
      field: 'spec.clusterIP',
      message: `${f.service?.name}.${f.service?.namespace} is headless and ${f.endpoint?.workload.name}.${f.endpoint?.workload.namespace} behind it is ambient; a sidecar reaches its pod IPs without HBONE, sending ${f.client?.mode === 'ISTIO_MUTUAL' ? 'Istio mTLS, which ztunnel cannot terminate' : `plaintext, which the STRICT server (${f.server?.mode}) denies`}`,
      fix: `keep ${f.endpoint?.workload.namespace} on sidecars until its sidecar callers move to ambient, give the Service a cluster IP, or make port ${f.endpoint?.containerPort} PERMISSIVE as a documented exception`,
    }));
  },
};
