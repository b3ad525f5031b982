import { Rule } from '../rule';
import { Severity } from '../types';

/**
 * Rules about the values constructs are given when they are built from the constructs users already have (a
 * workload, a Service, a Namespace) instead of strings. The constructs throw them, in the constructor when the props
 * alone are wrong and while synthesizing when they depend on the other object's final state, as
 * `[path] CODE message; fix: ...`; `analyze()` never runs them (listed here so that their codes are documented).
 */

const BY = 'ServiceMtls, ClientTlsPolicy and NamespaceMtls';

/** IMT9001: an object prop and the string props it replaces are both given. */
export const constructInputBoth: Rule = {
  code: 'IMT9001',
  name: 'construct-input-both',
  severity: Severity.ERROR,
  summary: "a construct is given both an object prop and the string props it replaces ('workload' with 'namespace'/'matchLabels', 'service' with 'host', 'namespaceObject' with 'namespace'), two sources that could disagree; reported by the ServiceMtls, ClientTlsPolicy and NamespaceMtls constructs (thrown by the constructor)",
  source: 'this library: one source per value (README, Constructs: built from cdk8s-plus objects)',
  reportedBy: BY,
};

/** IMT9002: neither the object prop nor the string props are given where one is required. */
export const constructInputMissing: Rule = {
  code: 'IMT9002',
  name: 'construct-input-missing',
  severity: Severity.ERROR,
  summary: "a construct is given neither the object prop nor the string props it needs (ServiceMtls: 'workload', or 'namespace' and, for the modern API, 'matchLabels'; ClientTlsPolicy: 'service' or 'host'; NamespaceMtls: 'namespaceObject' or 'namespace'); reported by the ServiceMtls, ClientTlsPolicy and NamespaceMtls constructs (thrown by the constructor)",
  source: 'this library: a policy without a target selects nothing or everything',
  reportedBy: BY,
};

/** IMT9003: the object prop is not a Kubernetes object of the kind asked for. */
export const constructInputKind: Rule = {
  code: 'IMT9003',
  name: 'construct-input-kind',
  severity: Severity.ERROR,
  summary: "an object prop is not a construct whose ApiObject (itself or its default child) has the kind asked for: 'workload' a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod, 'service' a Service, 'namespaceObject' a Namespace; reported by the ServiceMtls, ClientTlsPolicy and NamespaceMtls constructs (thrown by the constructor)",
  source: 'cdk8s core ApiObject.of(); Kubernetes workload kinds with a pod template (kubernetes.io docs concepts/workloads)',
  reportedBy: BY,
};

/** IMT9004: a workload whose pods carry no labels to select. */
export const workloadWithoutPodLabels: Rule = {
  code: 'IMT9004',
  name: 'workload-without-pod-labels',
  severity: Severity.ERROR,
  summary: "the 'workload' of a ServiceMtls has neither spec.selector.matchLabels nor pod template labels (a Pod: no labels), so no workload selector can pick its pods; reported by the ServiceMtls construct (thrown while synthesizing)",
  source: 'istio.io reference/config/type/workload-selector (an empty selector is namespace-wide)',
  reportedBy: 'ServiceMtls',
};

/** IMT9005: port-level TLS for a port the Service does not expose. */
export const portNotServicePort: Rule = {
  code: 'IMT9005',
  name: 'port-not-service-port',
  severity: Severity.ERROR,
  summary: "a ClientTlsPolicy built from a 'service' has port-level TLS for a port the Service does not expose (spec.ports[].port), so the setting never applies; reported by the ClientTlsPolicy construct (thrown while synthesizing)",
  source: 'istio.io reference/config/networking/destination-rule (PortTrafficPolicy.port is the destination Service port)',
  reportedBy: 'ClientTlsPolicy',
};
