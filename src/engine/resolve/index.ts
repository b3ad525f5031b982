/**
 * The resolver: Istio's precedence rules answered over one model, memoized for one analysis so rules stay linear.
 * A thin facade over the server side (PeerAuthentication precedence), the topology (selectors, endpoints) and the
 * client side (DestinationRule lookup and client TLS). It keeps only answers; the indexes belong to the model.
 * @internal
 */
import { DestinationRuleModel, MeshModel, PeerPolicy, ServiceModel, ServicePort, Workload } from '../model';
import { ClientSide } from './client';
import { NamespaceLevels, ServerSide } from './server';
import { Topology } from './topology';
import { ClientResolution, Endpoint, ServerResolution } from './types';

export * from './types';
export { byWorkloadName, istioOrder, oldest } from './order';
export { exportedToAll } from './client';
export { kubeApiHost, namespaceOfHost } from '../model';

export class Resolver {
  private readonly server: ServerSide;
  private readonly topology: Topology;
  private readonly client: ClientSide;

  constructor(public readonly model: MeshModel) {
    this.server = new ServerSide(model);
    this.topology = new Topology(model, this.server);
    this.client = new ClientSide(model);
  }

  // Server side ---------------------------------------------------------------------------------------------------

  /** The mesh-wide policies that count (oldest of each API). */
  public get meshPolicies(): PeerPolicy[] { return this.server.meshPolicies; }

  /** The policies of a namespace by scope. */
  public levels(ns: string): NamespaceLevels { return this.server.levels(ns); }

  /** The namespace-level policy in force (modern preferred over legacy). */
  public namespacePolicy(ns: string): PeerPolicy | undefined { return this.server.levels(ns).namespacePolicy; }

  /** Modern workload-scoped PAs matching these pod labels, oldest first. */
  public workloadPoliciesFor(ns: string, labels: Record<string, string>): PeerPolicy[] { return this.server.workloadPoliciesFor(ns, labels); }

  /** Effective server mode for pods with `labels` in `ns` on container `port`, reached through `service`'s `servicePort`. */
  public serverMode(ns: string, labels: Record<string, string>, port: number | undefined, service?: ServiceModel, servicePort?: ServicePort): ServerResolution {
    return this.server.serverMode(ns, labels, port, service, servicePort);
  }

  // Topology ------------------------------------------------------------------------------------------------------

  /** Workloads a Service selects (same namespace). */
  public workloadsOf(svc: ServiceModel): Workload[] { return this.topology.workloadsOf(svc); }

  /** The workloads of a namespace whose pod labels a selector matches, in input order. */
  public selectWorkloads(ns: string, selector: Record<string, string>): Workload[] { return this.topology.selectWorkloads(ns, selector); }

  /** Services that select a workload. */
  public servicesOf(w: Workload): ServiceModel[] { return this.topology.servicesOf(w); }

  /** The container port a service port reaches on a workload (undefined if a named port is not found). */
  public containerPortFor(sp: ServicePort, w: Workload | undefined): number | undefined { return this.topology.containerPortFor(sp, w); }

  /** The endpoints behind one service port. */
  public endpoints(svc: ServiceModel, sp: ServicePort): Endpoint[] { return this.topology.endpoints(svc, sp); }

  // Client side ---------------------------------------------------------------------------------------------------

  /** The DestinationRule a sidecar in `clientNs` uses for `host`. */
  public destinationRule(clientNs: string, host: string, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    return this.client.destinationRule(clientNs, host, clientLabels);
  }

  /** The rules Istio merges with `dr` into one, oldest first. */
  public mergedWith(dr: DestinationRuleModel): DestinationRuleModel[] { return this.client.mergedWith(dr); }

  /** Every DestinationRule whose host matches the Service's FQDN, in input order. */
  public drCandidates(svc: ServiceModel): DestinationRuleModel[] { return this.client.drCandidates(svc); }

  /** {@link destinationRule} for a Service's FQDN, without a lookup when no rule matches its host. */
  public destinationRuleForService(clientNs: string, svc: ServiceModel, clientLabels?: Record<string, string>): DestinationRuleModel | undefined {
    return this.client.destinationRuleForService(clientNs, svc, clientLabels);
  }

  /** What a sidecar client in `clientNs` sends to host:port (optionally to a subset). */
  public clientTls(clientNs: string, host: string, port: number | undefined, clientLabels?: Record<string, string>, subset?: string): ClientResolution {
    return this.client.clientTlsWith(this.client.destinationRule(clientNs, host, clientLabels), port, subset);
  }

  /** {@link clientTls} for a Service's FQDN. */
  public clientTlsForService(clientNs: string, svc: ServiceModel, port: number | undefined, clientLabels?: Record<string, string>): ClientResolution {
    return this.client.clientTlsWith(this.client.destinationRuleForService(clientNs, svc, clientLabels), port);
  }

  /** What a DR makes a client send on a port. */
  public clientTlsWith(dr: DestinationRuleModel | undefined, port: number | undefined, subset?: string): ClientResolution {
    return this.client.clientTlsWith(dr, port, subset);
  }

  /** Finds the Service behind a host as written by a client in `clientNs`. */
  public serviceForHost(host: string, clientNs: string): ServiceModel | undefined {
    return this.model.serviceDirectory.lookup(host, clientNs);
  }
}
