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

/** IMT8004: a construct was given a cdk8s object that is not what the prop asks for. */
export const constructInputObject: Rule = {
  code: 'IMT8004',
  name: 'construct-input-object',
  severity: Severity.ERROR,
  summary: "a construct prop that takes a cdk8s(-plus) object (workload, service, namespace) got something else, or one without what the policy needs (a pod selector, a name); thrown by the constructor as '[path] IMT8004 message; fix: ...'; reported by the ServiceMtls, ClientTlsPolicy or NamespaceMtls construct",
  source: 'this library: ServiceMtls workload/service, ClientTlsPolicy service, NamespaceMtls namespaceObject (docs/cdk8s-workflow.md)',
  reportedBy: 'ServiceMtls, ClientTlsPolicy or NamespaceMtls',
};
