/**
 * Assertions that the Stryker run of 2026-12-03 (docs/mutation.md) showed were missing in three DestinationRule rules:
 * IMT2010 dr-export-to (src/engine/rules/dr-export-to.ts), IMT2005 dr-istio-mutual-extra-fields and IMT2015
 * dr-connection-pool. Each describe names the surviving mutants (line:column in the rule's file, mutator) it kills.
 * The expected findings follow Istio's webhook (validateExportTo, visibility.Instance.Validate, validateConnectionPool,
 * agent.ValidateDuration at istio@86c9f01) and the proto's ISTIO_MUTUAL rule, as each rule's source names them.
 */
import { AnalyzeOptions, K8sObject } from '../../src/engine';
import { analyzeDetailed } from '../../src/engine/analyze';

const HOST = 'cart.shop.svc.cluster.local';
const ACCEPT = 'istio-mtls.cdk8s.io/accept';
const dr = (spec: K8sObject, metadata: K8sObject = {}): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'cart', namespace: 'shop', ...metadata }, spec: { host: HOST, ...spec } });

/**
 * The findings of one code, each as everything a user sees of it, in analyze()'s order (object, severity, code,
 * field, message); findings accepted with a reason are kept, with their suppression (analyze() leaves them out).
 */
function findings(code: string, objects: K8sObject[], options: AnalyzeOptions = {}) {
  return analyzeDetailed(objects, options).filter((f) => f.code === code).map((f) => ({
    code: f.code, severity: f.severity, resource: `${f.resource.kind} ${f.resource.namespace}/${f.resource.name}`, field: f.field, message: f.message, fix: f.fix,
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  }));
}

/** One finding as analyze() reports it: the fix is appended to the message. */
const finding = (code: string, field: string, message: string, fix: string) => ({
  code, severity: 'error', resource: 'DestinationRule shop/cart', field, message: `${message}; fix: ${fix}`, fix,
});

describe('IMT2010 dr-export-to', () => {
  const exportTo = (e: unknown, spec: K8sObject = {}) => findings('IMT2010', [dr({ exportTo: e, ...spec })]);
  const at = (message: string, fix: string) => finding('IMT2010', 'spec.exportTo', message, fix);
  const INVALID = (x: string) => at(`'spec.exportTo' entry ${JSON.stringify(x)} is invalid: only .,*, or a valid DNS 1123 label is allowed`, 'use a namespace name');
  const TWICE = (x: string) => at(`'spec.exportTo' lists ${JSON.stringify(x)} twice (duplicate entries in exportTo)`, 'remove the duplicate');
  const MIXED = at("'spec.exportTo' mixes '*' with other entries: cannot have both public (*) and non-public exportTo values for a resource", "use only '*' or only the namespaces");
  const SELECTOR = { workloadSelector: { matchLabels: { app: 'cart' } } };
  const MULTIPLE = at("'spec.exportTo': a destination rule with workload selector cannot have multiple entries in exportTo", "use exportTo: ['.']");
  const BEYOND = at("'spec.exportTo': a destination rule with workload selector cannot have exportTo beyond current namespace", "use exportTo: ['.']");

  // 21:36, 21:86 StringLiteral
  test('exportTo that is not a list: the value and the fix', () => {
    expect(exportTo('.')).toEqual([at(`'spec.exportTo' must be a list, got "."`, "write e.g. exportTo: ['.']")]);
  });

  // 25:13 ConditionalExpression false, 25:40 and 25:92 StringLiteral; 24:19 ConditionalExpression true, 24:76
  // StringLiteral and 29:13 ConditionalExpression true (a non-string entry counted as an entry: duplicate or '*' mixed)
  test('a non-string entry is reported as such, and is no entry for the duplicate and the mixing checks', () => {
    const NOT_A_STRING = (shown: string) => at(`'spec.exportTo' entry ${shown} is not a string`, "use '.', '*' or a namespace name");
    expect(exportTo([5])).toEqual([NOT_A_STRING('5')]);
    expect(exportTo(['*', 5])).toEqual([NOT_A_STRING('5')]);
    expect(exportTo([5, 6])).toEqual([NOT_A_STRING('5'), NOT_A_STRING('6')]);
    expect(exportTo([{ ns: 'a' }, true])).toEqual([NOT_A_STRING('true'), NOT_A_STRING('{"ns":"a"}')]);
  });

  // 26:131 StringLiteral
  test("'~' (none): Istio's wording and the fix", () => {
    expect(exportTo(['~'])).toEqual([at("'spec.exportTo' contains '~': exportTo ~ (none) is not allowed for Istio configuration objects", "remove '~'; use '.' to keep the rule in its namespace")]);
  });

  // 27:18 ConditionalExpression false, 27:31 EqualityOperator x === '*', 27:72 and 27:167 StringLiteral; Regex
  // without ^ ('Shop', '-ns') and without $ ('shop-', 'ns_1')
  test('an entry that is not a DNS-1123 label is invalid, wherever the bad character is', () => {
    expect(exportTo(['Shop'])).toEqual([INVALID('Shop')]);
    expect(exportTo(['-ns', 'shop-', 'ns_1', 'my.ns', ''])).toEqual([INVALID(''), INVALID('-ns'), INVALID('my.ns'), INVALID('ns_1'), INVALID('shop-')]);
  });

  // 27:31 ConditionalExpression true, 27:37 StringLiteral, 27:44 BooleanLiteral; Regex [^a-z0-9] at the start or the
  // end, [^-a-z0-9] in the middle, the middle without *, the group not optional ('a')
  test("'.', '*' and valid namespace names (one character, digits, dashes inside) are fine", () => {
    expect(exportTo(['.'])).toEqual([]);
    expect(exportTo(['*'])).toEqual([]);
    expect(exportTo(['a', 'other', 'my-ns', '0ns9', 'a--b'])).toEqual([]);
  });

  // 24:19 ConditionalExpression false and EqualityOperator, 24:32 StringLiteral, 24:44 ConditionalExpression and
  // EqualityOperator, 24:65 StringLiteral, 28:13 ConditionalExpression false, 28:35 and 28:109 StringLiteral, 29:13
  // ConditionalExpression false
  test("a duplicate is reported once, at its second entry; '.' and the rule's own namespace are the same entry", () => {
    expect(exportTo(['a', 'a'])).toEqual([TWICE('a')]);
    expect(exportTo(['.', 'shop'])).toEqual([TWICE('shop')]);
    expect(exportTo(['shop', '.'])).toEqual([TWICE('.')]);
    expect(exportTo(['a', 'shop', 'a', '.'])).toEqual([TWICE('.'), TWICE('a')]);
    // Different namespaces are no duplicate, nor is another namespace and '.'.
    expect(exportTo(['a', 'b'])).toEqual([]);
    expect(exportTo(['.', 'other'])).toEqual([]);
  });

  // 31:11 ConditionalExpression false and LogicalOperator, 31:20, 31:47 and 31:170 StringLiteral, 31:28
  // ConditionalExpression true and both EqualityOperators
  test("'*' with any other entry is reported once; '*' alone and several namespaces are not", () => {
    expect(exportTo(['*', 'a'])).toEqual([MIXED]);
    expect(exportTo(['.', '*', 'a'])).toEqual([MIXED]);
    expect(exportTo(['*'])).toEqual([]);
    expect(exportTo(['a', 'b', 'c'])).toEqual([]);
  });

  // 32:11 ConditionalExpression true and false, 32:32 BlockStatement; 33:13 ConditionalExpression, EqualityOperators,
  // 33:31 and 33:134 StringLiteral; 34:18, 34:36, 34:52 ConditionalExpressions, EqualityOperators and
  // LogicalOperators, 34:45, 34:79 and 34:187 StringLiteral
  test('a rule with a workload selector: only its own namespace, as one entry', () => {
    expect(exportTo(['.'], SELECTOR)).toEqual([]);
    expect(exportTo(['shop'], SELECTOR)).toEqual([]);
    expect(exportTo([], SELECTOR)).toEqual([]);
    expect(exportTo(['other'], SELECTOR)).toEqual([BEYOND]);
    expect(exportTo(['*'], SELECTOR)).toEqual([BEYOND]);
    expect(exportTo(['.', 'other'], SELECTOR)).toEqual([MULTIPLE]);
  });

  test('without a workload selector, one other namespace or several are fine', () => {
    expect(exportTo(['other'])).toEqual([]);
    expect(exportTo(['.', 'other'])).toEqual([]);
  });
});

describe('IMT2005 dr-istio-mutual-extra-fields', () => {
  const F = 'spec.trafficPolicy.tls';
  const tls = (fields: K8sObject, metadata: K8sObject = {}) => findings('IMT2005', [dr({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', ...fields } } }, metadata)]);
  const replaced = (fields: string[]) => finding('IMT2005', `${F}.${fields[0]}`,
    `'${F}' is ISTIO_MUTUAL but also sets ${fields.map((k) => `'${k}'`).join(', ')}: with ISTIO_MUTUAL Istio supplies the certificates and every other TLS field must be empty`,
    `remove ${fields.join(', ')}, or use MUTUAL/SIMPLE if you really bring your own certificates`);
  const honoured = (fields: string[]) => finding('IMT2005', `${F}.${fields[0]}`,
    `'${F}' is ISTIO_MUTUAL but also sets ${fields.map((k) => `'${k}'`).join(', ')}: with ISTIO_MUTUAL Istio supplies the certificates and every other TLS field should be empty (the proto's rule, which this library enforces). Istio itself still honours sni and subjectAltNames with ISTIO_MUTUAL (cluster_tls.go buildUpstreamTLSSettings), and its egress-gateway task and integration tests set sni this way`,
    `remove ${fields.join(', ')}; or, if the gateway needs it, accept the deviation with the annotation '${ACCEPT}: "IMT2005: <why this DestinationRule needs ${fields.join(' and ')}>"'`);
  const noReason = (value: string) => finding('IMT2005', `metadata.annotations.${ACCEPT}`,
    `'metadata.annotations.${ACCEPT}' is ${JSON.stringify(value)}: accepting IMT2005 needs a reason after the code`,
    'write the reason after the code, e.g. "IMT2005: the egress gateway routes on this SNI"');

  // 8:37, 8:51, 8:69, 8:87, 8:113, 8:135 StringLiteral (each field of the list), 56:15 and 59:15 StringLiteral
  test('each field Istio replaces with ISTIO_MUTUAL is reported on its own', () => {
    for (const [k, v] of Object.entries({ clientCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', credentialName: 'cart-cert', insecureSkipVerify: true, caCrl: '/etc/certs/crl.pem' })) {
      expect(tls({ [k]: v })).toEqual([replaced([k])]);
    }
    expect(tls({ subjectAltNames: ['spiffe://cluster.local/ns/shop/sa/cart'] })).toEqual([honoured(['subjectAltNames'])]);
    expect(tls({ sni: 'cart.example.com' })).toEqual([honoured(['sni'])]);
  });

  // 51:54, 58:36, 58:192 and 59:36 StringLiteral (the joins of several fields)
  test('several fields: listed in one finding at the first, joined in the message and the fix', () => {
    expect(tls({ sni: 'cart.example.com', subjectAltNames: ['cart.example.com'] })).toEqual([honoured(['subjectAltNames', 'sni'])]);
    expect(tls({ privateKey: '/k.pem', clientCertificate: '/c.pem', sni: 'cart.example.com' })).toEqual([replaced(['clientCertificate', 'privateKey', 'sni'])]);
  });

  // 46:62 ConditionalExpressions, LogicalOperator and EqualityOperator, 46:68 StringLiteral, 46:92
  // ConditionalExpression, EqualityOperator and 46:103 BooleanLiteral
  test("insecureSkipVerify: false is the only false that leaves a field unset; empty values are unset too", () => {
    expect(tls({ insecureSkipVerify: false })).toEqual([]);
    expect(tls({ sni: '', subjectAltNames: [], caCertificates: null })).toEqual([]);
    expect(tls({ insecureSkipVerify: true })).toEqual([replaced(['insecureSkipVerify'])]);
    expect(tls({ caCrl: false })).toEqual([replaced(['caCrl'])]);
  });

  // 24:19 MethodExpression and 24:54 ConditionalExpression (entries of other codes), 27:7 ConditionalExpression and
  // LogicalOperator, 27:15 MethodExpression, 27:36 ConditionalExpression, 28:15 ConditionalExpression false, 67:16
  // StringLiteral
  test('the accept annotation: only an IMT2005 entry without a reason is reported, with the whole annotation value', () => {
    const sni = { sni: 'cart.example.com' };
    const annotated = (v: string) => ({ annotations: { [ACCEPT]: v } });
    // Another code without a reason is not this rule's concern.
    expect(tls(sni, annotated('IMT1010'))).toEqual([honoured(['sni'])]);
    // Accepted with a reason: reported, marked suppressed, and the annotation is fine.
    const reason = { kind: 'annotation', reason: 'the egress gateway routes on this SNI' };
    expect(tls(sni, annotated('IMT2005: the egress gateway routes on this SNI'))).toEqual([{ ...honoured(['sni']), suppressed: reason }]);
    // One IMT2005 entry with a reason is enough.
    expect(tls(sni, annotated('IMT2005: the egress gateway routes on this SNI\nIMT2005'))).toEqual([{ ...honoured(['sni']), suppressed: reason }]);
    // No IMT2005 entry has a reason: the message shows the annotation as written, not only the entry.
    expect(tls(sni, annotated('IMT1010: legacy callers until Q3; IMT2005'))).toEqual([noReason('IMT1010: legacy callers until Q3; IMT2005'), honoured(['sni'])]);
    // Reported even when no tls field is at fault.
    expect(tls({}, annotated('IMT2005:'))).toEqual([noReason('IMT2005:')]);
  });
});

describe('IMT2015 dr-connection-pool', () => {
  const P = 'spec.trafficPolicy.connectionPool';
  const pool = (connectionPool: unknown) => findings('IMT2015', [dr({ trafficPolicy: { connectionPool } })]);
  const precision = (field: string, value: string, rounded: string) => finding('IMT2015', field,
    `'${field}' is ${JSON.stringify(value)}: Istio rejects it ("only durations to ms precision are supported")`, `round '${field}' to whole milliseconds, e.g. '${rounded}'`);

  // 21:146 StringLiteral
  test('neither http nor tcp: the fix names the field', () => {
    expect(pool({})).toEqual([finding('IMT2015', P, `'${P}' sets neither 'http' nor 'tcp': Istio rejects it ("connection pool must have at least one field")`, `remove '${P}' or set e.g. 'tcp: {maxConnections: 100}'`)]);
  });

  // 27:174 StringLiteral; 46:50 ObjectLiteral, 46:59, 46:95 and 46:219 StringLiteral
  test('negative limits: field, value, Istio\'s wording and the fix', () => {
    expect(pool({ http: { http1MaxPendingRequests: -1 } })).toEqual([
      finding('IMT2015', `${P}.http.http1MaxPendingRequests`, `'${P}.http.http1MaxPendingRequests' is -1: Istio rejects it ("http1 max pending requests must be non-negative")`, "use 0 or more for 'http1MaxPendingRequests'"),
    ]);
    expect(pool({ tcp: { maxConnections: -5 } })).toEqual([
      finding('IMT2015', `${P}.tcp.maxConnections`, `'${P}.tcp.maxConnections' is -5: Istio rejects it ("max connections must be non-negative")`, "use 0 or more for 'maxConnections'"),
    ]);
    expect(pool({ http: { maxRetries: 0 }, tcp: { maxConnections: 0 } })).toEqual([]);
  });

  // 29:32, 47:34, 48:41, 49:31 StringLiteral; 50:9 ConditionalExpression false, 50:37 BlockStatement, 51:39 and 52:43
  // StringLiteral
  test('every duration of the pool is checked for whole milliseconds, at its own field', () => {
    expect(pool({
      http: { idleTimeout: '1.5ms' },
      tcp: { connectTimeout: '2.5ms', maxConnectionDuration: '3.5ms', idleTimeout: '4.5ms', tcpKeepalive: { time: '5.5ms', interval: '6.5ms' } },
    })).toEqual([
      precision(`${P}.http.idleTimeout`, '1.5ms', '1ms'),
      precision(`${P}.tcp.connectTimeout`, '2.5ms', '2ms'),
      precision(`${P}.tcp.idleTimeout`, '4.5ms', '4ms'),
      precision(`${P}.tcp.maxConnectionDuration`, '3.5ms', '3ms'),
      precision(`${P}.tcp.tcpKeepalive.interval`, '6.5ms', '6ms'),
      precision(`${P}.tcp.tcpKeepalive.time`, '5.5ms', '5ms'),
    ]);
  });

  // 30:9 ConditionalExpression true, 34:14 StringLiteral
  test("useClientProtocol: true conflicts with h2UpgradePolicy UPGRADE only", () => {
    expect(pool({ http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } })).toEqual([
      finding('IMT2015', `${P}.http.useClientProtocol`,
        `'${P}.http' sets 'h2UpgradePolicy: UPGRADE' and 'useClientProtocol: true': Istio rejects both ("use client protocol must not be true when H2UpgradePolicy is UPGRADE")`,
        "keep one: 'useClientProtocol: true' (the client's protocol) or 'h2UpgradePolicy: UPGRADE' (always HTTP/2)"),
    ]);
    expect(pool({ http: { h2UpgradePolicy: 'DO_NOT_UPGRADE', useClientProtocol: true } })).toEqual([]);
    expect(pool({ http: { useClientProtocol: true } })).toEqual([]);
  });

  // 40:36 ConditionalExpression false, 40:61 ObjectLiteral, 40:70, 40:112, 40:216, 40:243, 40:256, 40:264
  // StringLiteral, 40:237 ConditionalExpressions and EqualityOperator; 41:30 StringLiteral
  test('http2KeepAlive needs interval and timeout (absent or null), each checked for whole milliseconds', () => {
    const K = `${P}.http.http2KeepAlive`;
    const missing = (k: string, example: string) => finding('IMT2015', `${K}.${k}`, `'${K}' has no '${k}': Istio rejects it ("http2 keepalive ${k} is required")`, `set '${k}', e.g. '${example}'`);
    expect(pool({ http: { http2KeepAlive: {} } })).toEqual([missing('interval', '30s'), missing('timeout', '10s')]);
    expect(pool({ http: { http2KeepAlive: { interval: '30s' } } })).toEqual([missing('timeout', '10s')]);
    expect(pool({ http: { http2KeepAlive: { interval: null, timeout: '10s' } } })).toEqual([missing('interval', '30s')]);
    expect(pool({ http: { http2KeepAlive: { interval: '30s', timeout: '10s' } } })).toEqual([]);
    expect(pool({ http: { http2KeepAlive: { interval: '30.5ms', timeout: '10.5ms' } } })).toEqual([precision(`${K}.interval`, '30.5ms', '30ms'), precision(`${K}.timeout`, '10.5ms', '10ms')]);
  });
});

// The same run's survivors in smaller DestinationRule rules.

describe('IMT2001 dr-host', () => {
  const host = (spec: K8sObject) => findings('IMT2001', [{ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'cart', namespace: 'shop' }, spec }]);
  const REQUIRED_FIX = "set 'host' to the service FQDN, e.g. 'reviews.default.svc.cluster.local', or a wildcard like '*.local'";

  // 18:39 ConditionalExpression false, 18:48 StringLiteral, 19:37, 19:59 and 19:111 StringLiteral
  test('a missing, empty or non-string host is required', () => {
    expect(host({})).toEqual([finding('IMT2001', 'spec.host', "'spec.host' is required (got undefined)", REQUIRED_FIX)]);
    expect(host({ host: '' })).toEqual([finding('IMT2001', 'spec.host', `'spec.host' is required (got "")`, REQUIRED_FIX)]);
    expect(host({ host: 42 })).toEqual([finding('IMT2001', 'spec.host', "'spec.host' is required (got 42)", REQUIRED_FIX)]);
  });

  // 23:102 StringLiteral
  test('a wildcard after the first label: the domain problem and the fix', () => {
    expect(host({ host: 'cart.*.svc.cluster.local' })).toEqual([finding('IMT2001', 'spec.host',
      `'spec.host': domain name "cart.*.svc.cluster.local" invalid (label "*" invalid): a wildcard is only allowed as the first label`,
      "use a fully qualified name or a leading wildcard such as '*.foo.svc.cluster.local'")]);
    expect(host({ host: '*.svc.cluster.local' })).toEqual([]);
  });
});

describe('IMT2002 dr-empty-traffic-policy', () => {
  const policy = (trafficPolicy: unknown) => findings('IMT2002', [dr({ trafficPolicy })]);

  // 6:99, 6:109, 6:126 StringLiteral (tunnel, proxyProtocol, retryBudget in the list of fields)
  test('each traffic policy field counts, the newer ones too', () => {
    expect(policy({ tunnel: { protocol: 'CONNECT', targetHost: 'egress.example.com', targetPort: 443 } })).toEqual([]);
    expect(policy({ proxyProtocol: { version: 'V1' } })).toEqual([]);
    expect(policy({ retryBudget: { percent: { value: 20 } } })).toEqual([]);
  });

  // 18:79 ConditionalExpression true, 19:169 StringLiteral
  test('a field that is null is not set (the API server prunes it)', () => {
    expect(policy({ tls: null })).toEqual([finding('IMT2002', 'spec.trafficPolicy',
      `'spec.trafficPolicy' is empty: Istio rejects a traffic policy without fields ("traffic policy must have at least one field")`,
      "remove 'spec.trafficPolicy' or set e.g. 'tls.mode: ISTIO_MUTUAL'")]);
  });
});

describe('IMT2008 dr-insecure-skip-verify', () => {
  const tls = (t: K8sObject) => findings('IMT2008', [dr({ trafficPolicy: { tls: t } })]);

  // 16:104 ConditionalExpression true (every mode but SIMPLE read as MUTUAL)
  test('only SIMPLE and MUTUAL are checked (ValidateTLS checks no other mode)', () => {
    expect(tls({ mode: 'ISTIO_MUTUAL', insecureSkipVerify: true, caCertificates: '/ca.pem', subjectAltNames: ['cart'] })).toEqual([]);
    expect(tls({ mode: 'DISABLE', insecureSkipVerify: true, caCertificates: '/ca.pem' })).toEqual([]);
  });

  // 21:110, 22:16 and 22:80 StringLiteral
  test('several verification settings: all named, in the message and the fix', () => {
    const F = 'spec.trafficPolicy.tls';
    expect(tls({ mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem', credentialName: 'cart-ca', subjectAltNames: ['cart'] })).toEqual([finding('IMT2008', `${F}.insecureSkipVerify`,
      `'${F}' sets 'insecureSkipVerify: true' together with 'caCertificates', 'credentialName', 'subjectAltNames': Istio rejects verification settings when verification is skipped`,
      "remove 'insecureSkipVerify' (recommended) or remove caCertificates, credentialName, subjectAltNames")]);
    // With MUTUAL the credentialName holds the client certificate too, so it is not a verification setting alone.
    expect(tls({ mode: 'MUTUAL', insecureSkipVerify: true, credentialName: 'cart-cert' })).toEqual([]);
  });
});

describe('IMT2007 dr-credential-name-with-files and IMT2020 dr-credential-name-without-selector', () => {
  const F = 'spec.trafficPolicy.tls';
  const tls = (code: string, t: K8sObject) => findings(code, [dr({ trafficPolicy: { tls: t } })]);

  // IMT2007 16:14 and IMT2020 19:14 ConditionalExpression false (modes other than SIMPLE and MUTUAL)
  test('credentialName is read with SIMPLE and MUTUAL only', () => {
    for (const mode of ['ISTIO_MUTUAL', 'DISABLE']) {
      expect(tls('IMT2007', { mode, credentialName: 'cart-cert', caCertificates: '/ca.pem' })).toEqual([]);
      expect(tls('IMT2020', { mode, credentialName: 'cart-cert' })).toEqual([]);
    }
  });

  // IMT2007 21:127, 22:16 and 22:78 StringLiteral
  test('IMT2007: every file field is named, in the message and the fix', () => {
    expect(tls('IMT2007', { mode: 'MUTUAL', credentialName: 'cart-cert', clientCertificate: '/c.pem', privateKey: '/k.pem', caCrl: '/crl.pem' })).toEqual([finding('IMT2007', `${F}.credentialName`,
      `'${F}' sets 'credentialName' ("cart-cert") and also 'clientCertificate', 'privateKey', 'caCrl': Istio rejects both together`,
      "keep either 'credentialName' or the file paths (clientCertificate, privateKey, caCrl), not both")]);
  });

  // IMT2020 23:16 StringLiteral
  test('IMT2020: the warning and its fix', () => {
    expect(tls('IMT2020', { mode: 'SIMPLE', credentialName: 'cart-cert' })).toEqual([{
      ...finding('IMT2020', `${F}.credentialName`,
        `'${F}.credentialName' is "cart-cert" but the DestinationRule has no workloadSelector: sidecars ignore credentialName then (it applies only at gateways) and keep using the certificate paths`,
        "add 'spec.workloadSelector' for the client workloads that should use the secret; if the rule is meant for an egress gateway only, this warning does not apply"),
      severity: 'warning',
    }]);
  });
});

describe('IMT2013 dr-duplicate-host', () => {
  const at = (t: string) => ({ creationTimestamp: t });
  const named = (name: string, spec: K8sObject, t: string): K8sObject => dr(spec, { name, ...at(t) });
  const merged = (objects: K8sObject[], options: AnalyzeOptions = {}) => findings('IMT2013', objects, options).map((f) => [f.resource, f.message]);
  const SO = (newer: string, effects: string) => `DestinationRule shop/${newer} and DestinationRule shop/a both configure host "${HOST}" in 'shop': Istio merges them into the oldest (a; by creationTimestamp, then name), so ${effects}; fix: keep one DestinationRule per host in 'shop': move this rule's subsets and settings into a`;
  const V1 = { subsets: [{ name: 'v1', labels: { version: 'v1' } }] };
  const TP = { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } };

  // 54:89 StringLiteral
  test('before Istio 1.24 a newer trafficPolicy also reaches the clients of the oldest rule\'s exportTo', () => {
    expect(merged([named('a', { exportTo: ['.'], ...V1 }, '2024-01-01T00:00:00Z'), named('b', { exportTo: ['*'], ...TP }, '2024-02-01T00:00:00Z')], { istioVersion: '1.23' })).toEqual([
      ['DestinationRule shop/b', SO('b', "its trafficPolicy also applies to the clients a is exported to (before Istio 1.24 rules merge whatever their exportTo)")],
    ]);
  });

  // 29:25 MethodExpression (exportTo compared unsorted), 29:45 ArrayDeclaration (no exportTo unlike an empty one)
  test('exportTo is compared as a set: order does not matter, and an empty list is none', () => {
    for (const options of [{ istioVersion: '1.23' }, {}]) {
      expect(merged([named('a', { exportTo: ['other', 'shop'], ...V1 }, '2024-01-01T00:00:00Z'), named('b', { exportTo: ['shop', 'other'], ...TP }, '2024-02-01T00:00:00Z')], options)).toEqual([]);
      expect(merged([named('a', V1, '2024-01-01T00:00:00Z'), named('b', { exportTo: [], ...TP }, '2024-02-01T00:00:00Z')], options)).toEqual([]);
    }
  });

  // 44:11 ConditionalExpression false
  test('rules without a host are not merged with each other (IMT2001 reports them)', () => {
    const hostless = (name: string, t: string): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: 'shop', ...at(t) }, spec: TP });
    expect(merged([hostless('a', '2024-01-01T00:00:00Z'), hostless('b', '2024-02-01T00:00:00Z')])).toEqual([]);
  });

  // 63:247 StringLiteral (the effects joined)
  test('several effects are joined with "and"', () => {
    expect(merged([named('a', { ...TP, ...V1 }, '2024-01-01T00:00:00Z'), named('b', { ...TP, ...V1 }, '2024-02-01T00:00:00Z')])).toEqual([
      ['DestinationRule shop/b', SO('b', 'this rule\'s trafficPolicy is ignored (that of a applies) and its subset "v1" is ignored (an older rule defines the name)')],
    ]);
  });
});
