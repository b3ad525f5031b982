/**
 * Which calls fail: declared calls (workload annotation istio-mtls.cdk8s.io/calls) and, where callers are not
 * declared, every caller the input shows may call any service. Computed once per analysis and shared by the
 * traffic rules (IMT5001, IMT5002, IMT5005-IMT5008), each of which reports its own kind of failure.
 * @internal
 */
import { Located, ServiceModel, ServicePort, Workload, kubeApiHost } from './model';
import { ClientResolution, Endpoint, Resolver, ServerResolution, byWorkloadName } from './resolve';
import { RuleContext } from './rule';
import { ANY_CLIENT_NAMESPACE } from './vocabulary';

export type FailureKind =
  | 'plaintext-to-strict' // client without sidecar -> STRICT server
  | 'mtls-to-plain-server' // ISTIO_MUTUAL -> server without sidecar
  | 'mtls-to-external' // ISTIO_MUTUAL -> ServiceEntry / external host
  | 'tls-to-strict' // DR DISABLE / SIMPLE / MUTUAL -> STRICT server
  | 'mtls-to-disabled' // ISTIO_MUTUAL -> PA DISABLE
  | 'dr-without-tls' // auto mTLS off: a DR without tls decides -> plaintext -> STRICT
  | 'no-mtls-without-auto'; // auto mTLS off: no DR at all -> plaintext -> STRICT

export interface TrafficFailure {
  readonly kind: FailureKind;
  readonly declared: boolean;
  /** The object to report on (the deciding DR or PA, or the caller). */
  readonly at: Located;
  readonly caller: string;
  readonly callee: string;
  readonly port?: number;
  readonly server?: ServerResolution;
  readonly client?: ClientResolution;
  readonly endpoint?: Endpoint;
  readonly service?: ServiceModel;
}

/** Key of the per-port verdict memo for clients without a sidecar (sidecar clients are keyed by their resolution). */
const PLAIN_CLIENT = { plain: true };

export function workloadName(w: Workload): string {
  return `${w.name}.${w.namespace}`;
}

/** Judges one (client, endpoint) pair. */
export function judge(clientSidecar: boolean, cr: ClientResolution | undefined, ep: Endpoint, server: ServerResolution): FailureKind | undefined {
  if (ep.sidecar === undefined) return undefined;
  if (!clientSidecar) return ep.sidecar && server.mode === 'STRICT' ? 'plaintext-to-strict' : undefined;
  const mode = cr?.mode ?? 'AUTO';
  if (!ep.sidecar) return mode === 'ISTIO_MUTUAL' ? 'mtls-to-plain-server' : undefined;
  if (mode === 'AUTO') return undefined;
  if (mode === 'ISTIO_MUTUAL') return server.mode === 'DISABLE' ? 'mtls-to-disabled' : undefined;
  if (server.mode !== 'STRICT') return undefined;
  if (cr?.explicit) return 'tls-to-strict';
  return cr?.dr ? 'dr-without-tls' : 'no-mtls-without-auto';
}

function calleeName(svc: ServiceModel, sp: ServicePort): string {
  return `${svc.host}:${sp.port}`;
}

export class TrafficAnalysis {
  public readonly failures: TrafficFailure[] = [];
  private readonly seen = new Set<string>();
  private readonly verdicts = new Map<object, Map<ServicePort, boolean>>();

  constructor(private readonly ctx: RuleContext) {
    const r = ctx.resolver;
    this.declared(r);
    this.potential(r);
  }

  private add(f: TrafficFailure, key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.failures.push(f);
  }

  private reportAt(kind: FailureKind, server: ServerResolution, cr: ClientResolution | undefined, fallback: Located): Located {
    if (kind === 'plaintext-to-strict' || kind === 'no-mtls-without-auto') return server.policy ?? fallback;
    return cr?.dr ?? server.policy ?? fallback;
  }

  /**
   * Whether any endpoint behind a service port fails for this client (sidecar or not, and what its sidecar sends).
   * The answer depends only on the port and the client resolution, so it is computed once per pair: most calls
   * fail nowhere and stop here.
   */
  private mayFail(svc: ServiceModel, sp: ServicePort, clientSidecar: boolean, cr: ClientResolution | undefined): boolean {
    // Keyed by client resolution first: only clients that are not plain auto mTLS get here, and they share few.
    const key = clientSidecar && cr ? cr : PLAIN_CLIENT; // a sidecar client always has a resolution
    let bySp = this.verdicts.get(key);
    if (!bySp) { bySp = new Map(); this.verdicts.set(key, bySp); }
    let v = bySp.get(sp);
    if (v === undefined) {
      v = this.ctx.resolver.endpoints(svc, sp).some((ep) => judge(clientSidecar, cr, ep, ep.server) !== undefined);
      bySp.set(sp, v);
    }
    return v;
  }

  private evaluate(clientSidecar: boolean, clientNs: string, labels: Record<string, string> | undefined, svc: ServiceModel, sp: ServicePort,
    declared: boolean, caller: Workload | (() => string), fallback: Located): void {
    const r = this.ctx.resolver;
    const cr = clientSidecar ? r.clientTlsForService(clientNs, svc, sp.port, labels) : undefined;
    // A sidecar with auto mTLS adapts to every server: nothing to judge.
    if (cr && cr.mode === 'AUTO') return;
    if (!this.mayFail(svc, sp, clientSidecar, cr)) return;
    for (const ep of r.endpoints(svc, sp)) {
      const server = ep.server;
      const kind = judge(clientSidecar, cr, ep, server);
      if (!kind) continue;
      const at = this.reportAt(kind, server, cr, fallback);
      const key = `${kind}|${at.index}|${svc.host}|${sp.port}`;
      if (!declared && this.seen.has(`D|${key}`)) continue;
      const who = typeof caller === 'function' ? caller() : `${workloadName(caller)}${caller.sidecar ? '' : ' (no sidecar)'}`;
      this.add({ kind, declared, at, caller: who, callee: calleeName(svc, sp), port: sp.port, server, client: cr, endpoint: ep, service: svc }, declared ? `D|${key}|${who}` : key);
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
          if (outside && w.sidecar) {
            const apiServer = target.kind === 'kube-apiserver';
            const host = apiServer ? kubeApiHost(this.ctx.model.options.clusterDomain) : call.host;
            const cr = r.clientTls(w.namespace, host, call.port ?? (apiServer ? 443 : undefined), w.podLabels);
            if (cr.mode === 'ISTIO_MUTUAL' && cr.dr) {
              this.add({ kind: 'mtls-to-external', declared: true, at: cr.dr, caller: workloadName(w), callee: `${call.host}${call.port ? `:${call.port}` : ''}`, port: call.port, client: cr }, `X|${cr.dr.index}|${call.host}|${workloadName(w)}`);
            }
          }
          continue;
        }
        const svc = target.service;
        if (w.sidecar === undefined) continue;
        // A sidecar with auto mTLS and no DestinationRule for the host adapts to every server (what evaluate() would
        // find port by port): the common case, settled here.
        if (w.sidecar && autoMtls && r.drCandidates(svc).length === 0) continue;
        for (const sp of svc.ports) {
          if (call.port !== undefined && sp.port !== call.port) continue;
          this.evaluate(w.sidecar, w.namespace, w.podLabels, svc, sp, true, w, w);
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
      if (dr.exportTo && dr.exportTo.length > 0 && !dr.exportTo.includes('*')) {
        out.add(dr.namespace);
        for (const e of dr.exportTo) if (e !== '.' && e !== '~') out.add(e);
      }
    }
    // The generic client first, then by name: the first client namespace to hit a failure is the one its finding names.
    return [...out].sort((a, b) => (a === ANY_CLIENT_NAMESPACE ? -1 : b === ANY_CLIENT_NAMESPACE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  }

  private potential(r: Resolver): void {
    const model = this.ctx.model;
    // Once the input declares any call, the declarations are taken as complete; otherwise any workload may call any service.
    const anyDeclared = model.workloads.some((w) => w.calls.length > 0);
    // Named in messages: sorted, so that the text does not depend on input order.
    const plainCallers = anyDeclared ? [] : model.workloads.filter((w) => w.sidecar === false).sort(byWorkloadName);
    const plainNames = plainCallers.slice(0, 3).map(workloadName).join(', ') + (plainCallers.length > 3 ? `, and ${plainCallers.length - 3} more` : '');
    // With auto mTLS, a sidecar client of a Service that no DestinationRule matches sends mTLS exactly where the
    // server has a sidecar: nothing can fail, so such Services need no workloads or endpoints unless plain callers exist.
    const autoMtls = model.options.autoMtls;
    for (const svc of model.services) {
      if (autoMtls && plainCallers.length === 0 && r.drCandidates(svc).length === 0) continue;
      if (r.workloadsOf(svc).length === 0) continue;
      for (const sp of svc.ports) {
        if (plainCallers.length > 0) {
          this.evaluate(false, ANY_CLIENT_NAMESPACE, undefined, svc, sp, false, () => `workloads without a sidecar (${plainNames})`, svc);
        }
        for (const ns of this.clientNamespaces(svc)) {
          const who = () => (ns === ANY_CLIENT_NAMESPACE ? 'sidecar clients' : `sidecar clients in namespace ${ns}`);
          this.evaluate(true, ns, undefined, svc, sp, false, who, svc);
        }
      }
    }
  }
}

/** The shared traffic analysis of this run. */
export function traffic(ctx: RuleContext): TrafficAnalysis {
  return ctx.memo('traffic', () => new TrafficAnalysis(ctx));
}
