import { Rule } from '../rule';
import { Severity } from '../types';
import { policyField } from './_helpers';
import { policyName, reportTraffic } from './_traffic-report';

/** IMT5001: a STRICT server port called by a workload without a sidecar. */
export const strictServerPlaintextClient: Rule = {
  code: 'IMT5001',
  name: 'strict-server-plaintext-client',
  severity: Severity.ERROR,
  summary: 'a STRICT server port refuses callers without a sidecar (error for declared calls, warning for possible ones)',
  source: 'istio.io mtls-migration task ("sleep.legacy to httpbin.foo: 000 ... exit code 56"); seed: sleep.test3 -> httpbin.test1; istio/istio#19628',
  check(ctx) {
    reportTraffic(ctx, 'plaintext-to-strict', (f) => ({
      field: policyField(f.server),
      message: f.endpoint?.dataplane === 'ambient'
        ? `the server is ambient and STRICT on port ${f.endpoint.containerPort} (decided by ${policyName(f)}): its ztunnel denies the plaintext of a caller without a sidecar`
        : `the server is STRICT on port ${f.endpoint?.containerPort} (decided by ${policyName(f)}) and a caller without a sidecar sends plaintext, so the connection is reset`,
      fix: `bring the caller into the mesh (a sidecar, or ambient mode), or make ${f.service?.name ?? 'the service'} PERMISSIVE for this port (a workload PeerAuthentication with mode PERMISSIVE, or portLevelMtls) as a documented exception`,
    }));
  },
};
