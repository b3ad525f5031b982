/**
 * Normalizes every API version we support into one model of the mesh.
 *
 * PeerAuthentication security.istio.io/v1 + v1beta1, legacy authentication.istio.io/v1alpha1 MeshPolicy and
 * Policy, DestinationRule networking.istio.io/v1 + v1beta1 + v1alpha3, and the topology objects (Namespaces,
 * workloads, Services, ServiceEntries, webhook configurations, AuthorizationPolicies).
 *
 * Everything is indexed (by namespace, by host, by label) so rules stay linear in the number of objects.
 * @internal
 */
import { AnalyzeOptions, K8sObject, ResourceRef, ResolvedOptions } from './types';

/** Server-side (PeerAuthentication) modes. */
export type ServerMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';
/** Client-side (DestinationRule) TLS modes. */
export type TlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export const SERVER_MODES: readonly string[] = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];
export const TLS_MODES: readonly string[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

/** Annotation on a workload that declares the hosts it calls: `host[:port][,host[:port]...]`. */
export const CALLS_ANNOTATION = 'istio-mtls.cdk8s.io/calls';

export interface Located {
  readonly ref: ResourceRef;
  readonly obj: K8sObject;
  /** Position in the input, for stable "oldest wins" tie-breaks. */
  readonly index: number;
}

export interface PeerPolicy extends Located {
  readonly legacy: boolean;
  readonly namespace: string;
  /** mesh: root namespace / MeshPolicy; namespace: no selector; workload: selector or legacy targets. */
  readonly scope: 'mesh' | 'namespace' | 'workload' | 'ignored';
  readonly selector?: Record<string, string>;
  /** Legacy `targets`: service names and optional service ports (numbers or names). */
  readonly targets?: ReadonlyArray<{ name: string; ports?: Array<number | string> }>;
  readonly mode: ServerMode;
  /** Port-level modes (container ports). */
  readonly portModes: ReadonlyMap<number, ServerMode>;
  readonly created?: string;
}

export interface ClientTls {
  readonly mode?: string;
  readonly fields: K8sObject;
}

export interface TrafficTls {
  /** Top-level tls, undefined when absent. */
  readonly tls?: ClientTls;
  /** portLevelSettings tls by port number (entries without tls are absent). */
  readonly portTls: ReadonlyMap<number, ClientTls>;
  /**
   * Every port with a portLevelSettings entry, with or without tls. An entry without tls means no tls on that port:
   * port-level settings do not inherit the top-level tls (istio@86c9f01 pilot/pkg/networking/util/util.go
   * GetPortLevelTrafficPolicy).
   */
  readonly portLevel: ReadonlySet<number>;
}

export interface DestinationRuleModel extends Located {
  readonly namespace: string;
  readonly rawHost: string;
  /** Host resolved to an FQDN (short names expanded in the DR's namespace). */
  readonly host: string;
  readonly exportTo?: readonly string[];
  readonly workloadSelector?: Record<string, string>;
  readonly policy: TrafficTls;
  readonly hasTrafficPolicy: boolean;
  readonly subsets: ReadonlyArray<{ name: string; labels?: Record<string, string>; policy: TrafficTls }>;
}

export interface ContainerPort { readonly port: number; readonly name?: string }

export interface Probe {
  readonly kind: 'liveness' | 'readiness' | 'startup';
  readonly container: string;
  readonly scheme?: string;
  readonly port?: number | string;
  readonly type: 'http' | 'tcp' | 'grpc' | 'exec';
}

export interface Workload extends Located {
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  /** true/false when the input says, undefined when unknown. */
  readonly sidecar: boolean | undefined;
  readonly ports: readonly ContainerPort[];
  readonly probes: readonly Probe[];
  readonly excludeInboundPorts: ReadonlySet<number>;
  readonly rewriteProbes: boolean;
  readonly serviceAccount: string;
  /** Declared calls: host (as written), optional port, and the Service the host names from this namespace. */
  readonly calls: readonly DeclaredCall[];
}

export interface DeclaredCall {
  readonly host: string;
  readonly port?: number;
  /** The Service behind the host as this workload's namespace reads it (undefined: none in the input). */
  readonly service?: ServiceModel;
}

export interface ServicePort {
  readonly port: number;
  readonly name?: string;
  readonly targetPort?: number | string;
  readonly appProtocol?: string;
}

export interface ServiceModel extends Located {
  /** Position in `MeshModel.services`: lets analyses keep per-Service state in arrays. */
  readonly ordinal: number;
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly selector?: Record<string, string>;
  readonly ports: readonly ServicePort[];
  readonly headless: boolean;
  readonly externalName?: string;
}

export interface ServiceEntryModel extends Located {
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly external: boolean;
  readonly ports: ReadonlyArray<{ number: number; protocol?: string; name?: string }>;
}

export interface WebhookRef extends Located {
  readonly serviceNamespace: string;
  readonly serviceName: string;
  readonly port: number;
  readonly webhookName: string;
}

export interface AuthzPolicy extends Located {
  readonly namespace: string;
  readonly selector?: Record<string, string>;
  readonly usesIdentity: boolean;
  readonly ports: readonly number[];
}

export interface NamespaceModel extends Located {
  readonly name: string;
  readonly labels: Record<string, string>;
}

export interface MeshModel {
  readonly options: ResolvedOptions;
  readonly objects: readonly Located[];
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  readonly peerPolicies: readonly PeerPolicy[];
  readonly destinationRules: readonly DestinationRuleModel[];
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceModel[];
  readonly serviceEntries: readonly ServiceEntryModel[];
  readonly webhooks: readonly WebhookRef[];
  readonly authorizationPolicies: readonly AuthzPolicy[];
  /** Indexes. */
  readonly workloadsByNamespace: ReadonlyMap<string, Workload[]>;
  readonly servicesByHost: ReadonlyMap<string, ServiceModel>;
  readonly servicesByNamespace: ReadonlyMap<string, ServiceModel[]>;
  /** Finds the Service behind a host as a client in a namespace writes it. */
  readonly serviceDirectory: ServiceDirectory;
  readonly drsByNamespace: ReadonlyMap<string, DestinationRuleModel[]>;
  readonly peerByNamespace: ReadonlyMap<string, PeerPolicy[]>;
  readonly meshPolicies: readonly PeerPolicy[];
  readonly externalHosts: ReadonlyMap<string, ServiceEntryModel>;
  /** Whether any legacy (v1alpha1) authentication policy is present. */
  readonly hasLegacy: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

export function isObject(x: unknown): x is K8sObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** A label or annotation value as stringMap reads it: strings as they are, numbers and booleans as text. */
function stringValue(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The labels (or annotations) of an object that has none: shared, frozen. */
const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function stringMap(x: unknown): Record<string, string> {
  if (!isObject(x)) return NO_LABELS;
  // Labels and annotations are nearly always strings already: share the parsed object instead of copying it (the
  // model never mutates these maps). A copy is made only to convert numbers and booleans or drop other values.
  if (allStrings(x)) return x as Record<string, string>;
  const out: Record<string, string> = {};
  for (const k of Object.keys(x)) {
    const v = stringValue(x[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function allStrings(x: K8sObject): boolean {
  if (Object.getPrototypeOf(x) !== Object.prototype || Object.prototype.hasOwnProperty.call(x, '__proto__')) return false;
  for (const k in x) if (typeof x[k] !== 'string') return false;
  return true;
}

export function refOf(obj: K8sObject): ResourceRef {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  return {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    namespace: typeof md.namespace === 'string' && md.namespace !== '' ? md.namespace : undefined,
    name: typeof md.name === 'string' ? md.name : '',
  };
}

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Whether an apiVersion is in an API group (`<group>/<version>`), without building the group string. */
export function inGroup(apiVersion: string, group: string): boolean {
  return apiVersion.length > group.length && apiVersion.charCodeAt(group.length) === 47 /* / */ && apiVersion.startsWith(group);
}

/** Whether an object has an own enumerable key (Object.keys(x).length > 0 without the array). */
export function hasKeys(x: object): boolean {
  for (const k in x) if (Object.prototype.hasOwnProperty.call(x, k)) return true;
  return false;
}

/** Parses an integer port from a number or a decimal string; undefined otherwise. */
export function toPort(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (typeof x === 'string' && /^[0-9]+$/.test(x)) return Number(x);
  return undefined;
}

/** True when every label of `selector` is present with the same value in `labels`. Empty selector = false. */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  let any = false;
  // for-in, not Object.keys: no array per call (selectors are plain objects, nothing inherited is enumerable)
  for (const k in selector) {
    any = true;
    if (labels[k] !== selector[k]) return false;
  }
  return any;
}

/** Istio's ResolveShortnameToFQDN: a name without a dot gets `.<ns>.svc.<domain>` appended. */
export function resolveHost(host: string, namespace: string, domain: string): string {
  if (host === '*' || host.includes('.') || /^[0-9.:]+$/.test(host)) return host.replace(/\.$/, '');
  return serviceFqdn(host, namespace, domain);
}

/**
 * `name.namespace.svc.<domain>` as one flat string. A template literal builds a tree of concatenations that stays in
 * memory with every Service (three extra objects each) and makes every comparison of the host walk the tree.
 */
export function serviceFqdn(name: string, namespace: string, domain: string): string {
  return [name, namespace, 'svc', domain].join('.');
}

/** Whether a DR host (possibly wildcard) matches a concrete FQDN. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1));
  return false;
}

/** Specificity of a host pattern: exact hosts beat wildcards, longer wildcards beat shorter. */
export function hostSpecificity(pattern: string): number {
  return pattern.startsWith('*') ? pattern.length : 100000 + pattern.length;
}

function normalizeServerMode(x: unknown): ServerMode {
  if (typeof x === 'string' && SERVER_MODES.includes(x)) return x as ServerMode;
  return 'UNSET';
}

function tlsOf(x: unknown): ClientTls | undefined {
  if (!isObject(x)) return undefined;
  return { mode: typeof x.mode === 'string' ? x.mode : undefined, fields: x };
}

// Shared by every model object without port-level entries; typed read-only, never mutated.
const NO_PORT_TLS: ReadonlyMap<number, ClientTls> = new Map();
/** No ports: workloads without excluded ports, DestinationRules without port-level settings. */
const NO_PORTS: ReadonlySet<number> = new Set<number>();
const NO_PORT_MODES: ReadonlyMap<number, ServerMode> = new Map();
const NO_TRAFFIC_TLS: TrafficTls = Object.freeze({ portTls: NO_PORT_TLS, portLevel: NO_PORTS });

function trafficTls(tp: unknown): TrafficTls {
  if (!isObject(tp)) return NO_TRAFFIC_TLS;
  if (!Array.isArray(tp.portLevelSettings) || tp.portLevelSettings.length === 0) return { tls: tlsOf(tp.tls), portTls: NO_PORT_TLS, portLevel: NO_PORTS };
  const portTls = new Map<number, ClientTls>();
  const portLevel = new Set<number>();
  for (const s of tp.portLevelSettings) {
    if (!isObject(s) || !isObject(s.port)) continue;
    const n = toPort(s.port.number);
    // Istio takes the first entry for a port, whether or not it has tls.
    if (n === undefined || portLevel.has(n)) continue;
    portLevel.add(n);
    const t = tlsOf(s.tls);
    if (t) portTls.set(n, t);
  }
  return { tls: tlsOf(tp.tls), portTls, portLevel };
}

/**
 * creationTimestamp as a comparable ISO string. js-yaml reads an unquoted timestamp as a Date, and Kubernetes
 * accepts any RFC 3339 offset, so both are normalized; anything unparseable is kept as written.
 */
function timestampOf(x: unknown): string | undefined {
  const d = x instanceof Date ? x : typeof x === 'string' ? new Date(x) : undefined;
  if (d && !Number.isNaN(d.getTime())) return d.toISOString();
  return typeof x === 'string' ? x : undefined;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v); else m.set(k, [v]);
}

/** Workload kinds whose pod template the model reads. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController', 'DeploymentConfig']);

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

const NO_FIELDS: K8sObject = Object.freeze({}) as K8sObject;

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

function parsePortSet(v: string | undefined): ReadonlySet<number> {
  if (!v) return NO_PORTS;
  const s = new Set<number>();
  for (const p of v.split(',')) {
    const n = toPort(p.trim());
    if (n !== undefined) s.add(n);
  }
  return s;
}

const NO_CALLS: readonly DeclaredCall[] = Object.freeze([]);

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The same elements in an array of exactly their size (arrays grown by push keep spare capacity): the model lives
 * as long as the analysis, and every byte of it is copied by the garbage collector while the analysis runs.
 */
export function compact<T>(a: T[]): T[] {
  return a.length === 0 ? (EMPTY as unknown as T[]) : a.slice();
}

/** Appends `x` to `a`, starting with a one-element literal: a literal has exactly the room it needs. */
function append<T>(a: T[] | undefined, x: T): T[] {
  if (!a) return [x];
  a.push(x);
  return a;
}

/** What {@link append} built, at exact size: most lists have one element, already exact; longer ones are compacted. */
function exactSize<T>(a: T[] | undefined): T[] {
  return !a ? (EMPTY as unknown as T[]) : a.length === 1 ? a : compact(a);
}

/** The calls of an annotation value (`host[:port]`, separated by commas or whitespace), each with its Service. */
function declaredCalls(v: string | undefined, directory: ServiceDirectory, ns: string): readonly DeclaredCall[] {
  if (!v) return NO_CALLS;
  // One scan over the value, no intermediate array of items: every workload of a large mesh declares calls. The calls
  // are collected in one reused list and copied out at their exact size (a list grown by push reallocates with spare
  // room: ~280 bytes of garbage per workload with two calls).
  const out = CALLS_SCRATCH;
  out.length = 0;
  const n = v.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSeparator(v.charCodeAt(i))) i++;
    if (i >= n) break;
    let end = i;
    let colon = -1;
    while (end < n && !isSeparator(v.charCodeAt(end))) {
      if (v.charCodeAt(end) === 58 /* : */) colon = end;
      end++;
    }
    // host[:port]: a trailing ':<digits>' is the port; anything else stays part of the host.
    const port = colon >= 0 ? digitsValue(v, colon + 1, end) : undefined;
    const host = v.slice(i, port === undefined ? end : colon);
    out.push({ host, port, service: directory.lookup(host, ns) });
    i = end;
  }
  const calls = out.length === 0 ? NO_CALLS : out.slice();
  out.length = 0; // holds nothing between calls
  return calls;
}

/** The list {@link declaredCalls} collects into (never re-entered: a Service lookup declares no calls). */
const CALLS_SCRATCH: DeclaredCall[] = [];

/** Separators of the calls annotation: commas and whitespace (what `/[,\s]+/` matched). */
function isSeparator(c: number): boolean {
  if (c === 44 /* , */ || c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 128) return false;
  return WHITESPACE.test(String.fromCharCode(c));
}

const WHITESPACE = /\s/;

/** The number written by s[from, to) when it is only decimal digits (at least one); undefined otherwise. */
function digitsValue(s: string, from: number, to: number): number | undefined {
  if (from >= to) return undefined;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    value = value * 10 + (c - 48);
  }
  // Longer than a safe integer: parsed from the text, as Number() did.
  return to - from > 15 ? Number(s.slice(from, to)) : value;
}

/**
 * Finds the Service behind a host as a client writes it: `name` (the client's namespace), `name.namespace`,
 * `name.namespace.svc` and the FQDN. Lookups are cached: a host with a dot names the same Service from every
 * namespace, so one entry serves every client.
 */
export class ServiceDirectory {
  private readonly byName = new Map<string, Map<string, ServiceModel>>();
  /** null: no Service behind the host. */
  private readonly qualified = new Map<string, ServiceModel | null>();

  constructor(
    private readonly byHost: ReadonlyMap<string, ServiceModel>,
    private readonly byNamespace: ReadonlyMap<string, readonly ServiceModel[]>,
    private readonly domain: string,
  ) {}

  /** The Service behind `host` as written by a client in `clientNs` (the first Service of a name wins). */
  public lookup(host: string, clientNs: string): ServiceModel | undefined {
    const dot = host.indexOf('.');
    if (dot < 0) return this.named(clientNs).get(host);
    // name.namespace (what most clients write): two lookups, cheaper than caching each host
    if (host.indexOf('.', dot + 1) < 0) return this.named(host.slice(dot + 1)).get(host.slice(0, dot));
    const cached = this.qualified.get(host);
    if (cached !== undefined) return cached ?? undefined;
    const svc = this.computeQualified(host, clientNs);
    this.qualified.set(host, svc ?? null);
    return svc;
  }

  /** Services of a namespace by name. */
  public named(ns: string): ReadonlyMap<string, ServiceModel> {
    let m = this.byName.get(ns);
    if (!m) {
      m = new Map();
      for (const svc of this.byNamespace.get(ns) ?? []) if (!m.has(svc.name)) m.set(svc.name, svc);
      this.byName.set(ns, m);
    }
    return m;
  }

  private computeQualified(host: string, clientNs: string): ServiceModel | undefined {
    // Two dots or more (lookup() answers the others): the FQDN, or name.namespace.svc.
    const direct = this.byHost.get(resolveHost(host, clientNs, this.domain));
    if (direct) return direct;
    // name.namespace.svc form
    const parts = host.split('.');
    if (parts.length === 3 && parts[2] === 'svc') return this.named(parts[1]).get(parts[0]);
    return undefined;
  }
}

/**
 * A workload's record from its pod template (undefined without one); its calls annotation as written is appended to
 * `callsValues`. `sidecar` and `calls` are left for buildModel to set once every Namespace and Service is known.
 */
function workloadOf(obj: K8sObject, ref: ResourceRef, index: number, callsValues: Array<string | undefined>, shared: SharedPorts): Mutable<Workload> | undefined {
  const tpl = podTemplateOf(obj);
  if (!tpl) return undefined;
  const tMeta = isObject(tpl.metadata) ? tpl.metadata : NO_FIELDS;
  const tSpec = isObject(tpl.spec) ? tpl.spec : NO_FIELDS;
  const ns = ref.namespace ?? 'default';
  const podLabels = stringMap(tMeta.labels);
  const podAnnotations = stringMap(tMeta.annotations);
  const own = obj.metadata?.annotations;
  const ownCalls = isObject(own) ? stringValue(own[CALLS_ANNOTATION]) : undefined;
  let ports: ContainerPort[] | undefined;
  let probes: Probe[] | undefined;
  const containers = Array.isArray(tSpec.containers) ? tSpec.containers : EMPTY;
  for (let ci = 0; ci < containers.length; ci++) {
    const c = containers[ci];
    if (!isObject(c)) continue;
    const cPorts = Array.isArray(c.ports) ? c.ports : EMPTY;
    for (let pi = 0; pi < cPorts.length; pi++) {
      const p = cPorts[pi];
      if (!isObject(p)) continue;
      const n = toPort(p.containerPort);
      if (n !== undefined) ports = append<ContainerPort>(ports, { port: n, name: typeof p.name === 'string' ? p.name : undefined });
    }
    for (let k = 0; k < PROBE_FIELDS.length; k++) {
      const kind = PROBE_FIELDS[k][0];
      const pr = c[PROBE_FIELDS[k][1]];
      if (!isObject(pr)) continue;
      const cname = typeof c.name === 'string' ? c.name : '';
      let probe: Probe;
      if (isObject(pr.httpGet)) probe = { kind, container: cname, type: 'http', scheme: typeof pr.httpGet.scheme === 'string' ? pr.httpGet.scheme.toUpperCase() : 'HTTP', port: toPort(pr.httpGet.port) ?? pr.httpGet.port };
      else if (isObject(pr.tcpSocket)) probe = { kind, container: cname, type: 'tcp', port: toPort(pr.tcpSocket.port) ?? pr.tcpSocket.port };
      else if (isObject(pr.grpc)) probe = { kind, container: cname, type: 'grpc', port: toPort(pr.grpc.port) };
      else probe = { kind, container: cname, type: 'exec' };
      probes = append(probes, probe);
    }
  }
  const rewrite = podAnnotations['sidecar.istio.io/rewriteAppHTTPProbers'];
  const workload: Mutable<Workload> = {
    ref, obj, index, namespace: ns, name: ref.name, podLabels, podAnnotations,
    sidecar: undefined, // set by buildModel once the Namespaces are known
    ports: shared.containerPorts(ports), probes: exactSize(probes),
    excludeInboundPorts: parsePortSet(podAnnotations['traffic.sidecar.istio.io/excludeInboundPorts']),
    rewriteProbes: rewrite !== 'false',
    serviceAccount: typeof tSpec.serviceAccountName === 'string' ? tSpec.serviceAccountName : 'default',
    calls: NO_CALLS, // set by buildModel once the Services are known
  };
  callsValues.push(ownCalls ?? podAnnotations[CALLS_ANNOTATION]);
  return workload;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * One read-only list per distinct single container port (most workloads of a mesh have one, often the same, port):
 * thousands of workloads share a handful of lists instead of holding one list and one port object each. Only
 * container ports are shared; Service ports never are, since analyses key per-Service state by their identity.
 */
class SharedPorts {
  private readonly unnamed = new Map<number, readonly ContainerPort[]>();
  private readonly named = new Map<string, readonly ContainerPort[]>();

  /** `ports` as the model keeps them: shared when there is one, at exact size otherwise. */
  public containerPorts(ports: ContainerPort[] | undefined): readonly ContainerPort[] {
    if (!ports || ports.length !== 1) return exactSize(ports);
    const p = Object.freeze(ports[0]);
    if (p.name === undefined) {
      let list = this.unnamed.get(p.port);
      if (!list) { list = Object.freeze(ports); this.unnamed.set(p.port, list); }
      return list;
    }
    const key = `${p.port}/${p.name}`;
    let list = this.named.get(key);
    if (!list) { list = Object.freeze(ports); this.named.set(key, list); }
    return list;
  }
}

/** Adds a model record to its list and returns it. */
function keep<T extends Located>(list: T[], record: T): T {
  list.push(record);
  return record;
}

/** Builds the mesh model. Never throws on malformed objects: what cannot be read is left out. */
export function buildModel(objects: readonly K8sObject[], opts: { rootNamespace: string; autoMtls?: boolean; clusterDomain: string; migration: boolean }): MeshModel {
  const located: Located[] = [];
  const namespaces = new Map<string, NamespaceModel>();
  let hasLegacy = false;
  const domain = opts.clusterDomain;
  const rootNamespace = opts.rootNamespace;

  const peerPolicies: PeerPolicy[] = [];
  const destinationRules: DestinationRuleModel[] = [];
  const workloads: Array<Mutable<Workload>> = [];
  /** The calls annotation of each workload (aligned with `workloads`), read once the Services are known. */
  const callsValues: Array<string | undefined> = [];
  const sharedPorts = new SharedPorts();
  const services: ServiceModel[] = [];
  const serviceEntries: ServiceEntryModel[] = [];
  const webhooks: WebhookRef[] = [];
  const authorizationPolicies: AuthzPolicy[] = [];

  // One pass, one record per object: the typed record (which is a Located) where the object has one, else a plain
  // Located. Workloads get their sidecar and calls afterwards, once every Namespace and Service has been read.
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    if (!isObject(obj)) continue;
    const ref = refOf(obj);
    const kind = ref.kind;
    if (WORKLOAD_KINDS.has(kind)) {
      const w = workloadOf(obj, ref, index, callsValues, sharedPorts);
      if (w) workloads.push(w);
      located.push(w ?? { ref, obj, index });
      continue;
    }
    if (kind === 'Namespace' && ref.apiVersion === 'v1') {
      const nsModel: NamespaceModel = { ref, obj, index, name: ref.name, labels: stringMap(obj.metadata?.labels) };
      namespaces.set(ref.name, nsModel);
      located.push(nsModel);
      continue;
    }
    if ((kind === 'MeshPolicy' || kind === 'Policy') && inGroup(ref.apiVersion, 'authentication.istio.io')) hasLegacy = true;
    if (kind !== 'PeerAuthentication' && kind !== 'MeshPolicy' && kind !== 'Policy' && kind !== 'DestinationRule' && kind !== 'ServiceEntry'
      && kind !== 'AuthorizationPolicy' && kind !== 'Service' && kind !== 'ValidatingWebhookConfiguration' && kind !== 'MutatingWebhookConfiguration') {
      located.push({ ref, obj, index });
      continue;
    }
    let record: Located | undefined;
    const api = ref.apiVersion;
    const ns = ref.namespace ?? 'default';
    const spec = isObject(obj.spec) ? obj.spec : NO_FIELDS;

    if (kind === 'PeerAuthentication' && inGroup(api, 'security.istio.io')) {
      const selector = isObject(spec.selector) ? stringMap(spec.selector.matchLabels) : undefined;
      const hasSelector = !!selector && hasKeys(selector);
      let portModes = NO_PORT_MODES;
      if (isObject(spec.portLevelMtls)) {
        const modes = new Map<number, ServerMode>();
        const levels = spec.portLevelMtls;
        for (const k of Object.keys(levels)) {
          const n = toPort(k);
          const v = levels[k];
          if (n !== undefined && isObject(v)) modes.set(n, normalizeServerMode(v.mode));
        }
        if (modes.size > 0) portModes = modes;
      }
      let scope: PeerPolicy['scope'];
      if (ns === rootNamespace) scope = hasSelector ? 'ignored' : 'mesh';
      else scope = hasSelector ? 'workload' : 'namespace';
      record = keep(peerPolicies, {
        ref, obj, index, legacy: false, namespace: ns, scope, selector: hasSelector ? selector : undefined,
        mode: isObject(spec.mtls) ? normalizeServerMode(spec.mtls.mode) : 'UNSET', portModes, created: timestampOf(obj.metadata?.creationTimestamp),
      });
    } else if ((kind === 'MeshPolicy' || kind === 'Policy') && inGroup(api, 'authentication.istio.io')) {
      // Legacy: no peers = plaintext; peers[].mtls present = STRICT unless mode PERMISSIVE.
      let mode: ServerMode = 'DISABLE';
      if (Array.isArray(spec.peers)) {
        for (const p of spec.peers) {
          if (isObject(p) && 'mtls' in p) {
            mode = isObject(p.mtls) && p.mtls.mode === 'PERMISSIVE' ? 'PERMISSIVE' : 'STRICT';
            break;
          }
        }
      }
      const targets: Array<{ name: string; ports?: Array<number | string> }> = [];
      if (Array.isArray(spec.targets)) {
        for (const t of spec.targets) {
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
      }
      let scope: PeerPolicy['scope'];
      if (ref.kind === 'MeshPolicy') scope = ref.name === 'default' ? 'mesh' : 'ignored';
      else if (targets.length > 0) scope = 'workload';
      else scope = ref.name === 'default' ? 'namespace' : 'ignored';
      record = keep(peerPolicies, {
        ref, obj, index, legacy: true, namespace: ref.kind === 'MeshPolicy' ? '' : ns, scope,
        targets: targets.length > 0 ? targets : undefined, mode, portModes: NO_PORT_MODES, created: timestampOf(obj.metadata?.creationTimestamp),
      });
    } else if (kind === 'DestinationRule' && inGroup(api, 'networking.istio.io')) {
      const rawHost = typeof spec.host === 'string' ? spec.host : '';
      const subsets: Array<{ name: string; labels?: Record<string, string>; policy: TrafficTls }> = [];
      if (Array.isArray(spec.subsets)) {
        for (const s of spec.subsets) {
          if (!isObject(s)) continue;
          subsets.push({ name: typeof s.name === 'string' ? s.name : '', labels: isObject(s.labels) ? stringMap(s.labels) : undefined, policy: trafficTls(s.trafficPolicy) });
        }
      }
      record = keep(destinationRules, {
        ref, obj, index, namespace: ns, rawHost, host: rawHost ? resolveHost(rawHost, ns, domain) : '',
        exportTo: Array.isArray(spec.exportTo) ? spec.exportTo.filter((x: unknown) => typeof x === 'string') : undefined,
        workloadSelector: isObject(spec.workloadSelector) ? stringMap(spec.workloadSelector.matchLabels) : undefined,
        policy: trafficTls(spec.trafficPolicy), hasTrafficPolicy: isObject(spec.trafficPolicy), subsets,
      });
    } else if (kind === 'ServiceEntry' && inGroup(api, 'networking.istio.io')) {
      const hosts = Array.isArray(spec.hosts) ? spec.hosts.filter((h: unknown): h is string => typeof h === 'string') : [];
      const ports = Array.isArray(spec.ports)
        ? spec.ports.filter(isObject).map((p: K8sObject) => ({ number: toPort(p.number) ?? 0, protocol: typeof p.protocol === 'string' ? p.protocol : undefined, name: typeof p.name === 'string' ? p.name : undefined }))
        : [];
      record = keep(serviceEntries, { ref, obj, index, namespace: ns, hosts, external: spec.location !== 'MESH_INTERNAL', ports });
    } else if (kind === 'AuthorizationPolicy' && inGroup(api, 'security.istio.io')) {
      let usesIdentity = false;
      const ports: number[] = [];
      if (Array.isArray(spec.rules)) {
        for (const r of spec.rules) {
          if (!isObject(r)) continue;
          for (const f of Array.isArray(r.from) ? r.from : []) {
            const s = isObject(f) ? f.source : undefined;
            if (isObject(s) && ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].some((k) => Array.isArray(s[k]) && s[k].length > 0)) usesIdentity = true;
          }
          for (const t of Array.isArray(r.to) ? r.to : []) {
            const o = isObject(t) ? t.operation : undefined;
            if (isObject(o) && Array.isArray(o.ports)) for (const p of o.ports) { const n = toPort(p); if (n !== undefined) ports.push(n); }
          }
        }
      }
      record = keep(authorizationPolicies, { ref, obj, index, namespace: ns, selector: isObject(spec.selector) ? stringMap(spec.selector.matchLabels) : undefined, usesIdentity, ports });
    } else if (ref.apiVersion === 'v1' && ref.kind === 'Service') {
      let ports: ServicePort[] | undefined;
      const specPorts = Array.isArray(spec.ports) ? spec.ports : EMPTY;
      for (let pi = 0; pi < specPorts.length; pi++) {
        const p = specPorts[pi];
        if (!isObject(p)) continue;
        const port = toPort(p.port);
        if (port === undefined) continue;
        const tp = p.targetPort === undefined ? undefined : (toPort(p.targetPort) ?? (typeof p.targetPort === 'string' ? p.targetPort : undefined));
        const sp: ServicePort = { port, name: typeof p.name === 'string' ? p.name : undefined, targetPort: tp, appProtocol: typeof p.appProtocol === 'string' ? p.appProtocol : undefined };
        ports = append(ports, sp);
      }
      record = keep(services, {
        ref, obj, index, ordinal: services.length, namespace: ns, name: ref.name, host: serviceFqdn(ref.name, ns, domain),
        selector: isObject(spec.selector) ? stringMap(spec.selector) : undefined, ports: exactSize(ports),
        headless: spec.clusterIP === 'None', externalName: spec.type === 'ExternalName' && typeof spec.externalName === 'string' ? spec.externalName : undefined,
      });
    } else if ((kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration') && inGroup(api, 'admissionregistration.k8s.io')) {
      for (const w of Array.isArray(obj.webhooks) ? obj.webhooks : []) {
        if (!isObject(w) || !isObject(w.clientConfig) || !isObject(w.clientConfig.service)) continue;
        const s = w.clientConfig.service;
        if (typeof s.name !== 'string') continue;
        webhooks.push({ ref, obj, index, serviceNamespace: typeof s.namespace === 'string' ? s.namespace : 'default', serviceName: s.name, port: toPort(s.port) ?? 443, webhookName: typeof w.name === 'string' ? w.name : '' });
      }
    }
    located.push(record ?? { ref, obj, index });
  }

  const options: ResolvedOptions = {
    rootNamespace,
    clusterDomain: domain,
    migration: opts.migration,
    autoMtls: opts.autoMtls ?? !hasLegacy,
  };

  const servicesByHost = new Map<string, ServiceModel>();
  const servicesByNamespace = new Map<string, ServiceModel[]>();
  for (let i = 0; i < services.length; i++) {
    const s = services[i];
    if (!servicesByHost.has(s.host)) servicesByHost.set(s.host, s);
    push(servicesByNamespace, s.namespace, s);
  }
  const serviceDirectory = new ServiceDirectory(servicesByHost, servicesByNamespace, domain);

  // Workloads: sidecar (needs the Namespaces) and declared calls (need the Services).
  for (let i = 0; i < workloads.length; i++) {
    const w = workloads[i];
    w.sidecar = sidecarOf(w.podLabels, w.podAnnotations, namespaces.get(w.namespace), w.namespace);
    w.calls = declaredCalls(callsValues[i], serviceDirectory, w.namespace);
  }

  const workloadsByNamespace = new Map<string, Workload[]>();
  for (let i = 0; i < workloads.length; i++) push(workloadsByNamespace, workloads[i].namespace, workloads[i]);
  const drsByNamespace = new Map<string, DestinationRuleModel[]>();
  for (let i = 0; i < destinationRules.length; i++) push(drsByNamespace, destinationRules[i].namespace, destinationRules[i]);
  const peerByNamespace = new Map<string, PeerPolicy[]>();
  const meshPolicies: PeerPolicy[] = [];
  for (let i = 0; i < peerPolicies.length; i++) {
    const p = peerPolicies[i];
    if (p.scope === 'mesh') meshPolicies.push(p);
    else push(peerByNamespace, p.namespace, p);
  }
  const externalHosts = new Map<string, ServiceEntryModel>();
  for (const se of serviceEntries) for (const h of se.hosts) if (!externalHosts.has(h)) externalHosts.set(h, se);

  return {
    options, objects: located, namespaces, peerPolicies, destinationRules, workloads, services, serviceEntries, webhooks,
    authorizationPolicies, workloadsByNamespace, servicesByHost, servicesByNamespace, serviceDirectory, drsByNamespace, peerByNamespace,
    meshPolicies, externalHosts, hasLegacy,
  };
}

/** Builds the model with {@link AnalyzeOptions}' defaults filled in (one place for the defaults). */
export function modelOf(objects: readonly K8sObject[], options: AnalyzeOptions = {}): MeshModel {
  return buildModel(objects, {
    rootNamespace: options.rootNamespace ?? 'istio-system',
    autoMtls: options.autoMtls,
    clusterDomain: options.clusterDomain ?? 'cluster.local',
    migration: options.migration ?? false,
  });
}
