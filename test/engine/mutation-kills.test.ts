/**
 * Assertions that mutation testing (docs/mutation.md) showed were missing: each test names the surviving mutants it
 * kills. Rules are checked through analyze(), the resolver directly.
 */
import { K8sObject, analyze } from '../../src/engine';
import { buildModel } from '../../src/engine/model';
import { Resolver } from '../../src/engine/resolve';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const HOST = 'cart.shop.svc.cluster.local';
const at = (t: string) => ({ creationTimestamp: t });
const pa = (name: string, spec: K8sObject, metadata: K8sObject = {}): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: 'shop', ...metadata }, spec });
const dr = (name: string, spec: K8sObject, metadata: K8sObject = {}): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: 'shop', ...metadata }, spec: { host: HOST, ...spec } });
const deploy = (name: string, labels: Record<string, string>): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'x', ports: [{ containerPort: 8080 }] }] } } },
});
const legacy = (name: string, spec: K8sObject): K8sObject => ({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name, namespace: 'app' }, spec });

describe('server side: memoized answers depend on everything they read (server.ts serverMode key)', () => {
  test('one pod-labels object asked on two ports, and through two Services, gets each answer', () => {
    const r = new Resolver(buildModel([
      pa('cart', { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'DISABLE' } } }),
      legacy('web-80', { targets: [{ name: 'other' }, { name: 'web', ports: [{ number: 80 }] }] }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 81 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'app' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    ], OPTS));
    const labels = { app: 'cart' };
    expect(r.serverMode('shop', labels, 8080).mode).toBe('STRICT');
    expect(r.serverMode('shop', labels, 9090)).toMatchObject({ mode: 'DISABLE', portLevel: true });
    expect(r.serverMode('shop', labels, undefined).mode).toBe('STRICT');
    const [web, other] = r.model.services;
    const pod = { app: 'web' };
    // The legacy Policy targets web on Service port 80 only, and 'other' on all its ports.
    expect(r.serverMode('app', pod, 80, web, web.ports[0]).policy?.ref.name).toBe('web-80');
    expect(r.serverMode('app', pod, 81, web, web.ports[1]).policy).toBeUndefined();
    expect(r.serverMode('app', pod, 80, other, other.ports[0]).policy?.ref.name).toBe('web-80');
    expect(r.serverMode('app', pod, 80).policy).toBeUndefined();
  });
});

describe('IMT4001 pa-multiple-workload-policies', () => {
  const objects = [
    deploy('zz-cart', { app: 'cart', version: 'v2' }),
    deploy('aa-cart', { app: 'cart', version: 'v2' }),
    pa('old', { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'STRICT' } }, at('2024-01-01T00:00:00Z')),
    pa('new', { selector: { matchLabels: { version: 'v2' } }, mtls: { mode: 'PERMISSIVE' } }, at('2024-02-01T00:00:00Z')),
    pa('newest', { selector: { matchLabels: { version: 'v2' } }, mtls: { mode: 'DISABLE' } }, at('2024-03-01T00:00:00Z')),
  ];
  const findings = analyze(objects).filter((f) => f.code === 'IMT4001');

  test('reports each ignored policy once, never the one that applies, naming the first workload by name', () => {
    expect(findings.map((f) => [f.resource.name, f.message])).toEqual([
      ['new', expect.stringContaining('both select aa-cart.shop: Istio applies only the oldest (old)')],
      ['newest', expect.stringContaining('both select aa-cart.shop: Istio applies only the oldest (old)')],
    ]);
  });

  test('says how to fix it', () => {
    for (const f of findings) expect(f.fix).toBe('merge them into one policy per workload, or narrow the selectors so each pod matches one policy');
  });
});

describe('IMT2013 dr-duplicate-host: what merging does to the newer rule', () => {
  const messages = (objects: K8sObject[]) => analyze(objects).filter((f) => f.code === 'IMT2013').map((f) => [f.resource.name, f.message]);

  test('a newer trafficPolicy counts when no older rule has one (nothing to report); a later one is ignored; an empty rule adds nothing', () => {
    expect(messages([
      dr('a', { subsets: [{ name: 'v1', labels: { version: 'v1' } }] }, at('2024-01-01T00:00:00Z')),
      dr('b', { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, at('2024-02-01T00:00:00Z')),
      dr('c', { trafficPolicy: { tls: { mode: 'DISABLE' } } }, at('2024-03-01T00:00:00Z')),
      dr('d', {}, at('2024-04-01T00:00:00Z')),
    ])).toEqual([
      // b's trafficPolicy counts (a has none) and b adds no subset name: nothing is lost, nothing reported.
      ['c', expect.stringMatching(/, so this rule's trafficPolicy is ignored \(that of b applies\); fix: /)],
      ['d', expect.stringMatching(/Istio merges them into the oldest \(a; by creationTimestamp, then name\), so this rule adds nothing \(no trafficPolicy and no subsets\); fix: /)],
    ]);
  });

  test('subset names an older rule defines are ignored, one or several', () => {
    expect(messages([
      dr('a', { subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }, at('2024-01-01T00:00:00Z')),
      dr('b', { subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v3', labels: { version: 'v3' } }] }, at('2024-02-01T00:00:00Z')),
      dr('c', { subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v3', labels: { version: 'v3' } }, { name: 'v4', labels: { version: 'v4' } }] }, at('2024-03-01T00:00:00Z')),
    ])).toEqual([
      ['b', expect.stringMatching(/, so its subset "v1" is ignored \(an older rule defines the name\); fix: /)],
      ['c', expect.stringMatching(/, so its subsets "v1", "v3" are ignored \(an older rule defines these names\); fix: /)],
    ]);
  });
});
