/**
 * `istio-mtls status`: what `istioctl authn tls-check` used to print, computed from manifests instead of a live
 * cluster. One row per Service host:port (and per DestinationRule host without a Service in the input) with the
 * server mode its endpoints accept, the TLS a sidecar client sends, the deciding PeerAuthentication and
 * DestinationRule, and whether the two can talk.
 *
 * It uses the engine's own model, resolver and traffic judgement (`judge()`), so the table and the findings of
 * `analyze()` never disagree.
 */
import { DestinationRuleModel, MeshModel, PeerPolicy, ServiceModel, ServicePort, kubeApiHost, modelOf, namespaceOfHost, sidecarOf } from './model';
import { ClientResolution, Endpoint, Resolver, ServerResolution } from './resolve';
import { FailureKind, judge } from './traffic';
import { AnalyzeOptions, K8sObject } from './types';
import { ANY_CLIENT_NAMESPACE } from './vocabulary';

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
   * What a sidecar client in a namespace without DestinationRules of its own sends: the DestinationRule tls mode
   * (`ISTIO_MUTUAL`, `DISABLE`, `SIMPLE`, `MUTUAL`), or `AUTO` (auto mTLS: mTLS to sidecars, plaintext otherwise).
   * Without auto mTLS and without a DestinationRule tls, the client sends plaintext: `DISABLE`.
   */
  readonly client: 'ISTIO_MUTUAL' | 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'AUTO';
  /** `CONFLICT` when that client cannot talk to (one of) the endpoints, else `OK`. */
  readonly status: 'OK' | 'CONFLICT';
  /** The PeerAuthentication (or legacy Policy/MeshPolicy) that decided `server`, as `namespace/name` (`MeshPolicy/default` for the cluster-scoped legacy MeshPolicy); several joined by `, `; `-` for Istio's default. */
  readonly policy: string;
  /** The DestinationRule that decided `client`, as `namespace/name`; `-` when none applies. */
  readonly destinationRule: string;
  /**
   * Why the row is a CONFLICT, or what is special about the server (no sidecar, outside the mesh).
   *
   * @default - nothing to add
   */
  readonly note?: string;
}

/** A namespace with no policies: resolution there yields the mesh-wide mode. */
const NO_NAMESPACE = '\u0000no-namespace';

const FAILURE_TEXT: Record<FailureKind, string> = {
  'plaintext-to-strict': 'a client without a sidecar sends plaintext to a STRICT server',
  'mtls-to-plain-server': 'ISTIO_MUTUAL toward a server without a sidecar',
  'mtls-to-external': 'ISTIO_MUTUAL toward a server outside the mesh',
  'tls-to-strict': 'the DestinationRule tls is not ISTIO_MUTUAL but the server is STRICT',
  'mtls-to-disabled': 'ISTIO_MUTUAL toward a server whose PeerAuthentication is DISABLE',
  'dr-without-tls': 'without auto mTLS, a DestinationRule without tls sends plaintext to a STRICT server',
  'no-mtls-without-auto': 'without auto mTLS and without an ISTIO_MUTUAL DestinationRule, the client sends plaintext to a STRICT server',
};

/** One server endpoint as the table judges it. */
interface JudgedEndpoint {
  /** true: sidecar (or unknown, judged as the policies say); false: no sidecar, plaintext; 'outside': not in the mesh. */
  readonly kind: 'sidecar' | 'plain' | 'outside';
  readonly server: ServerResolution;
}

/**
 * The mTLS status table of a set of manifests: one row per Service host:port, plus rows for DestinationRule hosts
 * that have no Service in the input (one per port in their portLevelSettings and one with port `*`), sorted by host
 * then port.
 *
 * - Endpoints are the workloads a Service selects. When the input has none for a Service, the policies alone
 *   answer: the server mode is resolved with the Service's selector as pod labels.
 * - Where the input does not say whether an endpoint has a sidecar (its namespace is not in the input), the table
 *   shows what the policies say, i.e. it judges the endpoint as having one — like `istioctl authn tls-check` did.
 * - `status` comes from the engine's `judge()`, the same judgement behind the IMT5xxx traffic findings.
 *
 * @param objects plain Kubernetes objects, as for `analyze()`
 * @param options the same options as `analyze()`
 */
export function status(objects: readonly K8sObject[], options: AnalyzeOptions = {}): StatusRow[] {
  const model = modelOf(objects, options);
  const resolver = new Resolver(model);
  const rows = new Map<string, StatusRow>();
  const add = (row: StatusRow) => {
    const key = `${row.host}\u0000${row.port}`;
    if (!rows.has(key)) rows.set(key, row);
  };

  const serviceHosts = new Set<string>();
  for (const svc of model.services) {
    if (serviceHosts.has(svc.host)) continue; // the model keeps the first Service of a host
    serviceHosts.add(svc.host);
    for (const sp of svc.ports) {
      const client = resolver.clientTls(ANY_CLIENT_NAMESPACE, svc.host, sp.port);
      add(row(svc.host, sp.port, serviceEndpoints(model, resolver, svc, sp), client));
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
      const r = row(host, port ?? '*', [hostEndpoint(model, resolver, host, port)], client);
      const local = client.dr ? [] : model.destinationRules.filter((d) => d.host === host);
      add(local.length === 0 ? r : {
        ...r,
        note: [r.note, `${local.map(refName).join(', ')} only applies to clients in ${local.length === 1 ? 'its namespace' : 'their namespaces'}`].filter(Boolean).join('; '),
      });
    }
  }

  return [...rows.values()].sort((a, b) => compare(a.host, b.host) || portOrder(a.port) - portOrder(b.port));
}

function row(host: string, port: number | '*', endpoints: readonly JudgedEndpoint[], client: ClientResolution): StatusRow {
  const modes = new Set<string>();
  const policies = new Set<string>();
  let conflict: FailureKind | undefined;
  for (const ep of endpoints) {
    modes.add(ep.kind === 'outside' ? '-' : ep.kind === 'plain' ? 'DISABLE' : ep.server.mode);
    policies.add(ep.kind === 'sidecar' ? policyName(ep.server.policy) : '-');
    // judge() only reads the endpoint's sidecar flag; the client here always has a sidecar.
    const kind = judge(true, client, { sidecar: ep.kind === 'sidecar' } as Endpoint, ep.server);
    conflict ??= kind === 'mtls-to-plain-server' && ep.kind === 'outside' ? 'mtls-to-external' : kind;
  }
  const server = (modes.size === 1 ? [...modes][0] : 'MIXED') as StatusRow['server'];
  const notes: string[] = [];
  if (conflict) notes.push(FAILURE_TEXT[conflict]);
  if (endpoints.some((e) => e.kind === 'plain')) notes.push(endpoints.every((e) => e.kind === 'plain') ? 'no sidecar: plaintext only' : 'some endpoints have no sidecar');
  if (endpoints.some((e) => e.kind === 'outside')) notes.push('server outside the mesh');
  const distinct = [...policies].filter((p) => p !== '-' || policies.size === 1);
  return {
    host, port, server, client: client.mode, status: conflict ? 'CONFLICT' : 'OK',
    policy: distinct.sort(compare).join(', '),
    destinationRule: client.dr ? refName(client.dr) : '-',
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

/** The endpoints behind a service port, or the policy-only answer when the input has none. */
function serviceEndpoints(model: MeshModel, r: Resolver, svc: ServiceModel, sp: ServicePort): JudgedEndpoint[] {
  const domain = model.options.clusterDomain;
  if (svc.externalName !== undefined || svc.host === kubeApiHost(domain)) {
    return [{ kind: 'outside', server: r.serverMode(NO_NAMESPACE, {}, undefined) }];
  }
  const eps = r.endpoints(svc, sp);
  if (eps.length > 0) {
    return eps.map((ep) => ({
      kind: ep.sidecar === false ? 'plain' : 'sidecar',
      server: r.serverMode(svc.namespace, ep.workload.podLabels, ep.containerPort, svc, sp),
    }));
  }
  const labels = svc.selector ?? {};
  const sidecar = sidecarOf(labels, {}, model.namespaces.get(svc.namespace), svc.namespace);
  return [{
    kind: sidecar === false ? 'plain' : 'sidecar',
    server: r.serverMode(svc.namespace, labels, r.containerPortFor(sp, undefined), svc, sp),
  }];
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
  const exported = viaSe.dr && (!viaSe.dr.exportTo || viaSe.dr.exportTo.length === 0 || viaSe.dr.exportTo.includes('*'));
  return exported && viaSe.dr!.namespace === se.namespace ? viaSe : generic;
}

/** The policy-only endpoint of a DestinationRule host without a Service. */
function hostEndpoint(model: MeshModel, r: Resolver, host: string, port: number | undefined): JudgedEndpoint {
  const domain = model.options.clusterDomain;
  const se = model.externalHosts.get(host);
  if (host === kubeApiHost(domain) || (se && se.external)) {
    return { kind: 'outside', server: r.serverMode(NO_NAMESPACE, {}, undefined) };
  }
  const ns = namespaceOfHost(host, domain);
  const sidecar = ns === undefined ? undefined : sidecarOf({}, {}, model.namespaces.get(ns), ns);
  return { kind: sidecar === false ? 'plain' : 'sidecar', server: r.serverMode(ns ?? NO_NAMESPACE, {}, port) };
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
