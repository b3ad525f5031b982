/** validateAgainstCrd on whole objects: what passes, and each kind of schema violation with its path and message. */
import { Testing } from 'cdk8s';
import { MeshPolicy, MeshPolicySpecPeersMtlsMode } from '../../../imports/authentication.istio.io';
import { DestinationRule, DestinationRuleSpecTrafficPolicyPortLevelSettingsTlsMode, DestinationRuleSpecTrafficPolicyTlsMode } from '../../../imports/networking.istio.io';
import { PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../../../imports/security.istio.io';
import { validateAgainstCrd } from '../../../src/input/schema';
import { DR_VERSIONS, PRODUCTPAGE, dr, legacy, pa } from './_objects';

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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
