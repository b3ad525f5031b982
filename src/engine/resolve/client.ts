/**
 * The client side: the DestinationRule a sidecar client uses for a host, and the TLS it then sends per port and subset.
 *
 * Lookup (pilot/pkg/model/push_context.go destinationRule): the client's namespace first, then the Service's
 * namespace, then the root namespace; within one namespace the most specific host wins, and only then do exportTo
 * and workload selectors filter its rules (a selector rule for a host leaves the clients it does not select with no
 * rule at all, see `lookIn`); rules with a workloadSelector apply only in their own namespace. Rules of
 * one namespace for the same host (and selector) merge into the oldest (pilot/pkg/model/destination_rule.go
 * mergeDestinationRule). Port-level settings do not inherit the top-level tls (pilot/pkg/networking/util/util.go
 * GetPortLevelTrafficPolicy). With auto mTLS, a rule without tls leaves the choice to the sidecar.
 * @internal
 */
import {
  ClientTls, DestinationRuleIndex, DestinationRuleModel, MeshModel, ServiceModel, TrafficTls, hasKeys, hostMatches, hostSpecificity,
  namespaceOfHost, selectorMatches, wildcardsMatching,
} from '../model';
import { pushTo } from '../values';
import { istioAtLeast } from '../vocabulary';
import { istioOrder } from './order';
import { ClientResolution } from './types';

const NO_RULES: DestinationRuleIndex = { exact: new Map(), wildcard: [], hasSelector: false, byHost: new Map(), wildcardBySuffix: new Map(), irregularWildcard: [] };
const TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

/** Whether a rule is seen by clients in every namespace (no exportTo, or one with '*'). */
export function exportedToAll(dr: DestinationRuleModel): boolean {
  return !dr.exportTo || dr.exportTo.length === 0 || dr.exportTo.includes('*');
}

/**
 * Istio's three DestinationRule indexes (istio@86c9f01 pilot/pkg/model/push_context.go setDestinationRules), each
 * read by one pass of a lookup: `namespace-local` (rules a client in the rule's own namespace sees: no exportTo, '*',
 * '.' or the namespace's name), `root-private` (the root namespace's rules exported only to itself) and `exported`
 * (every rule not exported only to its own namespace). A rule with a workloadSelector is private (exportTo ignored).
 */
type Pass = 'namespace-local' | 'root-private' | 'exported';

function inIndex(dr: DestinationRuleModel, pass: Pass): boolean {
  const set = exportToSet(dr);
  const privateOnly = set.size === 1 && (set.has('.') || set.has(dr.namespace));
  if (pass === 'namespace-local') return set.size === 0 || set.has('*') || set.has('.') || set.has(dr.namespace);
  return pass === 'root-private' ? privateOnly : !privateOnly;
}

/** Whether an exported rule is for clients of `clientNs` (getExportedDestinationRuleFromNamespace: '.' does not count). */
function exportedTo(dr: DestinationRuleModel, clientNs: string): boolean {
  const set = exportToSet(dr);
  return set.size === 0 || set.has('*') || set.has(clientNs);
}

/**
 * The exportTo set Istio merges by (istio@86c9f01 pilot/pkg/model/push_context.go setDestinationRules): the entries as
 * written ('.' stays '.', it is not replaced by the namespace's name); `{'.'}` for a rule with a workloadSelector, whose
 * exportTo Istio ignores; empty for none.
 */
function exportToSet(dr: DestinationRuleModel): ReadonlySet<string> {
  return dr.workloadSelector !== undefined ? PRIVATE : new Set(dr.exportTo ?? []);
}
const PRIVATE: ReadonlySet<string> = new Set(['.']);

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function supersetOf(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return [...b].every((x) => a.has(x));
}

/** An exportTo set as a comparable key. */
function setKey(set: ReadonlySet<string>): string {
  return JSON.stringify([...set].sort());
}

/** The rules of one namespace for one host and workload selector, in istioOrder, and by exportTo set. */
interface MergeCandidates {
  readonly all: DestinationRuleModel[];
  readonly byExportTo: ReadonlyMap<string, DestinationRuleModel[]>;
}

/** A workload selector as a comparable key ('' for none). */
function selectorKey(sel: Record<string, string> | undefined): string {
  return sel ? JSON.stringify(Object.keys(sel).sort().map((k) => [k, sel[k]])) : '';
}

export class ClientSide {
  /** Memos of answers: client namespace -> host -> rule (only where the client's labels cannot matter). */
  private readonly rules = new Map<string, Map<string, DestinationRuleModel | undefined>>();
  private readonly candidates = new Map<ServiceModel, DestinationRuleModel[]>();
  private readonly mergeGroups = new Map<DestinationRuleModel, DestinationRuleModel[]>();
  /** namespace, host and selector -> the rules Istio may merge (see mergeCandidates). */
  private readonly candidatesByHost = new Map<string, MergeCandidates>();
  /** rule -> port/subset key -> what the client sends. */
  private readonly tls = new Map<DestinationRuleModel, Map<string, ClientResolution>>();

  constructor(private readonly model: MeshModel) {}

  private index(ns: string): DestinationRuleIndex {
    return this.model.drIndexByNamespace.get(ns) ?? NO_RULES;
  }

  /**
   * The DestinationRule a sidecar in `clientNs` uses for `host`. A client in the root namespace itself (a gateway)
   * sees only the root namespace's private rules before the Service's namespace, so that catch-all rules like
   * '*.local' do not hide service-specific ones from gateways.
   */
  public destinationRule(clientNs: string, host: string, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    // Only rules with a workloadSelector in the client's own namespace read the client's labels.
    const labelsMatter = clientLabels !== undefined && this.index(clientNs).hasSelector;
    if (labelsMatter) return this.lookup(clientNs, host, clientLabels);
    let byHost = this.rules.get(clientNs);
    if (!byHost) { byHost = new Map(); this.rules.set(clientNs, byHost); }
    if (!byHost.has(host)) byHost.set(host, this.lookup(clientNs, host, clientLabels));
    return byHost.get(host);
  }

  private lookup(clientNs: string, host: string, clientLabels: Record<string, string> | undefined): DestinationRuleModel | undefined {
    const root = this.model.options.rootNamespace;
    const svcNs = namespaceOfHost(host, this.model.options.clusterDomain);
    const first = clientNs === root ? this.lookIn(root, clientNs, host, clientLabels, 'root-private') : this.lookIn(clientNs, clientNs, host, clientLabels, 'namespace-local');
    const found = first
      ?? (svcNs && svcNs !== clientNs && svcNs !== root ? this.lookIn(svcNs, clientNs, host, clientLabels, 'exported') : undefined)
      ?? this.lookIn(root, clientNs, host, clientLabels, 'exported');
    return found?.rule;
  }

  /**
   * One pass of the lookup over namespace `ns`: undefined when none of the index's rules matches `host` (the next pass
   * looks), else the rule the client uses, which may be none. Istio keeps the rules of the most specific matching host
   * (MostSpecificHostMatch) and only then filters them: an exported pass by exportTo, continuing when none is left;
   * a local pass by workload selector (pilot/pkg/model/sidecar.go DestinationRule: a rule whose selector matches the
   * client, else the rule without selector), stopping even when none applies, so a selector rule for a host hides
   * every less specific rule and the other namespaces' rules from the clients it does not select (istio/istio#52691,
   * istio/istio#57719).
   */
  private lookIn(ns: string, clientNs: string, host: string, clientLabels: Record<string, string> | undefined, pass: Pass): { readonly rule: DestinationRuleModel | undefined } | undefined {
    const idx = this.index(ns);
    let hostRules: DestinationRuleModel[] = [];
    let specificity = -1;
    for (const dr of [...(idx.exact.get(host) ?? []), ...wildcardsMatching(idx, host)]) {
      if (!dr.host || !hostMatches(dr.host, host) || !inIndex(dr, pass)) continue;
      const s = hostSpecificity(dr.host);
      if (s > specificity) { specificity = s; hostRules = [dr]; } else if (s === specificity) hostRules.push(dr);
    }
    if (hostRules.length === 0) return undefined;
    let rule: DestinationRuleModel | undefined;
    let ruleSelects = false;
    for (const dr of hostRules) {
      if (pass === 'exported' && !exportedTo(dr, clientNs)) continue;
      const selects = dr.workloadSelector !== undefined;
      if (selects && (ns !== clientNs || (hasKeys(dr.workloadSelector!) && !(clientLabels && selectorMatches(dr.workloadSelector!, clientLabels))))) continue;
      // Equal hosts merge into the oldest rule (see mergedWith), so it decides; a selecting rule beats the catch-all.
      if (!rule || (selects && !ruleSelects) || (selects === ruleSelects && istioOrder(dr, rule) < 0)) { rule = dr; ruleSelects = selects; }
    }
    if (!rule && pass === 'exported') return undefined;
    return { rule };
  }

  /**
   * The DestinationRules Istio merges with `dr` into one, `dr` included, oldest first (istioOrder): the rules of
   * `dr`'s namespace for the same host with the same workload selector (or none). Istio keeps the oldest rule's
   * top-level trafficPolicy, takes a newer one's only when the older have none, and concatenates subsets by name.
   *
   * From Istio 1.24 (`ENABLE_ENHANCED_DESTINATIONRULE_MERGE`, default true; pilot/pkg/features/experimental.go) the
   * exportTo sets must also be equal (istio@86c9f01 pilot/pkg/model/destination_rule.go mergeDestinationRule:
   * `exportToSet.Equals(mdr.exportTo)`); rules with other sets stay apart. One case is in between: a newer rule whose
   * set is a strict superset of an older rule's non-empty set is merged into that older rule *and* kept as a rule of
   * its own. So the group of a rule that heads its own entry also lists newer superset rules; a rule that merges into
   * an older one with an equal set gets that older rule's group. Before 1.24, exportTo is ignored here.
   */
  public mergedWith(dr: DestinationRuleModel): DestinationRuleModel[] {
    let group = this.mergeGroups.get(dr);
    if (!group) {
      const candidates = this.mergeCandidates(dr);
      if (!istioAtLeast(this.model.options.istioVersion, 1, 24)) {
        group = candidates.all;
        for (const d of group) this.mergeGroups.set(d, group);
        return group;
      }
      const set = exportToSet(dr);
      const equal = candidates.byExportTo.get(setKey(set))!;
      if (equal[0] !== dr) {
        group = equal; // dr merges into the oldest rule with the same set
      } else {
        group = candidates.all.filter((d) => d === dr || (istioOrder(d, dr) > 0 && (sameSet(exportToSet(d), set) || (set.size > 0 && supersetOf(exportToSet(d), set)))));
      }
      this.mergeGroups.set(dr, group);
    }
    return group;
  }

  /**
   * The rules of `dr`'s namespace for its host with its workload selector, in istioOrder, and the same split by exportTo
   * set: computed once per host and selector, so that many rules for one host stay linear.
   */
  private mergeCandidates(dr: DestinationRuleModel): MergeCandidates {
    const key = `${dr.namespace}\u0000${dr.host}\u0000${selectorKey(dr.workloadSelector)}`;
    let c = this.candidatesByHost.get(key);
    if (!c) {
      const sel = selectorKey(dr.workloadSelector);
      const all = (this.index(dr.namespace).byHost.get(dr.host) ?? [dr]).filter((d) => selectorKey(d.workloadSelector) === sel).sort(istioOrder);
      const byExportTo = new Map<string, DestinationRuleModel[]>();
      for (const d of all) pushTo(byExportTo, setKey(exportToSet(d)), d);
      c = { all, byExportTo };
      this.candidatesByHost.set(key, c);
    }
    return c;
  }

  /**
   * Every DestinationRule, in any namespace, whose host matches the Service's FQDN (exact host, `*.<ns>.svc.<domain>`
   * and any other wildcard), in input order. Empty for most Services: then no client namespace needs a lookup.
   */
  public drCandidates(svc: ServiceModel): DestinationRuleModel[] {
    let c = this.candidates.get(svc);
    if (!c) {
      const idx = this.model.drHostIndex;
      // A namespace wildcard can only match its own namespace's Services when names and namespaces have no dots
      // (what the API server allows); anything else is checked against every wildcard.
      const dotted = svc.namespace.includes('.') || svc.name.includes('.');
      c = [];
      const add = (list: readonly DestinationRuleModel[] | undefined) => { for (const dr of list ?? []) if (hostMatches(dr.host, svc.host)) c!.push(dr); };
      add(idx.exact.get(svc.host));
      if (dotted) add(idx.wildcard);
      else { add(idx.namespaceWildcard.get(svc.namespace)); add(idx.otherWildcard); }
      if (c.length > 1) c.sort((a, b) => a.index - b.index);
      this.candidates.set(svc, c);
    }
    return c;
  }

  /** {@link destinationRule} for a Service's FQDN: the same answer, without a lookup when no rule matches its host. */
  public destinationRuleForService(clientNs: string, svc: ServiceModel, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    return this.drCandidates(svc).length === 0 ? undefined : this.destinationRule(clientNs, svc.host, clientLabels);
  }

  /** What a DR makes a client send on a port (optionally to a subset); no DR: auto mTLS, or plaintext without it. */
  public clientTlsWith(dr: DestinationRuleModel | undefined, port: number | undefined, subset?: string): ClientResolution {
    if (!dr) return { mode: this.model.options.autoMtls ? 'AUTO' : 'DISABLE', explicit: false };
    let byKey = this.tls.get(dr);
    if (!byKey) { byKey = new Map(); this.tls.set(dr, byKey); }
    const key = `${port ?? ''}|${subset ?? '\u0000'}`;
    let r = byKey.get(key);
    if (!r) { r = this.computeTls(dr, port, subset); byKey.set(key, r); }
    return r;
  }

  private computeTls(dr: DestinationRuleModel, port: number | undefined, subset?: string): ClientResolution {
    const none: ClientResolution = { mode: this.model.options.autoMtls ? 'AUTO' : 'DISABLE', explicit: false, dr };
    // A port-level entry replaces the level's tls even when it has none ("port level policies do not inherit and
    // instead to defaults if not provided"); then subset over top level.
    const pick = (p: TrafficTls, prefix: string): { tls?: ClientTls; field: string } | undefined => {
      if (port !== undefined && p.portLevel.has(port)) {
        const t = p.portTls.get(port);
        return { tls: t, field: `${prefix}.portLevelSettings[${port}]${t ? '.tls' : ''}` };
      }
      return p.tls ? { tls: p.tls, field: `${prefix}.tls` } : undefined;
    };
    // Merged rules act as one: a subset comes from the oldest rule that defines it, the top-level trafficPolicy from
    // the oldest rule that has one. A subset without tls falls back to the top-level tls (Istio merges a subset's
    // trafficPolicy over the rule's, pilot/pkg/networking/core/cluster_builder.go MergeTrafficPolicy; since 1.31 the
    // endpoint mTLS mode follows the same fallback, releasenotes/notes/dr-subset-tls-mode-fallback.yaml).
    const group = this.mergedWith(dr);
    let chosen: { tls?: ClientTls; field: string } | undefined;
    let decider = dr;
    if (subset !== undefined) {
      const withSubset = group.find((d) => d.subsets.some((x) => x.name === subset));
      if (withSubset) {
        chosen = pick(withSubset.subsets.find((x) => x.name === subset)!.policy, `spec.subsets[${subset}].trafficPolicy`);
        if (chosen) decider = withSubset;
      }
    }
    if (!chosen) {
      decider = group.find((d) => d.hasTrafficPolicy) ?? dr;
      chosen = pick(decider.policy, 'spec.trafficPolicy');
    }
    if (!chosen?.tls) return decider === dr ? none : { ...none, dr: decider };
    const m = chosen.tls.mode ?? 'DISABLE';
    const mode = (TLS_MODES.includes(m) ? m : 'DISABLE') as ClientResolution['mode'];
    return { mode, explicit: true, dr: decider, tls: chosen.tls, field: chosen.field };
  }
}
