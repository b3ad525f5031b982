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

/** Istio's default root namespace (`meshConfig.rootNamespace`), where mesh-wide policies live. */
export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

/** The default DNS suffix of a Kubernetes cluster. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/**
 * A client namespace no object lives in: what a sidecar client in a namespace without DestinationRules of its own sees.
 * The NUL byte keeps it apart from every real namespace name.
 */
export const ANY_CLIENT_NAMESPACE = '\u0000any-namespace';
