/**
 * Assertions that the mutation run of src/engine/resolve/server.ts, order.ts and topology.ts (docs/mutation.md, #20)
 * showed were missing. Each describe/test names the surviving mutants (file:line of the Stryker report, which counts
 * lines of the file itself) it kills. Everything is checked from buildModel + Resolver (or the exported order
 * functions on the model's own records), with exact values, from both sides of each condition.
 *
 * Istio's order of configs of one kind: creationTimestamp, then name, then namespace (istio/istio
 * pilot/pkg/model/config.go sortConfigByCreationTime: `CreationTimestamp.Compare`, then `cmp.Compare(Name)`, then
 * `cmp.Compare(Namespace)`). Legacy targets: istio 1.4 pilot/pkg/model/push_context.go authenticationPolicyForWorkload
 * (a port-matching target wins outright, a target without ports covers the whole Service).
 */
import { K8sObject } from '../../src/engine';
import { PeerPolicy, ServiceModel, Workload, buildModel } from '../../src/engine/model';
import { Resolver, ServerResolution, byWorkloadName, istioOrder } from '../../src/engine/resolve';
import { displayRef as display } from '../../src/engine/values';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const resolver = (objects: K8sObject[]): Resolver => new Resolver(buildModel(objects, OPTS));

const pa = (namespace: string, name: string, spec: K8sObject, metadata: K8sObject = {}): K8sObject =>
  ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace, ...metadata }, spec });
const legacyPolicy = (namespace: string, name: string, spec: K8sObject, metadata: K8sObject = {}): K8sObject =>
  ({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name, namespace, ...metadata }, spec });
const meshPolicy = (spec: K8sObject, metadata: K8sObject = {}): K8sObject =>
  ({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default', ...metadata }, spec });
const namespace = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const service = (ns: string, name: string, selector: Record<string, string> | undefined, ports: K8sObject[]): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ...(selector ? { selector } : {}), ports } });
/** A workload of `kind` whose pods carry `labels`, with container ports (a number is an unnamed port). */
function workload(ns: string, name: string, labels: Record<string, string>, ports: Array<number | { name: string; containerPort: number }>,
  annotations: Record<string, string> = {}, kind = 'Deployment'): K8sObject {
  return {
    apiVersion: 'apps/v1', kind, metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations }, spec: { containers: [{ name, image: `${name}:1`, ports: ports.map((p) => (typeof p === 'number' ? { containerPort: p } : p)) }] } },
    },
  };
}
/** The effective mode and the deciding policy as `Kind ns/name` (undefined for Istio's default). */
const decided = (s: ServerResolution) => ({ mode: s.mode, policy: s.policy ? display(s.policy.ref) : undefined, portLevel: s.portLevel });
const peer = (r: Resolver, name: string, ns?: string): PeerPolicy => r.model.peerPolicies.find((p) => p.ref.name === name && (ns === undefined || p.ref.namespace === ns))!;
const sign = (n: number) => Math.sign(n);
const PERMISSIVE_DEFAULT = { mode: 'PERMISSIVE', policy: undefined, portLevel: false };

describe('istioOrder: ties on creationTimestamp and name go by namespace, then input order', () => {
  // Kills order.ts:39:7 (true), 40:14 and 41:14 (`&&`), 42:7 (false, `===`), 42:25 (true, false, `>=`, `+1`).
  test('same name and creation second in two namespaces: the first namespace by name comes first, whatever the input order', () => {
    const at = { creationTimestamp: '2024-01-01T00:00:00Z' };
    const r = resolver([pa('b', 'default', { mtls: { mode: 'STRICT' } }, at), pa('a', 'default', { mtls: { mode: 'DISABLE' } }, at)]);
    const inA = peer(r, 'default', 'a');
    const inB = peer(r, 'default', 'b');
    expect([inA.index, inB.index]).toEqual([1, 0]);
    expect(istioOrder(inA, inB)).toBe(-1);
    expect(istioOrder(inB, inA)).toBe(1);
    expect([inB, inA].sort(istioOrder).map((p) => p.ref.namespace)).toEqual(['a', 'b']);
    expect([inA, inB].sort(istioOrder).map((p) => p.ref.namespace)).toEqual(['a', 'b']);
  });

  // Kills order.ts:42:7 (true) and 43:10 (`a.index + b.index`): the same object given twice sorts by input order.
  test('the same policy given twice (same timestamp, name and namespace): input order, and 0 only against itself', () => {
    const twice = pa('shop', 'default', { mtls: { mode: 'STRICT' } });
    const r = resolver([twice, { ...twice, spec: { mtls: { mode: 'DISABLE' } } }]);
    const [first, second] = r.model.peerPolicies;
    expect([first.index, second.index, first.mode, second.mode]).toEqual([0, 1, 'STRICT', 'DISABLE']);
    expect(sign(istioOrder(first, second))).toBe(-1);
    expect(sign(istioOrder(second, first))).toBe(1);
    expect(istioOrder(first, first)).toBe(0);
  });

  // Kills order.ts:40:33 and 41:33 (`?? "Stryker was here!"`): a cluster-scoped object (MeshPolicy) has no namespace,
  // which compares as '' (Go's zero string), before any namespace, including one starting with a digit (RFC 1123
  // labels may). Istio compares the namespace after the name (sortConfigByCreationTime).
  test('a cluster-scoped object sorts before a namespaced one of the same name and time, even in namespace "1a"', () => {
    const r = resolver([meshPolicy({ peers: [{ mtls: {} }] }), legacyPolicy('1a', 'default', { peers: [{ mtls: {} }] })]);
    const mesh = r.model.peerPolicies.find((p) => p.ref.kind === 'MeshPolicy')!;
    const nsPolicy = peer(r, 'default', '1a');
    expect([mesh.ref.namespace, nsPolicy.ref.namespace, nsPolicy.scope]).toEqual([undefined, '1a', 'namespace']);
    expect(istioOrder(mesh, nsPolicy)).toBe(-1);
    expect(istioOrder(nsPolicy, mesh)).toBe(1);
  });
});

describe('istioOrder: an empty creationTimestamp is none at all', () => {
  // Kills order.ts:24:99 (`?? "Stryker was here!"`): `creationTimestamp: ""` and `null` (what kubectl --dry-run
  // prints) say "not created yet", like a missing one, so such policies tie on time and the name decides.
  test.each([['""', ''], ['null', null]])('creationTimestamp %s ties with a missing one: the first by name wins, whatever the input order', (_label, empty) => {
    const objects = [pa('dup', 'zz-strict', { mtls: { mode: 'STRICT' } }), pa('dup', 'aa-disable', { mtls: { mode: 'DISABLE' } }, { creationTimestamp: empty })];
    for (const r of [resolver(objects), resolver([...objects].reverse())]) {
      expect(decided(r.serverMode('dup', {}, 80))).toEqual({ mode: 'DISABLE', policy: 'PeerAuthentication dup/aa-disable', portLevel: false });
      expect(istioOrder(peer(r, 'aa-disable'), peer(r, 'zz-strict'))).toBe(-1);
      expect(istioOrder(peer(r, 'zz-strict'), peer(r, 'aa-disable'))).toBe(1);
    }
  });

  test('a real creationTimestamp is older than an empty one, whatever the names', () => {
    const objects = [pa('dup', 'aa-disable', { mtls: { mode: 'DISABLE' } }, { creationTimestamp: '' }), pa('dup', 'zz-strict', { mtls: { mode: 'STRICT' } }, { creationTimestamp: '2024-01-01T00:00:00Z' })];
    for (const r of [resolver(objects), resolver([...objects].reverse())]) {
      expect(decided(r.serverMode('dup', {}, 80))).toEqual({ mode: 'STRICT', policy: 'PeerAuthentication dup/zz-strict', portLevel: false });
    }
  });
});

describe('byWorkloadName: namespace, then name, then kind, then input order', () => {
  // Kills order.ts:48:7 (false), 49:7 (true), 50:7 (true, false, `===`), 50:41 (true, false, `>=`, `+1`) and
  // 51:10 (`a.index + b.index`).
  const r = resolver([
    workload('b', 'web', { app: 'web' }, [8080]), // 0
    workload('a', 'web', { app: 'web' }, [8080], {}, 'StatefulSet'), // 1
    workload('a', 'web', { app: 'web' }, [8080]), // 2
    workload('a', 'web', { app: 'web' }, [8080]), // 3: the same Deployment given twice
    workload('a', 'api', { app: 'api' }, [8080]), // 4
  ]);
  const [bWeb, aWebSts, aWeb, aWebAgain, aApi] = r.model.workloads;
  const id = (w: Workload) => `${w.namespace}/${w.name}/${w.ref.kind}/${w.index}`;

  test('the model keeps every workload, in input order', () => {
    expect(r.model.workloads.map(id)).toEqual(['b/web/Deployment/0', 'a/web/StatefulSet/1', 'a/web/Deployment/2', 'a/web/Deployment/3', 'a/api/Deployment/4']);
  });

  test('the namespace comes first, even against input order', () => {
    expect(byWorkloadName(aWeb, bWeb)).toBe(-1);
    expect(byWorkloadName(bWeb, aWeb)).toBe(1);
  });

  test('then the name', () => {
    expect(byWorkloadName(aApi, aWeb)).toBe(-1);
    expect(byWorkloadName(aWeb, aApi)).toBe(1);
  });

  test('then the kind (Deployment before StatefulSet), even against input order', () => {
    expect(byWorkloadName(aWeb, aWebSts)).toBe(-1);
    expect(byWorkloadName(aWebSts, aWeb)).toBe(1);
  });

  test('then input order, for the same workload given twice; 0 only against itself', () => {
    expect(sign(byWorkloadName(aWeb, aWebAgain))).toBe(-1);
    expect(sign(byWorkloadName(aWebAgain, aWeb))).toBe(1);
    expect(byWorkloadName(aWeb, aWeb)).toBe(0);
  });

  test('a sort of every workload', () => {
    expect([...r.model.workloads].reverse().sort(byWorkloadName).map(id)).toEqual(['a/api/Deployment/4', 'a/web/Deployment/2', 'a/web/Deployment/3', 'a/web/StatefulSet/1', 'b/web/Deployment/0']);
  });
});

describe('server side: the modern mesh-wide policy is chosen among modern ones only', () => {
  // Kills server.ts:42:30 (`model.meshPolicies` unfiltered): the MeshPolicy sorts before the root-namespace
  // PeerAuthentication (same name, no namespace), so it must not be taken as the modern mesh-wide policy, which
  // overrides the legacy one.
  test.each([
    ['no creationTimestamps (the MeshPolicy first by namespace)', {}, {}],
    ['an older MeshPolicy', { creationTimestamp: '2019-01-01T00:00:00Z' }, { creationTimestamp: '2024-01-01T00:00:00Z' }],
  ])('a MeshPolicy and a root-namespace PeerAuthentication: both count, the PeerAuthentication decides (%s)', (_label, meshMd, paMd) => {
    const r = resolver([meshPolicy({ peers: [{ mtls: {} }] }, meshMd), pa('istio-system', 'default', { mtls: { mode: 'PERMISSIVE' } }, paMd)]);
    expect(r.meshPolicies.map((p) => display(p.ref))).toEqual(['MeshPolicy default', 'PeerAuthentication istio-system/default']);
    expect(decided(r.serverMode('shop', { app: 'x' }, 80))).toEqual({ mode: 'PERMISSIVE', policy: 'PeerAuthentication istio-system/default', portLevel: false });
  });
});

describe('server side: legacy targets', () => {
  // Kills server.ts:111:27 (false): a target with `ports: []` names no port, so it covers the whole Service
  // (authenticationPolicyForWorkload: a target without port selector is service-wide).
  test('a target with an empty ports list covers every port of the Service', () => {
    const r = resolver([
      legacyPolicy('app', 'web', { targets: [{ name: 'web', ports: [] }], peers: [{ mtls: {} }] }),
      service('app', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 90, targetPort: 9090 }]),
    ]);
    const s = r.model.services[0];
    expect(peer(r, 'web').targets).toEqual([{ name: 'web', ports: [] }]);
    expect(decided(r.serverMode('app', { app: 'web' }, 8080, s, s.ports[0]))).toEqual({ mode: 'STRICT', policy: 'Policy app/web', portLevel: false });
    expect(decided(r.serverMode('app', { app: 'web' }, 9090, s, s.ports[1]))).toEqual({ mode: 'STRICT', policy: 'Policy app/web', portLevel: false });
  });

  // Kills server.ts:112:20 (true, on the operand `servicePort !== undefined`, which then throws; and on the whole test): a
  // target with ports applies only where a port matches, and not without a Service port.
  test('a target naming port 80 does not apply to port 90, nor when no Service port is given', () => {
    const r = resolver([
      legacyPolicy('app', 'web-80', { targets: [{ name: 'web', ports: [{ number: 80 }] }] }),
      service('app', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 90, targetPort: 9090 }]),
    ]);
    const s = r.model.services[0];
    expect(decided(r.serverMode('app', { app: 'web' }, 8080, s, s.ports[0]))).toEqual({ mode: 'DISABLE', policy: 'Policy app/web-80', portLevel: false });
    expect(decided(r.serverMode('app', { app: 'web' }, 9090, s, s.ports[1]))).toEqual(PERMISSIVE_DEFAULT);
    expect(decided(r.serverMode('app', { app: 'web' }, 8080, s))).toEqual(PERMISSIVE_DEFAULT);
  });
});

describe('server side: answers are remembered per Service and Service port, never shared between them', () => {
  // One labels object (the memo's first key, as endpoints() passes w.podLabels) asked about several Services and ports.
  // Kills server.ts:93:50 (service part ``): another Service, or none, must not get the targeted Service's answer.
  test('two Services selecting one workload, one of them targeted by a legacy Policy, and no Service at all, in either order', () => {
    const objects = [
      legacyPolicy('app', 'web', { targets: [{ name: 'web' }] }),
      service('app', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
      service('app', 'web-alt', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
    ];
    const expected = { web: { mode: 'DISABLE', policy: 'Policy app/web', portLevel: false }, 'web-alt': PERMISSIVE_DEFAULT, none: PERMISSIVE_DEFAULT };
    for (const order of [['web', 'web-alt', 'none'], ['none', 'web-alt', 'web'], ['web', 'none', 'web-alt']] as const) {
      const r = resolver(objects);
      const labels = { app: 'web' };
      for (const which of order) {
        const s = r.model.services.find((x) => x.name === which);
        expect([which, decided(r.serverMode('app', labels, 8080, s, s?.ports[0]))]).toEqual([which, expected[which]]);
      }
    }
  });

  test('the same through endpoints(): each Service port gets its own server mode for the one workload', () => {
    const r = resolver([
      namespace('app', { 'istio-injection': 'enabled' }),
      workload('app', 'web', { app: 'web' }, [8080]),
      legacyPolicy('app', 'web', { targets: [{ name: 'web' }] }),
      service('app', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
      service('app', 'web-alt', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
    ]);
    const svc = (name: string) => r.model.services.find((s) => s.name === name) as ServiceModel;
    const modes = (name: string) => r.endpoints(svc(name), svc(name).ports[0]).map((e) => [e.workload.name, decided(e.server)]);
    expect(modes('web')).toEqual([['web', { mode: 'DISABLE', policy: 'Policy app/web', portLevel: false }]]);
    expect(modes('web-alt')).toEqual([['web', PERMISSIVE_DEFAULT]]);
  });

  // Kills server.ts:93:111 (Service port part ``): two Service ports onto one container port, one of them targeted.
  test('two Service ports reaching one container port, only one targeted, in either order', () => {
    for (const first of [0, 1]) {
      const r = resolver([
        legacyPolicy('app', 'web-80', { targets: [{ name: 'web', ports: [{ number: 80 }] }] }),
        service('app', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'http-alt', port: 8000, targetPort: 8080 }]),
      ]);
      const s = r.model.services[0];
      const labels = { app: 'web' };
      const expected = [{ mode: 'DISABLE', policy: 'Policy app/web-80', portLevel: false }, PERMISSIVE_DEFAULT];
      for (const i of [first, 1 - first]) expect([i, decided(r.serverMode('app', labels, 8080, s, s.ports[i]))]).toEqual([i, expected[i]]);
    }
  });

  // Kills server.ts:93:134 (`servicePort.name && ''`): Service ports may share a number across protocols (DNS on 53
  // TCP and UDP); a target naming one of them by name applies to that one only.
  test('one port number under two names (TCP and UDP), a target naming one of them, in either order', () => {
    for (const first of [0, 1]) {
      const r = resolver([
        legacyPolicy('app', 'dns-tcp', { targets: [{ name: 'dns', ports: [{ name: 'dns-tcp' }] }], peers: [{ mtls: {} }] }),
        service('app', 'dns', { app: 'dns' }, [{ name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'dns-udp', port: 53, protocol: 'UDP' }]),
      ]);
      const s = r.model.services[0];
      expect(s.ports.map((p) => `${p.port}/${p.name}/${p.protocol}`)).toEqual(['53/dns-tcp/TCP', '53/dns-udp/UDP']);
      const labels = { app: 'dns' };
      const expected = [{ mode: 'STRICT', policy: 'Policy app/dns-tcp', portLevel: false }, PERMISSIVE_DEFAULT];
      for (const i of [first, 1 - first]) expect([i, decided(r.serverMode('app', labels, 53, s, s.ports[i]))]).toEqual([i, expected[i]]);
    }
  });
});

describe('topology: Services and the workloads they select', () => {
  const r = resolver([
    namespace('shop', { 'istio-injection': 'enabled' }),
    workload('shop', 'web', { app: 'web', tier: 'front' }, [8080]),
    workload('shop', 'api', { app: 'api' }, [8080]),
    service('shop', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
    service('shop', 'front', { tier: 'front' }, [{ port: 80, targetPort: 8080 }]),
    service('shop', 'api', { app: 'api' }, [{ port: 80, targetPort: 8080 }]),
    service('shop', 'manual', undefined, [{ port: 80, targetPort: 8080 }]),
  ]);
  const svc = (name: string) => r.model.services.find((s) => s.name === name) as ServiceModel;
  const wl = (name: string) => r.model.workloads.find((w) => w.name === name) as Workload;

  // Kills topology.ts:24:79 (`: ["Stryker was here"]`): a Service without a selector selects nothing (its endpoints
  // are managed by hand, outside the input).
  test('a Service without a selector selects no workload and has no endpoints', () => {
    expect(svc('manual').selector).toBeUndefined();
    expect(r.workloadsOf(svc('manual'))).toEqual([]);
    expect(r.endpoints(svc('manual'), svc('manual').ports[0])).toEqual([]);
  });

  // Kills topology.ts:43:12 (the filter dropped): only the Services whose selector matches the pod labels.
  test('the Services that select a workload, and only those', () => {
    expect(r.servicesOf(wl('web')).map((s) => s.name)).toEqual(['web', 'front']);
    expect(r.servicesOf(wl('api')).map((s) => s.name)).toEqual(['api']);
    expect(r.workloadsOf(svc('front')).map((w) => w.name)).toEqual(['web']);
  });
});

describe('topology: the container port a Service port reaches', () => {
  const r = resolver([workload('shop', 'web', { app: 'web' }, [7070, { name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 9090 }])]);
  const w = r.model.workloads[0];
  const sp = (port: K8sObject) => resolver([service('shop', 'web', { app: 'web' }, [port])]).model.services[0].ports[0];

  // Kills topology.ts:51:9 (false): without targetPort the Service port itself, not an unnamed container port.
  test('no targetPort: the Service port number, with or without a workload', () => {
    expect(w.ports).toEqual([{ port: 7070 }, { port: 8080, name: 'http' }, { port: 9090, name: 'admin' }]);
    expect(r.containerPortFor(sp({ port: 80 }), w)).toBe(80);
    expect(r.containerPortFor(sp({ port: 80 }), undefined)).toBe(80);
  });

  test('a numeric targetPort: that number', () => {
    expect(r.containerPortFor(sp({ port: 80, targetPort: 9999 }), w)).toBe(9999);
  });

  // Kills topology.ts:52:9 (true), 53:26 (`() => undefined`), 53:33 (true, false, `!==`).
  test('a named targetPort: the container port of that name (not the first, not the first other)', () => {
    expect(r.containerPortFor(sp({ port: 80, targetPort: 'admin' }), w)).toBe(9090);
    expect(r.containerPortFor(sp({ port: 80, targetPort: 'http' }), w)).toBe(8080);
    expect(r.containerPortFor(sp({ port: 80, targetPort: 'grpc' }), w)).toBeUndefined();
  });

  // Kills topology.ts:53:12 (`w.ports` without `?.`).
  test('a named targetPort without a workload: undefined, no throw', () => {
    expect(r.containerPortFor(sp({ port: 80, targetPort: 'http' }), undefined)).toBeUndefined();
  });
});

describe('topology: endpoints', () => {
  // Kills topology.ts:63:13 (false): a workload without the named target port is no endpoint of that Service port.
  test('a workload without the named container port is skipped', () => {
    const r = resolver([
      namespace('shop', { 'istio-injection': 'enabled' }),
      workload('shop', 'web-b', { app: 'web' }, [{ name: 'metrics', containerPort: 9090 }]),
      workload('shop', 'web-a', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
      service('shop', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
    ]);
    const s = r.model.services[0];
    expect(r.workloadsOf(s).map((w) => w.name)).toEqual(['web-b', 'web-a']);
    expect(r.endpoints(s, s.ports[0]).map((e) => [e.workload.name, e.containerPort])).toEqual([['web-a', 8080]]);
  });

  // Kills topology.ts:65:27 (true and false on the whole test, `!==`), 65:43 (`""`), 65:88 (`""`), 67:63 (true, false, `!==`), 67:77
  // (`""`), 67:101 (true, false, `!==`), 67:115 (`""`), 68:18 (true) and 68:32 (`""`): a sidecar's port excluded from
  // inbound capture (traffic.sidecar.istio.io/excludeInboundPorts) is served by the app in plaintext, without HBONE;
  // its other ports by the (HBONE-capable, networking.istio.io/tunnel: http) sidecar.
  const shape = (e: { workload: Workload; containerPort: number; dataplane: string; sidecar: boolean | undefined; hbone: boolean }) =>
    ({ workload: `${e.workload.namespace}/${e.workload.name}`, containerPort: e.containerPort, dataplane: e.dataplane, sidecar: e.sidecar, hbone: e.hbone });

  test('a sidecar workload: the excluded port is none (no sidecar, no HBONE), the other port sidecar with HBONE', () => {
    const r = resolver([
      namespace('shop', { 'istio-injection': 'enabled' }),
      workload('shop', 'web', { app: 'web', 'networking.istio.io/tunnel': 'http' }, [8080, 9090], { 'traffic.sidecar.istio.io/excludeInboundPorts': '9090' }),
      service('shop', 'web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'raw', port: 90, targetPort: 9090 }]),
    ]);
    const s = r.model.services[0];
    expect([r.model.workloads[0].dataplane, r.model.workloads[0].hbone]).toEqual(['sidecar', true]);
    expect(r.endpoints(s, s.ports[0]).map(shape)).toEqual([{ workload: 'shop/web', containerPort: 8080, dataplane: 'sidecar', sidecar: true, hbone: true }]);
    expect(r.endpoints(s, s.ports[1]).map(shape)).toEqual([{ workload: 'shop/web', containerPort: 9090, dataplane: 'none', sidecar: false, hbone: false }]);
  });

  test('a workload without a sidecar (sidecar false) and one whose namespace is not in the input (sidecar unknown)', () => {
    const r = resolver([
      namespace('plain'),
      workload('plain', 'web', { app: 'web' }, [8080]),
      service('plain', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
      workload('ghost', 'web', { app: 'web' }, [8080]),
      service('ghost', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
    ]);
    const eps = (ns: string) => { const s = r.model.services.find((x) => x.namespace === ns)!; return r.endpoints(s, s.ports[0]).map(shape); };
    expect(eps('plain')).toEqual([{ workload: 'plain/web', containerPort: 8080, dataplane: 'none', sidecar: false, hbone: false }]);
    expect(eps('ghost')).toEqual([{ workload: 'ghost/web', containerPort: 8080, dataplane: 'unknown', sidecar: undefined, hbone: false }]);
  });

  // Kills topology.ts:65:27 (true, on the operand: `true && w.excludeInboundPorts.has(cp)`): the annotation is read by
  // the sidecar's iptables only. Ambient in-pod redirection has no per-port inbound exclusion (istio/istio
  // cni/pkg/iptables/iptables.go PodLevelOverrides: VirtualInterfaces, IngressMode, DNSProxy), so ztunnel still takes
  // the port; and whether an unknown workload gets a sidecar, ztunnel or nothing the annotation does not say.
  test('the excludeInboundPorts annotation on an ambient or an unknown workload changes nothing', () => {
    const excluded = { 'traffic.sidecar.istio.io/excludeInboundPorts': '8080' };
    const r = resolver([
      namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
      workload('amb', 'web', { app: 'web' }, [8080], excluded),
      service('amb', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
      workload('ghost', 'web', { app: 'web' }, [8080], excluded),
      service('ghost', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
    ]);
    const eps = (ns: string) => { const s = r.model.services.find((x) => x.namespace === ns)!; return r.endpoints(s, s.ports[0]).map(shape); };
    expect(r.model.workloads.map((w) => [...w.excludeInboundPorts])).toEqual([[8080], [8080]]);
    expect(eps('amb')).toEqual([{ workload: 'amb/web', containerPort: 8080, dataplane: 'ambient', sidecar: false, hbone: true }]);
    expect(eps('ghost')).toEqual([{ workload: 'ghost/web', containerPort: 8080, dataplane: 'unknown', sidecar: undefined, hbone: false }]);
  });

  test('an ambient workload: no sidecar, HBONE', () => {
    const r = resolver([
      namespace('amb', { 'istio.io/dataplane-mode': 'ambient' }),
      workload('amb', 'web', { app: 'web' }, [8080]),
      service('amb', 'web', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
    ]);
    const s = r.model.services[0];
    expect(r.endpoints(s, s.ports[0]).map(shape)).toEqual([{ workload: 'amb/web', containerPort: 8080, dataplane: 'ambient', sidecar: false, hbone: true }]);
  });
});
