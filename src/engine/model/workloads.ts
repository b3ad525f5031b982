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

/** A workload as its reader leaves it: `sidecar` and `calls` are set by buildModel once Namespaces and Services are read. */
export type WorkloadDraft = { -readonly [K in keyof Workload]: Workload[K] } & {
  /** The calls annotation as written (the workload's own, else its pod template's). */
  callsValue?: string;
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

/** Ports of an annotation such as `traffic.sidecar.istio.io/excludeInboundPorts` ("8080,9090"). */
function portSet(v: string | undefined): ReadonlySet<number> {
  const s = new Set<number>();
  for (const p of v ? v.split(',') : []) {
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
  return {
    ref, obj, index, namespace, name: ref.name, podLabels, podAnnotations,
    sidecar: undefined,
    ports, probes,
    excludeInboundPorts: portSet(podAnnotations['traffic.sidecar.istio.io/excludeInboundPorts']),
    rewriteProbes: podAnnotations['sidecar.istio.io/rewriteAppHTTPProbers'] !== 'false',
    serviceAccount: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default',
    calls: [],
    callsValue: (isObject(own) ? stringValue(own[CALLS_ANNOTATION]) : undefined) ?? podAnnotations[CALLS_ANNOTATION],
  };
}

/** Sidecar presence as the input tells it (undefined when it does not). */
export function sidecarOf(
  podLabels: Record<string, string>, podAnnotations: Record<string, string>, ns: NamespaceModel | undefined, namespaceName: string,
): boolean | undefined {
  const explicit = podLabels['sidecar.istio.io/inject'] ?? podAnnotations['sidecar.istio.io/inject'];
  if (explicit === 'false') return false;
  if (namespaceName === 'kube-system') return false;
  if (ns) {
    const inj = ns.labels['istio-injection'];
    if (inj === 'disabled') return false;
    if (explicit === 'true') return true;
    if (inj === 'enabled' || ns.labels['istio.io/rev'] !== undefined) return true;
    return false;
  }
  if (explicit === 'true') return true;
  return undefined;
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
