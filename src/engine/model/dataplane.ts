/**
 * Which dataplane serves a workload: a sidecar (able to take HBONE or not), ztunnel (ambient mode, with or without a
 * waypoint), none, or unknown — decided from the manifests themselves, in this order:
 *
 * 1. What injection left in the pod: an `istio-proxy` container, or an `istio-proxy` init container with
 *    `restartPolicy: Always` (native sidecars, the default since Istio 1.27); the `sidecar.istio.io/status`
 *    annotation; the `security.istio.io/tlsMode: istio` label (istio pkg/kube/inject; istioctl analyze
 *    pkg/config/analysis/analyzers/util/in_mesh.go). A Pod read from a cluster (it has a uid, a creationTimestamp or
 *    a status) without any of them has no sidecar: injection happens at admission, before the Pod exists.
 * 2. The injection decision for pods not injected yet (istio.io docs/setup/additional-setup/sidecar-injection,
 *    "Controlling the injection policy"; the injector's webhook selectors in
 *    manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml): hostNetwork pods and the
 *    kube-system and kube-public namespaces are never injected; the pod label `sidecar.istio.io/inject` (then the
 *    annotation) `false` opts out; the namespace label `istio-injection` (`enabled` injects, any other value turns
 *    injection off); `istio.io/rev` on the
 *    namespace or the pod; the pod label `sidecar.istio.io/inject: "true"`. The annotation alone does not make the
 *    webhook see the pod. When the namespace is not in the input and the pod says nothing, the answer is unknown.
 * 3. Without a sidecar: ambient when the pod label `istio.io/dataplane-mode` is `ambient`, or the namespace's is and
 *    the pod's is not `none` (istio.io docs/ambient/usage/add-workloads; a sidecar wins over the ambient label,
 *    istio.io docs/ambient/migrate/enable-ambient-mode step 2). kube-system is excluded by istio-cni.
 *
 * A sidecar takes HBONE when the pod has `networking.istio.io/tunnel: http` (istio
 * pilot/pkg/serviceregistry/ambient/workloads.go setTunnelProtocol), which the injector adds with
 * ISTIO_META_ENABLE_HBONE (the `ambient` profile: the `sidecarHbone` option for pods injected later).
 * @internal
 */
import { K8sObject } from '../types';
import { isObject } from '../values';
import { NamespaceModel } from './records';

export type Dataplane = 'sidecar' | 'ambient' | 'none' | 'unknown';

export interface DataplaneDecision {
  readonly dataplane: Dataplane;
  /** Why, in a few words, for messages and `status` ("istio-proxy container", "namespace label istio-injection=enabled"). */
  readonly reason: string;
  /** A sidecar that accepts HBONE (ambient workloads always do). */
  readonly hbone: boolean;
  /** The waypoint named by `istio.io/use-waypoint` (pod over namespace), for ambient workloads. */
  readonly waypoint?: string;
}

/** What the dataplane decision reads from one workload. */
export interface PodFacts {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** The pod spec (a Pod's own, or a controller's template's). */
  readonly spec: K8sObject;
  /** Whether the object is a Pod read from a cluster (admitted, so injection already happened or never will). */
  readonly admittedPod: boolean;
}

const INJECT = 'sidecar.istio.io/inject';
const NEVER_INJECTED = new Set(['kube-system', 'kube-public']);

/** What injection left in a pod spec, if anything. */
function injectedSignal(facts: PodFacts): string | undefined {
  const containers = Array.isArray(facts.spec.containers) ? facts.spec.containers : [];
  if (containers.some((c: unknown) => isObject(c) && c.name === 'istio-proxy')) return 'istio-proxy container';
  const init = Array.isArray(facts.spec.initContainers) ? facts.spec.initContainers : [];
  if (init.some((c: unknown) => isObject(c) && c.name === 'istio-proxy' && c.restartPolicy === 'Always')) return 'istio-proxy native sidecar (init container, restartPolicy Always)';
  if (facts.annotations['sidecar.istio.io/status'] !== undefined) return 'annotation sidecar.istio.io/status';
  if (facts.labels['security.istio.io/tlsMode'] === 'istio') return 'label security.istio.io/tlsMode=istio';
  return undefined;
}

/**
 * What a namespace's own labels decide for the pods injected into it: [injected, why], or undefined when they leave
 * it to the pod. Every webhook but the `istio-injection: enabled` one requires that label absent, so any other value
 * ('disabled', but also 'true' or '') turns injection off (mutatingwebhook.yaml; istioctl analyze injection.go: "any
 * value other than the enablement value, they are deliberately not injecting"); then `istio.io/rev` injects.
 */
export function namespaceInjection(ns: NamespaceModel): [boolean, string] | undefined {
  const injection = ns.labels['istio-injection'];
  if (injection === 'enabled') return [true, 'namespace label istio-injection=enabled'];
  if (injection !== undefined) return [false, `namespace label istio-injection=${injection}${injection === 'disabled' ? '' : ' (only enabled injects)'}`];
  if (ns.labels['istio.io/rev'] !== undefined) return [true, `namespace label istio.io/rev=${ns.labels['istio.io/rev']}`];
  return undefined;
}

/** The injector's decision for a pod not injected yet: [injected, why], or undefined when the input does not say. */
function injectionDecision(facts: PodFacts, ns: NamespaceModel | undefined): [boolean, string] | undefined {
  if (facts.spec.hostNetwork === true) return [false, 'hostNetwork pods are not injected'];
  if (NEVER_INJECTED.has(facts.namespace)) return [false, `namespace ${facts.namespace} is never injected`];
  const label = facts.labels[INJECT];
  const optOut = (label ?? facts.annotations[INJECT]) === 'false';
  if (optOut) return [false, `${label === 'false' ? 'label' : 'annotation'} ${INJECT}=false`];
  const byNamespace = ns ? namespaceInjection(ns) : undefined;
  if (byNamespace) return byNamespace;
  if (facts.labels['istio.io/rev'] !== undefined) return [true, `pod label istio.io/rev=${facts.labels['istio.io/rev']}`];
  if (label === 'true') return [true, `label ${INJECT}=true`];
  if (ns) return [false, `namespace ${facts.namespace} has no injection label`];
  return undefined;
}

/** The dataplane of a workload (see the file comment for the order and its sources). */
export function dataplaneOf(facts: PodFacts, ns: NamespaceModel | undefined, sidecarHbone: boolean): DataplaneDecision {
  const tunnel = facts.labels['networking.istio.io/tunnel'] === 'http';
  const injected = injectedSignal(facts);
  if (injected) return { dataplane: 'sidecar', reason: injected, hbone: tunnel };
  let sidecar: [boolean, string] | undefined;
  if (facts.admittedPod) sidecar = [false, 'a Pod from the cluster without an istio-proxy container'];
  else sidecar = injectionDecision(facts, ns);
  if (sidecar?.[0]) return { dataplane: 'sidecar', reason: sidecar[1], hbone: tunnel || sidecarHbone };
  const ambient = ambientDecision(facts, ns);
  if (ambient) return ambient;
  if (!sidecar) return { dataplane: 'unknown', reason: `namespace ${facts.namespace} is not in the input`, hbone: false };
  return { dataplane: 'none', reason: sidecar[1], hbone: false };
}

const MODE = 'istio.io/dataplane-mode';

function ambientDecision(facts: PodFacts, ns: NamespaceModel | undefined): DataplaneDecision | undefined {
  if (facts.spec.hostNetwork === true || facts.namespace === 'kube-system') return undefined;
  const podMode = facts.labels[MODE];
  const nsMode = ns?.labels[MODE];
  let reason: string | undefined;
  if (podMode === 'ambient') reason = `pod label ${MODE}=ambient`;
  else if (podMode !== 'none' && nsMode === 'ambient') reason = `namespace label ${MODE}=ambient`;
  if (!reason) return undefined;
  const waypoint = facts.labels['istio.io/use-waypoint'] ?? ns?.labels['istio.io/use-waypoint'];
  return { dataplane: 'ambient', reason, hbone: true, waypoint: waypoint && waypoint !== '#none' ? waypoint : undefined };
}
