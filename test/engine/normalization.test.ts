/**
 * Normalization: the legacy and the modern form of the same intent, and the three DestinationRule API versions,
 * give the same effective modes.
 */
import { K8sObject, analyze } from '../../src/engine';
import { buildModel } from '../../src/engine/model';
import { Resolver } from '../../src/engine/resolve';
import { loadFixtures } from './_fixtures';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const TOPOLOGY = loadFixtures('seed/topology.yaml');

const resolver = (objects: K8sObject[], autoMtls?: boolean) => new Resolver(buildModel(objects, { ...OPTS, autoMtls }));

/** Effective server mode of every (service, service port) of the topology, reached through the service. */
function serverModes(objects: K8sObject[]): Record<string, string> {
  const r = resolver(objects);
  const out: Record<string, string> = {};
  for (const svc of r.model.services) {
    for (const sp of svc.ports) {
      for (const w of r.workloadsOf(svc)) {
        const cp = r.containerPortFor(sp, w)!;
        out[`${svc.host}:${sp.port} -> ${w.name}:${cp}`] = r.serverMode(svc.namespace, w.podLabels, cp, svc, sp).mode;
      }
    }
  }
  // Workloads no service selects, on port 80.
  for (const w of r.model.workloads) if (r.servicesOf(w).length === 0) out[`${w.name}.${w.namespace}:80`] = r.serverMode(w.namespace, w.podLabels, 80).mode;
  return out;
}

const legacy = (kind: 'MeshPolicy' | 'Policy', name: string, spec: K8sObject, namespace?: string): K8sObject =>
  ({ apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata: namespace ? { name, namespace } : { name }, spec });
const pa = (namespace: string, name: string, spec: K8sObject, apiVersion = 'security.istio.io/v1'): K8sObject =>
  ({ apiVersion, kind: 'PeerAuthentication', metadata: { name, namespace }, spec });

describe('legacy and modern PeerAuthentication forms of the same intent', () => {
  const MESH_STRICT_PA = pa('istio-system', 'default', { mtls: { mode: 'STRICT' } });

  test.each([
    ['mtls: {}', { peers: [{ mtls: {} }] }],
    ['mtls: null (YAML "- mtls:")', { peers: [{ mtls: null }] }],
    ['mtls: {mode: STRICT}', { peers: [{ mtls: { mode: 'STRICT' } }] }],
    ['a jwt peer before the mtls peer', { peers: [{ jwt: { issuer: 'https://example.com' } }, { mtls: {} }] }],
  ])('MeshPolicy STRICT (%s) and PeerAuthentication default in istio-system STRICT give the same modes', (_label, spec) => {
    const modern = serverModes([...TOPOLOGY, MESH_STRICT_PA]);
    expect(Object.values(modern)).toEqual(expect.arrayContaining(['STRICT']));
    expect(new Set(Object.values(modern))).toEqual(new Set(['STRICT']));
    expect(serverModes([...TOPOLOGY, legacy('MeshPolicy', 'default', spec)])).toEqual(modern);
  });

  test('PeerAuthentication v1 and v1beta1 give the same modes', () => {
    const spec = { selector: { matchLabels: { app: 'httpbin' } }, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 80: { mode: 'DISABLE' } } };
    expect(serverModes([...TOPOLOGY, MESH_STRICT_PA, pa('test1', 'httpbin', spec, 'security.istio.io/v1beta1')]))
      .toEqual(serverModes([...TOPOLOGY, MESH_STRICT_PA, pa('test1', 'httpbin', spec)]));
  });

  test('MeshPolicy PERMISSIVE and PeerAuthentication PERMISSIVE give the same modes', () => {
    const modern = serverModes([...TOPOLOGY, pa('istio-system', 'default', { mtls: { mode: 'PERMISSIVE' } })]);
    expect(new Set(Object.values(modern))).toEqual(new Set(['PERMISSIVE']));
    expect(serverModes([...TOPOLOGY, legacy('MeshPolicy', 'default', { peers: [{ mtls: { mode: 'PERMISSIVE' } }] })])).toEqual(modern);
  });

  test('a namespace Policy default without peers (plaintext) and a namespace PeerAuthentication DISABLE give the same modes', () => {
    const modern = serverModes([...TOPOLOGY, MESH_STRICT_PA, pa('test2', 'default', { mtls: { mode: 'DISABLE' } })]);
    expect(modern['httpbin.test2.svc.cluster.local:8000 -> httpbin:80']).toBe('DISABLE');
    expect(serverModes([...TOPOLOGY, legacy('MeshPolicy', 'default', { peers: [{ mtls: {} }] }), legacy('Policy', 'default', {}, 'test2')])).toEqual(modern);
  });

  test('Policy targets PERMISSIVE and a PeerAuthentication selector PERMISSIVE give the same modes', () => {
    const modern = serverModes([...TOPOLOGY, MESH_STRICT_PA, pa('test1', 'httpbin', { selector: { matchLabels: { app: 'httpbin' } }, mtls: { mode: 'PERMISSIVE' } })]);
    expect(modern['httpbin.test1.svc.cluster.local:8000 -> httpbin:80']).toBe('PERMISSIVE');
    expect(modern['httpbin.test2.svc.cluster.local:8000 -> httpbin:80']).toBe('STRICT');
    const old = serverModes([...TOPOLOGY, legacy('MeshPolicy', 'default', { peers: [{ mtls: {} }] }), ...loadFixtures('seed/httpbin-test1-permissive.yaml')]);
    expect(old).toEqual(modern);
  });

  test('Policy targets with a service port and portLevelMtls on the matching container port give the same modes', () => {
    const modern = serverModes([...TOPOLOGY, MESH_STRICT_PA, pa('test1', 'httpbin', { selector: { matchLabels: { app: 'httpbin' } }, portLevelMtls: { 80: { mode: 'PERMISSIVE' } } })]);
    const old = serverModes([
      ...TOPOLOGY, legacy('MeshPolicy', 'default', { peers: [{ mtls: {} }] }),
      legacy('Policy', 'httpbin', { targets: [{ name: 'httpbin', ports: [{ number: 8000 }] }], peers: [{ mtls: { mode: 'PERMISSIVE' } }] }, 'test1'),
    ]);
    expect(modern['httpbin.test1.svc.cluster.local:8000 -> httpbin:80']).toBe('PERMISSIVE');
    expect(old).toEqual(modern);
  });

  test('the seed in both flavours (auto mTLS off) reports the same traffic failures', () => {
    const DR = loadFixtures('seed/mesh-policy-legacy.yaml').filter((o) => o.kind === 'DestinationRule');
    const traffic = (objects: K8sObject[]) => analyze(objects, { autoMtls: false })
      .filter((f) => f.code.startsWith('IMT5'))
      .map((f) => `${f.code} ${f.severity} ${f.message.replace(/ \(decided by [^)]*\)/, '').split(':')[0]}`)
      .sort();
    const old = traffic([...TOPOLOGY, ...loadFixtures('seed/mesh-policy-legacy.yaml')]);
    expect(old.length).toBeGreaterThan(0);
    expect(traffic([...TOPOLOGY, MESH_STRICT_PA, ...DR])).toEqual(old);
  });
});

describe('DestinationRule v1, v1beta1 and v1alpha3', () => {
  const SPEC = {
    host: 'httpbin.test1.svc.cluster.local',
    trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 8000 }, tls: { mode: 'DISABLE' } }] },
    subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/ca.pem' } } }],
  };
  const VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];
  const drOf = (version: string): K8sObject => ({ apiVersion: `networking.istio.io/${version}`, kind: 'DestinationRule', metadata: { name: 'httpbin', namespace: 'test1' }, spec: SPEC });

  function clientModes(version: string): Record<string, string> {
    const r = resolver([...TOPOLOGY, drOf(version)]);
    const out: Record<string, string> = {};
    for (const ns of ['test1', 'test2', 'test3']) {
      for (const port of [8000, 9000]) {
        for (const subset of [undefined, 'v1']) {
          const c = r.clientTlsWith(r.destinationRule(ns, SPEC.host), port, subset);
          out[`${ns} ${port} ${subset ?? '-'}`] = `${c.mode} ${c.field}`;
        }
      }
    }
    return out;
  }

  test.each(VERSIONS)('%s resolves to the same client TLS as v1 for every client namespace, port and subset', (version) => {
    const v1 = clientModes('v1');
    expect(v1['test2 8000 -']).toBe('DISABLE spec.trafficPolicy.portLevelSettings[8000].tls');
    expect(v1['test2 9000 v1']).toBe('SIMPLE spec.subsets[v1].trafficPolicy.tls');
    expect(clientModes(version)).toEqual(v1);
  });

  test.each(VERSIONS)('%s gets the same findings as v1, apart from the apiVersion', (version) => {
    const run = (v: string) => analyze([...TOPOLOGY, drOf(v)]).map((f) => ({ ...f, resource: { ...f.resource, apiVersion: '*' } }));
    expect(run(version)).toEqual(run('v1'));
  });

  test('an unknown DestinationRule API group is not read as a DestinationRule', () => {
    const other = { ...drOf('v1'), apiVersion: 'example.com/v1' };
    expect(resolver([other]).model.destinationRules).toEqual([]);
  });
});

describe('declared calls annotation', () => {
  /** The parser as first written (split on commas and whitespace, a trailing ':<digits>' is the port). */
  function reference(v: string): Array<{ host: string; port?: number }> {
    const out: Array<{ host: string; port?: number }> = [];
    for (const item of v.split(/[,\s]+/)) {
      if (!item) continue;
      const colon = item.lastIndexOf(':');
      const port = colon >= 0 && colon < item.length - 1 && /^[0-9]+$/.test(item.slice(colon + 1)) ? Number(item.slice(colon + 1)) : undefined;
      out.push({ host: port === undefined ? item : item.slice(0, colon), port });
    }
    return out;
  }
  const parsed = (v: string) => buildModel([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'shop', annotations: { 'istio-mtls.cdk8s.io/calls': v } }, spec: { containers: [{ name: 'c' }] } },
  ], OPTS).workloads[0].calls.map(({ host, port }) => ({ host, port }));

  test.each([
    'web', 'web:80', 'web.shop:8080,db.data', ' web ,\tdb:5432\n', 'a:b:c', 'a:', ':80', 'a::80', ',,,', 'h:0080', 'h:99999999999999999999', 'h:1e3',
    'web\u00a0db', 'web\u2028db:1', '😀:99', 'a.b.svc:443 a.b.svc.cluster.local',
  ])('%j parses as before', (v) => {
    expect(parsed(v)).toEqual(reference(v));
  });

  test('random annotations parse as before', () => {
    const alphabet = ['a', 'b', '.', ':', ',', ' ', '\t', '0', '8', '9', '\u00a0', '-', 'é'];
    let seed = 1;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    for (let run = 0; run < 500; run++) {
      let v = '';
      const n = Math.floor(rnd() * 20);
      for (let i = 0; i < n; i++) v += alphabet[Math.floor(rnd() * alphabet.length)];
      expect({ v, calls: parsed(v) }).toEqual({ v, calls: reference(v) });
    }
  });

  test('each call carries the Service it names from the caller namespace', () => {
    const m = buildModel([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'shop', annotations: { 'istio-mtls.cdk8s.io/calls': 'web,web.shop:80,web.shop.svc,web.shop.svc.cluster.local,web.other,nope' } }, spec: { containers: [] } },
    ], OPTS);
    expect(m.workloads[0].calls.map((c) => c.service?.name ?? null)).toEqual(['web', 'web', 'web', 'web', null, null]);
  });
});

describe('one model record per object', () => {
  const webhook = {
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'hooks' },
    webhooks: [{ name: 'a.example.com', clientConfig: { service: { name: 'hook', namespace: 'sys' } } }, { name: 'b.example.com', clientConfig: { service: { name: 'hook', namespace: 'sys', port: 8443 } } }],
  };
  const objects: unknown[] = [
    ...TOPOLOGY,
    'not an object', null, ['a list'],
    pa('istio-system', 'default', { mtls: { mode: 'STRICT' } }),
    legacy('Policy', 'default', { peers: [{ mtls: {} }] }, 'foo'),
    { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'foo' }, spec: { host: 'httpbin' } },
    { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'se', namespace: 'foo' }, spec: { hosts: ['example.com'] } },
    { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'az', namespace: 'foo' }, spec: {} },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'no-template', namespace: 'foo' }, spec: {} },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'foo' } },
    webhook,
  ];
  const model = buildModel(objects as K8sObject[], OPTS);

  test('every object, in input order, once, with its index; non-objects are left out', () => {
    const expected = objects.flatMap((o, i) => (o !== null && typeof o === 'object' && !Array.isArray(o) ? [i] : []));
    expect(model.objects.map((l) => l.index)).toEqual(expected);
    expect(model.objects.every((l) => l.obj === objects[l.index])).toBe(true);
  });

  test('an object with a typed record is listed as that record', () => {
    const records = [...model.namespaces.values(), ...model.peerPolicies, ...model.destinationRules, ...model.workloads, ...model.services,
      ...model.serviceEntries, ...model.authorizationPolicies];
    expect(records.length).toBeGreaterThan(10);
    for (const r of records) expect(model.objects[model.objects.findIndex((l) => l.index === r.index)]).toBe(r);
  });

  test('workloads get sidecar and calls from Namespaces and Services wherever they are in the input', () => {
    const client: K8sObject = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'client', namespace: 'foo', annotations: { 'istio-mtls.cdk8s.io/calls': 'httpbin.bar:8000, sleep' } },
      spec: { template: { metadata: { labels: { app: 'client' } }, spec: { containers: [{ name: 'c', image: 'c' }] } } },
    };
    const rest: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo', labels: { 'istio-injection': 'enabled' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'bar' }, spec: { ports: [{ port: 8000 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'sleep', namespace: 'foo' }, spec: { ports: [{ port: 80 }] } },
    ];
    for (const input of [[client, ...rest], [...rest, client]]) {
      const [w] = buildModel(input, OPTS).workloads;
      expect(w.sidecar).toBe(true);
      expect(w.calls.map((c) => [c.host, c.port, c.service?.host])).toEqual([['httpbin.bar', 8000, 'httpbin.bar.svc.cluster.local'], ['sleep', undefined, 'sleep.foo.svc.cluster.local']]);
    }
  });

  test('a webhook configuration is one object with one reference per webhook', () => {
    const at = model.objects.filter((l) => l.obj === webhook);
    expect(at).toHaveLength(1);
    expect(model.webhooks.map((w) => [w.webhookName, w.port, w.index])).toEqual([['a.example.com', 443, at[0].index], ['b.example.com', 8443, at[0].index]]);
  });
});

describe('container port lists', () => {
  const dep = (name: string, ports: K8sObject[]): K8sObject => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'foo' },
    spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: name, ports }] } } },
  });
  const model = buildModel([
    dep('a', [{ containerPort: 8080 }]), dep('b', [{ containerPort: 8080 }]), dep('c', [{ containerPort: 9090 }]),
    dep('d', [{ containerPort: 8080, name: 'http' }]), dep('e', [{ containerPort: 8080, name: 'http' }]), dep('f', [{ containerPort: 8080, name: 'grpc' }]),
    dep('g', [{ containerPort: 8080 }, { containerPort: 9090 }]), dep('h', [{ containerPort: 8080 }, { containerPort: 9090 }]), dep('i', []),
  ], OPTS);
  const ports = Object.fromEntries(model.workloads.map((w) => [w.name, w.ports]));

  test('the lists say what the input says', () => {
    expect(Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, v.map((p) => `${p.port}${p.name ? `/${p.name}` : ''}`)]))).toEqual({
      a: ['8080'], b: ['8080'], c: ['9090'], d: ['8080/http'], e: ['8080/http'], f: ['8080/grpc'], g: ['8080', '9090'], h: ['8080', '9090'], i: [],
    });
  });
});
