/**
 * `istio-mtls status`: what `istioctl authn tls-check` used to print, computed from manifests instead of a live
 * cluster. One row per Service host:port (and per DestinationRule host without a Service in the input) with the
 * dataplane and server mode of its endpoints, the TLS a sidecar client sends, whether callers without a sidecar and
 * ambient callers get through, the deciding PeerAuthentication and DestinationRule, and whether the calls work.
 *
 * It uses the engine's own model, resolver and traffic analysis (`judge()` and the failures `analyze()` reports), so
 * the table and the findings never disagree.
 */
import {
  Dataplane, DestinationRuleModel, MeshModel, PeerPolicy, ServiceModel, ServicePort, dataplaneOf, kubeApiHost, modelOf, namespaceOfHost,
} from './model';
import { ClientResolution, Endpoint, Resolver, ServerResolution, exportedToAll } from './resolve';
import { FailureKind, TrafficAnalysis, TrafficFailure, Wire, judge } from './traffic';
import { AnalyzeOptions, K8sObject } from './types';
import { ANY_CLIENT_NAMESPACE, NO_POLICY_NAMESPACE } from './vocabulary';

/** One row of the status table. */
export interface StatusRow {
  /** The service FQDN (`productpage.bookinfo.svc.cluster.local`), or a DestinationRule host as written (`*.local`). */
  readonly host: string;
  /** The service port, or `*` for "any other port" of a DestinationRule host without a Service. */
  readonly port: number | '*';
  /**
   * What the server side accepts: the effective PeerAuthentication mode (`STRICT`, `PERMISSIVE`, `DISABLE`) of its
   * endpoints; `DISABLE` for endpoints without a sidecar (they only speak plaintext); `MIXED` when the endpoints
   * differ; `-` for a server outside the mesh (the kube-apiserver, an ExternalName Service, a MESH_EXTERNAL
   * ServiceEntry host).
   */
  readonly server: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'MIXED' | '-';
  /**
   * What serves the endpoints: `sidecar`, `ambient` (ztunnel), `none`, `unknown` (the input does not say), `mixed`,
   * or `-` outside the mesh.
   */
  readonly dataplane: 'sidecar' | 'ambient' | 'none' | 'unknown' | 'mixed' | '-';
  /**
   * What a sidecar client in a namespace without DestinationRules of its own sends: the DestinationRule tls mode
   * (`ISTIO_MUTUAL`, `DISABLE`, `SIMPLE`, `MUTUAL`), or `AUTO` (auto mTLS: mTLS to sidecars, plaintext otherwise).
   * Without auto mTLS and without a DestinationRule tls, the client sends plaintext: `DISABLE`.
   */
  readonly client: 'ISTIO_MUTUAL' | 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'AUTO';
  /**
   * Whether a caller without a sidecar (plaintext: a pod outside the mesh, the kube-apiserver) gets through:
   * `RESET` when a STRICT sidecar or ztunnel refuses it, `OK` otherwise, `-` outside the mesh.
   */
  readonly plaintextCallers: 'OK' | 'RESET' | '-';
  /**
   * Whether an ambient caller gets through: `RESET` when a STRICT sidecar without HBONE receives ztunnel's plaintext.
   */
  readonly ambientCallers: 'OK' | 'RESET' | '-';
  /**
   * `CONFLICT` when a sidecar client cannot talk to (one of) the endpoints, or a call declared in the input fails;
   * else `OK`. Calls that are only possible (nothing declared) are named in `note`.
   */
  readonly status: 'OK' | 'CONFLICT';
  /** The PeerAuthentication (or legacy Policy/MeshPolicy) that decided `server`, as `namespace/name` (`MeshPolicy/default` for the cluster-scoped legacy MeshPolicy); several joined by `, `; `-` for Istio's default. */
  readonly policy: string;
  /** The DestinationRule that decided `client`, as `namespace/name`; `-` when none applies. */
  readonly destinationRule: string;
  /**
   * Why the row is a CONFLICT, which callers in the input fail, or what is special about the server.
   *
   * @default - nothing to add
   */
  readonly note?: string;
}


const FAILURE_TEXT: Record<FailureKind, string> = {
  'plaintext-to-strict': 'a client without a sidecar sends plaintext to a STRICT server',
  'mtls-to-plain-server': 'ISTIO_MUTUAL toward a server without a sidecar',
  'mtls-to-external': 'ISTIO_MUTUAL toward a server outside the mesh',
  'tls-to-strict': 'the DestinationRule tls is not ISTIO_MUTUAL but the server is STRICT',
  'mtls-to-disabled': 'ISTIO_MUTUAL toward a server whose PeerAuthentication is DISABLE',
  'dr-without-tls': 'without auto mTLS, a DestinationRule without tls sends plaintext to a STRICT server',
  'no-mtls-without-auto': 'without auto mTLS and without an ISTIO_MUTUAL DestinationRule, the client sends plaintext to a STRICT server',
  'ambient-plaintext-to-sidecar': 'ztunnel sends plaintext to a STRICT sidecar without HBONE',
  'sidecar-to-headless-ambient': 'sidecars send no HBONE to a headless Service, so ztunnel gets plaintext or Istio mTLS it cannot terminate',
  'sidecar-without-hbone-to-ambient': 'sidecars do not send HBONE (PILOT_ENABLE_SENDING_HBONE off) to ambient endpoints',
  'headless-auto-mtls': 'auto mTLS picks one mode for every endpoint of a headless Service, and an endpoint with another mode rejects it',
};

/** One server endpoint as the table judges it. */
interface JudgedEndpoint {
  /** Unknown endpoints are judged as sidecars (as the policies say), like `istioctl authn tls-check` did. */
  readonly dataplane: Dataplane | 'outside';
  readonly hbone: boolean;
  readonly server: ServerResolution;
}

/**
 * The mTLS status table of a set of manifests: one row per Service host:port, plus rows for DestinationRule hosts
 * that have no Service in the input (one per port in their portLevelSettings and one with port `*`), sorted by host
 * then port.
 *
 * - Endpoints are the workloads a Service selects. When the input has none for a Service, the policies alone
 *   answer: the server mode is resolved with the Service's selector as pod labels, the dataplane from its namespace.
 * - Where the input does not say which dataplane an endpoint has, the table shows what the policies say, i.e. it
 *   judges the endpoint as having a sidecar — like `istioctl authn tls-check` did — and says `unknown`.
 * - `status` and the notes come from the engine's traffic analysis, the same judgement behind the traffic findings.
 *
 * @param objects plain Kubernetes objects, as for `analyze()`
 * @param options the same options as `analyze()`
 */
export function status(objects: readonly K8sObject[], options: AnalyzeOptions = {}): StatusRow[] {
  const model = modelOf(objects, options);
  const resolver = new Resolver(model);
  const failures = failuresByCallee(new TrafficAnalysis({ model, resolver }).failures);
  const rows = new Map<string, StatusRow>();
  const add = (row: StatusRow) => {
    const key = `${row.host}\u0000${row.port}`;
    if (!rows.has(key)) rows.set(key, row);
  };
  const wire = (svc: ServiceModel): Wire => ({ sendHbone: model.options.sidecarsSendHbone, headlessAuto: svc.headless ? 'plaintext' : undefined });

  const serviceHosts = new Set<string>();
  for (const svc of model.services) {
    if (serviceHosts.has(svc.host)) continue; // the model keeps the first Service of a host
    serviceHosts.add(svc.host);
    for (const sp of svc.ports) {
      const client = resolver.clientTls(ANY_CLIENT_NAMESPACE, svc.host, sp.port);
      add(row(svc.host, sp.port, serviceEndpoints(model, resolver, svc, sp), client, svc.headless ? undefined : wire(svc), failures.get(`${svc.host}:${sp.port}`)));
    }
  }

  // DestinationRule hosts without a Service in the input.
  const drPorts = new Map<string, Set<number>>();
  for (const dr of model.destinationRules) {
    if (!dr.host || serviceHosts.has(dr.host)) continue;
    const ports = drPorts.get(dr.host) ?? new Set<number>();
    for (const p of portsOf(dr)) ports.add(p);
    drPorts.set(dr.host, ports);
  }
  for (const [host, ports] of drPorts) {
    for (const port of [...ports, undefined]) {
      const client = clientForHost(model, resolver, host, port);
      const r = row(host, port ?? '*', [hostEndpoint(model, resolver, host, port)], client, { sendHbone: model.options.sidecarsSendHbone }, undefined);
      const local = client.dr ? [] : model.destinationRules.filter((d) => d.host === host);
      add(local.length === 0 ? r : {
        ...r,
        note: [r.note, `${local.map(refName).join(', ')} only applies to clients in ${local.length === 1 ? 'its namespace' : 'their namespaces'}`].filter(Boolean).join('; '),
      });
    }
  }

  return [...rows.values()].sort((a, b) => compare(a.host, b.host) || portOrder(a.port) - portOrder(b.port));
}

/** The traffic failures by callee (`host:port`), declared ones first. */
function failuresByCallee(failures: readonly TrafficFailure[]): Map<string, TrafficFailure[]> {
  const out = new Map<string, TrafficFailure[]>();
  for (const f of failures) {
    const list = out.get(f.callee) ?? [];
    list.push(f);
    out.set(f.callee, list);
  }
  for (const list of out.values()) list.sort((a, b) => Number(b.declared) - Number(a.declared));
  return out;
}

function row(host: string, port: number | '*', endpoints: readonly JudgedEndpoint[], client: ClientResolution, wire: Wire | undefined,
  failures: readonly TrafficFailure[] | undefined): StatusRow {
  const modes = new Set<string>();
  const dataplanes = new Set<string>();
  const policies = new Set<string>();
  let conflict: FailureKind | undefined;
  let plaintextReset = false;
  let ambientReset = false;
  const inMesh = endpoints.some((e) => e.dataplane !== 'outside');
  for (const ep of endpoints) {
    const outside = ep.dataplane === 'outside';
    const served = outside || ep.dataplane === 'none' ? 'none' : ep.dataplane === 'unknown' ? 'sidecar' : ep.dataplane;
    modes.add(outside ? '-' : served === 'none' ? 'DISABLE' : ep.server.mode);
    dataplanes.add(outside ? '-' : ep.dataplane);
    policies.add(served !== 'none' ? policyName(ep.server.policy) : '-');
    const judged = { dataplane: served, hbone: ep.hbone } as Endpoint;
    // A headless Service's sidecar client is judged as for any Service here (its auto mTLS choice needs every endpoint,
    // which the traffic analysis below accounts for).
    const w: Wire = wire ?? { sendHbone: true };
    const kind = judge('sidecar', client, judged, ep.server, w);
    conflict ??= kind === 'mtls-to-plain-server' && outside ? 'mtls-to-external' : kind;
    if (!outside && judge('plain', undefined, judged, ep.server, w)) plaintextReset = true;
    if (!outside && judge('ambient', undefined, judged, ep.server, w)) ambientReset = true;
  }
  const declared = (failures ?? []).filter((f) => f.declared);
  const possible = (failures ?? []).filter((f) => !f.declared);
  const server = (modes.size === 1 ? [...modes][0] : 'MIXED') as StatusRow['server'];
  const notes: string[] = [];
  if (conflict) notes.push(FAILURE_TEXT[conflict]);
  for (const f of declared) notes.push(`declared call from ${f.caller} fails: ${FAILURE_TEXT[f.kind]}`);
  for (const f of possible) if (f.kind !== conflict) notes.push(`${f.caller} would fail: ${FAILURE_TEXT[f.kind]}`);
  if (endpoints.some((e) => e.dataplane === 'none')) notes.push(endpoints.every((e) => e.dataplane === 'none') ? 'no sidecar: plaintext only' : 'some endpoints have no sidecar');
  if (endpoints.some((e) => e.dataplane === 'outside')) notes.push('server outside the mesh');
  const distinct = [...policies].filter((p) => p !== '-' || policies.size === 1);
  return {
    host, port, server,
    dataplane: (dataplanes.size === 1 ? [...dataplanes][0] : 'mixed') as StatusRow['dataplane'],
    client: client.mode,
    plaintextCallers: inMesh ? (plaintextReset ? 'RESET' : 'OK') : '-',
    ambientCallers: inMesh ? (ambientReset ? 'RESET' : 'OK') : '-',
    status: conflict || declared.length > 0 ? 'CONFLICT' : 'OK',
    policy: distinct.sort(compare).join(', '),
    destinationRule: client.dr ? refName(client.dr) : '-',
    ...(notes.length > 0 ? { note: [...new Set(notes)].join('; ') } : {}),
  };
}

/** The endpoints behind a service port, or the policy-only answer when the input has none. */
function serviceEndpoints(model: MeshModel, r: Resolver, svc: ServiceModel, sp: ServicePort): JudgedEndpoint[] {
  const domain = model.options.clusterDomain;
  if (svc.externalName !== undefined || svc.host === kubeApiHost(domain)) {
    return [{ dataplane: 'outside', hbone: false, server: r.serverMode(NO_POLICY_NAMESPACE, {}, undefined) }];
  }
  const eps = r.endpoints(svc, sp);
  if (eps.length > 0) return eps.map((ep) => ({ dataplane: ep.dataplane, hbone: ep.hbone, server: ep.server }));
  const labels = svc.selector ?? {};
  const d = dataplaneOf({ namespace: svc.namespace, labels, annotations: {}, spec: {}, admittedPod: false }, model.namespaces.get(svc.namespace), model.options.sidecarHbone);
  return [{ dataplane: d.dataplane, hbone: d.hbone, server: r.serverMode(svc.namespace, labels, r.containerPortFor(sp, undefined), svc, sp) }];
}

/**
 * The client TLS toward a host without a Service. Istio looks for DestinationRules in the client's namespace, then
 * in the service's, then in the root namespace; for a ServiceEntry host the service's namespace is the
 * ServiceEntry's, which the resolver (keyed on `.svc.` names) does not know, so a client in a namespace without
 * rules of its own resolves like one in the ServiceEntry's namespace, as long as the rule found is exported to all.
 */
function clientForHost(model: MeshModel, r: Resolver, host: string, port: number | undefined): ClientResolution {
  const generic = r.clientTls(ANY_CLIENT_NAMESPACE, host, port);
  const se = model.externalHosts.get(host);
  if (generic.dr || !se) return generic;
  const viaSe = r.clientTls(se.namespace, host, port);
  const exported = viaSe.dr && exportedToAll(viaSe.dr);
  return exported && viaSe.dr!.namespace === se.namespace ? viaSe : generic;
}

/** The policy-only endpoint of a DestinationRule host without a Service. */
function hostEndpoint(model: MeshModel, r: Resolver, host: string, port: number | undefined): JudgedEndpoint {
  const domain = model.options.clusterDomain;
  const se = model.externalHosts.get(host);
  if (host === kubeApiHost(domain) || (se && se.external)) {
    return { dataplane: 'outside', hbone: false, server: r.serverMode(NO_POLICY_NAMESPACE, {}, undefined) };
  }
  const ns = namespaceOfHost(host, domain);
  const d = ns === undefined ? undefined : dataplaneOf({ namespace: ns, labels: {}, annotations: {}, spec: {}, admittedPod: false }, model.namespaces.get(ns), model.options.sidecarHbone);
  return { dataplane: d?.dataplane ?? 'unknown', hbone: d?.hbone ?? false, server: r.serverMode(ns ?? NO_POLICY_NAMESPACE, {}, port) };
}

/** Ports a DestinationRule sets tls for in its portLevelSettings (top level and subsets). */
function portsOf(dr: DestinationRuleModel): number[] {
  const out = [...dr.policy.portTls.keys()];
  for (const s of dr.subsets) out.push(...s.policy.portTls.keys());
  return out;
}

function policyName(p: PeerPolicy | undefined): string {
  return p ? refName(p) : '-';
}

/** `namespace/name`; `Kind/name` for a cluster-scoped object (the legacy MeshPolicy), which no namespace name can look like. */
function refName(x: { ref: { kind: string; namespace?: string; name: string } }): string {
  return `${x.ref.namespace ?? x.ref.kind}/${x.ref.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function portOrder(p: number | '*'): number {
  return p === '*' ? Number.MAX_SAFE_INTEGER : p;
}
