/**
 * Which calls fail: declared calls (workload annotation istio-mtls.cdk8s.io/calls) and, where callers are not
 * declared, every caller the input shows may call any service. Computed once per analysis and shared by the
 * traffic rules (IMT5001-IMT5008, IMT7001-IMT7003, IMT7006), each of which reports its own kind of failure.
 *
 * A call is judged per (caller, server endpoint, port) from what goes on the wire (istio.io docs/ambient/architecture
 * and the interop table in the project's notes, sourced from istio pilot/pkg/networking/core/cluster_tls.go,
 * pilot/pkg/xds/endpoints/endpoint_builder.go and pilot/pkg/serviceregistry/ambient/workloads.go):
 * - a caller without a sidecar sends plaintext, which a STRICT sidecar or (for ambient pods) the destination
 *   ztunnel rejects;
 * - an ambient caller's ztunnel sends HBONE to ambient pods and HBONE-capable sidecars, and plaintext to any other
 *   sidecar;
 * - a sidecar sends HBONE to ambient pods (PILOT_ENABLE_SENDING_HBONE), whatever its DestinationRule says, except
 *   toward headless Services (ORIGINAL_DST clusters get no HBONE, istio/istio#54921); to sidecars and plain pods it
 *   sends what its DestinationRule says, or with auto mTLS mTLS exactly to sidecars — for headless Services only when
 *   every endpoint has one, with the mode inferred from the namespace and mesh policies (BestEffortInferServiceMTLSMode,
 *   istio/istio#39439).
 * @internal
 */
import { Located, ServiceModel, ServicePort, Workload, kubeApiHost } from './model';
import { ClientResolution, Endpoint, Resolver, ServerResolution, byWorkloadName, exportedToAll } from './resolve';
import { RuleContext } from './rule';
import { ANY_CLIENT_NAMESPACE } from './vocabulary';

export type FailureKind =
  | 'plaintext-to-strict' // caller without a sidecar (or bypassing it) -> STRICT sidecar or ambient server
  | 'mtls-to-plain-server' // ISTIO_MUTUAL -> server without a sidecar
  | 'mtls-to-external' // ISTIO_MUTUAL -> ServiceEntry / external host
  | 'tls-to-strict' // DR DISABLE / SIMPLE / MUTUAL -> STRICT server
  | 'mtls-to-disabled' // ISTIO_MUTUAL -> PA DISABLE
  | 'dr-without-tls' // auto mTLS off: a DR without tls decides -> plaintext -> STRICT
  | 'no-mtls-without-auto' // auto mTLS off: no DR at all -> plaintext -> STRICT
  | 'ambient-plaintext-to-sidecar' // ambient caller -> STRICT sidecar without HBONE: ztunnel sends plaintext
  | 'sidecar-to-headless-ambient' // sidecar -> headless Service with ambient endpoints: no HBONE
  | 'sidecar-without-hbone-to-ambient' // sidecar, HBONE sending off -> ambient server
  | 'headless-auto-mtls'; // auto mTLS toward a headless Service picks one mode for every endpoint, which one rejects

/** What a caller puts on the wire: through its sidecar, through ztunnel (ambient), or plaintext. */
export type CallerKind = 'sidecar' | 'ambient' | 'plain';

/** What the judgement needs beyond the pair: the install's HBONE sending, and for headless Services auto mTLS's choice. */
export interface Wire {
  /** Whether sidecars send HBONE to ambient pods (PILOT_ENABLE_SENDING_HBONE). */
  readonly sendHbone: boolean;
  /** Set for headless Services: what a sidecar with auto mTLS sends to every endpoint. */
  readonly headlessAuto?: 'plaintext' | 'mtls';
}

export interface TrafficFailure {
  readonly kind: FailureKind;
  /** A call the input declares (the workload annotation). */
  readonly declared: boolean;
  /**
   * Not declared, but call-independent: the configuration contradicts itself for every sidecar client that uses it
   * (their DestinationRule against the server's policy), so whoever calls through it fails. Failures that need a
   * particular caller to exist (a workload without a sidecar, an ambient one) are neither declared nor this.
   */
  readonly everyClient: boolean;
  /** The object to report on (the deciding DR or PA, the Service, or the caller). */
  readonly at: Located;
  readonly caller: string;
  readonly callee: string;
  readonly port?: number;
  readonly server?: ServerResolution;
  readonly client?: ClientResolution;
  readonly endpoint?: Endpoint;
  readonly service?: ServiceModel;
}

/** Keys of the per-port verdict memo for callers without a sidecar resolution (sidecar callers are keyed by it). */
const PLAIN_CALLER = { plain: true };
const AMBIENT_CALLER = { ambient: true };

export function workloadName(w: Workload): string {
  return `${w.name}.${w.namespace}`;
}

/** Judges one (caller, endpoint) pair; `cr` is what a sidecar caller's DestinationRule makes it send. */
export function judge(caller: CallerKind, cr: ClientResolution | undefined, ep: Endpoint, server: ServerResolution, wire: Wire): FailureKind | undefined {
  const dp = ep.dataplane;
  if (dp === 'unknown') return undefined;
  const strict = server.mode === 'STRICT';
  if (caller === 'plain') return dp !== 'none' && strict ? 'plaintext-to-strict' : undefined;
  if (caller === 'ambient') return dp === 'sidecar' && !ep.hbone && strict ? 'ambient-plaintext-to-sidecar' : undefined;
  const mode = cr?.mode ?? 'AUTO';
  if (dp === 'ambient') {
    if (!wire.headlessAuto && wire.sendHbone) return undefined; // HBONE, whatever the DestinationRule says
    const kind = wire.headlessAuto ? 'sidecar-to-headless-ambient' : 'sidecar-without-hbone-to-ambient';
    // Istio mTLS, which ztunnel cannot terminate; otherwise plaintext or the app's TLS, with no Istio identity.
    return mode === 'ISTIO_MUTUAL' || strict ? kind : undefined;
  }
  if (dp === 'none') return mode === 'ISTIO_MUTUAL' ? 'mtls-to-plain-server' : undefined;
  if (mode === 'AUTO') {
    if (!wire.headlessAuto) return undefined;
    return (wire.headlessAuto === 'plaintext' ? strict : server.mode === 'DISABLE') ? 'headless-auto-mtls' : undefined;
  }
  if (mode === 'ISTIO_MUTUAL') return server.mode === 'DISABLE' ? 'mtls-to-disabled' : undefined;
  if (!strict) return undefined;
  if (cr?.explicit) return 'tls-to-strict';
  return cr?.dr ? 'dr-without-tls' : 'no-mtls-without-auto';
}

/** What a workload's traffic to a Service port is: through its sidecar, its ztunnel, or plaintext; undefined when unknown. */
export function callerKind(w: Workload, servicePort: number | undefined): CallerKind | undefined {
  switch (w.dataplane) {
    case 'unknown': return undefined;
    case 'none': return 'plain';
    case 'ambient': return 'ambient';
    default: return w.outboundBypassed || (servicePort !== undefined && w.excludeOutboundPorts.has(servicePort)) ? 'plain' : 'sidecar';
  }
}

/** How a finding names a workload caller: its name, and why it sends plaintext when that is not obvious. */
function callerName(w: Workload, kind: CallerKind, port: number): string {
  if (kind === 'ambient') return `${workloadName(w)} (ambient)`;
  if (w.dataplane !== 'sidecar') return `${workloadName(w)} (no sidecar)`;
  if (kind === 'plain') return `${workloadName(w)} (outbound ${w.outboundBypassed ? 'traffic' : `port ${port}`} bypasses the sidecar)`;
  return workloadName(w);
}

/**
 * The Service ports mesh traffic uses: sidecars and ztunnel capture TCP only, so UDP and SCTP ports pass in plain,
 * whatever the policies say (istio.io docs/ops/deployment/application-requirements, "UDP is not proxied").
 */
export function meshPorts(svc: ServiceModel): ServicePort[] {
  return svc.ports.filter((sp) => sp.protocol === 'TCP');
}

function calleeName(svc: ServiceModel, sp: ServicePort): string {
  return `${svc.host}:${sp.port}`;
}

export class TrafficAnalysis {
  public readonly failures: TrafficFailure[] = [];
  private readonly seen = new Set<string>();
  private readonly verdicts = new Map<object, Map<ServicePort, boolean>>();
  private readonly wires = new Map<ServicePort, Wire>();

  constructor(private readonly ctx: Pick<RuleContext, 'model' | 'resolver'>) {
    const r = ctx.resolver;
    this.declared(r);
    this.potential(r);
  }

  private add(f: TrafficFailure, key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.failures.push(f);
  }

  private reportAt(kind: FailureKind, server: ServerResolution, cr: ClientResolution | undefined, fallback: Located, svc: ServiceModel): Located {
    switch (kind) {
      case 'plaintext-to-strict': case 'no-mtls-without-auto': case 'ambient-plaintext-to-sidecar':
        return server.policy ?? fallback;
      // Istio mTLS that ztunnel cannot terminate is the DestinationRule's doing; plaintext that STRICT denies, the policy's.
      case 'sidecar-without-hbone-to-ambient': return (cr?.mode === 'ISTIO_MUTUAL' ? cr.dr : undefined) ?? server.policy ?? fallback;
      case 'sidecar-to-headless-ambient': return svc;
      case 'headless-auto-mtls': return server.policy ?? svc;
      default: return cr?.dr ?? server.policy ?? fallback;
    }
  }

  /** The wire facts of a Service port (for headless Services, what auto mTLS picks for all endpoints). */
  private wire(svc: ServiceModel, sp: ServicePort): Wire {
    let w = this.wires.get(sp);
    if (!w) {
      const sendHbone = this.ctx.model.options.sidecarsSendHbone;
      if (!svc.headless) w = { sendHbone };
      else {
        const eps = this.ctx.resolver.endpoints(svc, sp);
        const allSidecars = eps.every((ep) => ep.dataplane === 'sidecar');
        const inferred = this.ctx.resolver.levels(svc.namespace).base.mode;
        w = { sendHbone, headlessAuto: allSidecars && inferred !== 'DISABLE' ? 'mtls' : 'plaintext' };
      }
      this.wires.set(sp, w);
    }
    return w;
  }

  /**
   * Whether a sidecar with auto mTLS and no DestinationRule can fail toward this Service: only toward a headless one,
   * or toward ambient pods when sidecars do not send HBONE.
   */
  private autoMayFail(svc: ServiceModel): boolean {
    if (svc.headless) return true;
    return !this.ctx.model.options.sidecarsSendHbone && this.ctx.resolver.workloadsOf(svc).some((w) => w.dataplane === 'ambient');
  }

  /**
   * Whether any endpoint behind a service port fails for this caller (and what its sidecar sends). The answer depends
   * only on the port and the caller, so it is computed once per pair: most calls fail nowhere and stop here.
   */
  private mayFail(svc: ServiceModel, sp: ServicePort, caller: CallerKind, cr: ClientResolution | undefined): boolean {
    const key = caller === 'sidecar' && cr ? cr : caller === 'ambient' ? AMBIENT_CALLER : PLAIN_CALLER;
    let bySp = this.verdicts.get(key);
    if (!bySp) { bySp = new Map(); this.verdicts.set(key, bySp); }
    let v = bySp.get(sp);
    if (v === undefined) {
      const wire = this.wire(svc, sp);
      v = this.ctx.resolver.endpoints(svc, sp).some((ep) => judge(caller, cr, ep, ep.server, wire) !== undefined);
      bySp.set(sp, v);
    }
    return v;
  }

  private evaluate(caller: CallerKind, clientNs: string, labels: Record<string, string> | undefined, svc: ServiceModel, sp: ServicePort,
    declared: boolean, who: () => string, fallback: Located, everyClient = false): void {
    const r = this.ctx.resolver;
    const cr = caller === 'sidecar' ? r.clientTlsForService(clientNs, svc, sp.port, labels) : undefined;
    // A sidecar with auto mTLS adapts to every server, except where autoMayFail says.
    if (cr && cr.mode === 'AUTO' && !this.autoMayFail(svc)) return;
    if (!this.mayFail(svc, sp, caller, cr)) return;
    const wire = this.wire(svc, sp);
    for (const ep of r.endpoints(svc, sp)) {
      const server = ep.server;
      const kind = judge(caller, cr, ep, server, wire);
      if (!kind) continue;
      const at = this.reportAt(kind, server, cr, fallback, svc);
      const key = `${kind}|${at.index}|${svc.host}|${sp.port}`;
      if (!declared && this.seen.has(`D|${key}`)) continue;
      const name = who();
      this.add({ kind, declared, everyClient, at, caller: name, callee: calleeName(svc, sp), port: sp.port, server, client: cr, endpoint: ep, service: svc }, declared ? `D|${key}|${name}` : key);
      if (declared) this.seen.add(`D|${key}`);
      return; // one finding per client/service port is enough
    }
  }

  private declared(r: Resolver): void {
    const autoMtls = this.ctx.model.options.autoMtls;
    for (const w of this.ctx.model.workloads) {
      for (const call of w.calls) {
        const target = call.target;
        if (target.kind !== 'service') {
          // ISTIO_MUTUAL toward a server outside the mesh: the kube-apiserver or a MESH_EXTERNAL ServiceEntry host.
          const outside = target.kind === 'kube-apiserver' || (target.kind === 'service-entry' && target.serviceEntry.external);
          if (outside && callerKind(w, call.port) === 'sidecar') {
            const apiServer = target.kind === 'kube-apiserver';
            const host = apiServer ? kubeApiHost(this.ctx.model.options.clusterDomain) : call.host;
            const cr = r.clientTls(w.namespace, host, call.port ?? (apiServer ? 443 : undefined), w.podLabels);
            if (cr.mode === 'ISTIO_MUTUAL' && cr.dr) {
              this.add({ kind: 'mtls-to-external', declared: true, everyClient: false, at: cr.dr, caller: workloadName(w), callee: `${call.host}${call.port ? `:${call.port}` : ''}`, port: call.port, client: cr }, `X|${cr.dr.index}|${call.host}|${workloadName(w)}`);
            }
          }
          continue;
        }
        const svc = target.service;
        const through = callerKind(w, undefined);
        if (!through) continue;
        // A sidecar with auto mTLS and no DestinationRule for the host adapts to every server (what evaluate() would
        // find port by port): the common case, settled here, unless a port bypasses the sidecar.
        if (through === 'sidecar' && w.excludeOutboundPorts.size === 0 && autoMtls && r.drCandidates(svc).length === 0 && !this.autoMayFail(svc)) continue;
        for (const sp of svc.ports) {
          if (sp.protocol !== 'TCP' || (call.port !== undefined && sp.port !== call.port)) continue;
          const kind = callerKind(w, sp.port)!;
          if (kind === 'sidecar' && autoMtls && r.drCandidates(svc).length === 0 && !this.autoMayFail(svc)) continue;
          this.evaluate(kind, w.namespace, w.podLabels, svc, sp, true, () => callerName(w, kind, sp.port), w);
        }
      }
    }
  }

  /** Client namespaces whose DestinationRules may differ for this host. */
  private clientNamespaces(svc: ServiceModel): readonly string[] {
    const candidates = this.ctx.resolver.drCandidates(svc);
    if (candidates.length === 0) return [ANY_CLIENT_NAMESPACE];
    const out = new Set<string>([ANY_CLIENT_NAMESPACE]);
    const root = this.ctx.model.options.rootNamespace;
    for (const dr of candidates) {
      // Clients in the rule's namespace look there first; root-namespace clients do so only for private rules (below).
      if (dr.namespace !== root && dr.namespace !== svc.namespace) out.add(dr.namespace);
      // A rule exported only to some namespaces ('.' or names) is seen by clients there and by no generic client.
      if (!exportedToAll(dr)) {
        out.add(dr.namespace);
        for (const e of dr.exportTo!) if (e !== '.' && e !== '~') out.add(e);
      }
    }
    // The generic client first, then by name: the first client namespace to hit a failure is the one its finding names.
    return [...out].sort((a, b) => (a === ANY_CLIENT_NAMESPACE ? -1 : b === ANY_CLIENT_NAMESPACE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  }

  private potential(r: Resolver): void {
    const model = this.ctx.model;
    // Once the input declares any call, the declarations are taken as complete; otherwise any workload may call any service.
    const anyDeclared = model.workloads.some((w) => w.calls.length > 0);
    const callers = (dataplane: Workload['dataplane']) => (anyDeclared ? [] : model.workloads.filter((w) => w.dataplane === dataplane).sort(byWorkloadName));
    // Named in messages: sorted, so that the text does not depend on input order.
    const names = (ws: Workload[]) => ws.slice(0, 3).map(workloadName).join(', ') + (ws.length > 3 ? `, and ${ws.length - 3} more` : '');
    const plainCallers = callers('none');
    const ambientCallers = callers('ambient');
    // With auto mTLS, a sidecar client of a Service that no DestinationRule matches sends mTLS exactly where the
    // server has a sidecar: nothing can fail, so such Services need no workloads or endpoints unless other callers exist.
    const autoMtls = model.options.autoMtls;
    for (const svc of model.services) {
      if (autoMtls && plainCallers.length === 0 && ambientCallers.length === 0 && r.drCandidates(svc).length === 0 && !this.autoMayFail(svc)) continue;
      if (r.workloadsOf(svc).length === 0) continue;
      for (const sp of meshPorts(svc)) {
        if (plainCallers.length > 0) this.evaluate('plain', ANY_CLIENT_NAMESPACE, undefined, svc, sp, false, () => `workloads without a sidecar (${names(plainCallers)})`, svc);
        if (ambientCallers.length > 0) this.evaluate('ambient', ANY_CLIENT_NAMESPACE, undefined, svc, sp, false, () => `ambient workloads (${names(ambientCallers)})`, svc);
        for (const ns of this.clientNamespaces(svc)) {
          const who = () => (ns === ANY_CLIENT_NAMESPACE ? 'sidecar clients' : `sidecar clients in namespace ${ns}`);
          // Sidecar clients fail here by configuration alone (their DestinationRule against the server's policy).
          this.evaluate('sidecar', ns, undefined, svc, sp, false, who, svc, true);
        }
      }
    }
  }
}

/** The shared traffic analysis of this run. */
export function traffic(ctx: RuleContext): TrafficAnalysis {
  return ctx.memo('traffic', () => new TrafficAnalysis(ctx));
}
