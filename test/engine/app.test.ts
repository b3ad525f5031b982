/**
 * The analysis of a whole app (src/engine/app.ts), called directly with plain objects: which objects are policies a
 * migration phase replaces (isMtlsPolicy), how analyzeApp runs each mesh and each phase and merges their findings
 * (indices mapped back to the app's objects, duplicates dropped, phases in plan order, findings in object order), and
 * the findings only a view across meshes has: a declared call into another mesh (IMT8002) and policies in a mesh
 * without workloads (IMT8003). The constructs and the cdk8s plugin reach the same code (test/cdk8s-workflow.test.ts);
 * these tests pin it down with exact findings, so that the engine's mutation run sees it.
 */
import { DetailedFinding } from '../../src/engine/analyze';
import { AppMesh, AppPhase, analyzeApp, isMtlsPolicy } from '../../src/engine/app';
import { K8sObject, ResourceRef, Severity } from '../../src/engine/types';
import { CALLS_ANNOTATION } from '../../src/engine/vocabulary';

// Objects.

const namespace = (name: string, injected = true): K8sObject => ({
  apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(injected ? { labels: { 'istio-injection': 'enabled' } } : {}) },
});
const service = (ns: string, name: string): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }] },
});
/** A Deployment of pods labelled app=<name> (namespace left out when undefined), with a calls annotation and containers. */
const deployment = (ns: string | undefined, name: string, calls?: string, containers?: K8sObject[]): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name, ...(ns ? { namespace: ns } : {}), ...(calls ? { annotations: { [CALLS_ANNOTATION]: calls } } : {}) },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: containers ?? [{ name, image: name, ports: [{ containerPort: 8080 }] }] } },
  },
});
const peerAuth = (ns: string, name: string, spec: K8sObject): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec });
const strict = (ns: string, name = 'default') => peerAuth(ns, name, { mtls: { mode: 'STRICT' } });
const permissive = (ns: string, name = 'default') => peerAuth(ns, name, { mtls: { mode: 'PERMISSIVE' } });
const destinationRule = (ns: string, name: string, host: string): K8sObject => ({
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: ns }, spec: { host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
});
const mesh = (id: string, objects: number[], options: AppMesh['options'] = {}, phases?: AppPhase[]): AppMesh => ({ id, objects, options, ...(phases ? { phases } : {}) });
const phase = (plan: string, index: number, objects: number[]): AppPhase => ({ plan, index, objects, options: { migration: true } });

// Expected findings.

const ref = (apiVersion: string, kind: string, ns: string | undefined, name: string): ResourceRef => ({ apiVersion, kind, ...(ns ? { namespace: ns } : {}), name });
const deploymentRef = (ns: string | undefined, name: string) => ref('apps/v1', 'Deployment', ns, name);
const paRef = (ns: string, name = 'default') => ref('security.istio.io/v1', 'PeerAuthentication', ns, name);

/** An engine finding as analyzeDetailed reports it: the fix is appended to the message. */
const engineFinding = (code: string, severity: Severity, objectIndex: number, resource: ResourceRef, field: string | undefined, message: string, fix: string): DetailedFinding => ({
  code, severity, message: `${message}; fix: ${fix}`, resource, ...(field ? { field } : {}), fix, objectIndex,
});
/** IMT1010 on a PERMISSIVE PeerAuthentication (a steady state, not a migration). */
const imt1010 = (objectIndex: number, ns: string, name = 'default') => engineFinding('IMT1010', Severity.WARNING, objectIndex, paRef(ns, name), 'spec.mtls.mode',
  `PeerAuthentication ${name} accepts plaintext (PERMISSIVE): no authentication for plaintext callers`,
  'switch to STRICT once every caller has a sidecar; keep PERMISSIVE only as a documented migration exception');
/** IMT5013 on a Deployment whose declared call names no Service of its mesh. */
const imt5013 = (objectIndex: number, ns: string | undefined, name: string, host: string) => engineFinding('IMT5013', Severity.INFO, objectIndex, deploymentRef(ns, name),
  `metadata.annotations.${CALLS_ANNOTATION}`, `${name}.${ns ?? 'default'} declares a call to "${host}", which is not a Service or ServiceEntry in the input; the call is not checked`,
  'include the Service in the analyzed files, or use its full name <service>.<namespace>');
/** IMT7007 on a Deployment whose Namespace is not in its mesh. */
const imt7007 = (objectIndex: number, ns: string | undefined, name: string) => engineFinding('IMT7007', Severity.INFO, objectIndex, deploymentRef(ns, name), undefined,
  `namespace ${ns ?? 'default'} is not in the input and ${name} carries no sidecar signal, so whether they have a sidecar is unknown: calls from and to them are not checked`,
  `include the Namespace ${ns ?? 'default'} (with its istio-injection or istio.io/dataplane-mode label) in the analyzed files`);
/** IMT5010 on the Deployment foo/web: an HTTPS probe on a port a phase makes STRICT. */
const imt5010 = (objectIndex: number, container: string, probe: string, port: number) => engineFinding('IMT5010', Severity.ERROR, objectIndex, deploymentRef('foo', 'web'),
  `spec.template.spec.containers[${container}].${probe}Probe`,
  `the ${probe} probe of container "${container}" calls port ${port}, which is STRICT, and HTTPS probes are not rewritten by the sidecar: the kubelet has no sidecar, so the probe fails`,
  `use an HTTP probe (Istio rewrites it), or make port ${port} PERMISSIVE with a port-level override`);

const SPLIT_FIX = 'configure the App instead of each chart (IstioMtls.configure(app, {...})), or put the topology and its policies in one configured scope';
/** IMT8002 on the caller: its declared call targets a Service of another mesh. */
const imt8002 = (objectIndex: number, resource: ResourceRef, message: string): DetailedFinding => ({
  code: 'IMT8002', severity: Severity.WARNING, message: `${message}; fix: ${SPLIT_FIX}`, fix: SPLIT_FIX, objectIndex, resource,
});
/** IMT8003 on a policy of a mesh without workloads, while `other` holds the workloads of its namespace. */
const imt8003 = (objectIndex: number, resource: ResourceRef, meshId: string, other: string): DetailedFinding => ({
  code: 'IMT8003', severity: Severity.WARNING,
  message: `${resource.kind} ${resource.namespace}/${resource.name} is in mesh scope ${meshId}, which holds no workloads, while the workloads of namespace ${resource.namespace} are in ${other}: its effect on their calls is never checked; fix: ${SPLIT_FIX}`,
  fix: SPLIT_FIX, objectIndex, resource,
});

describe('isMtlsPolicy: the objects a migration phase replaces', () => {
  const KINDS = ['PeerAuthentication', 'DestinationRule', 'MeshPolicy', 'Policy'];

  // Each of the four kinds counts under any istio.io API group.
  test.each(KINDS)('%s with an istio.io apiVersion', (kind) => {
    for (const apiVersion of ['security.istio.io/v1', 'networking.istio.io/v1beta1', 'authentication.istio.io/v1alpha1']) {
      expect(isMtlsPolicy({ apiVersion, kind, metadata: { name: 'default' } })).toBe(true);
    }
  });

  // The same kinds of another API group (or an istio.io group without a version) are topology, not mTLS state.
  test.each(KINDS)('%s with another apiVersion', (kind) => {
    for (const apiVersion of ['v1', 'kyverno.io/v1', 'policy/v1', 'security.istio.io', '']) {
      expect(isMtlsPolicy({ apiVersion, kind })).toBe(false);
    }
  });

  // Other kinds of Istio's groups (and an empty kind) are topology.
  test('other kinds, istio.io or not', () => {
    for (const kind of ['AuthorizationPolicy', 'VirtualService', 'Sidecar', 'ServiceEntry', 'RequestAuthentication', 'peerauthentication', '']) {
      expect(isMtlsPolicy({ apiVersion: 'security.istio.io/v1', kind })).toBe(false);
    }
    expect(isMtlsPolicy({ apiVersion: 'v1', kind: 'Service' })).toBe(false);
  });

  // No object, or one without a string kind or apiVersion, is not a policy (and reading it does not throw).
  test('undefined, and a missing or non-string kind or apiVersion', () => {
    expect(isMtlsPolicy(undefined)).toBe(false);
    expect(isMtlsPolicy({})).toBe(false);
    expect(isMtlsPolicy({ apiVersion: 'security.istio.io/v1' })).toBe(false);
    expect(isMtlsPolicy({ kind: 'PeerAuthentication' })).toBe(false);
    expect(isMtlsPolicy({ kind: 'PeerAuthentication', apiVersion: 1 })).toBe(false);
    expect(isMtlsPolicy({ kind: ['PeerAuthentication'], apiVersion: 'security.istio.io/v1' })).toBe(false);
  });
});

describe('analyzeApp: meshes', () => {
  // One mesh: its objects (listed out of order) are analyzed alone, findings carry the app's indices and come in
  // object order; an object of no mesh (index 0, PERMISSIVE) is not analyzed.
  test('one mesh: indices mapped back to the app, findings in object order', () => {
    const objects = [permissive('legacy'), namespace('ext', false), permissive('shop'), deployment('ext', 'sleep', 'nowhere.ext:80')];
    expect(analyzeApp(objects, [mesh('m', [3, 2, 1])])).toEqual([
      imt1010(2, 'shop'),
      imt5013(3, 'ext', 'sleep', 'nowhere.ext'),
    ]);
  });

  // Several meshes: each with its own options (migration in 'first' silences IMT1010 there), and the findings of all
  // meshes merged in object order (reported as 3, 4, 0).
  test('several meshes: each with its options, merged in object order', () => {
    const objects = [permissive('a'), permissive('b'), permissive('c'), deployment('ext', 'sleep', 'nowhere.ext:80'), permissive('d'), namespace('ext', false)];
    expect(analyzeApp(objects, [mesh('first', [3, 1, 5, 2], { migration: true }), mesh('second', [4, 0])])).toEqual([
      imt1010(0, 'a'),
      imt5013(3, 'ext', 'sleep', 'nowhere.ext'),
      imt1010(4, 'd'),
    ]);
  });
});

describe('analyzeApp: phases', () => {
  // The same finding (code, object, field, message) from the steady state and from a phase (the topology is in both)
  // is listed once; the phase's PERMISSIVE policy is analyzed with the phase's options (migration: no IMT1010).
  test('a finding of the steady state and of a phase is listed once; the phase has its own options', () => {
    const objects = [namespace('ext', false), deployment('ext', 'sleep', 'nowhere.ext:80'), permissive('ext')];
    expect(analyzeApp(objects, [mesh('m', [1, 0], {}, [phase('plan', 1, [2])])])).toEqual([
      imt5013(1, 'ext', 'sleep', 'nowhere.ext'),
    ]);
    // The same policy in the steady state (no migration) is a warning.
    expect(analyzeApp(objects, [mesh('m', [1, 0, 2])])).toEqual([
      imt5013(1, 'ext', 'sleep', 'nowhere.ext'),
      imt1010(2, 'ext'),
    ]);
  });

  // A phase is the mesh's topology (its objects that are not policies) plus the phase: phase 1's STRICT foo/default
  // breaks the plaintext caller of the topology (IMT5001), and replaces the steady state's foo/default (no IMT4004);
  // phase 2's workload exception replaces the steady state's one for httpbin (no IMT4001) and is a migration (no
  // IMT1010), while the steady state's PERMISSIVE policies are warnings.
  test('phases replace the steady state\'s policies and keep its topology', () => {
    const objects = [
      namespace('foo'), service('foo', 'httpbin'), deployment('foo', 'httpbin'), namespace('legacy', false),
      deployment('legacy', 'sleep', 'httpbin.foo.svc.cluster.local:8000'),
      permissive('foo'), strict('foo'),
      peerAuth('foo', 'httpbin', { selector: { matchLabels: { app: 'httpbin' } }, mtls: { mode: 'PERMISSIVE' } }),
      peerAuth('foo', 'httpbin-steady', { selector: { matchLabels: { app: 'httpbin' } }, mtls: { mode: 'PERMISSIVE' } }),
    ];
    const app = [mesh('m', [0, 1, 2, 3, 4, 5, 8], {}, [phase('plan', 2, [6, 7]), phase('plan', 1, [6])])];
    expect(analyzeApp(objects, app)).toEqual([
      imt1010(5, 'foo'),
      engineFinding('IMT5001', Severity.ERROR, 6, paRef('foo'), 'spec.mtls.mode',
        'declared call sleep.legacy (no sidecar) -> httpbin.foo.svc.cluster.local:8000: the server is STRICT on port 8080 (decided by PeerAuthentication foo/default) and a caller without a sidecar sends plaintext, so the connection is reset',
        'bring the caller into the mesh (a sidecar, or ambient mode), or make httpbin PERMISSIVE for this port (a workload PeerAuthentication with mode PERMISSIVE, or portLevelMtls) as a documented exception'),
      imt1010(8, 'foo', 'httpbin-steady'),
    ]);
  });

  // Phases run sorted by plan, then index, whatever their order in the mesh: each phase makes one port of foo/web
  // STRICT, so each reports IMT5010 for one HTTPS probe on the same Deployment, and those findings (same object, same
  // code, different fields and messages: all kept) come in the phases' order a1, a2, a3, b1.
  test('phases in plan order, then index order; findings of one object in report order', () => {
    const https = (port: number) => ({ httpGet: { path: '/', port, scheme: 'HTTPS' } });
    const web = deployment('foo', 'web', undefined, [
      { name: 'web', image: 'web', ports: [{ containerPort: 8080 }, { containerPort: 8081 }, { containerPort: 8082 }], livenessProbe: https(8080), readinessProbe: https(8081), startupProbe: https(8082) },
      { name: 'admin', image: 'admin', ports: [{ containerPort: 8083 }], livenessProbe: https(8083) },
    ]);
    const portStrict = (port: number) => peerAuth('foo', `web-${port}`, { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { [port]: { mode: 'STRICT' } } });
    const objects = [namespace('foo'), service('foo', 'web'), web, portStrict(8080), portStrict(8081), portStrict(8082), portStrict(8083)];
    const phases = [phase('b', 1, [3]), phase('a', 2, [4]), phase('a', 1, [5]), phase('a', 3, [6])];
    expect(analyzeApp(objects, [mesh('m', [0, 1, 2], {}, phases)])).toEqual([
      imt5010(2, 'web', 'startup', 8082),
      imt5010(2, 'web', 'readiness', 8081),
      imt5010(2, 'admin', 'liveness', 8083),
      imt5010(2, 'web', 'liveness', 8080),
    ]);
    // Reversed within plan a, and plan b first: the same order.
    const reversed = [phase('a', 3, [6]), phase('b', 1, [3]), phase('a', 2, [4]), phase('a', 1, [5])];
    expect(analyzeApp(objects, [mesh('m', [0, 1, 2], {}, reversed)]).map((f) => f.field)).toEqual([
      'spec.template.spec.containers[web].startupProbe', 'spec.template.spec.containers[web].readinessProbe',
      'spec.template.spec.containers[admin].livenessProbe', 'spec.template.spec.containers[web].livenessProbe',
    ]);
  });
});

describe('IMT8002: a declared call whose target Service only another mesh holds', () => {
  // The caller's mesh sees an unknown host (IMT5013); across meshes, the call is into 'topology' (IMT8002, with the
  // port when the call has one, sorted in after the caller's own findings), on the caller with the app's index. The
  // caller without a namespace is in 'default', and its resource has no namespace.
  test('with and without a port; a caller without a namespace', () => {
    const objects = [
      namespace('ext', false), deployment('ext', 'sleep', 'httpbin.foo:8000'), namespace('foo'), service('foo', 'httpbin'), deployment('foo', 'httpbin'),
      deployment(undefined, 'curl', 'httpbin.foo'),
    ];
    const found = analyzeApp(objects, [mesh('topology', [4, 3, 2]), mesh('callers', [5, 1, 0])]);
    expect(found).toEqual([
      imt5013(1, 'ext', 'sleep', 'httpbin.foo'),
      imt8002(1, deploymentRef('ext', 'sleep'),
        'declared call sleep.ext -> httpbin.foo:8000: Service foo/httpbin is in another mesh scope (topology) than the caller (callers), so this call is checked in neither'),
      imt5013(5, undefined, 'curl', 'httpbin.foo'),
      imt7007(5, undefined, 'curl'),
      imt8002(5, deploymentRef(undefined, 'curl'),
        'declared call curl.default -> httpbin.foo: Service foo/httpbin is in another mesh scope (topology) than the caller (callers), so this call is checked in neither'),
    ]);
    // toEqual ignores a key set to undefined: the resource of a caller without a namespace has no namespace key.
    expect(Object.keys(found[4].resource)).toEqual(['apiVersion', 'kind', 'name']);
    expect(Object.keys(found[1].resource)).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
  });

  // The resource of the finding is the caller's object as written: no apiVersion, or no name, is an empty string.
  test('a caller without an apiVersion or a name', () => {
    const caller = (drop: 'apiVersion' | 'name'): K8sObject => {
      const d = deployment('ext', 'noapi', 'httpbin.foo');
      if (drop === 'apiVersion') delete d.apiVersion;
      else delete d.metadata.name;
      return d;
    };
    const objects = [namespace('foo'), service('foo', 'httpbin'), namespace('ext', false), caller('apiVersion'), caller('name')];
    const message = (who: string) => `declared call ${who} -> httpbin.foo: Service foo/httpbin is in another mesh scope (topology) than the caller (callers), so this call is checked in neither`;
    expect(analyzeApp(objects, [mesh('topology', [0, 1]), mesh('callers', [2, 3, 4])]).filter((f) => f.code === 'IMT8002')).toEqual([
      imt8002(3, ref('', 'Deployment', 'ext', 'noapi'), message('noapi.ext')),
      imt8002(4, ref('apps/v1', 'Deployment', 'ext', ''), message('.ext')),
    ]);
  });

  // Nothing across meshes when the caller's own mesh holds the target (even if another one holds it too), nor when no
  // mesh holds it (only the caller's IMT5013).
  test('not when the target is in the caller\'s mesh, nor when it is in none', () => {
    const objects = [namespace('ext', false), deployment('ext', 'sleep', 'httpbin.foo:8000 nowhere.foo:80'), namespace('foo'), service('foo', 'httpbin'), deployment('foo', 'httpbin')];
    expect(analyzeApp(objects, [mesh('callers', [0, 1, 3]), mesh('topology', [2, 3, 4])])).toEqual([
      imt5013(1, 'ext', 'sleep', 'nowhere.foo'),
    ]);
  });

  // The same call declared twice is one IMT8002; the same host on another port is another one.
  test('identical calls are reported once', () => {
    const objects = [namespace('ext', false), deployment('ext', 'sleep', 'httpbin.foo:8000,httpbin.foo:8000 httpbin.foo:9000'), namespace('foo'), service('foo', 'httpbin'), deployment('foo', 'httpbin')];
    const call = (port: number) => `declared call sleep.ext -> httpbin.foo:${port}: Service foo/httpbin is in another mesh scope (topology) than the caller (callers), so this call is checked in neither`;
    expect(analyzeApp(objects, [mesh('callers', [0, 1]), mesh('topology', [2, 3, 4])])).toEqual([
      imt5013(1, 'ext', 'sleep', 'httpbin.foo'),
      imt8002(1, deploymentRef('ext', 'sleep'), call(8000)),
      imt8002(1, deploymentRef('ext', 'sleep'), call(9000)),
    ]);
  });

  // One mesh holding the same objects: the call is checked there, and there is nothing across meshes.
  test('never with a single mesh', () => {
    const objects = [namespace('ext', false), deployment('ext', 'sleep', 'httpbin.foo:8000 nowhere.foo:80'), namespace('foo'), service('foo', 'httpbin'), deployment('foo', 'httpbin')];
    expect(analyzeApp(objects, [mesh('all', [4, 3, 2, 1, 0])])).toEqual([
      imt5013(1, 'ext', 'sleep', 'nowhere.foo'),
    ]);
  });
});

describe('IMT8003: mTLS policies in a mesh without workloads, while another mesh holds their namespace\'s workloads', () => {
  const bar = [namespace('bar'), service('bar', 'web'), deployment('bar', 'web')];

  // The first policy of the mesh (PeerAuthentications before DestinationRules) is reported, once per mesh: the
  // DestinationRule of the same mesh is not.
  test('once per mesh, with the exact message', () => {
    const objects = [...bar, strict('bar'), destinationRule('bar', 'web', 'web.bar.svc.cluster.local')];
    expect(analyzeApp(objects, [mesh('topology', [2, 1, 0]), mesh('policies', [4, 3])])).toEqual([
      imt8003(3, paRef('bar'), 'policies', 'topology'),
    ]);
  });

  // A DestinationRule, and a legacy Policy, are named by their kind; a MeshPolicy (cluster-scoped, no namespace) is
  // not reported.
  test('a DestinationRule; a legacy Policy, not a MeshPolicy', () => {
    const objects = [...bar, destinationRule('bar', 'web', 'web.bar.svc.cluster.local')];
    expect(analyzeApp(objects, [mesh('topology', [2, 1, 0]), mesh('rules', [3])])).toEqual([
      imt8003(3, ref('networking.istio.io/v1', 'DestinationRule', 'bar', 'web'), 'rules', 'topology'),
    ]);
    const legacy = (kind: string, ns?: string): K8sObject => ({
      apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata: { name: 'default', ...(ns ? { namespace: ns } : {}) }, spec: { peers: [{ mtls: {} }] },
    });
    const imt3003 = (objectIndex: number, kind: string, ns?: string) => engineFinding('IMT3003', Severity.INFO, objectIndex, ref('authentication.istio.io/v1alpha1', kind, ns, 'default'), undefined,
      `${kind} default uses the legacy authentication.istio.io/v1alpha1 API, which Istio 1.6+ no longer serves`, 'on Istio >= 1.5 use PeerAuthentication');
    const withLegacy = [...bar, legacy('MeshPolicy'), legacy('Policy', 'bar')];
    expect(analyzeApp(withLegacy, [mesh('topology', [0, 1, 2]), mesh('legacy', [3, 4], { autoMtls: true })])).toEqual([
      imt3003(3, 'MeshPolicy'),
      imt3003(4, 'Policy', 'bar'),
      imt8003(4, ref('authentication.istio.io/v1alpha1', 'Policy', 'bar', 'default'), 'legacy', 'topology'),
    ]);
  });

  // Policies of the root namespace are mesh-wide, not about one namespace's workloads: skipped, and the next policy is
  // reported. The root namespace is the mesh's option: with rootNamespace mesh-root, istio-system is a namespace.
  test('not for the root namespace\'s policies', () => {
    const objects = [namespace('istio-system'), deployment('istio-system', 'gw'), namespace('bar'), deployment('bar', 'web'), strict('istio-system'), strict('bar')];
    expect(analyzeApp(objects, [mesh('topology', [0, 1, 2, 3]), mesh('policies', [4, 5])])).toEqual([
      imt8003(5, paRef('bar'), 'policies', 'topology'),
    ]);
    const custom = [namespace('mesh-root'), deployment('mesh-root', 'gw'), namespace('istio-system'), deployment('istio-system', 'gw'), strict('mesh-root'), strict('istio-system')];
    const root = { rootNamespace: 'mesh-root' };
    expect(analyzeApp(custom, [mesh('topology', [0, 1, 2, 3], root), mesh('policies', [4, 5], root)])).toEqual([
      imt8003(5, paRef('istio-system'), 'policies', 'topology'),
    ]);
  });

  // A policy whose namespace has workloads in no mesh is skipped (not the end of the search); the mesh named is the
  // one holding the namespace's workloads, not the first other mesh with workloads ('baz').
  test('the mesh that holds the workloads of the policy\'s namespace', () => {
    const objects = [strict('lonely'), strict('bar'), namespace('baz'), deployment('baz', 'api'), namespace('bar'), deployment('bar', 'web')];
    expect(analyzeApp(objects, [mesh('policies', [0, 1]), mesh('baz', [2, 3]), mesh('topology', [4, 5])])).toEqual([
      imt8003(1, paRef('bar'), 'policies', 'topology'),
    ]);
  });

  // A mesh with workloads of its own is checked with them: its policies are not reported, even though another mesh
  // holds the workloads of their namespace.
  test('not for a mesh that holds workloads', () => {
    const objects = [namespace('ext', false), deployment('ext', 'sleep'), strict('bar'), namespace('bar'), deployment('bar', 'web')];
    expect(analyzeApp(objects, [mesh('mixed', [0, 1, 2]), mesh('topology', [3, 4])])).toEqual([]);
  });

  // A mesh whose policies are only in a migration phase: the phase's objects are the mesh's, for the finding too.
  test('a policy of a phase', () => {
    const objects = [namespace('bar'), deployment('bar', 'web'), strict('bar')];
    expect(analyzeApp(objects, [mesh('policies', [], {}, [phase('plan', 1, [2])]), mesh('topology', [1, 0])])).toEqual([
      imt8003(2, paRef('bar'), 'policies', 'topology'),
    ]);
  });

  // One mesh with policies and no workloads: nothing to compare with, only the mesh's own findings.
  test('never with a single mesh', () => {
    expect(analyzeApp([namespace('bar'), permissive('bar')], [mesh('policies', [1, 0])])).toEqual([imt1010(1, 'bar')]);
  });
});
