/**
 * The words the engine, the constructs, the plugin and the CLI share: this project's annotations, Istio's defaults,
 * the kinds the model reads, and the sentinel for "a client in any namespace". One place, so that no front end keeps
 * its own copy.
 * @internal
 */

/** Annotation on a workload that declares the hosts it calls: `host[:port][,host[:port]...]`. */
export const CALLS_ANNOTATION = 'istio-mtls.cdk8s.io/calls';

/** Annotation that records why a policy weakens mTLS (DISABLE, PERMISSIVE exceptions). */
export const REASON_ANNOTATION = 'istio-mtls.cdk8s.io/reason';

/**
 * Annotation on an object that accepts one finding on purpose, with the reason: `"<CODE>: <reason>"`, e.g.
 * `"IMT2005: the egress gateway routes by SNI (istio.io egress-gateway task)"`. Only IMT2005 reads it today, and only
 * for the TLS fields Istio honours with ISTIO_MUTUAL (sni, subjectAltNames); an empty reason is itself an error.
 */
export const ACCEPT_ANNOTATION = 'istio-mtls.cdk8s.io/accept';

/** The Istio release assumed when none is given (the newest GA release, 1.30.x; MESH-2026 notes, istio@86c9f01 tags). */
export const DEFAULT_ISTIO_VERSION = '1.30';

/** `major.minor` of an Istio version ('1.24', '1.24.3', 'v1.24.0-rc.1'), or undefined when it is not one. */
export function istioMinorVersion(v: string): { readonly major: number; readonly minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$/.exec(v.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Whether Istio `version` is at least `major.minor`. */
export function istioAtLeast(version: string, major: number, minor: number): boolean {
  const v = istioMinorVersion(version);
  if (!v) return true;
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** The Gateway API class of Istio's waypoint proxies (istio.io docs/ambient/usage/waypoint). */
export const WAYPOINT_CLASS = 'istio-waypoint';

/** The trust domain of SPIFFE principals when the mesh sets none (meshConfig.trustDomain). */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** Istio's default root namespace (`meshConfig.rootNamespace`), where mesh-wide policies live. */
export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** The default DNS suffix of a Kubernetes cluster. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/**
 * A client namespace no object lives in: what a sidecar client in a namespace without DestinationRules of its own sees.
 * The NUL byte keeps it apart from every real namespace name.
 */
export const ANY_CLIENT_NAMESPACE = '\u0000any-namespace';

/** A namespace no object lives in, so no policy either: server modes resolved there are the mesh-wide ones alone. */
export const NO_POLICY_NAMESPACE = '\u0000no-namespace';

/** The API group of an apiVersion (`security.istio.io/v1` -> `security.istio.io`; `v1` -> ''). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Whether an apiVersion is in an API group (`<group>/<version>`). */
export function inGroup(apiVersion: string, group: string): boolean {
  return apiVersion.startsWith(`${group}/`);
}

/** Matches workload kinds in any API group (apps, batch, core, OpenShift's apps.openshift.io). */
export const ANY_GROUP = '*';

/**
 * The kinds the model reads, with their API group ('' = the core group, apiVersion `v1`). The model has one reader
 * per kind (model/readers.ts, typed by this table); the CLI reads the table to say which objects it ignored.
 */
export const MODEL_KINDS = {
  PeerAuthentication: 'security.istio.io',
  AuthorizationPolicy: 'security.istio.io',
  MeshPolicy: 'authentication.istio.io',
  Policy: 'authentication.istio.io',
  DestinationRule: 'networking.istio.io',
  ServiceEntry: 'networking.istio.io',
  VirtualService: 'networking.istio.io',
  Service: '',
  Namespace: '',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io',
  Gateway: 'gateway.networking.k8s.io',
  Deployment: ANY_GROUP,
  StatefulSet: ANY_GROUP,
  DaemonSet: ANY_GROUP,
  ReplicaSet: ANY_GROUP,
  Job: ANY_GROUP,
  CronJob: ANY_GROUP,
  Pod: ANY_GROUP,
  ReplicationController: ANY_GROUP,
  DeploymentConfig: ANY_GROUP,
} as const;

/** A kind the model reads. */
export type ModelKind = keyof typeof MODEL_KINDS;

/** The kind of an object if the model reads objects of this apiVersion and kind, else undefined. */
export function modelKindOf(apiVersion: string, kind: string): ModelKind | undefined {
  if (!Object.prototype.hasOwnProperty.call(MODEL_KINDS, kind)) return undefined;
  const group: string = MODEL_KINDS[kind as ModelKind];
  if (group === ANY_GROUP) return kind as ModelKind;
  if (group === '') return apiVersion === 'v1' ? (kind as ModelKind) : undefined;
  return inGroup(apiVersion, group) ? (kind as ModelKind) : undefined;
}
