/**
 * The model's indexes, built eagerly and in one linear pass each while the model is built: workloads by namespace and
 * label, Services by host, namespace and name, DestinationRules by namespace (with a per-namespace host index) and by
 * host, PeerAuthentications by namespace, ServiceEntry hosts. Rules and the resolver look things up here instead of
 * scanning all objects, which keeps every analysis linear in the input.
 * @internal
 */
import { pushTo } from '../values';
import {
  DestinationRuleHostIndex, DestinationRuleIndex, DestinationRuleModel, ModelIndexes, PeerPolicy, ServiceEntryModel,
  ServiceModel, Workload,
} from './records';

export interface IndexInput {
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceModel[];
  readonly destinationRules: readonly DestinationRuleModel[];
  readonly peerPolicies: readonly PeerPolicy[];
  readonly serviceEntries: readonly ServiceEntryModel[];
  readonly clusterDomain: string;
}

/** The indexes of the Services and ServiceEntries (what declared calls are resolved against). */
export function serviceIndexes(services: readonly ServiceModel[], serviceEntries: readonly ServiceEntryModel[]) {
  const servicesByHost = new Map<string, ServiceModel>();
  const servicesByNamespace = new Map<string, ServiceModel[]>();
  const servicesByName = new Map<string, Map<string, ServiceModel>>();
  for (const s of services) {
    if (!servicesByHost.has(s.host)) servicesByHost.set(s.host, s);
    pushTo(servicesByNamespace, s.namespace, s);
    let byName = servicesByName.get(s.namespace);
    if (!byName) { byName = new Map(); servicesByName.set(s.namespace, byName); }
    if (!byName.has(s.name)) byName.set(s.name, s);
  }
  const externalHosts = new Map<string, ServiceEntryModel>();
  for (const se of serviceEntries) for (const h of se.hosts) if (!externalHosts.has(h)) externalHosts.set(h, se);
  return { servicesByHost, servicesByNamespace, servicesByName, externalHosts };
}

/** Per namespace: label key -> value -> workloads. */
function labelIndex(workloadsByNamespace: ReadonlyMap<string, readonly Workload[]>): Map<string, Map<string, Map<string, Workload[]>>> {
  const out = new Map<string, Map<string, Map<string, Workload[]>>>();
  for (const [ns, workloads] of workloadsByNamespace) {
    const byKey = new Map<string, Map<string, Workload[]>>();
    for (const w of workloads) {
      for (const key in w.podLabels) {
        let byValue = byKey.get(key);
        if (!byValue) { byValue = new Map(); byKey.set(key, byValue); }
        pushTo(byValue, w.podLabels[key], w);
      }
    }
    out.set(ns, byKey);
  }
  return out;
}

/** A namespace's rules by exact host, by host, by wildcard suffix, and its wildcard rules. */
function destinationRuleIndex(drs: readonly DestinationRuleModel[]): DestinationRuleIndex {
  const exact = new Map<string, DestinationRuleModel[]>();
  const byHost = new Map<string, DestinationRuleModel[]>();
  const wildcardBySuffix = new Map<string, DestinationRuleModel[]>();
  const wildcard: DestinationRuleModel[] = [];
  const irregularWildcard: DestinationRuleModel[] = [];
  let hasSelector = false;
  for (const dr of drs) {
    if (dr.workloadSelector && Object.keys(dr.workloadSelector).length > 0) hasSelector = true;
    pushTo(byHost, dr.host, dr);
    if (dr.host.startsWith('*')) {
      wildcard.push(dr);
      const suffix = dr.host.slice(1);
      if (suffix === '' || suffix.startsWith('.')) pushTo(wildcardBySuffix, suffix, dr);
      else irregularWildcard.push(dr);
    } else {
      pushTo(exact, dr.host, dr);
    }
  }
  return { exact, wildcard, hasSelector, byHost, wildcardBySuffix, irregularWildcard };
}

/**
 * The wildcard rules of a namespace whose host matches `host` (hosts.ts hostMatches), looked up by suffix instead of
 * scanned: `*.b.c` matches exactly the hosts that end with '.b.c', so only the host's own suffixes are looked up.
 */
export function wildcardsMatching(idx: DestinationRuleIndex, host: string): DestinationRuleModel[] {
  const out: DestinationRuleModel[] = [...(idx.wildcardBySuffix.get('') ?? [])];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
    const drs = idx.wildcardBySuffix.get(host.slice(i));
    if (drs) out.push(...drs);
  }
  for (const dr of idx.irregularWildcard) if (host.endsWith(dr.host.slice(1))) out.push(dr);
  return out;
}

/** Per namespace: the modern workload policies by the first key and value of their selector. */
function workloadPeerIndex(peerByNamespace: ReadonlyMap<string, readonly PeerPolicy[]>): Map<string, Map<string, Map<string, PeerPolicy[]>>> {
  const out = new Map<string, Map<string, Map<string, PeerPolicy[]>>>();
  for (const [ns, ps] of peerByNamespace) {
    const byKey = new Map<string, Map<string, PeerPolicy[]>>();
    for (const p of ps) {
      if (p.scope !== 'workload' || p.legacy || !p.selector) continue;
      const key = Object.keys(p.selector)[0];
      let byValue = byKey.get(key);
      if (!byValue) { byValue = new Map(); byKey.set(key, byValue); }
      pushTo(byValue, p.selector[key], p);
    }
    if (byKey.size > 0) out.set(ns, byKey);
  }
  return out;
}

/** Every rule with a host: exact, `*.<ns>.svc.<domain>` by namespace, other wildcards, all wildcards. */
function destinationRuleHostIndex(drs: readonly DestinationRuleModel[], clusterDomain: string): DestinationRuleHostIndex {
  const exact = new Map<string, DestinationRuleModel[]>();
  const namespaceWildcard = new Map<string, DestinationRuleModel[]>();
  const otherWildcard: DestinationRuleModel[] = [];
  const wildcard: DestinationRuleModel[] = [];
  const suffix = `.svc.${clusterDomain}`;
  for (const dr of drs) {
    if (!dr.host) continue;
    if (!dr.host.startsWith('*')) { pushTo(exact, dr.host, dr); continue; }
    wildcard.push(dr);
    const ns = dr.host.startsWith('*.') && dr.host.endsWith(suffix) ? dr.host.slice(2, -suffix.length) : '';
    if (ns && !ns.includes('.')) pushTo(namespaceWildcard, ns, dr); else otherWildcard.push(dr);
  }
  return { exact, namespaceWildcard, otherWildcard, wildcard };
}

/** Every index of the model (the Service ones from {@link serviceIndexes}). */
export function buildIndexes(input: IndexInput, services: ReturnType<typeof serviceIndexes>): ModelIndexes {
  const workloadsByNamespace = new Map<string, Workload[]>();
  for (const w of input.workloads) pushTo(workloadsByNamespace, w.namespace, w);
  const drsByNamespace = new Map<string, DestinationRuleModel[]>();
  for (const dr of input.destinationRules) pushTo(drsByNamespace, dr.namespace, dr);
  const drIndexByNamespace = new Map<string, DestinationRuleIndex>();
  for (const [ns, drs] of drsByNamespace) drIndexByNamespace.set(ns, destinationRuleIndex(drs));
  const peerByNamespace = new Map<string, PeerPolicy[]>();
  const meshPolicies: PeerPolicy[] = [];
  for (const p of input.peerPolicies) {
    if (p.scope === 'mesh') meshPolicies.push(p);
    else pushTo(peerByNamespace, p.namespace, p);
  }
  return {
    ...services,
    workloadsByNamespace,
    workloadsByLabel: labelIndex(workloadsByNamespace),
    drsByNamespace,
    drIndexByNamespace,
    drHostIndex: destinationRuleHostIndex(input.destinationRules, input.clusterDomain),
    peerByNamespace,
    workloadPeerByLabel: workloadPeerIndex(peerByNamespace),
    meshPolicies,
  };
}
