/**
 * One reader per kind the model reads (the {@link READERS} table, keyed by vocabulary.ts's MODEL_KINDS): each turns
 * one input object into its record and adds it to the model's lists. Readers never throw on malformed objects: what
 * cannot be read is left out (field rules report it).
 * @internal
 */
import { ModelKind, WAYPOINT_CLASS } from '../vocabulary';
import { K8sObject, ResourceRef } from '../types';
import { isObject, stringMap, timestampOf, toPort } from '../values';
import {
  AuthzPolicy, AuthzRule, ClientTls, DestinationRuleModel, Located, NamespaceModel, PeerPolicy, SERVER_MODES, ServerMode,
  ServiceEntryModel, ServiceModel, ServicePort, TrafficTls, WaypointModel, WebhookRef,
} from './records';
import { resolveHost, serviceFqdn } from './hosts';
import { WorkloadDraft, readWorkload } from './workloads';
import { VirtualServiceModel, virtualServiceRoutes } from './virtual-services';

/** What a reader is given: the object, its identity and position, and the options it needs. */
export interface ReaderInput {
  readonly obj: K8sObject;
  readonly ref: ResourceRef;
  readonly index: number;
  /** `metadata.namespace`, or `default` when it has none. */
  readonly namespace: string;
  /** `spec`, or `{}` when it is not an object. */
  readonly spec: K8sObject;
  readonly rootNamespace: string;
  readonly clusterDomain: string;
}

/** The model's lists as the readers fill them, in input order. */
export interface ModelParts {
  readonly namespaces: Map<string, NamespaceModel>;
  readonly peerPolicies: PeerPolicy[];
  readonly destinationRules: DestinationRuleModel[];
  readonly workloads: WorkloadDraft[];
  readonly services: ServiceModel[];
  readonly serviceEntries: ServiceEntryModel[];
  readonly webhooks: WebhookRef[];
  readonly authorizationPolicies: AuthzPolicy[];
  readonly waypoints: WaypointModel[];
  readonly virtualServices: VirtualServiceModel[];
  hasLegacy: boolean;
}

/** Reads one object into `parts`; returns its record, or undefined when the object has none (e.g. no pod template). */
export type Reader = (input: ReaderInput, parts: ModelParts) => Located | undefined;

function serverMode(x: unknown): ServerMode {
  return typeof x === 'string' && SERVER_MODES.includes(x) ? (x as ServerMode) : 'UNSET';
}

/** security.istio.io PeerAuthentication: scope from namespace and selector, mode, port-level modes. */
const readPeerAuthentication: Reader = ({ obj, ref, index, namespace, spec, rootNamespace }, parts) => {
  const selector = isObject(spec.selector) ? stringMap(spec.selector.matchLabels) : undefined;
  const hasSelector = !!selector && Object.keys(selector).length > 0;
  const portModes = new Map<number, ServerMode>();
  if (isObject(spec.portLevelMtls)) {
    for (const [key, level] of Object.entries(spec.portLevelMtls)) {
      const port = toPort(key);
      if (port !== undefined && isObject(level)) portModes.set(port, serverMode(level.mode));
    }
  }
  const scope: PeerPolicy['scope'] = namespace === rootNamespace ? (hasSelector ? 'ignored' : 'mesh') : (hasSelector ? 'workload' : 'namespace');
  const record: PeerPolicy = {
    ref, obj, index, legacy: false, namespace, scope, selector: hasSelector ? selector : undefined,
    mode: isObject(spec.mtls) ? serverMode(spec.mtls.mode) : 'UNSET', portModes, created: timestampOf(obj.metadata?.creationTimestamp),
  };
  parts.peerPolicies.push(record);
  return record;
};

/**
 * authentication.istio.io/v1alpha1 MeshPolicy and Policy (Istio <= 1.5): no `peers` = plaintext, `peers[].mtls` =
 * STRICT unless its mode is PERMISSIVE; `targets` name Services (optionally ports); only the name `default` counts
 * for mesh-wide and namespace-wide policies.
 */
const readLegacyPolicy: Reader = ({ obj, ref, index, namespace, spec }, parts) => {
  parts.hasLegacy = true;
  let mode: ServerMode = 'DISABLE';
  const peer = Array.isArray(spec.peers) ? spec.peers.find((p: unknown) => isObject(p) && 'mtls' in p) : undefined;
  if (peer) mode = isObject(peer.mtls) && peer.mtls.mode === 'PERMISSIVE' ? 'PERMISSIVE' : 'STRICT';
  const targets: Array<{ name: string; ports?: Array<number | string> }> = [];
  for (const t of Array.isArray(spec.targets) ? spec.targets : []) {
    if (!isObject(t) || typeof t.name !== 'string') continue;
    let ports: Array<number | string> | undefined;
    if (Array.isArray(t.ports)) {
      ports = [];
      for (const p of t.ports) {
        if (!isObject(p)) continue;
        const n = toPort(p.number);
        if (n !== undefined) ports.push(n);
        else if (typeof p.name === 'string') ports.push(p.name);
      }
    }
    targets.push({ name: t.name, ports });
  }
  let scope: PeerPolicy['scope'];
  if (ref.kind === 'MeshPolicy') scope = ref.name === 'default' ? 'mesh' : 'ignored';
  else if (targets.length > 0) scope = 'workload';
  else scope = ref.name === 'default' ? 'namespace' : 'ignored';
  const record: PeerPolicy = {
    ref, obj, index, legacy: true, namespace: ref.kind === 'MeshPolicy' ? '' : namespace, scope,
    targets: targets.length > 0 ? targets : undefined, mode, portModes: new Map(), created: timestampOf(obj.metadata?.creationTimestamp),
  };
  parts.peerPolicies.push(record);
  return record;
};

function tlsOf(x: unknown): ClientTls | undefined {
  if (!isObject(x)) return undefined;
  return { mode: typeof x.mode === 'string' ? x.mode : undefined, fields: x };
}

/** A trafficPolicy's tls, top level and per port (Istio takes the first portLevelSettings entry of a port). */
function trafficTls(tp: unknown): TrafficTls {
  const portTls = new Map<number, ClientTls>();
  const portLevel = new Set<number>();
  if (!isObject(tp)) return { portTls, portLevel };
  for (const s of Array.isArray(tp.portLevelSettings) ? tp.portLevelSettings : []) {
    if (!isObject(s) || !isObject(s.port)) continue;
    const n = toPort(s.port.number);
    if (n === undefined || portLevel.has(n)) continue;
    portLevel.add(n);
    const t = tlsOf(s.tls);
    if (t) portTls.set(n, t);
  }
  return { tls: tlsOf(tp.tls), portTls, portLevel };
}

/** networking.istio.io DestinationRule: host as an FQDN, exportTo, workload selector, tls per level and subset. */
const readDestinationRule: Reader = ({ obj, ref, index, namespace, spec, clusterDomain }, parts) => {
  const rawHost = typeof spec.host === 'string' ? spec.host : '';
  const subsets = (Array.isArray(spec.subsets) ? spec.subsets : []).filter(isObject).map((s: K8sObject) => ({
    name: typeof s.name === 'string' ? s.name : '', labels: isObject(s.labels) ? stringMap(s.labels) : undefined, policy: trafficTls(s.trafficPolicy),
  }));
  const record: DestinationRuleModel = {
    ref, obj, index, namespace, rawHost, host: rawHost ? resolveHost(rawHost, namespace, clusterDomain) : '',
    exportTo: Array.isArray(spec.exportTo) ? spec.exportTo.filter((x: unknown) => typeof x === 'string') : undefined,
    workloadSelector: isObject(spec.workloadSelector) ? stringMap(spec.workloadSelector.matchLabels) : undefined,
    policy: trafficTls(spec.trafficPolicy), hasTrafficPolicy: isObject(spec.trafficPolicy), subsets,
  };
  parts.destinationRules.push(record);
  return record;
};

/** networking.istio.io ServiceEntry: hosts, location (anything but MESH_INTERNAL is external), ports. */
const readServiceEntry: Reader = ({ obj, ref, index, namespace, spec }, parts) => {
  const hosts = Array.isArray(spec.hosts) ? spec.hosts.filter((h: unknown): h is string => typeof h === 'string') : [];
  const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isObject).map((p: K8sObject) => ({
    number: toPort(p.number) ?? 0, protocol: typeof p.protocol === 'string' ? p.protocol : undefined, name: typeof p.name === 'string' ? p.name : undefined,
  }));
  const record: ServiceEntryModel = { ref, obj, index, namespace, hosts, external: spec.location !== 'MESH_INTERNAL', ports };
  parts.serviceEntries.push(record);
  return record;
};

/**
 * AuthorizationPolicy source fields that need mTLS (api security/v1beta1/authorization_policy.proto: "This field
 * requires mTLS enabled"): principals and namespaces, serviceAccounts (1.25), trustDomains (1.31), each with its `not`
 * form; and the `when` keys source.principal and source.namespace (ISTIO-SECURITY-2021-004).
 */
const IDENTITY_FIELDS = ['principals', 'namespaces', 'serviceAccounts', 'trustDomains'];
const NEGATED_IDENTITY_FIELDS = ['notPrincipals', 'notNamespaces', 'notServiceAccounts', 'notTrustDomains'];
const IDENTITY_CONDITIONS = ['source.principal', 'source.namespace'];

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/**
 * What ztunnel cannot enforce (istio.io docs/ambient/migrate/migrate-policies, "L7 policies": HTTP methods, paths,
 * headers; api security/v1beta1/authorization_policy.proto marks hosts, methods, paths, requestPrincipals and
 * remoteIpBlocks as HTTP-only): source and operation fields, and `when` keys under `request.` and `experimental.`.
 */
const L7_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals', 'remoteIpBlocks', 'notRemoteIpBlocks'];
const L7_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const stringsOf = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** A rule's sources and ports as far as they decide on the caller's principal; anything else makes it undecided. */
function authzRule(r: K8sObject): AuthzRule {
  let other = Array.isArray(r.when) && r.when.length > 0;
  const sources: Array<{ principals?: string[]; notPrincipals?: string[] }> = [];
  for (const f of Array.isArray(r.from) ? r.from : []) {
    const src = isObject(f) && isObject(f.source) ? f.source : {};
    if (Object.keys(src).some((k) => k !== 'principals' && k !== 'notPrincipals')) other = true;
    sources.push({ principals: stringsOf(src.principals), notPrincipals: stringsOf(src.notPrincipals) });
  }
  const ports: number[] = [];
  for (const t of Array.isArray(r.to) ? r.to : []) {
    const o = isObject(t) && isObject(t.operation) ? t.operation : {};
    if (Object.keys(o).some((k) => k !== 'ports')) other = true;
    for (const p of Array.isArray(o.ports) ? o.ports : []) {
      const n = toPort(p);
      if (n !== undefined) ports.push(n); else other = true;
    }
  }
  return { sources, ports, other };
}

/**
 * security.istio.io AuthorizationPolicy: whether its rules match on peer identity, the ports they name, the L7
 * attributes they use, its targetRefs, and its rules as far as a caller's principal decides them.
 */
const readAuthorizationPolicy: Reader = ({ obj, ref, index, namespace, spec }, parts) => {
  const ports: number[] = [];
  const positive = new Set<string>();
  const negative = new Set<string>();
  const l7 = new Set<string>();
  const rules: AuthzRule[] = [];
  for (const r of Array.isArray(spec.rules) ? spec.rules : []) {
    if (!isObject(r)) continue;
    rules.push(authzRule(r));
    for (const f of Array.isArray(r.from) ? r.from : []) {
      const s = isObject(f) ? f.source : undefined;
      if (!isObject(s)) continue;
      for (const k of IDENTITY_FIELDS) if (nonEmpty(s[k])) positive.add(`source.${k}`);
      for (const k of NEGATED_IDENTITY_FIELDS) if (nonEmpty(s[k])) negative.add(`source.${k}`);
      for (const k of L7_SOURCE_FIELDS) if (nonEmpty(s[k])) l7.add(`from.source.${k}`);
    }
    for (const c of Array.isArray(r.when) ? r.when : []) {
      if (!isObject(c) || typeof c.key !== 'string') continue;
      if (/^(request|experimental)\./.test(c.key)) l7.add(`when ${c.key}`);
      if (!IDENTITY_CONDITIONS.includes(c.key)) continue;
      if (nonEmpty(c.values)) positive.add(`when ${c.key}`);
      if (nonEmpty(c.notValues)) negative.add(`when ${c.key} notValues`);
    }
    for (const t of Array.isArray(r.to) ? r.to : []) {
      const o = isObject(t) ? t.operation : undefined;
      if (!isObject(o)) continue;
      for (const k of L7_OPERATION_FIELDS) if (nonEmpty(o[k])) l7.add(`to.operation.${k}`);
      if (!Array.isArray(o.ports)) continue;
      for (const p of o.ports) {
        const n = toPort(p);
        if (n !== undefined) ports.push(n);
      }
    }
  }
  const refs = [...(Array.isArray(spec.targetRefs) ? spec.targetRefs : []), ...(isObject(spec.targetRef) ? [spec.targetRef] : [])]
    .filter(isObject).map((t: K8sObject) => ({ kind: typeof t.kind === 'string' ? t.kind : '', group: typeof t.group === 'string' ? t.group : '', name: typeof t.name === 'string' ? t.name : '' }));
  const record: AuthzPolicy = {
    ref, obj, index, namespace, selector: isObject(spec.selector) ? stringMap(spec.selector.matchLabels) : undefined,
    usesIdentity: positive.size > 0 || negative.size > 0, action: typeof spec.action === 'string' ? spec.action : 'ALLOW',
    identityFields: [...positive], negatedIdentityFields: [...negative], ports, l7Fields: [...l7], targetRefs: refs, rules,
  };
  parts.authorizationPolicies.push(record);
  return record;
};

/** gateway.networking.k8s.io Gateway: a waypoint when its class is istio-waypoint; other Gateways are not read. */
const readGateway: Reader = ({ obj, ref, index, namespace, spec }, parts) => {
  if (spec.gatewayClassName !== WAYPOINT_CLASS) return undefined;
  const record: WaypointModel = { ref, obj, index, namespace, name: ref.name, serviceAccount: ref.name };
  parts.waypoints.push(record);
  return record;
};

/** `istio.io/use-waypoint` on a Service (istio.io docs/ambient/usage/waypoint): a name, or `#none` to opt out. */
function waypointLabel(labels: Record<string, string>): { useWaypoint?: string; waypointOptOut?: boolean } {
  const v = labels['istio.io/use-waypoint'];
  if (v === undefined) return {};
  return v === '#none' ? { waypointOptOut: true } : { useWaypoint: v };
}

/** v1 Service: FQDN, selector, ports (with target ports), headless, ExternalName. */
const readService: Reader = ({ obj, ref, index, namespace, spec, clusterDomain }, parts) => {
  const ports: ServicePort[] = [];
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObject(p)) continue;
    const port = toPort(p.port);
    if (port === undefined) continue;
    const targetPort = p.targetPort === undefined ? undefined : (toPort(p.targetPort) ?? (typeof p.targetPort === 'string' ? p.targetPort : undefined));
    ports.push({
      port, name: typeof p.name === 'string' ? p.name : undefined, protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP',
      targetPort, appProtocol: typeof p.appProtocol === 'string' ? p.appProtocol : undefined,
    });
  }
  const record: ServiceModel = {
    ref, obj, index, namespace, name: ref.name, host: serviceFqdn(ref.name, namespace, clusterDomain),
    selector: isObject(spec.selector) ? stringMap(spec.selector) : undefined, ports,
    headless: spec.clusterIP === 'None', externalName: spec.type === 'ExternalName' && typeof spec.externalName === 'string' ? spec.externalName : undefined,
    ...waypointLabel(stringMap(obj.metadata?.labels)),
  };
  parts.services.push(record);
  return record;
};

/** v1 Namespace: its labels (injection, revision). */
const readNamespace: Reader = ({ obj, ref, index }, parts) => {
  const record: NamespaceModel = { ref, obj, index, name: ref.name, labels: stringMap(obj.metadata?.labels) };
  parts.namespaces.set(ref.name, record);
  return record;
};

/** admissionregistration.k8s.io webhook configurations: the in-cluster Services the kube-apiserver calls. */
const readWebhookConfiguration: Reader = ({ obj, ref, index }, parts) => {
  for (const w of Array.isArray(obj.webhooks) ? obj.webhooks : []) {
    if (!isObject(w) || !isObject(w.clientConfig) || !isObject(w.clientConfig.service)) continue;
    const s = w.clientConfig.service;
    if (typeof s.name !== 'string') continue;
    parts.webhooks.push({
      ref, obj, index, serviceNamespace: typeof s.namespace === 'string' ? s.namespace : 'default', serviceName: s.name,
      port: toPort(s.port) ?? 443, webhookName: typeof w.name === 'string' ? w.name : '',
    });
  }
  return undefined;
};

/** A workload kind: its pod template (sidecar and calls are settled once every Namespace and Service is read). */
const readWorkloadKind: Reader = ({ obj, ref, index, namespace }, parts) => {
  const w = readWorkload(obj, ref, index, namespace);
  if (w) parts.workloads.push(w);
  return w;
};

/** The reader of each kind the model reads. */
/** networking.istio.io VirtualService: hosts and the ports its routes send from and to (virtual-services.ts). */
const readVirtualService: Reader = ({ obj, ref, index, namespace, spec }, parts) => {
  const hosts = Array.isArray(spec.hosts) ? spec.hosts.filter((h: unknown): h is string => typeof h === 'string') : [];
  const record: VirtualServiceModel = { ref, obj, index, namespace, hosts, routes: virtualServiceRoutes(spec) };
  parts.virtualServices.push(record);
  return record;
};

export const READERS: Readonly<Record<ModelKind, Reader>> = {
  VirtualService: readVirtualService,
  PeerAuthentication: readPeerAuthentication,
  AuthorizationPolicy: readAuthorizationPolicy,
  MeshPolicy: readLegacyPolicy,
  Policy: readLegacyPolicy,
  DestinationRule: readDestinationRule,
  ServiceEntry: readServiceEntry,
  Service: readService,
  Namespace: readNamespace,
  ValidatingWebhookConfiguration: readWebhookConfiguration,
  MutatingWebhookConfiguration: readWebhookConfiguration,
  Gateway: readGateway,
  Deployment: readWorkloadKind,
  StatefulSet: readWorkloadKind,
  DaemonSet: readWorkloadKind,
  ReplicaSet: readWorkloadKind,
  Job: readWorkloadKind,
  CronJob: readWorkloadKind,
  Pod: readWorkloadKind,
  ReplicationController: readWorkloadKind,
  DeploymentConfig: readWorkloadKind,
};
