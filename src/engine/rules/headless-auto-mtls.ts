import { Rule } from '../rule';
import { Severity } from '../types';
import { reportTraffic } from './_traffic-report';

/** IMT7006: auto mTLS toward a headless Service whose endpoints do not all accept one mode. */
export const headlessAutoMtls: Rule = {
  code: 'IMT7006',
  name: 'headless-auto-mtls',
  severity: Severity.ERROR,
  summary: 'auto mTLS toward a headless Service sends mTLS only when every endpoint has a sidecar, with the mode of the namespace and mesh policies; an endpoint whose own policy or dataplane differs rejects it',
  source: 'istio@86c9f01 pilot/pkg/model/push_context.go BestEffortInferServiceMTLSMode ("uses only mesh and namespace level PeerAuthentication and ignore workload & port level policies"); cluster_tls.go buildUpstreamTLSSettings; istio/istio#39439',
  check(ctx) {
    reportTraffic(ctx, 'headless-auto-mtls', (f) => {
      const plaintext = f.server?.mode === 'STRICT';
      return {
        field: f.server?.portLevel ? 'spec.portLevelMtls' : f.server?.policy ? 'spec.mtls.mode' : 'spec.clusterIP',
        message: `${f.service?.name}.${f.service?.namespace} is headless: sidecars with auto mTLS send ${plaintext ? 'plaintext (not every endpoint has a sidecar, or the namespace mode is DISABLE)' : 'mTLS (the namespace and mesh mode)'} to every endpoint, and ${f.endpoint?.workload.name}.${f.endpoint?.workload.namespace} is ${f.server?.mode} on port ${f.endpoint?.containerPort}`,
        fix: `give every endpoint of ${f.service?.name} the same mode as namespace ${f.service?.namespace} (drop the workload or port-level exception), or add a DestinationRule for the host with an explicit tls mode`,
      };
    });
  },
};
