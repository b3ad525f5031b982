/**
 * AuthorizationPolicy where ambient mode changes who enforces it (istio.io docs/ambient/usage/authorization-policy;
 * docs/ambient/migrate/migrate-policies and enable-ambient-mode step 5), computed once per analysis and shared by
 * IMT7008-IMT7010 and the mesh graph:
 * - a policy bound by selector (or namespace-wide) is enforced at the destination: by its sidecar, or for ambient pods
 *   by ztunnel, which cannot enforce L7 attributes and applies such a policy as a DENY of all traffic;
 * - a policy with `targetRefs` to a Service is enforced by the waypoint bound to that Service (`istio.io/use-waypoint`
 *   on the Service, else on its namespace); without one nothing enforces it;
 * - a declared call arrives at the destination with the caller's identity, except that an ambient caller whose
 *   destination is an ambient pod behind a waypoint arrives as the waypoint (its service account, the Gateway's name);
 *   sidecars and callers outside the mesh bypass the waypoint (istio.io docs/ambient/architecture/data-plane), and
 *   plaintext carries no identity, so `notPrincipals` always matches it (ISTIO-SECURITY-2021-004).
 * @internal
 */
import { AuthzPolicy, AuthzRule, ServiceModel, WaypointModel, Workload } from './model';
import { RuleContext } from './rule';
import { callerKind } from './traffic';
import { DEFAULT_TRUST_DOMAIN } from './vocabulary';

/** The SPIFFE principal of a service account, as AuthorizationPolicy `principals` name it. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `${DEFAULT_TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Istio's string match of principals: exact, `*`, `prefix*` or `*suffix`. */
function matches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Whether a rule decidable on the principal matches a caller (`undefined`: plaintext, no identity) on a port. */
function ruleMatches(r: AuthzRule, identity: string | undefined, port: number): boolean {
  if (r.ports.length > 0 && !r.ports.includes(port)) return false;
  if (r.sources.length === 0) return true;
  return r.sources.some((s) => {
    const inPrincipals = s.principals === undefined || (identity !== undefined && s.principals.some((p) => matches(p, identity)));
    const inNot = s.notPrincipals !== undefined && (identity === undefined || !s.notPrincipals.some((p) => matches(p, identity)));
    return inPrincipals && (s.notPrincipals === undefined || inNot);
  });
}

/** The waypoint a Service is bound to: its name and namespace, and the Gateway when the input has it. */
export interface WaypointBinding {
  readonly name: string;
  readonly namespace: string;
  /** Which label bound it. */
  readonly by: 'service' | 'namespace';
  readonly waypoint?: WaypointModel;
}

/** A declared call a DENY policy at the destination matches. */
export interface DeniedCall {
  readonly policy: AuthzPolicy;
  readonly caller: Workload;
  readonly service: ServiceModel;
  readonly port: number;
  readonly endpoint: Workload;
  /** The principal the call arrives with (undefined: plaintext). */
  readonly identity?: string;
  /** Whether the call bypasses a waypoint the destination is bound to (a sidecar or plaintext caller). */
  readonly bypassesWaypoint: boolean;
}

export class AmbientAuthz {
  /** Selector-bound or namespace-wide policies with L7 attributes, and the ambient workloads where ztunnel enforces them. */
  public readonly l7AtZtunnel: Array<{ readonly policy: AuthzPolicy; readonly workloads: readonly Workload[] }> = [];
  public readonly denied: DeniedCall[] = [];
  /** targetRefs policies on Services with ambient pods and no waypoint that enforces them. */
  public readonly unenforced: Array<{ readonly policy: AuthzPolicy; readonly service: ServiceModel; readonly binding?: WaypointBinding }> = [];
  private readonly waypoints = new Map<string, WaypointModel>();

  constructor(private readonly ctx: Pick<RuleContext, 'model' | 'resolver'>) {
    const model = ctx.model;
    for (const w of model.waypoints) if (!this.waypoints.has(`${w.namespace}/${w.name}`)) this.waypoints.set(`${w.namespace}/${w.name}`, w);
    const atDestination = new Map<string, AuthzPolicy[]>();
    for (const ap of model.authorizationPolicies) {
      if (ap.targetRefs.length > 0) { this.targeted(ap); continue; }
      const list = atDestination.get(ap.namespace) ?? [];
      list.push(ap);
      atDestination.set(ap.namespace, list);
      if (ap.l7Fields.length === 0 || (ap.action !== 'ALLOW' && ap.action !== 'DENY')) continue;
      const ambient = this.selected(ap).filter((w) => w.dataplane === 'ambient');
      if (ambient.length > 0) this.l7AtZtunnel.push({ policy: ap, workloads: ambient });
    }
    const root = atDestination.get(model.options.rootNamespace) ?? [];
    // Without destination-bound policies no declared call can be denied: nothing to walk.
    if (atDestination.size === 0) return;
    this.declared((ns) => [...root, ...(ns === model.options.rootNamespace ? [] : atDestination.get(ns) ?? [])]);
  }

  /** The workloads a destination-bound policy applies to. */
  private selected(ap: AuthzPolicy): readonly Workload[] {
    const sel = ap.selector && Object.keys(ap.selector).length > 0 ? ap.selector : undefined;
    // A root-namespace policy with a selector applies to the workloads it selects in every namespace (istio
    // pilot/pkg/serviceregistry/ambient/workloads.go: `nsMatch := wa.Authorization.Namespace == meshCfg.RootNamespace
    // || wa.Authorization.Namespace == workloadNamespace`); unlike PeerAuthentication, whose root selector policies
    // Istio ignores.
    if (sel && ap.namespace === this.ctx.model.options.rootNamespace) return this.ctx.model.workloads.filter((w) => this.applies(ap, w));
    if (sel) return this.ctx.resolver.selectWorkloads(ap.namespace, sel);
    return ap.namespace === this.ctx.model.options.rootNamespace ? this.ctx.model.workloads : this.ctx.model.workloadsByNamespace.get(ap.namespace) ?? [];
  }

  /** The waypoint bound to a Service, if any (waypoint-for: service, the default). */
  public bindingOf(svc: ServiceModel): WaypointBinding | undefined {
    if (svc.waypointOptOut) return undefined;
    const nsLabel = this.ctx.model.namespaces.get(svc.namespace)?.labels['istio.io/use-waypoint'];
    const name = svc.useWaypoint ?? (nsLabel && nsLabel !== '#none' ? nsLabel : undefined);
    if (!name) return undefined;
    return { name, namespace: svc.namespace, by: svc.useWaypoint ? 'service' : 'namespace', waypoint: this.waypoints.get(`${svc.namespace}/${name}`) };
  }

  private targeted(ap: AuthzPolicy): void {
    for (const t of ap.targetRefs) {
      if (t.kind !== 'Service' || (t.group !== '' && t.group !== 'core')) continue;
      const svc = this.ctx.model.servicesByName.get(ap.namespace)?.get(t.name);
      if (!svc || !this.ctx.resolver.workloadsOf(svc).some((w) => w.dataplane === 'ambient')) continue;
      const binding = this.bindingOf(svc);
      if (!binding?.waypoint) this.unenforced.push({ policy: ap, service: svc, binding });
    }
  }

  private declared(policiesAt: (ns: string) => readonly AuthzPolicy[]): void {
    const r = this.ctx.resolver;
    for (const w of this.ctx.model.workloads) {
      for (const call of w.calls) {
        if (call.target.kind !== 'service') continue;
        const svc = call.target.service;
        const binding = this.bindingOf(svc);
        for (const sp of svc.ports) {
          if (call.port !== undefined && sp.port !== call.port) continue;
          const kind = callerKind(w, sp.port);
          if (!kind) continue;
          for (const ep of r.endpoints(svc, sp)) {
            if (ep.dataplane !== 'sidecar' && ep.dataplane !== 'ambient') continue;
            const viaWaypoint = kind === 'ambient' && ep.dataplane === 'ambient' && binding !== undefined;
            const identity = kind === 'plain' ? undefined : viaWaypoint ? principalOf(binding!.namespace, binding!.waypoint?.serviceAccount ?? binding!.name) : principalOf(w.namespace, w.serviceAccount);
            const policy = policiesAt(ep.workload.namespace).find((ap) => ap.action === 'DENY' && this.applies(ap, ep.workload)
              && ap.rules.some((rule) => !rule.other && ruleMatches(rule, identity, ep.containerPort)));
            if (!policy) continue;
            this.denied.push({ policy, caller: w, service: svc, port: sp.port, endpoint: ep.workload, identity, bypassesWaypoint: binding !== undefined && ep.dataplane === 'ambient' && !viaWaypoint });
            break;
          }
        }
      }
    }
  }

  private applies(ap: AuthzPolicy, w: Workload): boolean {
    const sel = ap.selector && Object.keys(ap.selector).length > 0 ? ap.selector : undefined;
    if (!sel) return true;
    return (ap.namespace === w.namespace || ap.namespace === this.ctx.model.options.rootNamespace) && Object.keys(sel).every((k) => w.podLabels[k] === sel[k]);
  }
}

/** The shared analysis of this run. */
export function ambientAuthz(ctx: RuleContext): AmbientAuthz {
  return ctx.memo('ambient-authz', () => new AmbientAuthz(ctx));
}
