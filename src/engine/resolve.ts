/**
 * Istio's precedence rules: the effective server mode per workload and port, and the client TLS a sidecar sends
 * per (client namespace, host, port). Memoized per model so rules stay linear.
 * @internal
 */
import {
  ClientTls, DestinationRuleModel, Located, compact, MeshModel, PeerPolicy, ServiceModel, ServicePort, TrafficTls, Workload,
  hasKeys, hostMatches, hostSpecificity, selectorMatches,
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
  /** The server mode in force for this workload and container port, reached through this service port. */
  readonly server: ServerResolution;
}

/** Istio's default when no policy sets a mode. */
const DEFAULT_SERVER: ServerResolution = Object.freeze({ mode: 'PERMISSIVE', portLevel: false });

/** A policy's mode (or `mode`, e.g. a port-level one) over a resolution; UNSET and absent modes inherit. */
function applyPolicy(r: ServerResolution, p: PeerPolicy | undefined, mode: string | undefined, portLevel = false): ServerResolution {
  if (!p || !mode || mode === 'UNSET') return r;
  return { mode: mode as EffectiveServerMode, policy: p, portLevel };
}

/**
 * Selector lookups scan a namespace's workloads until the scans have read this many workloads in all; then the
 * namespace gets a label index. A few lookups in a namespace cost less than building its index, and the index keeps
 * many lookups in a large namespace linear.
 */
const LABEL_INDEX_AFTER = 64;
/** Namespaces with more workload PeerAuthentications than this cache the policies per labels object. */
const WP_CACHE_MIN = 4;

const EMPTY_DRS: readonly DestinationRuleModel[] = Object.freeze([]);
const EMPTY_WORKLOADS: readonly Workload[] = Object.freeze([]);
const NO_TARGET_POLICIES: ReadonlyMap<string, PeerPolicy[]> = new Map();

/** A namespace's DestinationRules by exact host, its wildcard rules, and whether any has a workload selector. */
interface DrIndex { exact: Map<string, DestinationRuleModel[]>; wildcard: DestinationRuleModel[]; hasSelector: boolean }
/** The DestinationRule index of a namespace without any (shared, never modified). */
const NO_DR_INDEX: DrIndex = Object.freeze({
  exact: new Map<string, DestinationRuleModel[]>(), wildcard: [] as DestinationRuleModel[], hasSelector: false,
});
const NO_POLICIES: readonly PeerPolicy[] = Object.freeze([]);

const NO_DR_AUTO: ClientResolution = Object.freeze({ mode: 'AUTO', explicit: false });
const NO_DR_PLAIN: ClientResolution = Object.freeze({ mode: 'DISABLE', explicit: false });

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

/** creationTimestamp as a comparable ISO instant ('' when absent); js-yaml reads unquoted timestamps as Dates. */
function createdAt(l: Located): string {
  const md = l.obj.metadata;
  const x = md !== null && typeof md === 'object' ? md.creationTimestamp : undefined;
  const d = x instanceof Date ? x : typeof x === 'string' ? new Date(x) : undefined;
  if (d && !Number.isNaN(d.getTime())) return d.toISOString();
  return typeof x === 'string' ? x : '';
}

/**
 * Istio's order among configs of one kind (pilot/pkg/model/config.go sortConfigByCreationTime): the oldest
 * creationTimestamp first, then by name, then by namespace (creation times have one-second resolution, so objects
 * applied together usually tie). An object without a creationTimestamp is not created yet and sorts after those that
 * have one. Input order only separates objects with the same name and namespace.
 */
export function istioOrder(a: Located, b: Located): number {
  const ca = createdAt(a);
  const cb = createdAt(b);
  if (ca !== cb) return !ca ? 1 : !cb ? -1 : ca < cb ? -1 : 1;
  if (a.ref.name !== b.ref.name) return a.ref.name < b.ref.name ? -1 : 1;
  const na = a.ref.namespace ?? '';
  const nb = b.ref.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.index - b.index;
}

/** Workloads by namespace, name and kind; input order only between objects with the same identity. */
export function byWorkloadName(a: Workload, b: Workload): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.ref.kind !== b.ref.kind) return a.ref.kind < b.ref.kind ? -1 : 1;
  return a.index - b.index;
}

/** A workload selector as a comparable key ('' for none). */
function selectorKey(sel: Record<string, string> | undefined): string {
  return sel ? JSON.stringify(Object.keys(sel).sort().map((k) => [k, sel[k]])) : '';
}

interface NamespaceLevels {
  readonly namespacePolicy?: PeerPolicy;
  /** The resolution from mesh and namespace policies alone (set on first use). */
  base?: ServerResolution;
  readonly workloadPolicies: readonly PeerPolicy[];
  readonly legacyTargetPolicies: ReadonlyMap<string, PeerPolicy[]>;
}

/** Memoized resolution over one model. */
export class Resolver {
  private readonly nsLevels = new Map<string, NamespaceLevels>();
  private readonly meshModern?: PeerPolicy;
  private readonly meshLegacy?: PeerPolicy;
  // Per-Service state in arrays indexed by ServiceModel.ordinal, set on first use (most Services of a large mesh never
  // need their workloads or endpoints): no state object per Service.
  /** Selected workloads. */
  private readonly svcWorkloads: Array<Workload[] | undefined> = [];
  /** Endpoints, aligned with the Service's ports; filled per port. */
  private readonly svcEndpoints: Array<Array<Endpoint[] | undefined> | undefined> = [];
  /** DestinationRules whose host matches the Service. */
  private readonly svcCandidates: Array<readonly DestinationRuleModel[] | undefined> = [];
  private readonly labelIndexes = new Map<string, Map<string, Workload[]>>();
  /** Workloads read by selector scans per namespace, until it gets a label index. */
  private readonly labelScans = new Map<string, number>();
  private readonly workloadServices = new Map<Workload, ServiceModel[]>();
  private readonly drCache = new Map<string, Map<string, DestinationRuleModel | undefined>>();
  private readonly wpCache = new Map<Record<string, string>, { ns: string; policies: readonly PeerPolicy[] }>();
  private readonly serverCache = new Map<Record<string, string>, Map<string, ServerResolution>>();
  private readonly drIndexes = new Map<string, DrIndex>();
  private drHostIndex?: { exact: Map<string, DestinationRuleModel[]>; nsWildcard: Map<string, DestinationRuleModel[]>; other: DestinationRuleModel[]; wildcard: DestinationRuleModel[] };
  private readonly mergeGroups = new Map<DestinationRuleModel, DestinationRuleModel[]>();
  private readonly genericDrCache = new Map<string, DestinationRuleModel | undefined>();
  /** namespaceOfHost by host (null: not a Service host). */
  private readonly hostNamespaces = new Map<string, string | null>();
  private exportNamedCache?: Set<string>;
  private readonly clientCache = new Map<DestinationRuleModel, Map<number | string, ClientResolution>>();
  private get noDr(): ClientResolution {
    return this.model.options.autoMtls ? NO_DR_AUTO : NO_DR_PLAIN;
  }

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
      // Most namespaces have no legacy targets: they share one empty map.
      let legacyTargetPolicies: Map<string, PeerPolicy[]> | undefined;
      for (const p of ps) {
        if (p.scope !== 'workload' || !p.legacy) continue;
        for (const t of p.targets ?? []) {
          legacyTargetPolicies ??= new Map();
          const a = legacyTargetPolicies.get(t.name) ?? [];
          a.push(p); legacyTargetPolicies.set(t.name, a);
        }
      }
      const workloadPolicies = ps.filter((p) => p.scope === 'workload' && !p.legacy);
      l = {
        namespacePolicy: nsModern ?? nsLegacy,
        workloadPolicies: workloadPolicies.length > 0 ? workloadPolicies : NO_POLICIES, // kept per namespace: no empty arrays
        legacyTargetPolicies: legacyTargetPolicies ?? NO_TARGET_POLICIES,
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
  public workloadPoliciesFor(ns: string, labels: Record<string, string>): readonly PeerPolicy[] {
    const wps = this.levels(ns).workloadPolicies;
    if (wps.length === 0) return NO_POLICIES;
    // A few policies are matched faster than a cache is kept; many are matched once per labels object.
    const cacheable = wps.length > WP_CACHE_MIN;
    const cached = cacheable ? this.wpCache.get(labels) : undefined;
    if (cached && cached.ns === ns) return cached.policies;
    let ps: PeerPolicy[] | undefined;
    for (let i = 0; i < wps.length; i++) if (selectorMatches(wps[i].selector, labels)) (ps ??= []).push(wps[i]);
    if (ps && ps.length > 1) ps.sort((a, b) => (oldest([a, b]) === a ? -1 : 1));
    const result = ps ?? NO_POLICIES;
    if (cacheable) this.wpCache.set(labels, { ns, policies: result });
    return result;
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
    const lv = this.levels(ns);
    // Mesh, then namespace: shared by every workload of the namespace.
    let r = lv.base ?? this.namespaceBase(lv);
    // Legacy service targets (optionally restricted to service ports). Istio 1.4 (pilot/pkg/model/push_context.go
    // authenticationPolicyForWorkload) walks the Policies targeting the service oldest first: the first whose target
    // port matches wins outright, a service-wide target only when no port-specific one matches.
    if (service && lv.legacyTargetPolicies.size > 0) {
      const portSpecific: PeerPolicy[] = [];
      const serviceWide: PeerPolicy[] = [];
      for (const p of lv.legacyTargetPolicies.get(service.name) ?? []) {
        for (const t of p.targets!) {
          if (t.name !== service.name) continue;
          if (!t.ports || t.ports.length === 0) serviceWide.push(p);
          else if (servicePort !== undefined && t.ports.some((tp) => tp === servicePort.port || tp === servicePort.name)) portSpecific.push(p);
        }
      }
      const lp = oldest(portSpecific) ?? oldest(serviceWide);
      r = applyPolicy(r, lp, lp?.mode);
    }
    const wp = this.workloadPoliciesFor(ns, labels)[0];
    if (wp) {
      r = applyPolicy(r, wp, wp.mode);
      if (port !== undefined) r = applyPolicy(r, wp, wp.portModes.get(port), true);
    }
    return r;
  }

  private namespaceBase(lv: NamespaceLevels): ServerResolution {
    let r: ServerResolution = DEFAULT_SERVER;
    r = applyPolicy(r, this.meshLegacy, this.meshLegacy?.mode);
    r = applyPolicy(r, this.meshModern, this.meshModern?.mode);
    r = applyPolicy(r, lv.namespacePolicy, lv.namespacePolicy?.mode);
    lv.base = r;
    return r;
  }

  /** Workloads a Service selects (same namespace). */
  public workloadsOf(svc: ServiceModel): Workload[] {
    const own = this.owns(svc);
    let ws = own ? this.svcWorkloads[svc.ordinal] : undefined;
    if (!ws) {
      ws = svc.selector ? this.selectWorkloads(svc.namespace, svc.selector) : EMPTY_WORKLOADS as Workload[];
      if (own) this.svcWorkloads[svc.ordinal] = ws;
    }
    return ws;
  }

  /** Whether a Service is this model's (per-Service state is kept); one of another model is computed each time. */
  private owns(svc: ServiceModel): boolean {
    return this.model.services[svc.ordinal] === svc;
  }

  /**
   * The workloads of a namespace whose pod labels a selector matches (an empty selector matches none), in input
   * order. A namespace is scanned until its lookups have read LABEL_INDEX_AFTER workloads, then indexed by label, so
   * that many lookups in a large namespace do not each scan all of it.
   */
  public selectWorkloads(ns: string, selector: Record<string, string>): Workload[] {
    let first: string | undefined;
    for (const k in selector) { first = k; break; }
    if (first === undefined) return [];
    const all = this.model.workloadsByNamespace.get(ns);
    if (!all) return [];
    let candidates: readonly Workload[] = all;
    let idx = this.labelIndexes.get(ns);
    if (!idx) {
      const scanned = (this.labelScans.get(ns) ?? 0) + all.length;
      if (scanned > LABEL_INDEX_AFTER) {
        // label value -> workloads with that value under any key (the full selector is checked below); lookups use
        // the strings as they are, no key building.
        idx = new Map();
        for (let i = 0; i < all.length; i++) {
          const w = all[i];
          for (const k in w.podLabels) {
            const bucket = idx.get(w.podLabels[k]);
            if (!bucket) idx.set(w.podLabels[k], [w]);
            else if (bucket[bucket.length - 1] !== w) bucket.push(w); // the same value under two keys: once
          }
        }
        this.labelIndexes.set(ns, idx);
      } else {
        this.labelScans.set(ns, scanned);
      }
    }
    if (idx) candidates = idx.get(selector[first]) ?? EMPTY_WORKLOADS;
    let out: Workload[] | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const w = candidates[i];
      if (selectorMatches(selector, w.podLabels)) (out ??= []).push(w);
    }
    return out ? compact(out) : (EMPTY_WORKLOADS as Workload[]);
  }

  /** Whether selector lookups in `ns` use a label index yet (for tests). */
  public hasLabelIndex(ns: string): boolean {
    return this.labelIndexes.has(ns);
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
    const i = svc.ports.indexOf(sp);
    if (i < 0 || !this.owns(svc)) return this.computeEndpoints(svc, sp); // another model's Service or port: not cached
    let all = this.svcEndpoints[svc.ordinal];
    if (!all) { all = new Array<Endpoint[] | undefined>(svc.ports.length).fill(undefined); this.svcEndpoints[svc.ordinal] = all; }
    let eps = all[i];
    if (!eps) { eps = this.computeEndpoints(svc, sp); all[i] = eps; }
    return eps;
  }

  private computeEndpoints(svc: ServiceModel, sp: ServicePort): Endpoint[] {
    const out: Endpoint[] = [];
    const ws = this.workloadsOf(svc);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      const cp = this.containerPortFor(sp, w);
      if (cp === undefined) continue;
      const sidecar = w.sidecar === true && w.excludeInboundPorts.has(cp) ? false : w.sidecar;
      // Each endpoint is its own (workload, port, service port): computed once here, no cache needed.
      out.push({ workload: w, containerPort: cp, sidecar, server: this.computeServerMode(svc.namespace, w.podLabels, cp, svc, sp) });
    }
    // By workload name, so that what a finding names ("web.foo has no sidecar") does not depend on input order.
    if (out.length > 1) out.sort((a, b) => byWorkloadName(a.workload, b.workload) || a.containerPort - b.containerPort);
    return compact(out);
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

  private drIndex(ns: string): DrIndex {
    let idx = this.drIndexes.get(ns);
    if (!idx) {
      const drs = this.model.drsByNamespace.get(ns);
      if (!drs) return NO_DR_INDEX; // most namespaces: nothing to index or cache
      idx = { exact: new Map(), wildcard: [], hasSelector: false };
      for (const dr of drs) {
        if (dr.workloadSelector && hasKeys(dr.workloadSelector)) idx.hasSelector = true;
        if (dr.host.startsWith('*')) idx.wildcard.push(dr);
        else { const a = idx.exact.get(dr.host); if (a) a.push(dr); else idx.exact.set(dr.host, [dr]); }
      }
      this.drIndexes.set(ns, idx);
    }
    return idx;
  }

  private bestIn(ns: string, clientNs: string, host: string, clientLabels: Record<string, string> | undefined, privateOnly = false): DestinationRuleModel | undefined {
    let best: DestinationRuleModel | undefined;
    let bestScore = -1;
    const idx = this.drIndex(ns);
    const exact = idx.exact.get(host);
    const candidates = exact ? (idx.wildcard.length > 0 ? [...exact, ...idx.wildcard] : exact) : idx.wildcard;
    for (let i = 0; i < candidates.length; i++) {
      const dr = candidates[i];
      if (!dr.host || !hostMatches(dr.host, host) || !this.visible(dr, clientNs)) continue;
      if (privateOnly && !isPrivate(dr)) continue;
      if (dr.workloadSelector && hasKeys(dr.workloadSelector)) {
        if (ns !== clientNs || !clientLabels || !selectorMatches(dr.workloadSelector, clientLabels)) continue;
      }
      const score = hostSpecificity(dr.host) * 2 + (dr.workloadSelector ? 1 : 0);
      // Equal scores mean the same host: Istio merges those rules into the oldest (see mergedWith), so it decides.
      if (score > bestScore || (score === bestScore && best && istioOrder(dr, best) < 0)) { best = dr; bestScore = score; }
    }
    return best;
  }

  /**
   * The DestinationRules Istio merges with `dr` into one, `dr` included, oldest first (istioOrder): the rules of
   * `dr`'s namespace for the same host with the same workload selector (or none). Istio keeps the oldest rule's
   * top-level trafficPolicy, takes a newer one's only when the older have none, and concatenates subsets by name
   * (istio@86c9f01 pilot/pkg/model/destination_rule.go mergeDestinationRule, after push_context.go
   * setDestinationRules sorts by creation time).
   */
  public mergedWith(dr: DestinationRuleModel): DestinationRuleModel[] {
    let group = this.mergeGroups.get(dr);
    if (!group) {
      const idx = this.drIndex(dr.namespace);
      const sameHost = dr.host.startsWith('*') ? idx.wildcard.filter((d) => d.host === dr.host) : idx.exact.get(dr.host) ?? [dr];
      if (sameHost.length === 1) group = sameHost; // nearly always: no selector key to build
      else {
        const key = selectorKey(dr.workloadSelector);
        group = sameHost.filter((d) => selectorKey(d.workloadSelector) === key).sort(istioOrder);
      }
      for (const d of group) this.mergeGroups.set(d, group);
    }
    return group;
  }

  /**
   * The DestinationRule a sidecar in `clientNs` uses for `host`: client namespace first, then the service's
   * namespace, then the root namespace; within one, the most specific host. A client in the root namespace itself
   * (a gateway) sees only the root namespace's private rules before the service's namespace.
   */
  public destinationRule(clientNs: string, host: string, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    const cacheable = !(clientLabels && this.drIndex(clientNs).hasSelector);
    let svcNs = this.hostNamespaces.get(host);
    if (svcNs === undefined) { svcNs = namespaceOfHost(host, this.model.options.clusterDomain) ?? null; this.hostNamespaces.set(host, svcNs); }
    // A client namespace without DestinationRules of its own, that is neither the service's nor the root namespace
    // and that no exportTo names, sees exactly what every such namespace sees: one lookup per host, shared.
    const generic = cacheable && !this.model.drsByNamespace.has(clientNs) && clientNs !== svcNs
      && clientNs !== this.model.options.rootNamespace && !this.exportNamed().has(clientNs);
    if (generic && this.genericDrCache.has(host)) return this.genericDrCache.get(host);
    let byHost = cacheable && !generic ? this.drCache.get(clientNs) : undefined;
    if (cacheable && !generic && !byHost) { byHost = new Map(); this.drCache.set(clientNs, byHost); }
    if (byHost && byHost.has(host)) return byHost.get(host);
    const root = this.model.options.rootNamespace;
    let found: DestinationRuleModel | undefined;
    if (clientNs === root) {
      // Istio (pilot/pkg/model/push_context.go destinationRule): a proxy in the root namespace looks at the root
      // namespace's private rules first, then the Service's namespace, then every root rule, so that catch-all rules
      // like '*.local' do not hide service-specific ones from gateways.
      found = this.bestIn(root, clientNs, host, clientLabels, true);
      if (!found && svcNs && svcNs !== root) found = this.bestIn(svcNs, clientNs, host, clientLabels);
      if (!found) found = this.bestIn(root, clientNs, host, clientLabels);
    } else {
      // The client's namespace, the Service's, the root: each once.
      found = this.bestIn(clientNs, clientNs, host, clientLabels);
      if (!found && svcNs && svcNs !== clientNs) found = this.bestIn(svcNs, clientNs, host, clientLabels);
      if (!found && root !== clientNs && root !== svcNs) found = this.bestIn(root, clientNs, host, clientLabels);
    }
    if (byHost) byHost.set(host, found);
    if (generic) this.genericDrCache.set(host, found);
    return found;
  }

  /**
   * Every DestinationRule, in any namespace, whose host matches the Service's FQDN (exact host, `*.<ns>.svc.<domain>`
   * and any other wildcard), in input order. Empty for most Services, which lets {@link destinationRuleForService}
   * answer without a lookup per client namespace.
   */
  public drCandidates(svc: ServiceModel): readonly DestinationRuleModel[] {
    const own = this.owns(svc);
    let c = own ? this.svcCandidates[svc.ordinal] : undefined;
    if (!c) {
      const idx = this.hostIndex();
      // A namespace wildcard can only match its own namespace's Services when names and namespaces have no dots
      // (what the API server allows); anything else is checked against every wildcard.
      const dotted = svc.namespace.includes('.') || svc.name.includes('.');
      let found = matching(idx.exact.get(svc.host), svc.host, undefined);
      if (dotted) found = matching(idx.wildcard, svc.host, found);
      else {
        found = matching(idx.nsWildcard.get(svc.namespace), svc.host, found);
        found = matching(idx.other, svc.host, found);
      }
      c = !found ? EMPTY_DRS : found.length > 1 ? found.sort((a, b) => a.index - b.index) : found;
      if (own) this.svcCandidates[svc.ordinal] = c;
    }
    return c;
  }

  private hostIndex(): NonNullable<Resolver['drHostIndex']> {
    if (!this.drHostIndex) {
      const idx = { exact: new Map<string, DestinationRuleModel[]>(), nsWildcard: new Map<string, DestinationRuleModel[]>(), other: [] as DestinationRuleModel[], wildcard: [] as DestinationRuleModel[] };
      const suffix = `.svc.${this.model.options.clusterDomain}`;
      for (const dr of this.model.destinationRules) {
        if (!dr.host) continue;
        if (!dr.host.startsWith('*')) { pushTo(idx.exact, dr.host, dr); continue; }
        idx.wildcard.push(dr);
        const ns = dr.host.startsWith('*.') && dr.host.endsWith(suffix) ? dr.host.slice(2, -suffix.length) : '';
        if (ns && !ns.includes('.')) pushTo(idx.nsWildcard, ns, dr); else idx.other.push(dr);
      }
      this.drHostIndex = idx;
    }
    return this.drHostIndex;
  }

  /** {@link destinationRule} for a Service's FQDN: the same answer, without a lookup when no rule matches its host. */
  public destinationRuleForService(clientNs: string, svc: ServiceModel, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    if (this.drCandidates(svc).length === 0) return undefined;
    return this.destinationRule(clientNs, svc.host, clientLabels);
  }

  /** {@link clientTls} for a Service's FQDN. */
  public clientTlsForService(clientNs: string, svc: ServiceModel, port: number | undefined, clientLabels?: Record<string, string>): ClientResolution {
    return this.clientTlsWith(this.destinationRuleForService(clientNs, svc, clientLabels), port);
  }

  /** Namespaces named explicitly in some DestinationRule's exportTo. */
  private exportNamed(): Set<string> {
    if (!this.exportNamedCache) {
      this.exportNamedCache = new Set();
      for (const dr of this.model.destinationRules) for (const e of dr.exportTo ?? []) if (e !== '.' && e !== '*') this.exportNamedCache.add(e);
    }
    return this.exportNamedCache;
  }

  /** What a sidecar client in `clientNs` sends to host:port (optionally to a subset). */
  public clientTls(clientNs: string, host: string, port: number | undefined, clientLabels?: Record<string, string>, subset?: string): ClientResolution {
    const dr = this.destinationRule(clientNs, host, clientLabels);
    return this.clientTlsWith(dr, port, subset);
  }

  /** What a DR makes a client send on a port. */
  public clientTlsWith(dr: DestinationRuleModel | undefined, port: number | undefined, subset?: string): ClientResolution {
    if (!dr) return this.noDr;
    let byKey = this.clientCache.get(dr);
    if (!byKey) { byKey = new Map(); this.clientCache.set(dr, byKey); }
    const key = subset === undefined ? (port ?? -1) : `${port ?? ''}|${subset}`;
    let r = byKey.get(key);
    if (!r) { r = this.computeClientTls(dr, port, subset); byKey.set(key, r); }
    return r;
  }

  private computeClientTls(dr: DestinationRuleModel | undefined, port: number | undefined, subset?: string): ClientResolution {
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
    // Several rules for the same host in one namespace act as one, merged into the oldest (mergedWith): a subset comes
    // from the oldest rule that defines it, the top-level trafficPolicy from the oldest rule that has one.
    const group = this.mergedWith(dr);
    let chosen: { tls?: ClientTls; field: string } | undefined;
    let decider = dr;
    if (subset !== undefined) {
      for (const d of group) {
        const s = d.subsets.find((x) => x.name === subset);
        if (!s) continue;
        chosen = pick(s.policy, `spec.subsets[${subset}].trafficPolicy`);
        if (chosen) decider = d;
        break;
      }
    }
    if (!chosen) {
      decider = group.find((d) => d.hasTrafficPolicy) ?? dr;
      chosen = pick(decider.policy, 'spec.trafficPolicy');
    }
    if (!chosen?.tls) return decider === dr ? none : { ...none, dr: decider };
    const m = chosen.tls.mode ?? 'DISABLE';
    const mode = (['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'].includes(m) ? m : 'DISABLE') as ClientResolution['mode'];
    return { mode, explicit: true, dr: decider, tls: chosen.tls, field: chosen.field };
  }

  /** Finds the Service behind a host as written by a client in `clientNs`. */
  public serviceForHost(host: string, clientNs: string): ServiceModel | undefined {
    return this.model.serviceDirectory.lookup(host, clientNs);
  }
}

/** Appends the rules of `drs` whose host matches `host` to `found` (allocated on the first match). */
function matching(drs: readonly DestinationRuleModel[] | undefined, host: string, found: DestinationRuleModel[] | undefined): DestinationRuleModel[] | undefined {
  if (drs) for (let i = 0; i < drs.length; i++) if (hostMatches(drs[i].host, host)) (found ??= []).push(drs[i]);
  return found;
}

/** A rule exported only to its own namespace (exportTo '.' or its namespace's name), what Istio keeps "namespace local". */
function isPrivate(dr: DestinationRuleModel): boolean {
  const e = dr.exportTo;
  return !!e && e.length === 1 && (e[0] === '.' || e[0] === dr.namespace);
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v); else m.set(k, [v]);
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
