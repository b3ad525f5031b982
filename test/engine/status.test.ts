import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { status } from '../../src/engine/status';
import { K8sObject } from '../../src/engine/types';

const SEED = path.join(__dirname, '..', 'fixtures', 'seed');
const PP = 'productpage.bookinfo.svc.cluster.local';

function seed(...files: string[]): K8sObject[] {
  return files.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(SEED, f), 'utf8')).filter((d) => d) as K8sObject[]);
}

const ns = (name: string, injected = true): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: injected ? { 'istio-injection': 'enabled' } : {} } });
const svc = (name: string, namespace: string, ports: Array<number | { port: number; targetPort: number | string }>, selector: Record<string, string> = { app: name }): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
  spec: { selector, ports: ports.map((p) => (typeof p === 'number' ? { port: p } : p)) },
});
const deploy = (name: string, namespace: string, labels: Record<string, string>, ports: number[] = [], podAnnotations: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations: podAnnotations }, spec: { containers: [{ name, image: 'x', ports: ports.map((p) => ({ containerPort: p })) }] } } },
});
const pa = (name: string, namespace: string, spec: K8sObject): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec });
const dr = (name: string, namespace: string, spec: K8sObject): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec });

const PRODUCTPAGE_DR = dr('productpage', 'bookinfo', {
  host: PP,
  trafficPolicy: { tls: { mode: 'DISABLE' }, portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } }] },
});

describe('status()', () => {
  test('the productpage DestinationRule: ISTIO_MUTUAL on 9080, DISABLE on every other port (9443)', () => {
    const rows = status([svc('productpage', 'bookinfo', [9080, 9443]), PRODUCTPAGE_DR]);
    expect(rows).toEqual([
      { host: PP, port: 9080, server: 'PERMISSIVE', dataplane: 'unknown', client: 'ISTIO_MUTUAL', plaintextCallers: 'OK', ambientCallers: 'OK', status: 'OK', policy: '-', destinationRule: 'bookinfo/productpage' },
      { host: PP, port: 9443, server: 'PERMISSIVE', dataplane: 'unknown', client: 'DISABLE', plaintextCallers: 'OK', ambientCallers: 'OK', status: 'OK', policy: '-', destinationRule: 'bookinfo/productpage' },
    ]);
  });

  test('under mesh-wide STRICT, the DISABLE port is a CONFLICT and the ISTIO_MUTUAL port is OK', () => {
    const rows = status([pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }), svc('productpage', 'bookinfo', [9080, 9443]), PRODUCTPAGE_DR]);
    expect(rows.map((r) => [r.port, r.server, r.client, r.status, r.policy])).toEqual([
      [9080, 'STRICT', 'ISTIO_MUTUAL', 'OK', 'istio-system/default'],
      [9443, 'STRICT', 'DISABLE', 'CONFLICT', 'istio-system/default'],
    ]);
    expect(rows[1].note).toMatch(/not ISTIO_MUTUAL but the server is STRICT/);
  });

  test('without workloads in the input, resolves the server with the Service selector as pod labels', () => {
    const rows = status([
      pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }),
      pa('legacy-port', 'bookinfo', { selector: { matchLabels: { app: 'productpage' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }),
      svc('productpage', 'bookinfo', [9080, { port: 80, targetPort: 8080 }]),
    ]);
    expect(rows.map((r) => [r.port, r.server, r.policy])).toEqual([
      [80, 'PERMISSIVE', 'bookinfo/legacy-port'], // portLevelMtls is keyed by the target port
      [9080, 'STRICT', 'bookinfo/legacy-port'],
    ]);
  });

  test('MIXED when the endpoints of one port resolve differently', () => {
    const rows = status([
      ns('shop'),
      pa('default', 'shop', { mtls: { mode: 'STRICT' } }),
      pa('v2-permissive', 'shop', { selector: { matchLabels: { version: 'v2' } }, mtls: { mode: 'PERMISSIVE' } }),
      deploy('cart-v1', 'shop', { app: 'cart', version: 'v1' }, [8080]),
      deploy('cart-v2', 'shop', { app: 'cart', version: 'v2' }, [8080]),
      svc('cart', 'shop', [8080]),
    ]);
    expect(rows).toEqual([expect.objectContaining({ host: 'cart.shop.svc.cluster.local', port: 8080, server: 'MIXED', client: 'AUTO', status: 'OK', policy: 'shop/default, shop/v2-permissive' })]);
  });

  test('endpoints without a sidecar accept plaintext only: DISABLE, and ISTIO_MUTUAL toward them is a CONFLICT', () => {
    const objects = [ns('legacy', false), deploy('db', 'legacy', { app: 'db' }, [5432]), svc('db', 'legacy', [5432]), dr('all', 'istio-system', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } })];
    const row = status(objects).find((r) => r.port === 5432)!;
    expect(row).toEqual(expect.objectContaining({ server: 'DISABLE', client: 'ISTIO_MUTUAL', status: 'CONFLICT', policy: '-', destinationRule: 'istio-system/all' }));
    expect(row.note).toMatch(/without a sidecar/);
  });

  test('the client is AUTO with auto mTLS, DISABLE without; no DestinationRule shows as "-"', () => {
    const objects = [ns('a'), pa('default', 'istio-system', { mtls: { mode: 'STRICT' } }), deploy('web', 'a', { app: 'web' }, [80]), svc('web', 'a', [80])];
    expect(status(objects)[0]).toEqual(expect.objectContaining({ client: 'AUTO', status: 'OK', destinationRule: '-' }));
    const manual = status(objects, { autoMtls: false })[0];
    expect(manual).toEqual(expect.objectContaining({ client: 'DISABLE', server: 'STRICT', status: 'CONFLICT', destinationRule: '-' }));
  });

  test('a DestinationRule in the client namespace does not count: the client is in a namespace without its own rules', () => {
    const objects = [svc('web', 'a', [80]), dr('only-for-b', 'b', { host: 'web.a.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } })];
    expect(status(objects).find((r) => r.port === 80)).toEqual(expect.objectContaining({ client: 'AUTO', destinationRule: '-' }));
  });

  test('DestinationRule hosts without a Service: one row per portLevelSettings port and one for "*", sorted by host then port', () => {
    const rows = status([
      dr('ext', 'istio-system', { host: 'payments.example.com', trafficPolicy: { tls: { mode: 'SIMPLE' }, portLevelSettings: [{ port: { number: 10443 }, tls: { mode: 'MUTUAL', credentialName: 'c' } }, { port: { number: 8443 }, tls: { mode: 'SIMPLE' } }] } }),
      svc('api', 'shop', [9080, 443]),
    ]);
    expect(rows.map((r) => `${r.host}:${r.port}:${r.client}`)).toEqual([
      'api.shop.svc.cluster.local:443:AUTO',
      'api.shop.svc.cluster.local:9080:AUTO',
      'payments.example.com:8443:SIMPLE',
      'payments.example.com:10443:MUTUAL',
      'payments.example.com:*:SIMPLE',
    ]);
  });

  test('a DestinationRule host without a Service whose rule lives in another namespace: the generic client does not see it, and the note says so', () => {
    const rows = status([dr('ext', 'shop', { host: 'payments.example.com', trafficPolicy: { tls: { mode: 'SIMPLE' } } })]);
    expect(rows).toEqual([expect.objectContaining({ host: 'payments.example.com', port: '*', client: 'AUTO', destinationRule: '-', note: 'shop/ext only applies to clients in its namespace' })]);
  });

  test('the kube-apiserver and external ServiceEntry hosts are outside the mesh: server "-", ISTIO_MUTUAL is a CONFLICT', () => {
    const rows = status([
      dr('all', 'istio-system', { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      dr('api', 'istio-system', { host: 'kubernetes.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'shop' }, spec: { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'https', protocol: 'TLS' }] } },
      dr('ext', 'shop', { host: 'api.example.com', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }),
    ]);
    const api = rows.find((r) => r.host === 'kubernetes.default.svc.cluster.local')!;
    const ext = rows.find((r) => r.host === 'api.example.com')!;
    expect(api).toEqual(expect.objectContaining({ server: '-', client: 'ISTIO_MUTUAL', status: 'CONFLICT', destinationRule: 'istio-system/api' }));
    expect(ext).toEqual(expect.objectContaining({ server: '-', client: 'ISTIO_MUTUAL', status: 'CONFLICT', destinationRule: 'shop/ext', note: expect.stringContaining('outside the mesh') }));
  });

  test('the seed: MeshPolicy STRICT + *.local ISTIO_MUTUAL break httpbin.test3 until its DestinationRule DISABLE', () => {
    const before = status(seed('topology.yaml', 'mesh-policy-legacy.yaml'));
    expect(before.find((r) => r.host === 'httpbin.test3.svc.cluster.local')).toEqual(expect.objectContaining({ status: 'CONFLICT', client: 'ISTIO_MUTUAL' }));
    expect(before.find((r) => r.host === 'httpbin.test1.svc.cluster.local')).toEqual(expect.objectContaining({ server: 'STRICT', policy: 'MeshPolicy/default', status: 'OK' }));
    const after = status(seed('topology.yaml', 'mesh-policy-legacy.yaml', 'httpbin-test3-disable.yaml', 'httpbin-test1-permissive.yaml', 'api-server-exemption.yaml'));
    expect(after.every((r) => r.status === 'OK')).toBe(true);
    expect(after.find((r) => r.host === 'httpbin.test1.svc.cluster.local')).toEqual(expect.objectContaining({ server: 'PERMISSIVE', policy: 'test1/httpbin' }));
  });

  test('two namespace-wide policies that tie: the row shows the one Istio applies (first by name), not the first in the input', () => {
    // Istio: creationTimestamp, then name (pilot/pkg/model/config.go sortConfigByCreationTime).
    const rows = status([
      pa('zz-strict', 'shop', { mtls: { mode: 'STRICT' } }),
      pa('aa-permissive', 'shop', { mtls: { mode: 'PERMISSIVE' } }),
      svc('cart', 'shop', [8080]),
    ]);
    expect(rows.map((r) => ({ server: r.server, policy: r.policy }))).toEqual([{ server: 'PERMISSIVE', policy: 'shop/aa-permissive' }]);
  });

  test('is empty without Services and DestinationRules, and never throws on malformed objects', () => {
    expect(status([])).toEqual([]);
    expect(status([null as any, 42 as any, { kind: 'Service', apiVersion: 'v1', spec: { ports: 'x' } }, dr('x', 'y', { host: 7, trafficPolicy: 'no' })])).toEqual([]);
  });
});
