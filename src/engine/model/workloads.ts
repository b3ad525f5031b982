/**
 * Workloads: what the model reads from a pod template (labels, annotations, ports, probes, the service account, the
 * sidecar annotations), sidecar presence, and the declared calls with what their hosts name.
 * @internal
 */
import { CALLS_ANNOTATION } from '../vocabulary';
import { K8sObject, ResourceRef } from '../types';
import { isObject, stringMap, stringValue, toPort } from '../values';
import { CallTarget, ContainerPort, DeclaredCall, NamespaceModel, Probe, ServiceEntryModel, ServiceModel, Workload } from './records';
import { isKubeApiHost, resolveHost } from './hosts';
import { dataplaneOf } from './dataplane';

/**
 * A workload as its reader leaves it: the dataplane and the calls are set by buildModel once Namespaces and Services
 * are read.
 */
export type WorkloadDraft = { -readonly [K in keyof Workload]: Workload[K] } & {
  /** The calls annotation as written (the workload's own, else its pod template's). */
  callsValue?: string;
  /** The pod spec and whether the object is an admitted Pod, for the dataplane decision. */
  podSpec?: K8sObject;
  admittedPod?: boolean;
};

const PROBE_FIELDS: ReadonlyArray<readonly [Probe['kind'], string]> = [['liveness', 'livenessProbe'], ['readiness', 'readinessProbe'], ['startup', 'startupProbe']];

/**
 * The object holding a workload's pod `metadata` and `spec`: the Pod itself, or the `template` of a controller's spec
 * (a CronJob's job template's). Undefined when there is none.
 */
function podTemplateOf(obj: K8sObject): K8sObject | undefined {
  if (obj.kind === 'Pod') return obj;
  let spec = obj.spec;
  if (obj.kind === 'CronJob') spec = isObject(spec) && isObject(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
  return isObject(spec) && isObject(spec.template) ? spec.template : undefined;
}

function probeOf(kind: Probe['kind'], container: string, pr: K8sObject): Probe {
  if (isObject(pr.httpGet)) {
    const scheme = typeof pr.httpGet.scheme === 'string' ? pr.httpGet.scheme.toUpperCase() : 'HTTP';
    return { kind, container, type: 'http', scheme, port: toPort(pr.httpGet.port) ?? pr.httpGet.port };
  }
  if (isObject(pr.tcpSocket)) return { kind, container, type: 'tcp', port: toPort(pr.tcpSocket.port) ?? pr.tcpSocket.port };
  if (isObject(pr.grpc)) return { kind, container, type: 'grpc', port: toPort(pr.grpc.port) };
  return { kind, container, type: 'exec' };
}

/** The ports of a workload without the annotation: one shared set, which no reader changes (it is read-only). */
const NO_PORTS: ReadonlySet<number> = new Set<number>();

/** Ports of an annotation such as `traffic.sidecar.istio.io/excludeInboundPorts` ("8080,9090"). */
function portSet(v: string | undefined): ReadonlySet<number> {
  if (!v) return NO_PORTS;
  const s = new Set<number>();
  for (const p of v.split(',')) {
    const n = toPort(p.trim());
    if (n !== undefined) s.add(n);
  }
  return s;
}

/** A workload's record from its pod template; undefined for a workload kind without one. */
export function readWorkload(obj: K8sObject, ref: ResourceRef, index: number, namespace: string): WorkloadDraft | undefined {
  const tpl = podTemplateOf(obj);
  if (!tpl) return undefined;
  const meta = isObject(tpl.metadata) ? tpl.metadata : {};
  const spec = isObject(tpl.spec) ? tpl.spec : {};
  const podLabels = stringMap(meta.labels);
  const podAnnotations = stringMap(meta.annotations);
  const ports: ContainerPort[] = [];
  const probes: Probe[] = [];
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!isObject(c)) continue;
    for (const p of Array.isArray(c.ports) ? c.ports : []) {
      const n = isObject(p) ? toPort(p.containerPort) : undefined;
      if (n !== undefined) ports.push({ port: n, name: typeof p.name === 'string' ? p.name : undefined });
    }
    for (const [kind, field] of PROBE_FIELDS) {
      if (isObject(c[field])) probes.push(probeOf(kind, typeof c.name === 'string' ? c.name : '', c[field]));
    }
  }
  const own = obj.metadata?.annotations;
  const md = isObject(obj.metadata) ? obj.metadata : {};
  // As istio-iptables reads them (tools/common/config SeparateV4V6): comma-separated CIDRs, not trimmed. '*' is not a
  // CIDR: the injector rejects the pod (pkg/kube/inject/validate.go ValidateExcludeIPRanges), so it bypasses nothing.
  const excludedRanges = podAnnotations['traffic.sidecar.istio.io/excludeOutboundIPRanges']?.split(',') ?? [];
  return {
    ref, obj, index, namespace, name: ref.name, podLabels, podAnnotations,
    dataplane: 'unknown', dataplaneReason: '', sidecar: undefined, hbone: false, waypoint: undefined,
    ports, probes,
    excludeInboundPorts: portSet(podAnnotations['traffic.sidecar.istio.io/excludeInboundPorts']),
    excludeOutboundPorts: portSet(podAnnotations['traffic.sidecar.istio.io/excludeOutboundPorts']),
    outboundBypassed: excludedRanges.includes('0.0.0.0/0') || podAnnotations['traffic.sidecar.istio.io/includeOutboundIPRanges'] === '',
    rewriteProbes: podAnnotations['sidecar.istio.io/rewriteAppHTTPProbers'] !== 'false',
    serviceAccount: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default',
    calls: [],
    callsValue: (isObject(own) ? stringValue(own[CALLS_ANNOTATION]) : undefined) ?? podAnnotations[CALLS_ANNOTATION],
    podSpec: spec,
    admittedPod: obj.kind === 'Pod' && (md.uid !== undefined || md.creationTimestamp !== undefined || obj.status !== undefined),
  };
}

/**
 * Sidecar presence of pods with these labels and annotations in a namespace, by the injection decision alone (for
 * Services without workloads in the input): true, false (ambient or none), or undefined when the input does not say.
 */
export function sidecarOf(
  podLabels: Record<string, string>, podAnnotations: Record<string, string>, ns: NamespaceModel | undefined, namespaceName: string,
): boolean | undefined {
  const d = dataplaneOf({ namespace: namespaceName, labels: podLabels, annotations: podAnnotations, spec: {}, admittedPod: false }, ns, false);
  return d.dataplane === 'unknown' ? undefined : d.dataplane === 'sidecar';
}

/** Sets a workload's dataplane once its Namespace is known. */
export function settleDataplane(w: WorkloadDraft, ns: NamespaceModel | undefined, sidecarHbone: boolean): void {
  const d = dataplaneOf({ namespace: w.namespace, labels: w.podLabels, annotations: w.podAnnotations, spec: w.podSpec ?? {}, admittedPod: w.admittedPod ?? false }, ns, sidecarHbone);
  w.dataplane = d.dataplane;
  w.dataplaneReason = d.reason;
  w.sidecar = d.dataplane === 'unknown' ? undefined : d.dataplane === 'sidecar';
  w.hbone = d.hbone;
  w.waypoint = d.waypoint;
}

/** What the model knows when it resolves the host of a declared call. */
export interface CallTargets {
  readonly clusterDomain: string;
  /** The Service behind a host as a client in a namespace writes it. */
  lookup(host: string, clientNs: string): ServiceModel | undefined;
  readonly externalHosts: ReadonlyMap<string, ServiceEntryModel>;
}

/**
 * The calls of an annotation value: `host[:port]` items separated by commas or whitespace (a trailing `:<digits>` is
 * the port; anything else stays part of the host), each with what its host names from namespace `ns`.
 */
export function declaredCalls(value: string | undefined, ns: string, targets: CallTargets): DeclaredCall[] {
  const calls: DeclaredCall[] = [];
  for (const item of value ? value.split(/[,\s]+/) : []) {
    if (item === '') continue;
    const m = /^(.*):([0-9]+)$/.exec(item);
    const host = m ? m[1] : item;
    const target = callTarget(host, ns, targets);
    calls.push({ host, port: m ? Number(m[2]) : undefined, target, service: target.kind === 'service' ? target.service : undefined });
  }
  return calls;
}

function callTarget(host: string, ns: string, targets: CallTargets): CallTarget {
  const service = targets.lookup(host, ns);
  if (service) return { kind: 'service', service };
  if (isKubeApiHost(host, targets.clusterDomain)) return { kind: 'kube-apiserver' };
  const serviceEntry = targets.externalHosts.get(host) ?? targets.externalHosts.get(resolveHost(host, ns, targets.clusterDomain));
  return serviceEntry ? { kind: 'service-entry', serviceEntry } : { kind: 'unknown' };
}
