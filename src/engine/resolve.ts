/**
 * Istio's precedence rules: the effective server mode per workload and port, and the client TLS a sidecar sends
 * per (client namespace, host, port). Memoized per model so rules stay linear.
 * @internal
 */
import {
  ClientTls, DestinationRuleModel, MeshModel, PeerPolicy, ServiceModel, ServicePort, TrafficTls, Workload,
  hostMatches, hostSpecificity, resolveHost, selectorMatches,
} from './model';

export type EffectiveServerMode = 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface ServerResolution {
  readonly mode: EffectiveServerMode;
  /** The policy that decided the mode (undefined: Istio's default PERMISSIVE). */
  readonly policy?: PeerPolicy;
  /** Whether the decision came from a port-level setting. */
  readonly portLevel: boolean;
}

export interface ClientResolution {
  /** What the client sidecar sends. AUTO = auto mTLS (mTLS to sidecars, plaintext otherwise). */
  readonly mode: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL' | 'AUTO';
  /** Whether a DestinationRule set tls explicitly. */
  readonly explicit: boolean;
  readonly dr?: DestinationRuleModel;
  /** The tls block that decided, with its field path inside the DR. */
  readonly tls?: ClientTls;
  readonly field?: string;
}

/** A server endpoint behind a service port. */
export interface Endpoint {
  readonly workload: Workload;
  readonly containerPort: number;
  /** true: sidecar intercepts this port; false: plaintext app; undefined: unknown. */
  readonly sidecar: boolean | undefined;
}

function creationKey(p: PeerPolicy): string {
  return p.created ?? '';
}

/** Oldest wins: by creationTimestamp when present, then by input order (the order `kubectl apply` creates them). */
export function oldest<T extends PeerPolicy>(ps: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const p of ps) {
    if (!best) { best = p; continue; }
    const a = creationKey(p); const b = creationKey(best);
    if ((a && b && a < b) || (a === b && p.index < best.index) || (a && !b)) best = p;
  }
  return best;
}

interface NamespaceLevels {
  readonly namespacePolicy?: PeerPolicy;
  readonly workloadPolicies: readonly PeerPolicy[];
  readonly legacyTargetPolicies: ReadonlyMap<string, PeerPolicy[]>;
}

/** Memoized resolution over one model. */
export class Resolver {
  private readonly nsLevels = new Map<string, NamespaceLevels>();
  private readonly meshModern?: PeerPolicy;
  private readonly meshLegacy?: PeerPolicy;
  private readonly svcWorkloads = new Map<ServiceModel, Workload[]>();
  private readonly workloadServices = new Map<Workload, ServiceModel[]>();
  private readonly drCache = new Map<string, DestinationRuleModel | undefined>();
  private readonly wpCache = new WeakMap<Record<string, string>, { ns: string; policies: PeerPolicy[] }>();
  private readonly serverCache = new WeakMap<Record<string, string>, Map<string, ServerResolution>>();
  private readonly endpointCache = new Map<ServiceModel, Map<ServicePort, Endpoint[]>>();
  private readonly drIndexes = new Map<string, { exact: Map<string, DestinationRuleModel[]>; wildcard: DestinationRuleModel[]; hasSelector: boolean }>();
  private readonly hostCache = new Map<string, ServiceModel | undefined>();

  constructor(public readonly model: MeshModel) {
    this.meshModern = oldest(model.meshPolicies.filter((p) => !p.legacy));
    this.meshLegacy = oldest(model.meshPolicies.filter((p) => p.legacy));
  }

  /** The mesh-wide policies that count (oldest of each API). */
  public get meshPolicies(): PeerPolicy[] {
    return [this.meshLegacy, this.meshModern].filter((p): p is PeerPolicy => !!p);
  }

  public levels(ns: string): NamespaceLevels {
    let l = this.nsLevels.get(ns);
    if (!l) {
      const ps = this.model.peerByNamespace.get(ns) ?? [];
      const nsModern = oldest(ps.filter((p) => p.scope === 'namespace' && !p.legacy));
      const nsLegacy = oldest(ps.filter((p) => p.scope === 'namespace' && p.legacy));
      const legacyTargetPolicies = new Map<string, PeerPolicy[]>();
      for (const p of ps) {
        if (p.scope !== 'workload' || !p.legacy) continue;
        for (const t of p.targets ?? []) {
          const a = legacyTargetPolicies.get(t.name) ?? [];
          a.push(p); legacyTargetPolicies.set(t.name, a);
        }
      }
      l = {
        namespacePolicy: nsModern ?? nsLegacy,
        workloadPolicies: ps.filter((p) => p.scope === 'workload' && !p.legacy),
        legacyTargetPolicies,
      };
      this.nsLevels.set(ns, l);
    }
    return l;
  }

  /** The namespace-level policy in force (modern preferred over legacy). */
  public namespacePolicy(ns: string): PeerPolicy | undefined {
    return this.levels(ns).namespacePolicy;
  }

  /** Modern workload-scoped PAs matching these pod labels, oldest first. */
  public workloadPoliciesFor(ns: string, labels: Record<string, string>): PeerPolicy[] {
    const cached = this.wpCache.get(labels);
    if (cached && cached.ns === ns) return cached.policies;
    const wps = this.levels(ns).workloadPolicies;
    const ps = wps.length === 0 ? [] : wps.filter((p) => selectorMatches(p.selector, labels));
    if (ps.length > 1) ps.sort((a, b) => (oldest([a, b]) === a ? -1 : 1));
    this.wpCache.set(labels, { ns, policies: ps });
    return ps;
  }

  /**
   * Effective server mode for pods with `labels` in `ns` on container port `port`, reached through `service`'s
   * `servicePort` (needed for legacy `targets`, which name services).
   */
  public serverMode(ns: string, labels: Record<string, string>, port: number | undefined, service?: ServiceModel, servicePort?: ServicePort): ServerResolution {
    let byKey = this.serverCache.get(labels);
    if (!byKey) { byKey = new Map(); this.serverCache.set(labels, byKey); }
    const key = `${ns}|${port ?? ''}|${service ? `${service.namespace}/${service.name}` : ''}|${servicePort ? `${servicePort.port}/${servicePort.name ?? ''}` : ''}`;
    let r = byKey.get(key);
    if (!r) { r = this.computeServerMode(ns, labels, port, service, servicePort); byKey.set(key, r); }
    return r;
  }

  private computeServerMode(ns: string, labels: Record<string, string>, port: number | undefined, service?: ServiceModel, servicePort?: ServicePort): ServerResolution {
    let mode: EffectiveServerMode = 'PERMISSIVE';
    let policy: PeerPolicy | undefined;
    let portLevel = false;
    const apply = (p: PeerPolicy | undefined, m: string | undefined, isPort = false) => {
      if (!p || !m || m === 'UNSET') return;
      mode = m as EffectiveServerMode; policy = p; portLevel = isPort;
    };
    apply(this.meshLegacy, this.meshLegacy?.mode);
    apply(this.meshModern, this.meshModern?.mode);
    const lv = this.levels(ns);
    apply(lv.namespacePolicy, lv.namespacePolicy?.mode);
    // Legacy service targets (optionally restricted to service ports).
    if (service) {
      const cands = (lv.legacyTargetPolicies.get(service.name) ?? []).filter((p) => p.targets!.some((t) => t.name === service.name
        && (!t.ports || t.ports.length === 0 || (servicePort !== undefined && t.ports.some((tp) => tp === servicePort.port || tp === servicePort.name)))));
      const lp = oldest(cands);
      apply(lp, lp?.mode);
    }
    const wp = this.workloadPoliciesFor(ns, labels)[0];
    apply(wp, wp?.mode);
    if (wp && port !== undefined) apply(wp, wp.portModes.get(port), true);
    return { mode, policy, portLevel };
  }

  /** Workloads a Service selects (same namespace). */
  public workloadsOf(svc: ServiceModel): Workload[] {
    let ws = this.svcWorkloads.get(svc);
    if (!ws) {
      ws = svc.selector && Object.keys(svc.selector).length > 0
        ? (this.model.workloadsByNamespace.get(svc.namespace) ?? []).filter((w) => selectorMatches(svc.selector, w.podLabels))
        : [];
      this.svcWorkloads.set(svc, ws);
    }
    return ws;
  }

  /** Services that select a workload. */
  public servicesOf(w: Workload): ServiceModel[] {
    let ss = this.workloadServices.get(w);
    if (!ss) {
      ss = (this.model.servicesByNamespace.get(w.namespace) ?? []).filter((s) => selectorMatches(s.selector, w.podLabels));
      this.workloadServices.set(w, ss);
    }
    return ss;
  }

  /** The container port a service port reaches on a workload (undefined if a named port is not found). */
  public containerPortFor(sp: ServicePort, w: Workload | undefined): number | undefined {
    if (sp.targetPort === undefined) return sp.port;
    if (typeof sp.targetPort === 'number') return sp.targetPort;
    const named = w?.ports.find((p) => p.name === sp.targetPort);
    return named?.port;
  }

  /** The endpoints behind one service port. */
  public endpoints(svc: ServiceModel, sp: ServicePort): Endpoint[] {
    let bySp = this.endpointCache.get(svc);
    if (!bySp) { bySp = new Map(); this.endpointCache.set(svc, bySp); }
    let eps = bySp.get(sp);
    if (!eps) { eps = this.computeEndpoints(svc, sp); bySp.set(sp, eps); }
    return eps;
  }

  private computeEndpoints(svc: ServiceModel, sp: ServicePort): Endpoint[] {
    const out: Endpoint[] = [];
    for (const w of this.workloadsOf(svc)) {
      const cp = this.containerPortFor(sp, w);
      if (cp === undefined) continue;
      const sidecar = w.sidecar === true && w.excludeInboundPorts.has(cp) ? false : w.sidecar;
      out.push({ workload: w, containerPort: cp, sidecar });
    }
    return out;
  }

  /** Whether a DR is visible from a client namespace (exportTo). */
  private visible(dr: DestinationRuleModel, clientNs: string): boolean {
    const e = dr.exportTo;
    if (!e || e.length === 0) return true;
    for (const x of e) {
      if (x === '*') return true;
      if (x === '.' && clientNs === dr.namespace) return true;
      if (x === clientNs) return true;
    }
    return false;
  }

  private drIndex(ns: string): { exact: Map<string, DestinationRuleModel[]>; wildcard: DestinationRuleModel[]; hasSelector: boolean } {
    let idx = this.drIndexes.get(ns);
    if (!idx) {
      idx = { exact: new Map(), wildcard: [], hasSelector: false };
      for (const dr of this.model.drsByNamespace.get(ns) ?? []) {
        if (dr.workloadSelector && Object.keys(dr.workloadSelector).length > 0) idx.hasSelector = true;
        if (dr.host.startsWith('*')) idx.wildcard.push(dr);
        else { const a = idx.exact.get(dr.host); if (a) a.push(dr); else idx.exact.set(dr.host, [dr]); }
      }
      this.drIndexes.set(ns, idx);
    }
    return idx;
  }

  private bestIn(ns: string, clientNs: string, host: string, clientLabels: Record<string, string> | undefined): DestinationRuleModel | undefined {
    let best: DestinationRuleModel | undefined;
    let bestScore = -1;
    const idx = this.drIndex(ns);
    const exact = idx.exact.get(host);
    const candidates = exact ? (idx.wildcard.length > 0 ? [...exact, ...idx.wildcard] : exact) : idx.wildcard;
    for (const dr of candidates) {
      if (!dr.host || !hostMatches(dr.host, host) || !this.visible(dr, clientNs)) continue;
      if (dr.workloadSelector && Object.keys(dr.workloadSelector).length > 0) {
        if (ns !== clientNs || !clientLabels || !selectorMatches(dr.workloadSelector, clientLabels)) continue;
      }
      const score = hostSpecificity(dr.host) * 2 + (dr.workloadSelector ? 1 : 0);
      if (score > bestScore || (score === bestScore && best && dr.index < best.index)) { best = dr; bestScore = score; }
    }
    return best;
  }

  /**
   * The DestinationRule a sidecar in `clientNs` uses for `host`: client namespace first, then the service's
   * namespace, then the root namespace; within one, the most specific host.
   */
  public destinationRule(clientNs: string, host: string, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    const key = clientLabels && this.drIndex(clientNs).hasSelector ? undefined : `${clientNs}\u0000${host}`;
    if (key !== undefined && this.drCache.has(key)) return this.drCache.get(key);
    const svcNs = namespaceOfHost(host, this.model.options.clusterDomain);
    const order = [clientNs];
    if (svcNs && !order.includes(svcNs)) order.push(svcNs);
    if (!order.includes(this.model.options.rootNamespace)) order.push(this.model.options.rootNamespace);
    let found: DestinationRuleModel | undefined;
    for (const ns of order) {
      found = this.bestIn(ns, clientNs, host, clientLabels);
      if (found) break;
    }
    if (key !== undefined) this.drCache.set(key, found);
    return found;
  }

  /** What a sidecar client in `clientNs` sends to host:port (optionally to a subset). */
  public clientTls(clientNs: string, host: string, port: number | undefined, clientLabels?: Record<string, string>, subset?: string): ClientResolution {
    const dr = this.destinationRule(clientNs, host, clientLabels);
    return this.clientTlsWith(dr, port, subset);
  }

  /** What a DR makes a client send on a port. */
  public clientTlsWith(dr: DestinationRuleModel | undefined, port: number | undefined, subset?: string): ClientResolution {
    const auto = this.model.options.autoMtls;
    const none: ClientResolution = { mode: auto ? 'AUTO' : 'DISABLE', explicit: false, dr };
    if (!dr) return none;
    // A port-level entry replaces the level's tls even when it has none (Istio's GetPortLevelTrafficPolicy: "port level
    // policies do not inherit and instead to defaults if not provided"); then subset over top level.
    const pick = (p: TrafficTls, prefix: string): { tls?: ClientTls; field: string } | undefined => {
      if (port !== undefined && p.portLevel.has(port)) {
        const t = p.portTls.get(port);
        return { tls: t, field: `${prefix}.portLevelSettings[${port}]${t ? '.tls' : ''}` };
      }
      if (p.tls) return { tls: p.tls, field: `${prefix}.tls` };
      return undefined;
    };
    let chosen: { tls?: ClientTls; field: string } | undefined;
    if (subset !== undefined) {
      const s = dr.subsets.find((x) => x.name === subset);
      if (s) chosen = pick(s.policy, `spec.subsets[${subset}].trafficPolicy`);
    }
    chosen = chosen ?? pick(dr.policy, 'spec.trafficPolicy');
    if (!chosen?.tls) return none;
    const m = chosen.tls.mode ?? 'DISABLE';
    const mode = (['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'].includes(m) ? m : 'DISABLE') as ClientResolution['mode'];
    return { mode, explicit: true, dr, tls: chosen.tls, field: chosen.field };
  }

  /** Finds the Service behind a host as written by a client in `clientNs`. */
  public serviceForHost(host: string, clientNs: string): ServiceModel | undefined {
    const key = `${clientNs}\u0000${host}`;
    if (this.hostCache.has(key)) return this.hostCache.get(key);
    const svc = this.computeServiceForHost(host, clientNs);
    this.hostCache.set(key, svc);
    return svc;
  }

  private computeServiceForHost(host: string, clientNs: string): ServiceModel | undefined {
    const fqdn = resolveHost(host, clientNs, this.model.options.clusterDomain);
    const direct = this.model.servicesByHost.get(fqdn);
    if (direct) return direct;
    // name.namespace and name.namespace.svc forms
    const parts = host.split('.');
    if (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) {
      return this.model.servicesByHost.get(`${parts[0]}.${parts[1]}.svc.${this.model.options.clusterDomain}`);
    }
    return undefined;
  }
}

/** `name.ns.svc.<domain>` -> ns. */
export function namespaceOfHost(host: string, domain: string): string | undefined {
  const suffix = `.svc.${domain}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  return parts.length === 2 && !parts[0].startsWith('*') ? parts[1] : (parts.length === 2 && parts[0] === '*' ? parts[1] : undefined);
}

/** The FQDN of the kube-apiserver Service. */
export function kubeApiHost(domain: string): string {
  return `kubernetes.default.svc.${domain}`;
}
