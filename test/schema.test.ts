import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { MeshPolicy, MeshPolicySpecPeersMtlsMode } from '../imports/authentication.istio.io';
import { DestinationRule, DestinationRuleSpecTrafficPolicyPortLevelSettingsTlsMode, DestinationRuleSpecTrafficPolicyTlsMode } from '../imports/networking.istio.io';
import { PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../imports/security.istio.io';
import {
  KNOWN_CEL_RULES, VALIDATORS_FILE, _findCrdDir, _usePrecompiledValidators, crdJsonText, isSchemaKnown, readCrdDocs, shareRepeatedSubschemas,
  standaloneValidatorsSource, validateAgainstCrd, vendoredCrdFiles,
} from '../src/engine/schema';

const CRD_DIR = path.join(__dirname, '..', 'crds');
const DR_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];

function pa(spec: unknown, apiVersion = 'security.istio.io/v1'): any {
  return { apiVersion, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'foo' }, spec };
}

function dr(spec: unknown, version = 'v1'): any {
  return { apiVersion: `networking.istio.io/${version}`, kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'bookinfo' }, spec };
}

function legacy(kind: 'MeshPolicy' | 'Policy', spec: unknown): any {
  const metadata = kind === 'Policy' ? { name: 'default', namespace: 'foo' } : { name: 'default' };
  return { apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata, spec };
}

const PRODUCTPAGE = {
  host: 'productpage.bookinfo.svc.cluster.local',
  trafficPolicy: { tls: { mode: 'DISABLE' }, portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } }] },
};

describe('valid objects', () => {
  test('a mesh-wide STRICT PeerAuthentication v1 passes', () => {
    expect(validateAgainstCrd(pa({ mtls: { mode: 'STRICT' } }))).toEqual([]);
  });

  test('a workload PeerAuthentication v1beta1 with port-level mTLS passes', () => {
    const obj = pa(
      { selector: { matchLabels: { 'app': 'productpage', 'app.kubernetes.io/name': 'pp' } }, mtls: { mode: 'UNSET' }, portLevelMtls: { 8080: { mode: 'DISABLE' }, 9080: {} } },
      'security.istio.io/v1beta1',
    );
    expect(validateAgainstCrd(obj)).toEqual([]);
  });

  test('an empty PeerAuthentication spec passes', () => {
    expect(validateAgainstCrd(pa({}))).toEqual([]);
  });

  test.each(DR_VERSIONS)('the mesh-wide "*.local" ISTIO_MUTUAL DestinationRule %s passes', (version) => {
    expect(validateAgainstCrd(dr({ host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, version))).toEqual([]);
  });

  test.each(DR_VERSIONS)('the productpage DestinationRule %s with tls DISABLE and port 9080 ISTIO_MUTUAL passes', (version) => {
    expect(validateAgainstCrd(dr(PRODUCTPAGE, version))).toEqual([]);
  });

  test('a DestinationRule using durations, subsets, nullable fields and a workload selector passes', () => {
    const obj = dr({
      host: 'reviews',
      workloadSelector: { matchLabels: { app: 'ratings' } },
      trafficPolicy: {
        tls: { mode: 'SIMPLE', insecureSkipVerify: null, subjectAltNames: ['a'] },
        connectionPool: { tcp: { connectTimeout: '1ms', idleTimeout: '1h30m' } },
        outlierDetection: { interval: '0.001s', baseEjectionTime: '1.5s' },
        loadBalancer: { simple: 'ROUND_ROBIN', localityLbSetting: { enabled: null } },
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }],
    });
    expect(validateAgainstCrd(obj)).toEqual([]);
  });

  test('the legacy MeshPolicy with "peers: [{mtls: {}}]" passes', () => {
    expect(validateAgainstCrd(legacy('MeshPolicy', { peers: [{ mtls: {} }] }))).toEqual([]);
  });

  test('a legacy Policy with targets and PERMISSIVE mTLS passes', () => {
    const obj = legacy('Policy', { targets: [{ name: 'httpbin', ports: [{ number: 8000 }] }], peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
    expect(validateAgainstCrd(obj)).toEqual([]);
  });

  test('objects synthesized from the imported cdk8s classes pass', () => {
    const chart = Testing.chart();
    new PeerAuthentication(chart, 'pa', { metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } } });
    new DestinationRule(chart, 'dr', {
      metadata: { name: 'productpage' },
      spec: {
        host: 'productpage.bookinfo.svc.cluster.local',
        trafficPolicy: {
          tls: { mode: DestinationRuleSpecTrafficPolicyTlsMode.DISABLE },
          portLevelSettings: [{ port: { number: 9080 }, tls: { mode: DestinationRuleSpecTrafficPolicyPortLevelSettingsTlsMode.ISTIO_UNDERSCORE_MUTUAL } }],
        },
      },
    });
    new MeshPolicy(chart, 'mesh', { metadata: { name: 'default' }, spec: { peers: [{ mtls: { mode: MeshPolicySpecPeersMtlsMode.STRICT } }] } });
    const manifests = Testing.synth(chart);
    expect(manifests).toHaveLength(3);
    expect(manifests[1].spec.trafficPolicy.portLevelSettings[0].tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(manifests.map((m) => validateAgainstCrd(m))).toEqual([[], [], []]);
  });

  test('metadata fields other than name, namespace, labels and annotations are accepted', () => {
    const obj = pa({});
    obj.metadata = { ...obj.metadata, uid: 'abc', generation: 3, labels: { a: 'b' }, annotations: { c: 'd' } };
    expect(validateAgainstCrd(obj)).toEqual([]);
  });

  test('status accepts int-or-string observedGeneration and unknown fields (x-kubernetes-preserve-unknown-fields)', () => {
    expect(validateAgainstCrd({ ...pa({}), status: { observedGeneration: 3, extra: { any: 'thing' } } })).toEqual([]);
    expect(validateAgainstCrd({ ...pa({}), status: { observedGeneration: '3' } })).toEqual([]);
  });

  test('the input object is not modified', () => {
    const obj = deepFreeze(dr({ trafficPolicy: { tls: { mode: 'NOPE' } }, subsets: [{}] }));
    const before = JSON.stringify(obj);
    expect(validateAgainstCrd(obj).length).toBeGreaterThan(0);
    expect(JSON.stringify(obj)).toEqual(before);
  });
});

describe('schema violations', () => {
  test('fails if the PeerAuthentication mode is not in the enum', () => {
    expect(validateAgainstCrd(pa({ mtls: { mode: 'STRICTT' } }))).toEqual([
      { path: 'spec.mtls.mode', message: 'must be one of UNSET, DISABLE, PERMISSIVE, STRICT (got "STRICTT")', rule: 'enum', value: 'STRICTT' },
    ]);
  });

  test('fails with a type error only if a port-level mode is a number', () => {
    const obj = pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: { 8080: { mode: 42 } } });
    expect(validateAgainstCrd(obj)).toEqual([{ path: 'spec.portLevelMtls.8080.mode', message: 'must be string (got 42)', rule: 'type', value: 42 }]);
  });

  test.each(DR_VERSIONS)('fails if a DestinationRule %s port number is a string', (version) => {
    const obj = dr({ host: 'a', trafficPolicy: { portLevelSettings: [{ port: { number: 'abc' }, tls: { mode: 'ISTIO_MUTUAL' } }] } }, version);
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.trafficPolicy.portLevelSettings[0].port.number', message: 'must be integer (got "abc")', rule: 'type', value: 'abc' },
    ]);
  });

  test('fails if a DestinationRule tls mode is not in the enum', () => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { tls: { mode: 'STRICT' } } }))).toEqual([
      { path: 'spec.trafficPolicy.tls.mode', message: 'must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL (got "STRICT")', rule: 'enum', value: 'STRICT' },
    ]);
  });

  test.each(DR_VERSIONS)('fails if a DestinationRule %s has no host', (version) => {
    expect(validateAgainstCrd(dr({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, version))).toEqual([
      { path: 'spec.host', message: 'is required', rule: 'required' },
    ]);
  });

  test('fails if a DestinationRule subset has no name', () => {
    expect(validateAgainstCrd(dr({ host: 'a', subsets: [{ name: 'v1' }, { labels: { version: 'v2' } }] }))).toEqual([
      { path: 'spec.subsets[1].name', message: 'is required', rule: 'required' },
    ]);
  });

  test('fails if a nullable boolean is neither boolean nor null', () => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { tls: { mode: 'SIMPLE', insecureSkipVerify: 'yes' } } }))).toEqual([
      { path: 'spec.trafficPolicy.tls.insecureSkipVerify', message: 'must be boolean or null (got "yes")', rule: 'type', value: 'yes' },
    ]);
  });

  test('fails if an int-or-string field is a boolean', () => {
    expect(validateAgainstCrd({ ...pa({}), status: { observedGeneration: true } })).toEqual([
      { path: 'status.observedGeneration', message: 'must be integer or string (got true)', rule: 'type', value: true },
    ]);
  });

  test('fails if a number is out of the schema range', () => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { portLevelSettings: [{ port: { number: -1 } }] } }))).toEqual([
      { path: 'spec.trafficPolicy.portLevelSettings[0].port.number', message: 'must be >= 0 (got -1)', rule: 'other', value: -1 },
    ]);
  });

  test('fails if portLevelMtls is an empty map', () => {
    expect(validateAgainstCrd(pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: {} }))).toEqual([
      { path: 'spec.portLevelMtls', message: 'must have at least 1 entry (got 0)', rule: 'other' },
    ]);
  });

  test('fails if a label value is longer than 63 characters', () => {
    const long = 'x'.repeat(64);
    expect(validateAgainstCrd(pa({ selector: { matchLabels: { app: long } } }))).toEqual([
      { path: 'spec.selector.matchLabels.app', message: 'must be at most 63 characters long (got 64)', rule: 'other', value: long },
    ]);
  });

  test('fails if two load balancer policies of a proto oneof are set', () => {
    const obj = dr({ host: 'a', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } } } });
    expect(validateAgainstCrd(obj)).toEqual([
      {
        path: 'spec.trafficPolicy.loadBalancer',
        message: 'must set at most one of simple, consistentHash, backendUtilization (got simple, consistentHash)',
        rule: 'other',
        value: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } },
      },
    ]);
  });

  test('fails if an unknown field is set in a v1 CRD, naming the field', () => {
    expect(validateAgainstCrd(pa({ mtls: { mdoe: 'STRICT' } }))).toEqual([
      {
        path: 'spec.mtls.mdoe',
        message: "unknown field: the PeerAuthentication schema has no 'mdoe' (kubectl rejects it; without strict field validation the API server drops it silently)",
        rule: 'other',
        value: 'STRICT',
      },
    ]);
  });

  test('accepts unknown fields in the legacy v1beta1 CRDs, which preserve them', () => {
    expect(validateAgainstCrd(legacy('MeshPolicy', { peers: [{ mtls: {} }], futureField: 1 }))).toEqual([]);
  });

  test('fails if metadata labels are not strings', () => {
    const obj = pa({});
    obj.metadata.labels = { team: 1 };
    expect(validateAgainstCrd(obj)).toEqual([{ path: 'metadata.labels.team', message: 'must be string (got 1)', rule: 'type', value: 1 }]);
  });

  test('fails if the legacy mtls mode is DISABLE, which the v1alpha1 enum does not have', () => {
    expect(validateAgainstCrd(legacy('MeshPolicy', { peers: [{ mtls: { mode: 'DISABLE' } }] }))).toEqual([
      { path: 'spec.peers[0].mtls.mode', message: 'must be one of STRICT, PERMISSIVE (got "DISABLE")', rule: 'enum', value: 'DISABLE' },
    ]);
  });

  test('fails if a legacy peer sets neither mtls nor jwt', () => {
    expect(validateAgainstCrd(legacy('Policy', { targets: [{ name: 'a' }], peers: [{}] }))).toEqual([
      { path: 'spec.peers[0]', message: 'must set exactly one of mtls, jwt (got none)', rule: 'other', value: {} },
    ]);
  });

  test('fails if a legacy peer has "mtls: null" (the bare "- mtls:" YAML form)', () => {
    expect(validateAgainstCrd(legacy('MeshPolicy', { peers: [{ mtls: null }] }))).toEqual([
      { path: 'spec.peers[0].mtls', message: 'must be object (got null)', rule: 'type', value: null },
    ]);
  });
});

describe('CEL rules', () => {
  test.each([
    ['no selector', {}],
    ['a selector without matchLabels', { selector: {} }],
    ['empty matchLabels', { selector: { matchLabels: {} } }],
  ])('fails if portLevelMtls is set with %s', (_, selectorPart) => {
    expect(validateAgainstCrd(pa({ ...selectorPart, portLevelMtls: { 8080: { mode: 'DISABLE' } } }))).toEqual([
      { path: 'spec', message: 'portLevelMtls requires selector', rule: 'cel' },
    ]);
  });

  test('fails once per port key outside 1-65535', () => {
    const obj = pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: { 0: { mode: 'DISABLE' }, 70000: { mode: 'DISABLE' }, 65535: {}, 1: {} } });
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.portLevelMtls', message: 'port must be between 1-65535 (got "0")', rule: 'cel', value: '0' },
      { path: 'spec.portLevelMtls', message: 'port must be between 1-65535 (got "70000")', rule: 'cel', value: '70000' },
    ]);
  });

  test('fails if a port key is not an integer (CEL int() cannot parse it)', () => {
    expect(validateAgainstCrd(pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: { http: {} } }))).toEqual([
      { path: 'spec.portLevelMtls', message: 'port must be between 1-65535 (got "http")', rule: 'cel', value: 'http' },
    ]);
  });

  test.each([
    ['PeerAuthentication', (labels: unknown) => pa({ selector: { matchLabels: labels } }), 'spec.selector.matchLabels'],
    ['DestinationRule', (labels: unknown) => dr({ host: 'a', workloadSelector: { matchLabels: labels } }), 'spec.workloadSelector.matchLabels'],
  ])('fails if a %s selector has a wildcard key, a wildcard value or an empty key', (_, make, at) => {
    expect(validateAgainstCrd(make({ 'app*': 'x' }))).toEqual([
      { path: at, message: 'wildcard not allowed in label key match (got "app*")', rule: 'cel', value: 'app*' },
    ]);
    expect(validateAgainstCrd(make({ 'app.kubernetes.io/name': 'review*' }))).toEqual([
      { path: `${at}["app.kubernetes.io/name"]`, message: 'wildcard not allowed in label value match (got "review*")', rule: 'cel', value: 'review*' },
    ]);
    expect(validateAgainstCrd(make({ '': 'x' }))).toEqual([{ path: at, message: 'key must not be empty (got "")', rule: 'cel', value: '' }]);
  });

  test.each(['1ms', '0.001s', '1.5s', '.5s', '1h30m', '+2s', '1000us', '1000000ns', '1000µs'])('accepts the duration %p', (d) => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { connectionPool: { tcp: { connectTimeout: d } } } }))).toEqual([]);
  });

  test.each(['0.5ms', '0', '0s', '-1s', '10', '1sec', 'abc', '', '.s', '1d', '3000000000h'])('fails on the duration %p', (d) => {
    const obj = dr({ host: 'a', trafficPolicy: { connectionPool: { tcp: { connectTimeout: d } } } });
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: `must be a valid duration greater than 1ms (got ${JSON.stringify(d)})`, rule: 'cel', value: d },
    ]);
  });

  test('checks durations deep inside subsets and port-level settings', () => {
    const obj = dr({ host: 'a', subsets: [{ name: 'v1', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, outlierDetection: { interval: '0s' } }] } }] });
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.subsets[0].trafficPolicy.portLevelSettings[0].outlierDetection.interval', message: 'must be a valid duration greater than 1ms (got "0s")', rule: 'cel', value: '0s' },
    ]);
  });

  test('does not run a CEL rule on a value of the wrong type', () => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { connectionPool: { tcp: { connectTimeout: 5 } } } }))).toEqual([
      { path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: 'must be string (got 5)', rule: 'type', value: 5 },
    ]);
  });

  test('every CEL rule in the vendored CRDs is implemented', () => {
    const found = new Map<string, number>();
    let rawRuleLines = 0;
    for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
      const text = fs.readFileSync(path.join(CRD_DIR, file), 'utf8');
      rawRuleLines += text.split('\n').filter((line) => /^\s*-?\s*rule:/.test(line)).length;
      for (const doc of yaml.loadAll(text)) collectCelRules(doc, found);
    }
    // the YAML walk saw every `rule:` line of the files
    expect([...found.values()].reduce((a, b) => a + b, 0)).toEqual(rawRuleLines);
    expect(found.size).toBeGreaterThan(0);
    const missing = [...found.keys()].filter((rule) => !KNOWN_CEL_RULES.includes(rule));
    expect(missing).toEqual([]);
  });
});

describe('lookup', () => {
  test.each([
    ['security.istio.io/v1', 'PeerAuthentication'],
    ['security.istio.io/v1beta1', 'PeerAuthentication'],
    ['networking.istio.io/v1', 'DestinationRule'],
    ['networking.istio.io/v1beta1', 'DestinationRule'],
    ['networking.istio.io/v1alpha3', 'DestinationRule'],
    ['authentication.istio.io/v1alpha1', 'MeshPolicy'],
    ['authentication.istio.io/v1alpha1', 'Policy'],
  ])('knows the schema of %s %s', (apiVersion, kind) => {
    expect(isSchemaKnown(apiVersion, kind)).toBe(true);
  });

  test.each([
    ['v1', 'Service'],
    ['security.istio.io/v1', 'AuthorizationPolicy'],
    ['security.istio.io/v1alpha1', 'PeerAuthentication'],
    ['networking.istio.io/v1', 'PeerAuthentication'],
  ])('does not know %s %s and returns [] for it', (apiVersion, kind) => {
    expect(isSchemaKnown(apiVersion, kind)).toBe(false);
    expect(validateAgainstCrd({ apiVersion, kind, metadata: { name: 'x' }, spec: { anything: 42 } })).toEqual([]);
  });

  test('returns [] for values that are not Kubernetes objects', () => {
    expect(validateAgainstCrd(null)).toEqual([]);
    expect(validateAgainstCrd('PeerAuthentication')).toEqual([]);
    expect(validateAgainstCrd({ kind: 'PeerAuthentication', spec: { mtls: { mode: 'X' } } })).toEqual([]);
  });

  test('finds the crds directory from the compiled lib/src/engine location', () => {
    expect(_findCrdDir(path.join(__dirname, '..', 'lib', 'src', 'engine'))).toEqual(CRD_DIR);
  });

  test('fails with a clear error if the crds directory cannot be found', () => {
    const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'no-crds-'));
    expect(() => _findCrdDir(path.join(lonely, 'a', 'b'))).toThrow(/cannot find the vendored Istio CRDs \('crds\/peerauthentication.yaml'\)/);
  });
});

function collectCelRules(node: unknown, into: Map<string, number>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectCelRules(n, into));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-kubernetes-validations' && Array.isArray(value)) {
      for (const v of value) into.set(String(v.rule), (into.get(String(v.rule)) ?? 0) + 1);
    }
    collectCelRules(value, into);
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('repeated subschemas are compiled once', () => {
  const big = (extra: string) => ({
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}${extra}`, { type: 'string', enum: ['A', 'B'] }])),
  });

  test('an object schema that occurs twice becomes one $defs entry and two $refs; one that occurs once stays inline', () => {
    const schema = { type: 'object', properties: { a: big(''), b: { type: 'array', items: big('') }, c: big('x') } };
    const shared = shareRepeatedSubschemas(schema);
    expect(Object.keys(shared.$defs)).toEqual(['shared0']);
    expect(shared.$defs.shared0).toEqual(big(''));
    expect(shared.properties.a).toEqual({ $ref: '#/$defs/shared0' });
    expect(shared.properties.b.items).toEqual({ $ref: '#/$defs/shared0' });
    expect(shared.properties.c).toEqual(big('x'));
    // the input is not modified
    expect(schema.properties.a).toEqual(big(''));
  });

  test('small repeated schemas and schemas under oneOf stay inline', () => {
    const small = { type: 'object', properties: { x: { type: 'string' } } };
    const schema = { type: 'object', properties: { a: small, b: small }, oneOf: [big(''), big('')] };
    expect(shareRepeatedSubschemas(schema)).toBe(schema);
  });

  test('nested repeats inside a shared schema are shared too', () => {
    const inner = big('inner');
    const outer = { type: 'object', properties: { tls: inner, ports: { type: 'array', items: { type: 'object', properties: { tls: inner, n: { type: 'integer' } } } } } };
    const shared = shareRepeatedSubschemas({ type: 'object', properties: { top: outer, subsets: { type: 'array', items: outer } } });
    // outer occurs twice; inside it, inner occurs twice: two definitions, outer's referring to inner's
    expect(Object.keys(shared.$defs).sort()).toEqual(['shared0', 'shared1']);
    const outerDef = Object.values(shared.$defs).find((d: any) => d.properties.ports) as any;
    expect(outerDef.properties.tls.$ref).toMatch(/^#\/\$defs\/shared[01]$/);
    expect(outerDef.properties.ports.items.properties.tls).toEqual(outerDef.properties.tls);
  });

  test('the DestinationRule schema shares its traffic policy body, and each occurrence still reports its own path', () => {
    const policy = { tls: { mode: 'NOPE' }, loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } }, connectionPool: { tcp: { connectTimeout: '0s' } } };
    const obj = dr({
      host: 'a',
      trafficPolicy: { ...policy, portLevelSettings: [{ port: { number: 80 }, ...policy }] },
      subsets: [{ name: 'v1', trafficPolicy: { ...policy, portLevelSettings: [{ port: { number: 81 }, ...policy }] } }],
    });
    const prefixes = ['spec.trafficPolicy', 'spec.trafficPolicy.portLevelSettings[0]', 'spec.subsets[0].trafficPolicy', 'spec.subsets[0].trafficPolicy.portLevelSettings[0]'];
    const violations = validateAgainstCrd(obj);
    for (const prefix of prefixes) {
      expect(violations).toContainEqual({ path: `${prefix}.tls.mode`, message: 'must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL (got "NOPE")', rule: 'enum', value: 'NOPE' });
      expect(violations).toContainEqual(expect.objectContaining({ path: `${prefix}.loadBalancer`, message: 'must set at most one of simple, consistentHash, backendUtilization (got simple, consistentHash)' }));
      expect(violations).toContainEqual(expect.objectContaining({ path: `${prefix}.connectionPool.tcp.connectTimeout`, rule: 'cel' }));
    }
    // the oneOf's branches say nothing of their own (suppressed by schemaPath prefix, also inside shared schemas)
    expect(violations).toHaveLength(prefixes.length * 3);
  });
});

describe('JSON copies of the vendored CRDs', () => {
  test.each(vendoredCrdFiles())('crds/%s has an up-to-date JSON copy (else run: npx ts-node --transpile-only scripts/crd-json.ts)', (file) => {
    const json = path.join(CRD_DIR, file.replace(/\.yaml$/, '.json'));
    expect(fs.existsSync(json)).toBe(true);
    expect(fs.readFileSync(json, 'utf8')).toBe(crdJsonText(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')));
  });

  test('without the JSON copy the YAML is read, to the same documents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-yaml-only-'));
    try {
      for (const file of vendoredCrdFiles()) {
        fs.copyFileSync(path.join(CRD_DIR, file), path.join(dir, file));
        expect(readCrdDocs(dir, file)).toEqual(readCrdDocs(CRD_DIR, file));
        expect(readCrdDocs(dir, file)).toEqual(yaml.loadAll(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validators generated ahead of time (crds/validators.js)', () => {
  test('the file is what the CRDs and the schema conversion generate (else run: npx ts-node --transpile-only scripts/crd-validators.ts)', () => {
    expect(fs.readFileSync(path.join(CRD_DIR, VALIDATORS_FILE), 'utf8')).toBe(standaloneValidatorsSource());
  });

  // Every served version, valid objects and each kind of violation: type, enum, required, unknown field, nullable,
  // oneOf (also inside a shared schema), CEL on keys, values and durations, maxLength.
  const policy = { tls: { mode: 'NOPE', sni: 5 }, loadBalancer: { simple: 'ROUND_ROBIN', consistentHash: { useSourceIp: true } }, connectionPool: { tcp: { connectTimeout: '0s' } } };
  const corpus: any[] = [
    pa({ mtls: { mode: 'STRICT' } }), pa({}), pa({ mtls: { mode: 'STRICTT' } }), pa({ mtls: { mode: 5 } }),
    pa({ portLevelMtls: { 0: { mode: 'DISABLE' }, 80: { mode: 'NOPE' } } }),
    pa({ selector: { matchLabels: { '': 'x', 'a*': 'y*', 'app': 'a'.repeat(64) } }, portLevelMtls: { 8080: { mode: 'DISABLE' } }, extra: true }, 'security.istio.io/v1beta1'),
    ...DR_VERSIONS.flatMap((v) => [
      dr(PRODUCTPAGE, v), dr({}, v), dr({ host: 7 }, v),
      dr({ host: 'a', trafficPolicy: { ...policy, portLevelSettings: [{ port: { number: 'x' }, ...policy }] }, subsets: [{ labels: { v: 1 }, trafficPolicy: policy }] }, v),
      dr({ host: 'a', workloadSelector: { matchLabels: { 'k*': 'v*' } }, trafficPolicy: { outlierDetection: { interval: '5x', consecutive5xxErrors: null } } }, v),
    ]),
    legacy('MeshPolicy', { peers: [{ mtls: {} }] }), legacy('Policy', { peers: [{ mtls: { mode: 'DISABLE' } }, {}], targets: [{ name: 5 }] }),
    legacy('Policy', { peers: [{ mtls: {}, jwt: { issuer: 'x' } }] }),
  ];

  test('they find exactly what validators compiled at run time find', () => {
    const generated = corpus.map((o) => validateAgainstCrd(o));
    _usePrecompiledValidators(false);
    try {
      expect(corpus.map((o) => validateAgainstCrd(o))).toEqual(generated);
    } finally {
      _usePrecompiledValidators(true);
    }
    // the corpus exercises the checks: most objects break something, a few are valid
    expect(generated.filter((v) => v.length > 0).length).toBeGreaterThan(corpus.length / 2);
    expect(new Set(generated.flat().map((v) => v.rule))).toEqual(new Set(['type', 'enum', 'required', 'cel', 'other']));
  });
});
