import { Rule } from '../rule';
import { Severity } from '../types';
import { policyName, reportTraffic } from './_traffic-report';

/** IMT7001: an ambient caller toward a STRICT sidecar that does not take HBONE. */
export const ambientPlaintextToSidecar: Rule = {
  code: 'IMT7001',
  name: 'ambient-plaintext-to-sidecar',
  severity: Severity.ERROR,
  summary: "an ambient caller's ztunnel sends plaintext to a sidecar without HBONE (no networking.istio.io/tunnel: http), which a STRICT port resets",
  source: 'istio@86c9f01 pilot/pkg/serviceregistry/ambient/workloads.go setTunnelProtocol (HBONE only for pods labelled networking.istio.io/tunnel=http); istio.io docs/ambient/usage/add-workloads (ISTIO_META_ENABLE_HBONE); istio/istio#53942',
  check(ctx) {
    reportTraffic(ctx, 'ambient-plaintext-to-sidecar', (f) => ({
      field: f.server?.portLevel ? 'spec.portLevelMtls' : 'spec.mtls.mode',
      message: `${f.endpoint?.workload.name}.${f.endpoint?.workload.namespace} has a sidecar that does not take HBONE and is STRICT on port ${f.endpoint?.containerPort} (decided by ${policyName(f)}); ztunnel cannot speak Istio mTLS to it and sends plaintext, so the connection is reset`,
      fix: `install the sidecars with ISTIO_META_ENABLE_HBONE (the ambient profile) and restart ${f.endpoint?.workload.name} so it gets the label networking.istio.io/tunnel: http, move it to ambient, or make this port PERMISSIVE while the migration lasts`,
    }));
  },
};
