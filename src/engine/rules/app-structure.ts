import { Rule } from '../rule';
import { Severity } from '../types';

/**
 * Rules about the app around the objects: how a cdk8s app splits its objects into meshes, and the values constructs
 * are given. No single input decides them, so `analyze()` never runs them; the synth-time check and the constructs
 * report them (listed here so that their codes are documented).
 */

/** IMT8002: a declared call whose target Service is in another mesh scope of the app. */
export const declaredCallOtherScope: Rule = {
  code: 'IMT8002',
  name: 'declared-call-other-mesh-scope',
  severity: Severity.WARNING,
  summary: 'a declared call targets a Service that another mesh scope of the app holds (charts configured separately with IstioMtls.configure), so no check sees the caller, the callee and the policies together; reported by the IstioMtls construct (the synth-time check)',
  source: 'this library: IstioMtls.configure makes a scope one mesh for the checks (docs/cdk8s-workflow.md); one cluster is one mesh, istio.io concepts/security "Authentication architecture"',
  reportedBy: 'IstioMtls',
};

/** IMT8003: a mesh scope with mTLS policies and no workloads, while another scope holds workloads they apply to. */
export const policiesWithoutWorkloads: Rule = {
  code: 'IMT8003',
  name: 'policies-without-workloads-scope',
  severity: Severity.WARNING,
  summary: 'a mesh scope holds PeerAuthentications or DestinationRules but no workloads, while another scope holds the workloads of their namespaces, so their effect on traffic is never checked; reported by the IstioMtls construct (the synth-time check)',
  source: 'this library: IstioMtls.configure makes a scope one mesh for the checks (docs/cdk8s-workflow.md)',
  reportedBy: 'IstioMtls',
};
