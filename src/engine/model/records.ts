/**
 * The records of the mesh model: one per input object the engine reads (PeerAuthentication, legacy MeshPolicy and
 * Policy, DestinationRule, ServiceEntry, AuthorizationPolicy, Service, Namespace, workloads, webhook configurations),
 * every other object kept as a plain {@link Located}, and the model that holds them with its indexes.
 *
 * The model is built once by `buildModel` and never changed afterwards: rules and the resolver only read it.
 * @internal
 */
import { K8sObject, ResolvedOptions, ResourceRef } from '../types';
import { Dataplane } from './dataplane';
import { VirtualServiceModel } from './virtual-services';

/** Server-side (PeerAuthentication) modes. */
export type ServerMode = 'UNSET' | 'DISABLE' | 'PERMISSIVE' | 'STRICT';
/** Client-side (DestinationRule) TLS modes. */
export type TlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

export const SERVER_MODES: readonly string[] = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];
export const TLS_MODES: readonly string[] = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'];

/** An input object with its identity and position. */
export interface Located {
  readonly ref: ResourceRef;
  readonly obj: K8sObject;
  /** Position in the input, for stable "oldest wins" tie-breaks. */
  readonly index: number;
}

export interface PeerPolicy extends Located {
  readonly legacy: boolean;
  readonly namespace: string;
  /** mesh: root namespace / MeshPolicy; namespace: no selector; workload: selector or legacy targets. */
  readonly scope: 'mesh' | 'namespace' | 'workload' | 'ignored';
  readonly selector?: Record<string, string>;
  /** Legacy `targets`: service names and optional service ports (numbers or names). */
  readonly targets?: ReadonlyArray<{ readonly name: string; readonly ports?: ReadonlyArray<number | string> }>;
  readonly mode: ServerMode;
  /** Port-level modes (container ports). */
  readonly portModes: ReadonlyMap<number, ServerMode>;
  readonly created?: string;
}

export interface ClientTls {
  readonly mode?: string;
  readonly fields: K8sObject;
}

export interface TrafficTls {
  /** Top-level tls, undefined when absent. */
  readonly tls?: ClientTls;
  /** portLevelSettings tls by port number (entries without tls are absent). */
  readonly portTls: ReadonlyMap<number, ClientTls>;
  /**
   * Every port with a portLevelSettings entry, with or without tls. An entry without tls means no tls on that port:
   * port-level settings do not inherit the top-level tls (istio@86c9f01 pilot/pkg/networking/util/util.go
   * GetPortLevelTrafficPolicy).
   */
  readonly portLevel: ReadonlySet<number>;
}

export interface DestinationRuleModel extends Located {
  readonly namespace: string;
  readonly rawHost: string;
  /** Host resolved to an FQDN (short names expanded in the DR's namespace). */
  readonly host: string;
  readonly exportTo?: readonly string[];
  readonly workloadSelector?: Record<string, string>;
  readonly policy: TrafficTls;
  readonly hasTrafficPolicy: boolean;
  readonly subsets: ReadonlyArray<{ readonly name: string; readonly labels?: Record<string, string>; readonly policy: TrafficTls }>;
}

export interface ContainerPort { readonly port: number; readonly name?: string }

export interface Probe {
  readonly kind: 'liveness' | 'readiness' | 'startup';
  readonly container: string;
  readonly scheme?: string;
  readonly port?: number | string;
  readonly type: 'http' | 'tcp' | 'grpc' | 'exec';
}

export interface Workload extends Located {
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  /** Which dataplane serves the workload (model/dataplane.ts), and why. */
  readonly dataplane: Dataplane;
  readonly dataplaneReason: string;
  /** true: a sidecar; false: no sidecar (ambient or none); undefined: unknown. */
  readonly sidecar: boolean | undefined;
  /** Whether the workload takes HBONE: ambient, or a sidecar with `networking.istio.io/tunnel: http`. */
  readonly hbone: boolean;
  /** The waypoint an ambient workload uses (`istio.io/use-waypoint`). */
  readonly waypoint?: string;
  /** Service ports whose outbound traffic bypasses the sidecar (`traffic.sidecar.istio.io/excludeOutboundPorts`). */
  readonly excludeOutboundPorts: ReadonlySet<number>;
  /**
   * Whether all outbound traffic bypasses the sidecar: `traffic.sidecar.istio.io/excludeOutboundIPRanges` with
   * `0.0.0.0/0` among its ranges, or an empty `includeOutboundIPRanges` (read as istio-iptables reads them: not
   * trimmed, and `*` is no CIDR, so the injector rejects the pod rather than bypassing anything).
   */
  readonly outboundBypassed: boolean;
  readonly ports: readonly ContainerPort[];
  readonly probes: readonly Probe[];
  readonly excludeInboundPorts: ReadonlySet<number>;
  readonly rewriteProbes: boolean;
  readonly serviceAccount: string;
  /** Declared calls (the calls annotation), each with what its host names. */
  readonly calls: readonly DeclaredCall[];
}

/**
 * What the host of a declared call names, as the caller's namespace reads it, decided once in the model: a Service
 * of the input first, then the kube-apiserver, then a ServiceEntry host; otherwise nothing the input defines.
 */
export type CallTarget =
  | { readonly kind: 'service'; readonly service: ServiceModel }
  | { readonly kind: 'kube-apiserver' }
  | { readonly kind: 'service-entry'; readonly serviceEntry: ServiceEntryModel }
  | { readonly kind: 'unknown' };

export interface DeclaredCall {
  /** The host as written. */
  readonly host: string;
  readonly port?: number;
  readonly target: CallTarget;
  /** The Service behind the host (the target when it is a Service). */
  readonly service?: ServiceModel;
}

export interface ServicePort {
  readonly port: number;
  readonly name?: string;
  /** `TCP` (the default), `UDP` or `SCTP`: sidecars and ztunnel capture TCP only. */
  readonly protocol: string;
  readonly targetPort?: number | string;
  readonly appProtocol?: string;
}

export interface ServiceModel extends Located {
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly selector?: Record<string, string>;
  readonly ports: readonly ServicePort[];
  readonly headless: boolean;
  readonly externalName?: string;
  /** The waypoint the Service's label `istio.io/use-waypoint` names (`#none` opts out: undefined). */
  readonly useWaypoint?: string;
  /** Whether the Service opts out of its namespace's waypoint (`istio.io/use-waypoint: '#none'`). */
  readonly waypointOptOut?: boolean;
}

/** A Gateway API Gateway of class `istio-waypoint`: a waypoint proxy (istio.io docs/ambient/usage/waypoint). */
export interface WaypointModel extends Located {
  readonly namespace: string;
  readonly name: string;
  /** The service account its proxy runs as: the Gateway's name (what `istioctl waypoint apply` deploys). */
  readonly serviceAccount: string;
}

/** One rule of an AuthorizationPolicy, as far as a static check can decide it on the caller's identity. */
export interface AuthzRule {
  /** Sources (`from[].source`): principals and notPrincipals; any source matching matches `from`. */
  readonly sources: ReadonlyArray<{ readonly principals?: readonly string[]; readonly notPrincipals?: readonly string[] }>;
  /** Ports of `to[].operation.ports` (empty: any port). */
  readonly ports: readonly number[];
  /** Whether the rule matches on anything else (other source fields, other operation fields, `when`): then undecided. */
  readonly other: boolean;
}

export interface ServiceEntryModel extends Located {
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly external: boolean;
  readonly ports: ReadonlyArray<{ readonly number: number; readonly protocol?: string; readonly name?: string }>;
}

export interface WebhookRef extends Located {
  readonly serviceNamespace: string;
  readonly serviceName: string;
  readonly port: number;
  readonly webhookName: string;
}

export interface AuthzPolicy extends Located {
  readonly namespace: string;
  readonly selector?: Record<string, string>;
  /** Whether any rule matches on peer identity (any of {@link identityFields} or {@link negatedIdentityFields}). */
  readonly usesIdentity: boolean;
  /** `spec.action` (ALLOW when absent). */
  readonly action: string;
  /**
   * The identity matches that plaintext (no peer identity) can never satisfy, as written: `source.principals`,
   * `source.namespaces`, `source.serviceAccounts`, `source.trustDomains`, `when source.principal`, ...
   */
  readonly identityFields: readonly string[];
  /** The negated identity matches, which plaintext always satisfies: `source.notPrincipals`, `when source.principal notValues`, ... */
  readonly negatedIdentityFields: readonly string[];
  readonly ports: readonly number[];
  /**
   * The L7 attributes the policy matches on, as written (`to.operation.methods`, `to.operation.paths`,
   * `from.source.requestPrincipals`, `when request.headers[x-user]`, ...): what ztunnel cannot enforce.
   */
  readonly l7Fields: readonly string[];
  /** `spec.targetRefs` (and the older `spec.targetRef`): the policy binds to a waypoint or gateway, not to pods. */
  readonly targetRefs: ReadonlyArray<{ readonly kind: string; readonly group: string; readonly name: string }>;
  /** The rules, for deciding DENY policies on a caller's principal. */
  readonly rules: readonly AuthzRule[];
}

export interface NamespaceModel extends Located {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/** A namespace's DestinationRules by exact host, its wildcard rules, and whether any has a workload selector. */
export interface DestinationRuleIndex {
  readonly exact: ReadonlyMap<string, readonly DestinationRuleModel[]>;
  readonly wildcard: readonly DestinationRuleModel[];
  readonly hasSelector: boolean;
  /** Every rule by its host as written after expansion, wildcard hosts included (the rules Istio may merge). */
  readonly byHost: ReadonlyMap<string, readonly DestinationRuleModel[]>;
  /**
   * Wildcard rules by the suffix they match: `*.example.com` under '.example.com', `*` under ''. A host is matched by
   * the rules under each of its suffixes that start at a '.', and under ''.
   */
  readonly wildcardBySuffix: ReadonlyMap<string, readonly DestinationRuleModel[]>;
  /** Wildcard rules whose suffix neither is empty nor starts with '.' (`*example.com`, which Istio's validation rejects). */
  readonly irregularWildcard: readonly DestinationRuleModel[];
}

/**
 * Every DestinationRule with a host, for finding the rules that match a Service's FQDN without scanning them all:
 * exact hosts, `*.<ns>.svc.<domain>` wildcards by namespace, the other wildcards, and all wildcards.
 */
export interface DestinationRuleHostIndex {
  readonly exact: ReadonlyMap<string, readonly DestinationRuleModel[]>;
  readonly namespaceWildcard: ReadonlyMap<string, readonly DestinationRuleModel[]>;
  readonly otherWildcard: readonly DestinationRuleModel[];
  readonly wildcard: readonly DestinationRuleModel[];
}

/** The indexes of a model, built eagerly and linearly with it. */
export interface ModelIndexes {
  readonly workloadsByNamespace: ReadonlyMap<string, readonly Workload[]>;
  /** Per namespace: label key -> label value -> the workloads with that label, in input order. */
  readonly workloadsByLabel: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, readonly Workload[]>>>;
  /** The first Service of each FQDN. */
  readonly servicesByHost: ReadonlyMap<string, ServiceModel>;
  readonly servicesByNamespace: ReadonlyMap<string, readonly ServiceModel[]>;
  /** Per namespace: the first Service of each name. */
  readonly servicesByName: ReadonlyMap<string, ReadonlyMap<string, ServiceModel>>;
  readonly drsByNamespace: ReadonlyMap<string, readonly DestinationRuleModel[]>;
  readonly drIndexByNamespace: ReadonlyMap<string, DestinationRuleIndex>;
  readonly drHostIndex: DestinationRuleHostIndex;
  /**
   * Per namespace: the modern workload PeerAuthentications by the first label of their selector (key -> value ->
   * policies, in input order). A pod's candidates are the policies under each of its own labels.
   */
  readonly workloadPeerByLabel: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, readonly PeerPolicy[]>>>;
  /** PeerAuthentications and legacy Policies by namespace (mesh-scoped ones are in `meshPolicies`). */
  readonly peerByNamespace: ReadonlyMap<string, readonly PeerPolicy[]>;
  readonly meshPolicies: readonly PeerPolicy[];
  /** The first ServiceEntry of each host. */
  readonly externalHosts: ReadonlyMap<string, ServiceEntryModel>;
}

export interface MeshModel extends ModelIndexes {
  readonly options: ResolvedOptions;
  /** Every input object, in input order: the typed record where the model reads the kind. */
  readonly objects: readonly Located[];
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  readonly peerPolicies: readonly PeerPolicy[];
  readonly destinationRules: readonly DestinationRuleModel[];
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceModel[];
  readonly serviceEntries: readonly ServiceEntryModel[];
  readonly webhooks: readonly WebhookRef[];
  readonly authorizationPolicies: readonly AuthzPolicy[];
  /** Waypoints (Gateways of class istio-waypoint), in input order. */
  readonly waypoints: readonly WaypointModel[];
  readonly virtualServices: readonly VirtualServiceModel[];
  /** Finds the Service behind a host as a client in a namespace writes it. */
  readonly serviceDirectory: { lookup(host: string, clientNs: string): ServiceModel | undefined };
  /** Whether any legacy (v1alpha1) authentication policy is present. */
  readonly hasLegacy: boolean;
}
