/**
 * Object-level contradictions between a policy and a rule, found from the two objects alone (no Service or workload
 * in the input), as Kiali's destination-rule and peer-authentication checkers do (kiali business/checkers: KIA0207/
 * KIA0208, KIA0505/KIA0506, KIA0401/KIA0501, KIA0204).
 *
 * The rules considered, and whose server mode they meet (the mode the mesh-wide and namespace-wide policies give;
 * workload policies can only narrow it, so a namespace with workload policies is left to the traffic analysis):
 * - a mesh-wide rule: the root namespace, host `*`, `*.local`, `*.<domain>` or `*.svc.<domain>`, exported to every
 *   namespace: every server of the mesh;
 * - the same hosts in another namespace X: X's clients call every server with it, and everyone calls X's servers
 *   with it (Istio looks in the client's, then the Service's namespace): the mesh's mode and X's;
 * - a namespace wildcard `*.<ns>.svc.<domain>`, in any namespace: the servers of `ns`;
 * - a rule for one Service host `name.<ns>.svc.<domain>`: the servers of `ns`.
 * Where the input holds Services of those namespaces, the traffic analysis judges the real endpoints instead.
 * @internal
 */
import { DestinationRuleModel, dataplaneOf, hostMatches, kubeApiHost, namespaceOfHost } from '../model';
import { EffectiveServerMode, ServerResolution, exportedToAll } from '../resolve';
import { RuleContext } from '../rule';
import { FailureKind, traffic } from '../traffic';
import { NO_POLICY_NAMESPACE } from '../vocabulary';


export interface ScopeRule {
  readonly dr: DestinationRuleModel;
  /** The namespace whose servers the rule covers (undefined: every namespace). */
  readonly namespace?: string;
  /** Whether the rule's host covers every host of the mesh (`*.local` and the like). */
  readonly meshHost: boolean;
  /** `namespace 'shop'`, `the mesh`, or the host, for messages. */
  readonly label: string;
}

/** The mesh-wide hosts a rule can have. */
export function meshHosts(domain: string): readonly string[] {
  return ['*', '*.local', `*.${domain}`, `*.svc.${domain}`];
}

/** Every rule without a workload selector whose host covers a mesh, a namespace or one Service, with its scope. */
export function scopeRules(ctx: RuleContext): ScopeRule[] {
  const { rootNamespace: root, clusterDomain: domain } = ctx.model.options;
  const out: ScopeRule[] = [];
  for (const dr of ctx.model.destinationRules) {
    if (!dr.host || (dr.workloadSelector && Object.keys(dr.workloadSelector).length > 0)) continue;
    if (meshHosts(domain).includes(dr.host)) {
      if (dr.namespace === root) { if (exportedToAll(dr)) out.push({ dr, meshHost: true, label: 'the mesh' }); } else out.push({ dr, namespace: dr.namespace, meshHost: true, label: `the mesh (for clients in namespace '${dr.namespace}')` });
      continue;
    }
    // The kube-apiserver is outside the mesh (IMT5004 handles rules for it).
    const ns = dr.host === kubeApiHost(domain) ? undefined : namespaceOfHost(dr.host, domain);
    if (ns !== undefined) out.push({ dr, namespace: ns, meshHost: false, label: dr.host.startsWith('*') ? `namespace '${ns}'` : dr.host });
  }
  return out;
}

/** The server mode of a namespace from its mesh-wide and namespace-wide policies (the mesh's for undefined). */
export function scopeMode(ctx: RuleContext, namespace: string | undefined): ServerResolution {
  return ctx.resolver.levels(namespace ?? NO_POLICY_NAMESPACE).base;
}

/** The top-level tls mode of a rule, or undefined without one. */
export function topTlsMode(dr: DestinationRuleModel): string | undefined {
  return dr.policy.tls ? dr.policy.tls.mode ?? 'DISABLE' : undefined;
}

/** The server modes a scope rule meets, where they are certain from the policies alone; none where the input has a topology. */
function modesMet(ctx: RuleContext, s: ScopeRule, rules: readonly ScopeRule[]): ServerResolution[] {
  const hasServices = (ns: string) => (ctx.model.servicesByNamespace.get(ns) ?? []).length > 0;
  const uniform = (ns: string) => ctx.resolver.levels(ns).workloadPolicies.length === 0 && ctx.resolver.levels(ns).legacyTargetPolicies.size === 0;
  const certain = (ns: string) => !hasServices(ns) && uniform(ns);
  if (s.namespace === undefined) {
    // The mesh-wide rule meets the mesh's mode, and the mode of every namespace with its own policy that has no rule
    // of its own for its hosts (a namespace wildcard or mesh-host rule in that namespace comes first in the lookup).
    const own = new Set(rules.filter((r) => r.dr.host.startsWith('*') && r.namespace !== undefined && r.dr.namespace === r.namespace).map((r) => r.namespace));
    const namespaces = [...ctx.model.peerByNamespace.keys()].filter((ns) => ctx.resolver.namespacePolicy(ns) && !own.has(ns) && certain(ns)).sort();
    return [...(ctx.model.services.length > 0 ? [] : [scopeMode(ctx, undefined)]), ...namespaces.map((ns) => scopeMode(ctx, ns))];
  }
  if (!certain(s.namespace)) return [];
  return s.meshHost ? [scopeMode(ctx, undefined), scopeMode(ctx, s.namespace)] : [scopeMode(ctx, s.namespace)];
}

/**
 * Reports each object-level conflict where a rule's top-level tls and the server mode it meets contradict, unless the
 * traffic analysis already reported a failing call of `kind` at that rule (the call-level finding says more).
 */
export function reportScopeConflicts(ctx: RuleContext, kind: FailureKind, conflicts: (mode: EffectiveServerMode, tls: string) => boolean,
  describe: (s: ScopeRule, server: ServerResolution, tls: string) => { message: string; fix: string }, sidecarsNeeded = false): void {
  const reported = new Set(traffic(ctx).failures.filter((f) => f.kind === kind).map((f) => f.at));
  const rules = scopeRules(ctx);
  for (const s of rules) {
    const tls = topTlsMode(s.dr);
    if (!tls || reported.has(s.dr)) continue;
    const server = modesMet(ctx, s, rules).find((m) => m.policy && conflicts(m.mode, tls) && (!sidecarsNeeded || sidecarsCertain(ctx, s, m)));
    if (!server) continue;
    const d = describe(s, server, tls);
    ctx.report({ at: s.dr, field: 'spec.trafficPolicy.tls', message: d.message, fix: d.fix });
  }
}

/**
 * The ISTIO_MUTUAL rule that `dr` replaces for its host: a wider rule (mesh or namespace wildcard) that the same
 * clients would otherwise use — one in `dr`'s own namespace (within a namespace the most specific host wins), or a
 * mesh-wide one in the root namespace (looked at after the client's and the Service's namespaces).
 */
export function widerIstioMutual(ctx: RuleContext, dr: DestinationRuleModel): DestinationRuleModel | undefined {
  const root = ctx.model.options.rootNamespace;
  return scopeRules(ctx).map((s) => s.dr).find((d) => d !== dr && d.host.startsWith('*') && topTlsMode(d) === 'ISTIO_MUTUAL' && hostMatches(d.host, dr.host)
    && (d.namespace === dr.namespace || (d.namespace === root && exportedToAll(d))));
}

/**
 * For a conflict that only sidecar servers have (plaintext toward STRICT): whether the servers a rule meets surely have
 * sidecars. A namespace's own STRICT policy says they do; a mesh-wide one does not say it of every namespace (one
 * without injection keeps plaintext servers, which want exactly a DISABLE rule), so the Namespace must say so; an
 * ambient namespace gets HBONE whatever the rule says.
 */
function sidecarsCertain(ctx: RuleContext, s: ScopeRule, server: ServerResolution): boolean {
  if (s.namespace === undefined || s.meshHost) return true;
  const d = dataplaneOf({ namespace: s.namespace, labels: {}, annotations: {}, spec: {}, admittedPod: false }, ctx.model.namespaces.get(s.namespace), false);
  if (d.dataplane === 'ambient' || d.dataplane === 'none') return false;
  return server.policy?.scope !== 'mesh' || d.dataplane === 'sidecar';
}
