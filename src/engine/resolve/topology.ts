/**
 * Topology: the workloads a Service selects (Kubernetes Service selectors, same namespace), the Services that select
 * a workload, the container port a Service port reaches (targetPort, by number or container port name), and the
 * endpoints behind a Service port with the server mode each one enforces.
 * @internal
 */
import { MeshModel, ServiceModel, ServicePort, Workload, selectorMatches } from '../model';
import { byWorkloadName } from './order';
import { ServerSide } from './server';
import { Endpoint } from './types';

export class Topology {
  /** Memos of answers, per Service, workload and Service port of this model. */
  private readonly selected = new Map<ServiceModel, Workload[]>();
  private readonly selecting = new Map<Workload, ServiceModel[]>();
  private readonly endpointsByPort = new Map<ServicePort, Endpoint[]>();

  constructor(private readonly model: MeshModel, private readonly server: ServerSide) {}

  /** Workloads a Service selects (same namespace). */
  public workloadsOf(svc: ServiceModel): Workload[] {
    let ws = this.selected.get(svc);
    if (!ws) {
      ws = svc.selector ? this.selectWorkloads(svc.namespace, svc.selector) : [];
      this.selected.set(svc, ws);
    }
    return ws;
  }

  /** The workloads of a namespace whose pod labels a selector matches (an empty selector matches none), in input order. */
  public selectWorkloads(ns: string, selector: Record<string, string>): Workload[] {
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    // The model's label index gives the workloads with the first label; the rest of the selector is checked on them.
    const candidates = this.model.workloadsByLabel.get(ns)?.get(keys[0])?.get(selector[keys[0]]) ?? [];
    return candidates.filter((w) => selectorMatches(selector, w.podLabels));
  }

  /** Services that select a workload. */
  public servicesOf(w: Workload): ServiceModel[] {
    let ss = this.selecting.get(w);
    if (!ss) {
      ss = (this.model.servicesByNamespace.get(w.namespace) ?? []).filter((s) => selectorMatches(s.selector, w.podLabels));
      this.selecting.set(w, ss);
    }
    return ss;
  }

  /** The container port a service port reaches on a workload (undefined if a named port is not found). */
  public containerPortFor(sp: ServicePort, w: Workload | undefined): number | undefined {
    if (sp.targetPort === undefined) return sp.port;
    if (typeof sp.targetPort === 'number') return sp.targetPort;
    return w?.ports.find((p) => p.name === sp.targetPort)?.port;
  }

  /** The endpoints behind one service port, by workload name (so that findings do not depend on input order). */
  public endpoints(svc: ServiceModel, sp: ServicePort): Endpoint[] {
    let eps = this.endpointsByPort.get(sp);
    if (!eps) {
      eps = [];
      for (const w of this.workloadsOf(svc)) {
        const cp = this.containerPortFor(sp, w);
        if (cp === undefined) continue;
        // A port excluded from inbound capture (traffic.sidecar.istio.io/excludeInboundPorts) is served plaintext.
        const dataplane = w.dataplane === 'sidecar' && w.excludeInboundPorts.has(cp) ? 'none' : w.dataplane;
        eps.push({
          workload: w, containerPort: cp, dataplane, sidecar: dataplane === 'unknown' ? undefined : dataplane === 'sidecar',
          hbone: dataplane !== 'none' && w.hbone, server: this.server.serverMode(svc.namespace, w.podLabels, cp, svc, sp),
        });
      }
      eps.sort((a, b) => byWorkloadName(a.workload, b.workload) || a.containerPort - b.containerPort);
      this.endpointsByPort.set(sp, eps);
    }
    return eps;
  }
}
