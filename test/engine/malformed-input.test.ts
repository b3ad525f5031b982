/**
 * `analyze()` never throws: malformed objects are left out of the model, and field rules report what they can.
 */
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { CALLS_ANNOTATION } from '../../src/engine/model';
import { K8sObject, analyze } from '../../src/engine';
import { loadFixtures } from './_fixtures';

const PA = 'security.istio.io/v1';
const DR = 'networking.istio.io/v1';
const LEGACY = 'authentication.istio.io/v1alpha1';

const pa = (spec: unknown, metadata: unknown = { name: 'p', namespace: 'shop' }) => ({ apiVersion: PA, kind: 'PeerAuthentication', metadata, spec });
const dr = (spec: unknown) => ({ apiVersion: DR, kind: 'DestinationRule', metadata: { name: 'd', namespace: 'shop' }, spec });
const deployment = (template: unknown, annotations: unknown = {}) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'shop', annotations }, spec: { template } });
const podSpec = (containers: unknown) => ({ metadata: { labels: { app: 'w' } }, spec: { containers } });

const GARBAGE: ReadonlyArray<[string, unknown]> = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['a string', 'kind: PeerAuthentication'],
  ['an array', [pa({ mtls: { mode: 'STRICT' } })]],
  ['an empty object', {}],
  ['apiVersion and kind as numbers', { apiVersion: 1, kind: 2, metadata: { name: 3 } }],
  ['a PeerAuthentication without metadata', { apiVersion: PA, kind: 'PeerAuthentication', spec: { mtls: { mode: 'STRICT' } } }],
  ['metadata null', pa({ mtls: { mode: 'STRICT' } }, null)],
  ['metadata as a string', pa({ mtls: { mode: 'STRICT' } }, 'default')],
  ['name and namespace as objects', pa({}, { name: { a: 1 }, namespace: ['x'] })],
  ['creationTimestamp as a number, an object and garbage text', pa({}, { name: 'p', namespace: 'shop', creationTimestamp: 42, annotations: 'x' })],
  ['creationTimestamp unparseable', pa({}, { name: 'p', namespace: 'shop', creationTimestamp: 'yesterday' })],
  ['spec null', pa(null)],
  ['spec as a string', pa('STRICT')],
  ['spec as a list', pa([{ mtls: { mode: 'STRICT' } }])],
  ['mtls as a string', pa({ mtls: 'STRICT' })],
  ['mtls.mode as a number, a list and null', pa({ mtls: { mode: 42 }, portLevelMtls: { 80: { mode: ['STRICT'] }, 81: { mode: null } }, selector: { matchLabels: { app: 'w' } } })],
  ['portLevelMtls as a list', pa({ selector: { matchLabels: { app: 'w' } }, portLevelMtls: [{ 8080: { mode: 'STRICT' } }] })],
  ['portLevelMtls as a string', pa({ portLevelMtls: '8080=STRICT' })],
  ['portLevelMtls entries null, string and object mode', pa({ selector: { matchLabels: { app: 'w' } }, portLevelMtls: { 8080: null, 8081: 'STRICT', 8082: { mode: {} } } })],
  // eslint-disable-next-line no-loss-of-precision -- a port key beyond any integer type, on purpose
  ['portLevelMtls with huge, negative and zero ports', pa({ selector: { matchLabels: { app: 'w' } }, portLevelMtls: { 99999999999999999999: { mode: 'STRICT' }, '-1': { mode: 'DISABLE' }, 0: { mode: 'PERMISSIVE' }, 65536: { mode: 'STRICT' } } })],
  ['portLevelMtls empty', pa({ selector: { matchLabels: { app: 'w' } }, portLevelMtls: {} })],
  ['selector as a string', pa({ selector: 'app=web', mtls: { mode: 'STRICT' } })],
  ['selector with numeric, boolean, null and object values', pa({ selector: { matchLabels: { app: 1, version: 2.5, canary: true, gone: null, nested: { a: 1 } } }, mtls: { mode: 'STRICT' } })],
  ['matchLabels as a list and as a string', pa({ selector: { matchLabels: ['app', 'web'] }, portLevelMtls: { 80: { mode: 'STRICT' } } })],
  ['unicode names, namespaces and labels', pa({ selector: { matchLabels: { 'アプリ': '名前', 'app': 'wébé-*' } }, mtls: { mode: 'STRICT' } }, { name: '名前😀', namespace: 'ñamespace' })],
  ['a DestinationRule with spec null', dr(null)],
  ['a DestinationRule with host as a number, null and empty', dr({ host: 42 })],
  ['a DestinationRule host that is 300 characters long', dr({ host: `${'a'.repeat(300)}.example.com`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })],
  ['a unicode DestinationRule host', dr({ host: 'サービス.例え.jp', trafficPolicy: { tls: { mode: 'SIMPLE' } } })],
  ['trafficPolicy as a string and as a list', dr({ host: 'a.shop.svc.cluster.local', trafficPolicy: 'ISTIO_MUTUAL', subsets: [{ name: 'v1', trafficPolicy: [] }] })],
  ['tls as a number', dr({ host: 'a.shop.svc.cluster.local', trafficPolicy: { tls: 42 } })],
  ['tls as a string and tls.mode as a number', dr({ host: '*', trafficPolicy: { tls: 'ISTIO_MUTUAL', portLevelSettings: [{ port: { number: 80 }, tls: { mode: 1, insecureSkipVerify: 'yes', subjectAltNames: 'x' } }] } })],
  ['portLevelSettings as an object', dr({ host: 'a', trafficPolicy: { portLevelSettings: { 80: { tls: { mode: 'DISABLE' } } } } })],
  ['portLevelSettings with null, scalar, string-port, huge-port and negative-port entries', dr({ host: 'a', trafficPolicy: { portLevelSettings: [null, 1, 'x', { port: 'x' }, { port: { number: '80' }, tls: {} }, { port: { number: 1e12 }, tls: { mode: 'DISABLE' } }, { port: { number: -5 }, tls: { mode: 'MUTUAL' } }] } })],
  ['subsets as a string, and null, nameless and numeric-name subsets', dr({ host: 'a', subsets: [null, { name: 5 }, { labels: 'x' }, { name: 'v1', trafficPolicy: 7 }] })],
  ['subsets as a string', dr({ host: 'a', subsets: 'v1,v2' })],
  ['exportTo as a string and with non-strings', dr({ host: 'a', exportTo: '.', workloadSelector: 'app=web' })],
  ['exportTo with null and numbers, workloadSelector with empty and wildcard keys', dr({ host: 'a', exportTo: [1, null, '.', '*'], workloadSelector: { matchLabels: { '': '*', '*': 5 } } })],
  ['a MeshPolicy with spec as a string', { apiVersion: LEGACY, kind: 'MeshPolicy', metadata: { name: 'default' }, spec: 'x' }],
  ['legacy peers as a string, and null, string and string-mtls peers', { apiVersion: LEGACY, kind: 'MeshPolicy', metadata: { name: 'default' }, spec: { peers: [null, 'mtls', { mtls: 'STRICT' }, { mtls: { mode: 7 } }] } }],
  ['legacy targets with null, numeric names and garbage ports', { apiVersion: LEGACY, kind: 'Policy', metadata: { name: 'p', namespace: 'shop' }, spec: { targets: [null, { name: 5 }, { name: 'a', ports: 'x' }, { name: 'w', ports: [null, { number: 'x' }, { name: 3 }, { number: 1e15 }] }], peers: 'x' } }],
  ['a Namespace with labels as a string and numeric labels', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 1, 'istio.io/rev': null } } }],
  ['a Namespace without a name', { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: 'x' } }],
  ['a Deployment with spec null', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'shop' }, spec: null }],
  ['a Deployment with template as a string', deployment('x')],
  ['containers as a string', deployment(podSpec('nginx'))],
  ['containers with null, string ports, named probe ports and garbage probes', deployment(podSpec([
    null,
    { name: 'a', ports: 'x' },
    { name: 'b', ports: [null, { containerPort: 'http' }, { containerPort: 1e20 }, { containerPort: -1 }] },
    { name: 'c', readinessProbe: 'x', livenessProbe: { httpGet: { port: null, scheme: 5 } }, startupProbe: { tcpSocket: 'x' } },
    { name: 5, livenessProbe: { httpGet: { port: 'missing', scheme: 'https' } }, readinessProbe: { grpc: { port: 'x' } } },
  ]))],
  ['a calls annotation full of garbage', deployment(podSpec([{ name: 'a' }]), { [CALLS_ANNOTATION]: ':::,,, :80, a:b:c, 😀:99999999999999999999, httpbin.test1:0' })],
  ['a calls annotation that is not a string', deployment(podSpec([{ name: 'a' }]), { [CALLS_ANNOTATION]: ['httpbin.test1'] })],
  ['pod annotations as a list', deployment({ metadata: { labels: 'x', annotations: ['a'] }, spec: { containers: [] } })],
  ['a CronJob without a jobTemplate', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'shop' }, spec: { schedule: '* * * * *' } }],
  ['a Pod with spec as a string', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', labels: { app: 'w' } }, spec: 'x' }],
  ['a Service with ports as a string and garbage ports', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { selector: 'x', ports: 'x', clusterIP: 5 } }],
  ['a Service with null, string, huge and object target ports', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'w', namespace: 'shop' }, spec: { selector: { app: 'w' }, ports: [null, { port: 'x' }, { port: 1e20, targetPort: {} }, { port: 80, targetPort: 'missing' }] } }],
  ['a ServiceEntry with garbage hosts and ports', { apiVersion: DR, kind: 'ServiceEntry', metadata: { name: 'se', namespace: 'shop' }, spec: { hosts: [null, 5, 'ok.example.com'], ports: [null, { number: 'x', protocol: 5 }], location: 5 } }],
  ['a ServiceEntry with hosts as a string', { apiVersion: DR, kind: 'ServiceEntry', metadata: { name: 'se', namespace: 'shop' }, spec: { hosts: 'a.example.com' } }],
  ['webhooks as a string, and null, string and numeric-name webhooks', { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'v' }, webhooks: [null, { clientConfig: 'x' }, { clientConfig: { service: { name: 5 } } }, { name: 7, clientConfig: { service: { name: 'w', namespace: 'shop', port: 'x' } } }] }],
  ['a cyclic exportTo (YAML "&a [*a]")', yaml.load('{apiVersion: networking.istio.io/v1, kind: DestinationRule, metadata: {name: d, namespace: shop}, spec: {host: a, exportTo: &a [*a]}}')],
  ['a cyclic spec used as mode, host, subset and port', yaml.load('{apiVersion: networking.istio.io/v1, kind: DestinationRule, metadata: {name: d, namespace: shop}, spec: &s {host: *s, subsets: [*s], trafficPolicy: {tls: {mode: *s, credentialName: *s, clientCertificate: x}, portLevelSettings: [*s, {port: {number: *s}}]}}}')],
  ['a cyclic PeerAuthentication mode and selector', yaml.load('{apiVersion: security.istio.io/v1, kind: PeerAuthentication, metadata: {name: p, namespace: shop}, spec: &s {mtls: {mode: *s}, portLevelMtls: [*s], selector: {matchLabels: {"": *s}}}}')],
  ['a cyclic legacy peer mode', yaml.load('{apiVersion: authentication.istio.io/v1alpha1, kind: Policy, metadata: {name: default, namespace: shop}, spec: &s {peers: [{mtls: {mode: *s}}]}}')],
  ['BigInt values (from JavaScript callers)', pa({ selector: { matchLabels: { app: 'w' } }, mtls: { mode: BigInt(10) }, portLevelMtls: { 80: { mode: BigInt(1) } } })],
  ['an AuthorizationPolicy with garbage rules', { apiVersion: PA, kind: 'AuthorizationPolicy', metadata: { name: 'a', namespace: 'shop' }, spec: { selector: 'x', rules: [null, { from: 'x' }, { from: [null, { source: { principals: 'x' } }, { source: { namespaces: [5] } }] }, { to: [null, { operation: { ports: [null, 'x', 80, 1e30] } }] }] } }],
];

/** A valid mesh the garbage is mixed into, so that rules iterating workloads, services and calls meet it. */
const BASELINE: K8sObject[] = [
  ...loadFixtures('seed/topology.yaml', 'seed/mesh-policy-legacy.yaml'),
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
  pa({ mtls: { mode: 'STRICT' } }, { name: 'default', namespace: 'shop' }),
  deployment(podSpec([{ name: 'w', ports: [{ containerPort: 8080 }] }]), { [CALLS_ANNOTATION]: 'httpbin.test1:8000,httpbin.test3,w.shop' }),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'w', namespace: 'shop' }, spec: { selector: { app: 'w' }, ports: [{ port: 80, targetPort: 8080 }] } },
];

describe('analyze() on malformed objects', () => {
  test.each(GARBAGE)('does not throw on %s, alone', (_label, obj) => {
    expect(() => analyze([obj as K8sObject])).not.toThrow();
  });

  test.each(GARBAGE)('does not throw on %s, inside a valid mesh, and still analyzes the valid objects', (_label, obj) => {
    const findings = analyze([...BASELINE, obj as K8sObject]);
    expect(findings.map((f) => f.code)).toContain('IMT5004');
    for (const f of findings) {
      expect(typeof f.code).toBe('string');
      expect(typeof f.message).toBe('string');
      expect(f.message).not.toContain('[object Object]');
    }
  });

  test('does not throw on all of the garbage at once, with every option combination', () => {
    const all = [...BASELINE, ...GARBAGE.map(([, o]) => o as K8sObject)];
    for (const autoMtls of [undefined, true, false]) {
      for (const migration of [false, true]) expect(() => analyze(all, { autoMtls, migration, rootNamespace: 'shop' })).not.toThrow();
    }
  });

  test('reports field problems of malformed Istio objects instead of dropping them silently', () => {
    const codes = (obj: unknown) => analyze([obj as K8sObject]).map((f) => f.code);
    expect(codes(pa({ selector: { matchLabels: { app: 'w' } }, portLevelMtls: [{ 8080: { mode: 'STRICT' } }] }))).toContain('IMT1002');
    expect(codes(pa({ mtls: { mode: 42 } }))).toContain('IMT1003');
    expect(codes(dr({ host: 42 }))).toContain('IMT2001');
    expect(codes(dr({ host: 'a', trafficPolicy: { tls: { mode: 1 } } }))).toContain('IMT2004');
    expect(codes(dr({ host: 'a', exportTo: '.' }))).toContain('IMT2010');
  });

  test('does not throw on any YAML-shaped value placed in any spec field of any supported kind', () => {
    const kinds: Array<[string, string]> = [
      [PA, 'PeerAuthentication'], [DR, 'DestinationRule'], ['networking.istio.io/v1beta1', 'DestinationRule'], [LEGACY, 'MeshPolicy'], [LEGACY, 'Policy'],
      ['v1', 'Service'], ['v1', 'Namespace'], ['apps/v1', 'Deployment'], ['v1', 'Pod'], [DR, 'ServiceEntry'], [PA, 'AuthorizationPolicy'],
      ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
    ];
    const value = fc.jsonValue({ maxDepth: 4 });
    const object = fc.record({
      kind: fc.constantFrom(...kinds),
      metadata: fc.oneof(value, fc.record({ name: value, namespace: fc.oneof(fc.constantFrom('shop', 'istio-system', 'test1'), value), labels: value, annotations: value, creationTimestamp: value })),
      spec: fc.oneof(value, fc.dictionary(fc.constantFrom('mtls', 'selector', 'portLevelMtls', 'host', 'trafficPolicy', 'subsets', 'exportTo', 'workloadSelector', 'peers', 'targets', 'ports', 'template', 'rules', 'hosts'), value)),
      webhooks: value,
    }).map(({ kind: [apiVersion, kind], ...rest }) => ({ apiVersion, kind, ...rest }) as K8sObject);
    fc.assert(fc.property(fc.array(object, { maxLength: 6 }), (objects) => {
      analyze([...BASELINE, ...objects]);
    }), { seed: 20261125, numRuns: 120 });
  });

  test('does not throw on YAML with unquoted timestamps, anchors and merge keys', () => {
    const objects = yaml.load(`
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: &meta {name: default, namespace: shop, creationTimestamp: 2024-01-01T00:00:00Z, labels: {when: 2024-01-01}}
  spec: &spec {mtls: {mode: STRICT}}
- apiVersion: security.istio.io/v1
  kind: PeerAuthentication
  metadata: {<<: *meta, name: second}
  spec: *spec
`) as K8sObject[];
    expect(objects[0].metadata.creationTimestamp).toBeInstanceOf(Date);
    expect(analyze(objects).map((f) => `${f.code} ${f.resource.name}`)).toContain('IMT1009 second');
  });
});
