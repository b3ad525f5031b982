/**
 * Webhook parity: Istio's own validation test tables, ported row by row, run through `analyze()`.
 *
 * Each row names its upstream test function and case (istio@86c9f01 pkg/config/validation/validation_test.go and
 * pkg/config/validation/agent/validation_test.go; the legacy rows istio 1.4.10 pkg/config/validation/validation_test.go),
 * the input as the DestinationRule (or PeerAuthentication) a user would apply, what Istio says (valid, warning or
 * error: the webhook's `Validation{Warning, Err}`), and the codes we report. Where a row's upstream input is not a
 * whole object (validateTrafficPolicy, validateConnectionPool, ... take one field), it is wrapped in the smallest
 * DestinationRule that holds it, in Istio's test namespace `bar`.
 *
 * A row agrees when our verdict (error if any finding is an error, else warning if any is a warning, else valid)
 * equals Istio's; a row that deliberately differs says why in `differs`. Every other row must agree.
 */
import { AnalyzeOptions, K8sObject, Severity, analyze } from '../../src/engine';

type Verdict = 'valid' | 'warning' | 'error';

export interface ParityRow {
  /** The upstream Go test function. */
  readonly test: string;
  /** The upstream case name, verbatim. */
  readonly name: string;
  readonly objects: K8sObject[];
  /** What Istio's validation says. */
  readonly upstream: Verdict;
  /** The codes we report on the input, sorted (each once). */
  readonly ours: readonly string[];
  /** Why our verdict differs from Istio's, for the rows that deliberately differ. */
  readonly differs?: string;
  readonly options?: AnalyzeOptions;
}

const NS = 'bar';

function dr(spec: K8sObject, name = 'foo'): K8sObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: NS }, spec };
}
/** A DestinationRule for `reviews` with one top-level traffic policy. */
const tp = (trafficPolicy: K8sObject): K8sObject[] => [dr({ host: 'reviews', trafficPolicy })];
const pool = (connectionPool: K8sObject) => tp({ connectionPool });
const lb = (loadBalancer: K8sObject) => tp({ loadBalancer });
const outlier = (outlierDetection: K8sObject) => tp({ outlierDetection });
const tls = (t: K8sObject) => tp({ tls: t });
function legacy(kind: 'Policy' | 'MeshPolicy', name: string, spec: K8sObject): K8sObject[] {
  return [{ apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata: { name, ...(kind === 'Policy' ? { namespace: NS } : {}) }, spec }];
}
function pa(name: string, spec: K8sObject): K8sObject[] {
  return [{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: NS }, spec }];
}

const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];
const VALID_POLICY = {
  loadBalancer: { simple: 'ROUND_ROBIN' },
  connectionPool: { tcp: { maxConnections: 7 }, http: { http2MaxRequests: 11 } },
  outlierDetection: { minHealthPercent: 20 },
};
const HOUR = '3600s';

/** IST0128 (istioctl analyze, not the webhook): we warn on SIMPLE/MUTUAL without caCertificates. */
const NO_CA = 'we also run istioctl analyze IST0128 (IMT2009): SIMPLE/MUTUAL without caCertificates does not verify the server';

const D = 'TestValidateDestinationRule';
const T = 'TestValidateTrafficPolicy';
const C = 'TestValidateConnectionPool';
const L = 'TestValidateLoadBalancer';
const O = 'TestValidateOutlierDetection';
const LOC = 'TestValidateLocalityLbSetting';
const TLS = 'TestValidateTLS';
const P = 'TestValidatePeerAuthentication';
const A = 'TestValidateAuthenticationPolicy';
const M = 'TestValidateAuthenticationMeshPolicy';

export const ROWS: readonly ParityRow[] = [
  // istio pkg/config/validation/validation_test.go TestValidateDestinationRule
  { test: D, name: 'simple destination rule', objects: [dr({ host: 'reviews', subsets: SUBSETS })], upstream: 'valid', ours: [] },
  { test: D, name: 'simple destination rule with empty selector labels', objects: [dr({ host: 'reviews', subsets: SUBSETS, workloadSelector: {} })], upstream: 'warning', ours: ['IMT2019'] },
  { test: D, name: 'missing destination name', objects: [dr({ host: '', subsets: SUBSETS })], upstream: 'error', ours: ['IMT2001'] },
  { test: D, name: 'missing subset name', objects: [dr({ host: 'reviews', subsets: [{ name: '', labels: { version: 'v1' } }, SUBSETS[1]] })], upstream: 'error', ours: ['IMT2011'] },
  { test: D, name: 'duplicate subset names', objects: [dr({ host: 'reviews', subsets: [{ name: 'foo', labels: { version: 'v1' } }, { name: 'foo', labels: { version: 'v2' } }] })], upstream: 'error', ours: ['IMT2011'] },
  { test: D, name: 'valid traffic policy, top level', objects: [dr({ host: 'reviews', trafficPolicy: VALID_POLICY, subsets: SUBSETS })], upstream: 'valid', ours: [] },
  { test: D, name: 'invalid traffic policy, top level', objects: [dr({ host: 'reviews', trafficPolicy: { ...VALID_POLICY, connectionPool: {} }, subsets: SUBSETS })], upstream: 'error', ours: ['IMT2015'] },
  { test: D, name: 'valid traffic policy, subset level', objects: [dr({ host: 'reviews', subsets: [{ ...SUBSETS[0], trafficPolicy: VALID_POLICY }, SUBSETS[1]] })], upstream: 'valid', ours: [] },
  { test: D, name: 'invalid traffic policy, subset level', objects: [dr({ host: 'reviews', subsets: [{ ...SUBSETS[0], trafficPolicy: { ...VALID_POLICY, connectionPool: {} } }, SUBSETS[1]] })], upstream: 'error', ours: ['IMT2015'] },
  { test: D, name: 'valid traffic policy, both levels', objects: [dr({ host: 'reviews', trafficPolicy: VALID_POLICY, subsets: [{ ...SUBSETS[0], trafficPolicy: { ...VALID_POLICY, outlierDetection: { minHealthPercent: 30 } } }, SUBSETS[1]] })], upstream: 'valid', ours: [] },
  { test: D, name: 'InsecureSkipVerify is not specified with tls mode simple, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'SIMPLE', caCertificates: 'test', subjectAltNames: ['reviews.default.svc'] }), upstream: 'valid', ours: [] },
  { test: D, name: 'InsecureSkipVerify is not specified with tls mode simple, and the ca cert is specified by CredentialName', objects: tls({ mode: 'SIMPLE', credentialName: 'test', subjectAltNames: ['reviews.default.svc'] }), upstream: 'valid', ours: ['IMT2009', 'IMT2020'], differs: `${NO_CA}; and credentialName without a workloadSelector does nothing at sidecars (IMT2020, proto ClientTLSSettings.credential_name)` },
  { test: D, name: 'InsecureSkipVerify is set false with tls mode simple, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'SIMPLE', caCertificates: 'test', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: false }), upstream: 'valid', ours: [] },
  { test: D, name: 'InsecureSkipVerify is set false with tls mode simple, and the ca cert is specified by CredentialName', objects: tls({ mode: 'SIMPLE', credentialName: 'test', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: false }), upstream: 'valid', ours: ['IMT2009', 'IMT2020'], differs: `${NO_CA}; and credentialName without a workloadSelector does nothing at sidecars (IMT2020)` },
  // Upstream's names of the next two rows are swapped (the first sets credentialName, the second caCertificates); the inputs are theirs.
  { test: D, name: 'InsecureSkipVerify is set true with tls mode simple, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'SIMPLE', credentialName: 'test', insecureSkipVerify: true }), upstream: 'error', ours: ['IMT2008', 'IMT2020'] },
  { test: D, name: 'InsecureSkipVerify is set true with tls mode simple, and the ca cert is specified by CredentialName', objects: tls({ mode: 'SIMPLE', caCertificates: 'test', insecureSkipVerify: true }), upstream: 'error', ours: ['IMT2008'] },
  { test: D, name: 'InsecureSkipVerify is set true with tls mode simple, and the san is specified', objects: tls({ mode: 'SIMPLE', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: true }), upstream: 'error', ours: ['IMT2008'] },
  { test: D, name: 'InsecureSkipVerify is not specified with tls mode mutual, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'MUTUAL', caCertificates: 'test', privateKey: 'key', clientCertificate: 'cert', subjectAltNames: ['reviews.default.svc'] }), upstream: 'valid', ours: [] },
  { test: D, name: 'InsecureSkipVerify is not specified with tls mode mutual, and the ca cert is specified by CredentialName', objects: tls({ mode: 'MUTUAL', credentialName: 'test', subjectAltNames: ['reviews.default.svc'] }), upstream: 'valid', ours: ['IMT2009', 'IMT2020'], differs: `${NO_CA}; and credentialName without a workloadSelector does nothing at sidecars (IMT2020)` },
  { test: D, name: 'InsecureSkipVerify is set false with tls mode mutual, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'MUTUAL', caCertificates: 'test', privateKey: 'key', clientCertificate: 'cert', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: false }), upstream: 'valid', ours: [] },
  { test: D, name: 'InsecureSkipVerify is set false with tls mode mutual, and the ca cert is specified by CredentialName', objects: tls({ mode: 'MUTUAL', credentialName: 'test', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: false }), upstream: 'valid', ours: ['IMT2009', 'IMT2020'], differs: `${NO_CA}; and credentialName without a workloadSelector does nothing at sidecars (IMT2020)` },
  { test: D, name: 'InsecureSkipVerify is set true with tls mode mutual, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'MUTUAL', caCertificates: 'test', privateKey: 'key', clientCertificate: 'cert', insecureSkipVerify: true }), upstream: 'error', ours: ['IMT2008'] },
  // Upstream has two rows of this name; this is the second (credentialName, valid).
  { test: D, name: 'InsecureSkipVerify is set true with tls mode mutual, and the ca cert is specified by CaCertificates', objects: tls({ mode: 'MUTUAL', credentialName: 'test', insecureSkipVerify: true }), upstream: 'valid', ours: ['IMT2020'], differs: 'credentialName without a workloadSelector does nothing at sidecars (IMT2020, a warning; proto ClientTLSSettings.credential_name)' },
  { test: D, name: 'InsecureSkipVerify is set true with tls mode mutual, and the ca cert is not specified', objects: tls({ mode: 'MUTUAL', privateKey: 'key', clientCertificate: 'cert', insecureSkipVerify: true }), upstream: 'valid', ours: [] },
  { test: D, name: 'InsecureSkipVerify is set true with tls mode mutual, and the san is specified', objects: tls({ mode: 'MUTUAL', privateKey: 'key', clientCertificate: 'cert', subjectAltNames: ['reviews.default.svc'], insecureSkipVerify: true }), upstream: 'error', ours: ['IMT2008'] },

  // istio pkg/config/validation/validation_test.go TestValidateTrafficPolicy
  { test: T, name: 'valid traffic policy', objects: tp(VALID_POLICY), upstream: 'valid', ours: [] },
  { test: T, name: 'invalid traffic policy, nil entries', objects: tp({}), upstream: 'error', ours: ['IMT2002'] },
  { test: T, name: 'invalid traffic policy, missing port in port level settings', objects: tp({ portLevelSettings: [VALID_POLICY] }), upstream: 'error', ours: ['IMT2003'] },
  { test: T, name: 'invalid traffic policy, bad connection pool', objects: tp({ ...VALID_POLICY, connectionPool: {} }), upstream: 'error', ours: ['IMT2015'] },
  { test: T, name: 'invalid traffic policy, bad max connection duration', objects: tp({ loadBalancer: { simple: 'ROUND_ROBIN' }, connectionPool: { tcp: { maxConnectionDuration: '0.0000005s' } } }), upstream: 'error', ours: ['IMT2014'] },
  { test: T, name: 'invalid traffic policy, panic threshold too low', objects: tp({ ...VALID_POLICY, outlierDetection: { minHealthPercent: -1 } }), upstream: 'error', ours: ['IMT2016'] },
  { test: T, name: 'invalid traffic policy, both upgrade and use client protocol set', objects: tp({ connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } }), upstream: 'error', ours: ['IMT2015'] },

  // istio pkg/config/validation/validation_test.go TestValidateConnectionPool
  { test: C, name: 'valid connection pool, tcp and http', objects: pool({ tcp: { maxConnections: 7, connectTimeout: '2s' }, http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, idleTimeout: '30s', maxConcurrentStreams: 5 } }), upstream: 'valid', ours: [] },
  { test: C, name: 'valid connection pool, tcp only', objects: pool({ tcp: { maxConnections: 7, connectTimeout: '2s' } }), upstream: 'valid', ours: [] },
  { test: C, name: 'valid connection pool, http only', objects: pool({ http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, idleTimeout: '30s', maxConcurrentStreams: 5 } }), upstream: 'valid', ours: [] },
  { test: C, name: 'valid connection pool, http only with empty idle timeout', objects: pool({ http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, maxConcurrentStreams: 5 } }), upstream: 'valid', ours: [] },
  { test: C, name: 'valid connection pool, http2 keepalive', objects: pool({ http: { http2KeepAlive: { interval: '15s', timeout: '5s' } } }), upstream: 'valid', ours: [] },
  { test: C, name: 'invalid connection pool, empty', objects: pool({}), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad max connections', objects: pool({ tcp: { maxConnections: -1 } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad connect timeout', objects: pool({ tcp: { connectTimeout: '2.000000005s' } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad max pending requests', objects: pool({ http: { http1MaxPendingRequests: -1 } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad max requests', objects: pool({ http: { http2MaxRequests: -1 } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad max requests per connection', objects: pool({ http: { maxRequestsPerConnection: -1 } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad max retries', objects: pool({ http: { maxRetries: -1 } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad idle timeout', objects: pool({ http: { idleTimeout: '30.000000005s' } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'valid connection pool, tcp timeout disabled', objects: pool({ tcp: { idleTimeout: '0s' } }), upstream: 'valid', ours: [] },
  { test: C, name: 'invalid connection pool, bad max concurrent streams', objects: pool({ http: { maxConcurrentStreams: -1 } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, http2 keepalive without interval', objects: pool({ http: { http2KeepAlive: { timeout: '5s' } } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, http2 keepalive without timeout', objects: pool({ http: { http2KeepAlive: { interval: '15s' } } }), upstream: 'error', ours: ['IMT2015'] },
  { test: C, name: 'invalid connection pool, bad http2 keepalive interval', objects: pool({ http: { http2KeepAlive: { interval: '15.000000005s', timeout: '5s' } } }), upstream: 'error', ours: ['IMT2015'] },

  // istio pkg/config/validation/validation_test.go TestValidateLoadBalancer (called with outlier detection nil)
  { test: L, name: 'valid load balancer with simple load balancing', objects: lb({ simple: 'ROUND_ROBIN' }), upstream: 'valid', ours: [] },
  { test: L, name: 'valid load balancer with consistentHash load balancing', objects: lb({ consistentHash: { minimumRingSize: 1024, httpCookie: { name: 'test', ttl: HOUR } } }), upstream: 'valid', ours: ['IMT2017'], differs: "minimumRingSize is deprecated: the webhook's warning (\"consistent hash MinimumRingSize is deprecated\") is reported; the upstream test checks only the error" },
  { test: L, name: 'invalid load balancer with consistentHash load balancing, missing name', objects: lb({ consistentHash: { minimumRingSize: 1024, httpCookie: { ttl: HOUR } } }), upstream: 'error', ours: ['IMT2017'] },
  { test: L, name: 'invalid load balancer with consistentHash load balancing, maglev not prime', objects: lb({ consistentHash: { maglev: { tableSize: 1000 } } }), upstream: 'error', ours: ['IMT2017'] },
  { test: L, name: 'valid load balancer with consistentHash load balancing and unique cookie attributes', objects: lb({ consistentHash: { httpCookie: { name: 'test-cookie', ttl: HOUR, attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure', value: 'true' }, { name: 'HttpOnly', value: 'true' }] } } }), upstream: 'valid', ours: [] },
  { test: L, name: 'invalid load balancer with consistentHash load balancing and duplicate cookie attribute names', objects: lb({ consistentHash: { httpCookie: { name: 'test-cookie', ttl: HOUR, attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'SameSite', value: 'Lax' }, { name: 'Secure', value: 'true' }] } } }), upstream: 'error', ours: ['IMT2017'] },
  { test: L, name: 'invalid load balancer with consistentHash load balancing and empty cookie attribute name', objects: lb({ consistentHash: { httpCookie: { name: 'test-cookie', ttl: HOUR, attributes: [{ name: 'SameSite', value: 'Strict' }, { name: '', value: 'some-value' }, { name: 'Secure', value: 'true' }] } } }), upstream: 'error', ours: ['IMT2017'] },
  { test: L, name: 'invalid: localityLbSetting and zoneAwareLbSetting both set', objects: lb({ localityLbSetting: {}, zoneAwareLbSetting: {} }), upstream: 'error', ours: ['IMT2017'] },
  { test: L, name: 'valid: zoneAwareLbSetting only', objects: lb({ zoneAwareLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } }), upstream: 'valid', ours: ['IMT2017'], differs: 'failover without outlierDetection is the webhook\'s own warning ("outlier detection policy must be provided for failover"); the upstream test checks only the error' },

  // istio pkg/config/validation/validation_test.go TestValidateOutlierDetection
  { test: O, name: 'valid outlier detection', objects: outlier({ interval: '2s', baseEjectionTime: '2s', maxEjectionPercent: 50 }), upstream: 'valid', ours: [] },
  { test: O, name: 'invalid outlier detection, bad interval', objects: outlier({ interval: '2.000000005s' }), upstream: 'error', ours: ['IMT2016'] },
  { test: O, name: 'invalid outlier detection, bad base ejection time', objects: outlier({ baseEjectionTime: '2.000000005s' }), upstream: 'error', ours: ['IMT2016'] },
  { test: O, name: 'invalid outlier detection, bad max ejection percent', objects: outlier({ maxEjectionPercent: 105 }), upstream: 'error', ours: ['IMT2016'] },
  { test: O, name: 'invalid outlier detection, panic threshold too low', objects: outlier({ minHealthPercent: -1 }), upstream: 'error', ours: ['IMT2016'] },
  { test: O, name: 'invalid outlier detection, panic threshold too high', objects: outlier({ minHealthPercent: 101 }), upstream: 'error', ours: ['IMT2016'] },
  { test: O, name: 'deprecated outlier detection, ConsecutiveErrors', objects: outlier({ consecutiveErrors: 101 }), upstream: 'warning', ours: ['IMT2016'] },
  { test: O, name: 'consecutive local origin errors is set but split local origin errors is not set', objects: outlier({ consecutiveLocalOriginFailures: 10 }), upstream: 'error', ours: ['IMT2016'] },

  // istio pkg/config/validation/agent/validation_test.go TestValidateLocalityLbSetting (a DestinationRule's
  // loadBalancer.localityLbSetting; `outlier` is the traffic policy's outlierDetection). Its first row ("valid mesh
  // config without LocalityLoadBalancerSetting", in: nil) has no DestinationRule form and is left out.
  ...localityRows(),

  // istio pkg/config/validation/agent/validation_test.go TestValidateTLS (a DestinationRule's trafficPolicy.tls)
  { test: TLS, name: 'SIMPLE: Credential Name set correctly', objects: tls({ mode: 'SIMPLE', credentialName: 'some credential' }), upstream: 'valid', ours: ['IMT2009', 'IMT2020'], differs: `${NO_CA}; credentialName without a workloadSelector does nothing at sidecars (IMT2020)` },
  { test: TLS, name: 'SIMPLE CredentialName set with ClientCertificate specified', objects: tls({ mode: 'SIMPLE', credentialName: 'credential', clientCertificate: 'cert' }), upstream: 'error', ours: ['IMT2007', 'IMT2009', 'IMT2020'] },
  { test: TLS, name: 'SIMPLE: CredentialName set with PrivateKey specified', objects: tls({ mode: 'SIMPLE', credentialName: 'credential', privateKey: 'key' }), upstream: 'error', ours: ['IMT2007', 'IMT2009', 'IMT2020'] },
  { test: TLS, name: 'SIMPLE: CredentialName set with CACertficiates specified', objects: tls({ mode: 'SIMPLE', credentialName: 'credential', caCertificates: 'ca' }), upstream: 'error', ours: ['IMT2007', 'IMT2020'] },
  { test: TLS, name: 'MUTUAL: Credential Name set correctly', objects: tls({ mode: 'MUTUAL', credentialName: 'some credential' }), upstream: 'valid', ours: ['IMT2009', 'IMT2020'], differs: `${NO_CA}; credentialName without a workloadSelector does nothing at sidecars (IMT2020)` },
  { test: TLS, name: 'MUTUAL CredentialName set with ClientCertificate specified', objects: tls({ mode: 'MUTUAL', credentialName: 'credential', clientCertificate: 'cert' }), upstream: 'error', ours: ['IMT2007', 'IMT2009', 'IMT2020'] },
  { test: TLS, name: 'MUTUAL: CredentialName set with PrivateKey specified', objects: tls({ mode: 'MUTUAL', credentialName: 'credential', privateKey: 'key' }), upstream: 'error', ours: ['IMT2007', 'IMT2009', 'IMT2020'] },
  { test: TLS, name: 'MUTUAL: CredentialName set with CACertficiates specified', objects: tls({ mode: 'MUTUAL', credentialName: 'credential', caCertificates: 'ca' }), upstream: 'error', ours: ['IMT2007', 'IMT2020'] },
  { test: TLS, name: 'MUTUAL: CredentialName set with CACRL specified', objects: tls({ mode: 'MUTUAL', credentialName: 'credential', caCrl: 'ca' }), upstream: 'error', ours: ['IMT2007', 'IMT2009', 'IMT2020'] },
  { test: TLS, name: 'MUTUAL: CredentialName not set with ClientCertificate and Key specified', objects: tls({ mode: 'MUTUAL', clientCertificate: 'cert', privateKey: 'key' }), upstream: 'valid', ours: ['IMT2009'], differs: NO_CA },
  { test: TLS, name: 'MUTUAL: CredentialName not set with ClientCertificate specified and Key missing', objects: tls({ mode: 'MUTUAL', clientCertificate: 'cert' }), upstream: 'error', ours: ['IMT2006', 'IMT2009'] },
  { test: TLS, name: 'MUTUAL: CredentialName not set with ClientCertificate missing and Key specified', objects: tls({ mode: 'MUTUAL', privateKey: 'key' }), upstream: 'error', ours: ['IMT2006', 'IMT2009'] },

  // istio pkg/config/validation/validation_test.go TestValidatePeerAuthentication
  { test: P, name: 'empty spec', objects: pa('default', {}), upstream: 'valid', ours: [] },
  { test: P, name: 'empty mtls with selector of empty labels', objects: pa('default', { selector: {} }), upstream: 'warning', ours: ['IMT1006'] },
  { test: P, name: 'empty spec with non default name', objects: pa('foo', {}), upstream: 'valid', ours: [] },
  { test: P, name: 'default name with non empty selector', objects: pa('default', { selector: { matchLabels: { app: 'httpbin' } } }), upstream: 'valid', ours: [] },
  { test: P, name: 'empty port level mtls', objects: pa('foo', { selector: { matchLabels: { app: 'httpbin' } }, portLevelMtls: {} }), upstream: 'error', ours: ['IMT1002'] },
  { test: P, name: 'empty selector with port level mtls', objects: pa('default', { portLevelMtls: { 8080: { mode: 'UNSET' } } }), upstream: 'error', ours: ['IMT1001'] },
  { test: P, name: 'port 0', objects: pa('foo', { portLevelMtls: { 0: { mode: 'UNSET' } } }), upstream: 'error', ours: ['IMT1001', 'IMT1002'] },
  { test: P, name: 'unset mode', objects: pa('default', { mtls: { mode: 'UNSET' } }), upstream: 'valid', ours: [] },
  { test: P, name: 'port level', objects: pa('port-level', { selector: { matchLabels: { app: 'httpbin' } }, portLevelMtls: { 8080: { mode: 'UNSET' } } }), upstream: 'valid', ours: [] },

  // istio 1.4.10 pkg/config/validation/validation_test.go TestValidateAuthenticationPolicy (legacy Policy; IMT3003 is
  // an info, which is no verdict). The JWT and origin rows (Source JWT, Origin, Bad JkwsURI, Bad JkwsURI Port,
  // Duplicate Jwt issuers, Just binding) are left out: this library does not check end-user authentication.
  { test: A, name: 'empty policy with namespace-wide policy name', objects: legacy('Policy', 'default', {}), upstream: 'valid', ours: ['IMT3003'] },
  { test: A, name: 'empty policy with non-default name', objects: legacy('Policy', 'foo', {}), upstream: 'error', ours: ['IMT3001', 'IMT3003'] },
  { test: A, name: 'service-specific policy with namespace-wide name', objects: legacy('Policy', 'default', { targets: [{ name: 'foo' }] }), upstream: 'error', ours: ['IMT3001', 'IMT3003'] },
  { test: A, name: 'Targets only policy', objects: legacy('Policy', 'foo', { targets: [{ name: 'foo' }] }), upstream: 'valid', ours: ['IMT3003'] },
  { test: A, name: 'Source mTLS', objects: legacy('Policy', 'default', { peers: [{ mtls: {} }] }), upstream: 'valid', ours: ['IMT3003', 'IMT5008'], differs: 'valid to the webhook; but this STRICT namespace Policy without an ISTIO_MUTUAL DestinationRule refuses every sidecar call in an Istio <= 1.5 mesh (no auto mTLS): IMT5008 is a traffic finding, not validation' },
  { test: A, name: 'Bad target name', objects: legacy('Policy', 'foo', { targets: [{ name: 'foo.bar' }] }), upstream: 'error', ours: ['IMT3001', 'IMT3003'] },
  { test: A, name: 'Good target name', objects: legacy('Policy', 'foo', { targets: [{ name: 'good-service-name' }] }), upstream: 'valid', ours: ['IMT3003'] },
  // istio 1.4.10 pkg/config/validation/validation_test.go TestValidateAuthenticationMeshPolicy
  { test: M, name: 'good name', objects: legacy('MeshPolicy', 'default', {}), upstream: 'valid', ours: ['IMT3003'] },
  { test: M, name: 'bad-name', objects: legacy('MeshPolicy', 'foo', {}), upstream: 'error', ours: ['IMT3001', 'IMT3003'] },
  { test: M, name: 'has targets', objects: legacy('MeshPolicy', 'default', { targets: [{ name: 'foo' }] }), upstream: 'error', ours: ['IMT3001', 'IMT3003'] },
];

function localityRows(): ParityRow[] {
  const row = (name: string, localityLbSetting: K8sObject, outlierDetection: K8sObject | undefined, upstream: Verdict, ours: string[]): ParityRow => ({
    test: LOC, name, objects: tp({ loadBalancer: { localityLbSetting }, ...(outlierDetection ? { outlierDetection } : {}) }), upstream, ours,
  });
  return [
    row('invalid LocalityLoadBalancerSetting_Distribute total weight > 100', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 25 } }] }, {}, 'error', ['IMT2017']),
    row('invalid LocalityLoadBalancerSetting_Distribute total weight < 100', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 15 } }] }, {}, 'error', ['IMT2017']),
    row('invalid LocalityLoadBalancerSetting_Distribute weight = 0', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 0, 'a/b1': 100 } }] }, {}, 'error', ['IMT2017']),
    row('invalid LocalityLoadBalancerSetting specify both distribute and failover', { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 20 } }], failover: [{ from: 'region1', to: 'region2' }] }, {}, 'error', ['IMT2017']),
    row('invalid failover src and dst have same region', { failover: [{ from: 'region1', to: 'region1' }] }, {}, 'error', ['IMT2017']),
    row("invalid failover src contain '*' wildcard", { failover: [{ from: '*', to: 'region2' }] }, {}, 'error', ['IMT2017']),
    row("invalid failover dst contain '*' wildcard", { failover: [{ from: 'region1', to: '*' }] }, {}, 'error', ['IMT2017']),
    row("invalid failover src contain '/' separator", { failover: [{ from: 'region1/zone1', to: 'region2' }] }, {}, 'error', ['IMT2017']),
    row("invalid failover dst contain '/' separator", { failover: [{ from: 'region1', to: 'region2/zone1' }] }, {}, 'error', ['IMT2017']),
    row('failover priority provided without outlier detection policy', { failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'] }, undefined, 'warning', ['IMT2017']),
    row('failover provided without outlier detection policy', { failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'us-west', to: 'eu-east' }] }, undefined, 'warning', ['IMT2017']),
    row('invalid LocalityLoadBalancerSetting specify both failoverPriority and region in failover', { failover: [{ from: 'region1', to: 'region2' }], failoverPriority: ['topology.kubernetes.io/region'] }, {}, 'error', ['IMT2017']),
  ];
}

function verdictOf(severities: readonly Severity[]): Verdict {
  if (severities.includes(Severity.ERROR)) return 'error';
  if (severities.includes(Severity.WARNING)) return 'warning';
  return 'valid';
}

if (typeof describe === 'function') {
  describe('webhook parity: Istio validation test tables, row by row', () => {
    test.each(ROWS.map((r) => [`${r.test} "${r.name}"`, r] as const))('%s', (_label, row) => {
      const findings = analyze(row.objects, row.options ?? {});
      const codes = [...new Set(findings.map((f) => f.code))].sort();
      expect(codes).toEqual([...row.ours].sort());
      const ours = verdictOf(findings.map((f) => f.severity));
      if (row.differs === undefined) expect(ours).toBe(row.upstream);
      else expect(ours).not.toBe(row.upstream);
    });

    test('every row that does not say why it differs agrees, and the table is mostly agreement', () => {
      const agreeing = ROWS.filter((r) => r.differs === undefined).length;
      expect(agreeing).toBeGreaterThan(ROWS.length * 0.75);
    });
  });
}
