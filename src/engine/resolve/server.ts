/**
 * The server side: which PeerAuthentication mode is in force for a workload's port, by Istio's precedence. The
 * narrowest scope wins (workload > namespace > mesh, pilot/pkg/model/authentication.go), UNSET inherits from the next
 * scope, nothing at all is PERMISSIVE; port-level modes of the workload policy win over its own mode; only one
 * mesh-wide and one namespace-wide policy count and the oldest matching workload policy wins. Legacy v1alpha1
 * Policies target Services (istio 1.4 pilot/pkg/model/push_context.go authenticationPolicyForWorkload).
 * @internal
 */
import { MeshModel, PeerPolicy, ServiceModel, ServicePort, selectorMatches } from '../model';
import { pushTo } from '../values';
import { istioOrder, oldest } from './order';
import { EffectiveServerMode, ServerResolution } from './types';

/** Istio's default when no policy sets a mode. */
const DEFAULT_SERVER: ServerResolution = { mode: 'PERMISSIVE', portLevel: false };

/** A policy's mode (or `mode`, e.g. a port-level one) over a resolution; UNSET and absent modes inherit. */
function applyPolicy(r: ServerResolution, p: PeerPolicy | undefined, mode: string | undefined, portLevel = false): ServerResolution {
  if (!p || !mode || mode === 'UNSET') return r;
  return { mode: mode as EffectiveServerMode, policy: p, portLevel };
}

/** The policies of one namespace, by scope. */
export interface NamespaceLevels {
  /** The namespace-wide policy in force (modern preferred over legacy). */
  readonly namespacePolicy?: PeerPolicy;
  /** The resolution from mesh and namespace policies alone. */
  readonly base: ServerResolution;
  readonly workloadPolicies: readonly PeerPolicy[];
  /** Legacy Policies by the Service names they target. */
  readonly legacyTargetPolicies: ReadonlyMap<string, readonly PeerPolicy[]>;
}

export class ServerSide {
  private readonly meshModern?: PeerPolicy;
  private readonly meshLegacy?: PeerPolicy;
  private readonly levelsByNamespace = new Map<string, NamespaceLevels>();
  /** Memo of answers: pod labels object -> (namespace, port, Service, Service port) -> resolution. */
  private readonly modes = new Map<Record<string, string>, Map<string, ServerResolution>>();

  constructor(private readonly model: MeshModel) {
    this.meshModern = oldest(model.meshPolicies.filter((p) => !p.legacy));
    this.meshLegacy = oldest(model.meshPolicies.filter((p) => p.legacy));
  }

  /** The mesh-wide policies that count (oldest of each API). */
  public get meshPolicies(): PeerPolicy[] {
    return [this.meshLegacy, this.meshModern].filter((p): p is PeerPolicy => !!p);
  }

  public levels(ns: string): NamespaceLevels {
    let l = this.levelsByNamespace.get(ns);
    if (!l) {
      const ps = this.model.peerByNamespace.get(ns) ?? [];
      const namespacePolicy = oldest(ps.filter((p) => p.scope === 'namespace' && !p.legacy)) ?? oldest(ps.filter((p) => p.scope === 'namespace' && p.legacy));
      const legacyTargetPolicies = new Map<string, PeerPolicy[]>();
      for (const p of ps) {
        if (p.scope !== 'workload' || !p.legacy) continue;
        for (const t of p.targets ?? []) pushTo(legacyTargetPolicies, t.name, p);
      }
      let base = DEFAULT_SERVER;
      base = applyPolicy(base, this.meshLegacy, this.meshLegacy?.mode);
      base = applyPolicy(base, this.meshModern, this.meshModern?.mode);
      base = applyPolicy(base, namespacePolicy, namespacePolicy?.mode);
      l = { namespacePolicy, base, workloadPolicies: ps.filter((p) => p.scope === 'workload' && !p.legacy), legacyTargetPolicies };
      this.levelsByNamespace.set(ns, l);
    }
    return l;
  }

  /** Modern workload-scoped PAs matching these pod labels, oldest first. */
  public workloadPoliciesFor(ns: string, labels: Record<string, string>): PeerPolicy[] {
    // The model's index holds each policy under the first label of its selector: a pod's candidates are the policies
    // under its own labels, and the rest of each selector is checked on them.
    const byKey = this.model.workloadPeerByLabel.get(ns);
    const ps: PeerPolicy[] = [];
    if (!byKey) return ps;
    for (const key of Object.keys(labels)) {
      for (const p of byKey.get(key)?.get(labels[key]) ?? []) if (selectorMatches(p.selector, labels)) ps.push(p);
    }
    if (ps.length > 1) ps.sort(istioOrder);
    return ps;
  }

  /**
   * Effective server mode for pods with `labels` in `ns` on container port `port`, reached through `service`'s
   * `servicePort` (needed for legacy `targets`, which name services).
   */
  public serverMode(ns: string, labels: Record<string, string>, port: number | undefined, service?: ServiceModel, servicePort?: ServicePort): ServerResolution {
    let byKey = this.modes.get(labels);
    if (!byKey) { byKey = new Map(); this.modes.set(labels, byKey); }
    // Everything the answer depends on besides the labels: the legacy targets read the Service's name and port.
    const key = `${ns}|${port ?? ''}|${service ? `${service.namespace}/${service.name}` : ''}|${servicePort ? `${servicePort.port}/${servicePort.name ?? ''}` : ''}`;
    let r = byKey.get(key);
    if (!r) { r = this.compute(ns, labels, port, service, servicePort); byKey.set(key, r); }
    return r;
  }

  private compute(ns: string, labels: Record<string, string>, port: number | undefined, service?: ServiceModel, servicePort?: ServicePort): ServerResolution {
    const lv = this.levels(ns);
    let r = lv.base;
    // Legacy service targets (optionally restricted to service ports): the Policies targeting the service oldest
    // first; the first whose target port matches wins outright, a service-wide target only when no port-specific
    // one matches.
    if (service) {
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
}
