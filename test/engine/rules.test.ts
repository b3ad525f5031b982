/**
 * One bad and one good fixture per rule code (test/fixtures/rules/<CODE>/), checked against `analyze()`.
 *
 * The suite iterates `listRules()`: a new rule without fixtures and expectations fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Severity, analyze, listRules } from '../../src/engine';
import { FIXTURES, containingAll, flat, loadFixtures } from './_fixtures';

/** What a bad fixture must produce: at least one finding of the rule's code matching all of this. */
interface Expected {
  /** Fixture file in the code's directory. @default 'bad.yaml' */
  readonly file?: string;
  readonly severity: Severity;
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
  readonly resource: string;
  /** The dotted field path, or null when the finding is about the object as a whole. */
  readonly field: string | null;
  /** Fragments the message must contain (the field, the bad value, Istio's wording). */
  readonly message: readonly string[];
}

const { ERROR, WARNING, INFO } = Severity;

const EXPECTED: Record<string, readonly Expected[]> = {
  // PeerAuthentication fields
  IMT1001: [{ severity: ERROR, resource: 'PeerAuthentication shop/default', field: 'spec.portLevelMtls', message: ["'spec.portLevelMtls' needs a workload selector", 'portLevelMtls requires selector'] }],
  IMT1002: [{ severity: ERROR, resource: 'PeerAuthentication shop/cart', field: 'spec.portLevelMtls.http', message: ['key "http" is not a port', 'port must be between 1-65535'] }],
  IMT1003: [{ severity: ERROR, resource: 'PeerAuthentication shop/default', field: 'spec.mtls.mode', message: ["'spec.mtls.mode' is \"ENABLED\"", 'UNSET, DISABLE, PERMISSIVE, STRICT'] }],
  IMT1004: [{ severity: ERROR, resource: 'PeerAuthentication shop/web', field: 'spec.selector.matchLabels.app', message: ['value "web-*"', 'wildcard not allowed in label value match'] }],
  IMT1005: [
    { severity: ERROR, resource: 'PeerAuthentication shop/web', field: 'spec.selector.matchLabels', message: ["'spec.selector.matchLabels' has an empty label key", 'key must not be empty'] },
    { file: 'bad-whitespace.yaml', severity: ERROR, resource: 'PeerAuthentication shop/web', field: 'spec.selector.matchLabels', message: ['label key of only whitespace (" "', 'Istio accepts it', 'not a valid Kubernetes label key'] },
  ],
  IMT1006: [{ severity: WARNING, resource: 'PeerAuthentication shop/web', field: 'spec.selector', message: ["'spec.selector' has no matchLabels", 'whole namespace shop'] }],
  IMT1007: [{ severity: ERROR, resource: 'PeerAuthentication istio-system/ingress-permissive', field: 'spec.selector', message: ["root namespace 'istio-system'", 'Istio ignores it'] }],
  IMT1008: [{ severity: ERROR, resource: 'PeerAuthentication istio-system/strict', field: null, message: ['second mesh-wide policy (besides default)', 'mode STRICT'] }],
  IMT1009: [{ severity: ERROR, resource: 'PeerAuthentication shop/lockdown', field: null, message: ["second namespace-wide policy in 'shop' (besides default)"] }],
  IMT1010: [{ severity: WARNING, resource: 'PeerAuthentication shop/default', field: 'spec.mtls.mode', message: ['accepts plaintext (PERMISSIVE)'] }],
  IMT1011: [{ severity: WARNING, resource: 'PeerAuthentication legacy/default', field: 'spec.mtls.mode', message: ['disables mTLS without a recorded reason', 'istio-mtls.cdk8s.io/reason'] }],

  // DestinationRule fields
  IMT2001: [{ severity: ERROR, resource: 'DestinationRule shop/shop-wide', field: 'spec.host', message: ['"cart.*.svc.cluster.local"', 'only allowed as the first label'] }],
  IMT2002: [{ severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy', message: ["'spec.trafficPolicy' is empty", 'traffic policy must have at least one field'] }],
  IMT2003: [{ severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy.portLevelSettings[0].port', message: ["'spec.trafficPolicy.portLevelSettings[0].port.number' is undefined", 'portTrafficPolicy must have valid port'] }],
  IMT2004: [
    { severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy.tls.mode', message: ["'spec.trafficPolicy.tls.mode' is \"TLS\"", 'DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL'] },
    { severity: WARNING, resource: 'DestinationRule shop/cart', field: 'spec.subsets[0].trafficPolicy.tls.mode', message: ["'spec.subsets[0].trafficPolicy.tls' has no mode", 'uses DISABLE'] },
  ],
  IMT2005: [{ severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy.tls.sni', message: ["'spec.trafficPolicy.tls' is ISTIO_MUTUAL but also sets 'sni'"] }],
  IMT2006: [
    { severity: ERROR, resource: 'DestinationRule shop/payments', field: 'spec.trafficPolicy.tls.clientCertificate', message: ["MUTUAL without 'clientCertificate'", 'client certificate required for mutual tls'] },
    { severity: ERROR, resource: 'DestinationRule shop/payments', field: 'spec.trafficPolicy.tls.privateKey', message: ["MUTUAL without 'privateKey'", 'private key required for mutual tls'] },
  ],
  IMT2007: [{ severity: ERROR, resource: 'DestinationRule shop/payments', field: 'spec.trafficPolicy.tls.credentialName', message: ["'credentialName' (\"payments-ca\")", "'caCertificates'"] }],
  IMT2008: [{ severity: ERROR, resource: 'DestinationRule shop/payments', field: 'spec.trafficPolicy.tls.insecureSkipVerify', message: ["'insecureSkipVerify: true' together with 'caCertificates'"] }],
  IMT2009: [{ severity: WARNING, resource: 'DestinationRule shop/payments', field: 'spec.trafficPolicy.portLevelSettings[0].tls.caCertificates', message: ['is SIMPLE for host "payments.example.com"', "no 'caCertificates'"] }],
  IMT2010: [{ severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.exportTo', message: ["'spec.exportTo' contains '~'", 'exportTo ~ (none) is not allowed'] }],
  IMT2011: [{ severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.subsets[1].name', message: ['"v1" is used twice', 'duplicate subset names'] }],
  IMT2012: [{ severity: ERROR, resource: 'DestinationRule shop/cart-from-web', field: 'spec.workloadSelector.matchLabels.app', message: ['value "*"', 'wildcard not allowed in label value match'] }],
  IMT2013: [{
    severity: WARNING, resource: 'DestinationRule shop/cart-canary', field: 'spec.host',
    message: ['both configure host "cart.shop.svc.cluster.local"', 'merges them into the oldest (cart', "this rule's trafficPolicy is ignored", 'subset "v1" is ignored'],
  }],
  IMT2014: [
    { severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: ['must be a valid duration greater than 1ms (got "0s")', 'the API server rejects'] },
    { severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy.outlierDetection.interval', message: ['must be a valid duration greater than 1ms (got "10")'] },
  ],

  // Legacy authentication.istio.io/v1alpha1
  IMT3001: [{ severity: ERROR, resource: 'MeshPolicy mesh-wide', field: 'metadata.name', message: ['MeshPolicy is named "mesh-wide"', 'name must be "default"'] }],
  IMT3002: [{ severity: ERROR, resource: 'Policy legacy/default', field: 'spec.peers[0].mtls.mode', message: ["'spec.peers[0].mtls.mode' is \"DISABLE\"", 'only STRICT or PERMISSIVE'] }],
  IMT3003: [{ severity: INFO, resource: 'MeshPolicy default', field: null, message: ['authentication.istio.io/v1alpha1', 'Istio 1.6+'] }],

  // Policies against workloads
  IMT4001: [{ severity: ERROR, resource: 'PeerAuthentication shop/cart-v2-permissive', field: 'spec.selector', message: ['both select cart-v2.shop', 'only the oldest (cart)'] }],
  IMT4002: [{ severity: WARNING, resource: 'PeerAuthentication shop/cart', field: 'spec.selector.matchLabels', message: ['selects {"tier":"backend"}', "no workload in 'shop'"] }],
  IMT4003: [
    { severity: ERROR, resource: 'PeerAuthentication shop/cart', field: 'spec.portLevelMtls.80', message: ['key 80 is a Service port', 'container port 8080'] },
    { severity: WARNING, resource: 'PeerAuthentication shop/cart', field: 'spec.portLevelMtls.9090', message: ['key 9090 is not a container port of cart'] },
  ],
  IMT4004: [{
    severity: ERROR, resource: 'PeerAuthentication shop/default', field: 'metadata.name',
    message: ['PeerAuthentication shop/default appears twice', 'security.istio.io/v1 and security.istio.io/v1beta1 are two versions of one resource', 'kubectl apply keeps only the last'],
  }],

  // Traffic: declared calls are errors, possible calls warnings
  IMT5001: [
    { severity: ERROR, resource: 'PeerAuthentication shop/default', field: 'spec.mtls.mode', message: ['declared call curl.legacy (no sidecar) -> cart.shop.svc.cluster.local:80', 'STRICT on port 8080', 'PeerAuthentication shop/default'] },
    { file: 'bad-possible.yaml', severity: WARNING, resource: 'PeerAuthentication shop/default', field: 'spec.mtls.mode', message: ['possible call workloads without a sidecar (curl.legacy) -> web.shop.svc.cluster.local:80', 'STRICT on port 8080'] },
  ],
  IMT5002: [
    { severity: ERROR, resource: 'DestinationRule istio-system/default', field: 'spec.trafficPolicy.tls', message: ['declared call web.shop -> reports.legacy.svc.cluster.local:80', 'sends ISTIO_MUTUAL', 'reports.legacy has no sidecar on port 8080'] },
    { severity: WARNING, resource: 'DestinationRule istio-system/default', field: 'spec.trafficPolicy.tls', message: ['possible call sidecar clients -> archive.legacy.svc.cluster.local:80', 'archive.legacy has no sidecar'] },
  ],
  IMT5003: [{ severity: ERROR, resource: 'DestinationRule shop/payments-api', field: 'spec.trafficPolicy.tls', message: ['declared call web.shop -> api.payments.example.com:443', 'ISTIO_MUTUAL to an external host'] }],
  IMT5004: [{ severity: ERROR, resource: 'DestinationRule istio-system/default', field: 'spec.trafficPolicy.tls', message: ['(host "*.local")', 'ISTIO_MUTUAL to the kube-apiserver (kubernetes.default.svc.cluster.local)'] }],
  IMT5005: [
    { severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy.tls', message: ['declared call checkout.shop -> cart.shop.svc.cluster.local:80', 'sets tls DISABLE', 'the server is STRICT'] },
    { severity: WARNING, resource: 'DestinationRule shop/web', field: 'spec.trafficPolicy.portLevelSettings[80].tls', message: ['possible call sidecar clients -> web.shop.svc.cluster.local:80', 'sets tls DISABLE'] },
  ],
  IMT5006: [
    { severity: ERROR, resource: 'DestinationRule shop/shop-wide', field: 'spec.trafficPolicy.tls', message: ['declared call checkout.shop -> cart.shop.svc.cluster.local:80', 'sends ISTIO_MUTUAL', 'DISABLE, decided by PeerAuthentication shop/default'] },
    { severity: WARNING, resource: 'DestinationRule shop/shop-wide', field: 'spec.trafficPolicy.tls', message: ['possible call sidecar clients -> web.shop.svc.cluster.local:80', 'DISABLE'] },
  ],
  IMT5007: [
    { severity: ERROR, resource: 'DestinationRule shop/cart', field: 'spec.trafficPolicy', message: ['declared call checkout.shop -> cart.shop.svc.cluster.local:80', 'has no tls for this port', 'decided by MeshPolicy default'] },
    { severity: WARNING, resource: 'DestinationRule shop/web', field: 'spec.trafficPolicy', message: ['possible call sidecar clients -> web.shop.svc.cluster.local:80', 'has no tls for this port'] },
  ],
  IMT5008: [
    { severity: ERROR, resource: 'MeshPolicy default', field: null, message: ['makes the whole mesh STRICT', "no DestinationRule for '*.local' in 'istio-system' sets ISTIO_MUTUAL"] },
    { severity: ERROR, resource: 'MeshPolicy default', field: null, message: ['declared call checkout.shop -> cart.shop.svc.cluster.local:80', 'auto mTLS is off'] },
    { severity: WARNING, resource: 'MeshPolicy default', field: null, message: ['possible call sidecar clients -> web.shop.svc.cluster.local:80', 'auto mTLS is off'] },
  ],
  IMT5009: [{ severity: ERROR, resource: 'PeerAuthentication policy/default', field: null, message: ['webhook "validate.policy.example.com"', 'validator.policy port 8443 is STRICT'] }],
  IMT5010: [
    { severity: ERROR, resource: 'Deployment shop/cart', field: 'spec.template.spec.containers[cart].readinessProbe', message: ['calls port 8443, which is STRICT', 'HTTPS probes are not rewritten'] },
    { severity: ERROR, resource: 'Deployment shop/web', field: 'spec.template.spec.containers[web].livenessProbe', message: ['calls port 8080, which is STRICT', 'rewriteAppHTTPProbers: "false"'] },
  ],
  IMT5011: [{ severity: ERROR, resource: 'DestinationRule shop/payments-api', field: 'spec.trafficPolicy.tls', message: ['originates TLS (SIMPLE) to api.payments.example.com:443', 'declares that port as HTTPS'] }],
  IMT5012: [{ severity: WARNING, resource: 'AuthorizationPolicy shop/cart-from-checkout', field: null, message: ['matches callers by principal/namespace', 'port 8080 (PERMISSIVE)'] }],
  IMT5013: [{ severity: INFO, resource: 'Deployment shop/web', field: 'metadata.annotations.istio-mtls.cdk8s.io/calls', message: ['declares a call to "inventory"', 'not a Service or ServiceEntry'] }],
};

// Rules a construct reports (IMT6001, MigrationPlan) never fire in analyze(): test/migration-plan.test.ts has them.
const RULES = listRules().filter((r) => !r.reportedBy);
const dir = (code: string) => path.join(FIXTURES, 'rules', code);
const run = (code: string, file: string) => analyze(loadFixtures(path.join('rules', code, file))).map(flat);

describe('rule fixtures', () => {
  test('every rule in listRules() has expectations here, and every expectation names a listed rule', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(RULES.map((r) => r.code).sort());
  });

  test('every fixture directory belongs to a rule in listRules()', () => {
    const codes = new Set(RULES.map((r) => r.code));
    const orphans = fs.readdirSync(path.join(FIXTURES, 'rules')).filter((d) => !codes.has(d));
    expect(orphans).toEqual([]);
  });

  describe.each(RULES.map((r) => [r.code, r] as const))('%s', (code, rule) => {
    test(`${rule.name} has a bad.yaml and a good.yaml fixture, each starting with a comment`, () => {
      for (const f of ['bad.yaml', 'good.yaml']) {
        const file = path.join(dir(code), f);
        expect(fs.existsSync(file)).toBe(true);
        expect(fs.readFileSync(file, 'utf8')).toMatch(new RegExp(`^# ${code} ${f === 'good.yaml' ? 'good' : 'bad'}`));
      }
    });

    test(`${rule.name} reports each expected finding on its bad fixtures, with severity, resource, field and message`, () => {
      const expected = EXPECTED[code] ?? [];
      expect(expected.length).toBeGreaterThan(0);
      for (const e of expected) {
        const findings = run(code, e.file ?? 'bad.yaml').filter((f) => f.code === code);
        expect(findings).toContainEqual({ code, severity: e.severity, resource: e.resource, field: e.field, message: expect.stringMatching(containingAll(e.message)) });
      }
    });

    test(`${rule.name} is silent on its good fixture`, () => {
      expect(run(code, 'good.yaml').filter((f) => f.code === code)).toEqual([]);
    });

    test(`${rule.name} reports only its own severity, or a warning/error split it documents`, () => {
      // A rule's findings use its default severity, except the documented downgrades (possible calls, a tls block
      // without mode, a port key that is no port at all) which the expectations above list explicitly.
      const allowed = new Set<string>([rule.severity, ...(EXPECTED[code] ?? []).map((e) => e.severity)]);
      const files = fs.readdirSync(dir(code)).filter((f) => f.startsWith('bad'));
      for (const f of files) for (const finding of run(code, f).filter((x) => x.code === code)) expect(allowed).toContain(finding.severity);
    });
  });
});
