/**
 * status() (src/engine/status.ts): the rows a Stryker run left unasserted, each asserted whole. Each test names the
 * mutants it kills as `status.ts:LINE:COL (mutator)`, line and column as of commit 4bb834d.
 *
 * Equivalent mutants (no test can kill them):
 * - 114:121 (StringLiteral, headlessAuto ''): `wire(svc)` is only called for a Service that is not headless, so
 *   `headlessAuto` is always undefined there.
 * - 157:36 (MethodExpression, no sort), 157:46 (ArrowFunction, comparator () => undefined), 157:56 (ArithmeticOperator,
 *   `+`): row() splits the list into declared and possible failures by filter, and the sort is stable, so the order
 *   inside each group is the same either way (a `+` comparator is never negative, so it keeps the input order).
 * - 169:18 (MethodExpression, every instead of some): an endpoint list is either all outside the mesh (one endpoint
 *   from serviceEndpoints or hostEndpoint) or has none outside, so some() and every() agree; the list is never empty.
 * - 172:31 (ConditionalExpression false), 172:48 (StringLiteral ''): without the `=== 'none'` test, a `none` endpoint
 *   still falls through to `ep.dataplane`, which is 'none'.
 * - 180:24 (StringLiteral ''): judge() treats every caller that is neither 'plain' nor 'ambient' as a sidecar.
 * - 185:33 (ArrayDeclaration): the string 'Stryker was here' has no `declared`, so the declared filter drops it.
 * - 193:7 (MethodExpression, every instead of some): as for 169:18, endpoint lists are homogeneous.
 * - 212:44 and 241:43 (BooleanLiteral, hbone true for a server outside the mesh): hbone is only read by judge() for an
 *   ambient caller toward a sidecar, and neither the ambient judgement (skipped when outside) nor the `none` endpoint
 *   an outside server is judged as reads it.
 * - 233:22 (ConditionalExpression true): viaSe differs from the generic client only by rules in the ServiceEntry's own
 *   namespace (the Service namespace and root namespace passes see the same rules exported to all), so a rule viaSe
 *   finds that is exported to all lives in that namespace.
 * - 244:13 (ConditionalExpression false): dataplaneOf() of a namespace `undefined` says `unknown` without HBONE, what
 *   the `undefined` branch gives.
 * - 269:10 (ConditionalExpression false), 269:16 (StringLiteral ''): the `*` row of a host is always added after its
 *   numbered rows, and a NaN comparison keeps the order, so the sort puts it last anyway.
 */
import { StatusRow, status } from '../../src/engine/status';
import { K8sObject } from '../../src/engine/types';

const ns = (name: string, labels: Record<string, string> = { 'istio-injection': 'enabled' }): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const svc = (name: string, namespace: string, ports: Array<number | Record<string, unknown>>, extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
  spec: { selector: { app: name }, ports: ports.map((p) => (typeof p === 'number' ? { port: p } : p)), ...extra },
});
const deploy = (name: string, namespace: string, labels: Record<string, string>, ports: number[] = [], annotations: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels, annotations }, spec: { containers: [{ name, image: 'x', ports: ports.map((p) => ({ containerPort: p })) }] } } },
});
const pa = (name: string, namespace: string, spec: K8sObject, creationTimestamp?: string): K8sObject => ({
  apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec,
});
const dr = (name: string, namespace: string, spec: K8sObject): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec });
const tls = (host: string, mode: string, extra: Record<string, unknown> = {}): K8sObject => ({ host, trafficPolicy: { tls: { mode } }, ...extra });
const se = (name: string, namespace: string, host: string): K8sObject => ({
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name, namespace }, spec: { hosts: [host], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] },
});
const legacy = (kind: 'MeshPolicy' | 'Policy', name: string, namespace: string | undefined, spec: K8sObject): K8sObject => ({
  apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec,
});

const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const STRICT = { mtls: { mode: 'STRICT' } };
const CALLS = 'istio-mtls.cdk8s.io/calls';

/** A whole row: Istio's defaults (PERMISSIVE, unknown dataplane, auto mTLS, nothing failing) overridden by `fields`. */
function row(host: string, port: number | '*', fields: Partial<StatusRow> = {}): StatusRow {
  return {
    host, port, server: 'PERMISSIVE', dataplane: 'unknown', client: 'AUTO', plaintextCallers: 'OK', ambientCallers: 'OK', status: 'OK', policy: '-',
    destinationRule: '-', ...fields,
  };
}

describe('status(): one row per Service host and port', () => {
  // status.ts:112:9 (ConditionalExpression true): the first of two entries for one port (TCP and UDP 53) makes the row;
  // the UDP entry reaches container port 53, which the workload policy leaves STRICT.
  test('a port listed twice (TCP and UDP) gives one row, from the first entry', () => {
    const rows = status([
      pa('dns', 'shop', { selector: { matchLabels: { app: 'dns' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 5353: { mode: 'PERMISSIVE' } } }),
      svc('dns', 'shop', [{ port: 53, targetPort: 5353, protocol: 'TCP', name: 'tcp' }, { port: 53, protocol: 'UDP', name: 'udp' }]),
    ]);
    expect(rows).toEqual([row('dns.shop.svc.cluster.local', 53, { policy: 'shop/dns' })]);
  });

  // status.ts:118:9 (ConditionalExpression false): a second Service object of the same host adds no rows of its own.
  test('the first Service of a host decides its ports', () => {
    expect(status([svc('web', 'a', [80]), svc('web', 'a', [81])])).toEqual([row('web.a.svc.cluster.local', 80)]);
  });

  // status.ts:265:10 (ConditionalExpression false), status.ts:265:18 (UnaryOperator +1): rows sort by host whatever
  // the input order; status.ts:202:13 (MethodExpression): the policies of a MIXED row are sorted by name, not listed
  // in endpoint order (a-one is decided by shop/zz-x, b-two by shop/aa-y).
  test('rows sort by host, and a MIXED row names its policies sorted', () => {
    const rows = status([
      svc('zeta', 'shop', [80]), svc('alpha', 'shop', [80]), ns('shop'),
      pa('zz-x', 'shop', { selector: { matchLabels: { tier: 'x' } }, mtls: { mode: 'STRICT' } }),
      pa('aa-y', 'shop', { selector: { matchLabels: { tier: 'y' } }, mtls: { mode: 'PERMISSIVE' } }),
      deploy('a-one', 'shop', { app: 'alpha', tier: 'x' }, [80]), deploy('b-two', 'shop', { app: 'alpha', tier: 'y' }, [80]),
    ]);
    expect(rows).toEqual([
      row('alpha.shop.svc.cluster.local', 80, { server: 'MIXED', dataplane: 'sidecar', plaintextCallers: 'RESET', ambientCallers: 'RESET', policy: 'shop/aa-y, shop/zz-x' }),
      row('zeta.shop.svc.cluster.local', 80, { dataplane: 'sidecar' }),
    ]);
  });
});

describe('status(): the policy column follows Istio precedence', () => {
  // Istio: workload > namespace > mesh, UNSET (or no mtls) inherits from the parent scope, portLevelMtls only from the
  // workload policy (istio@86c9f01 pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication); selector
  // policies in the root namespace are ignored (same function: `else if cfg.Namespace != rootNamespace`); the oldest
  // of several policies wins (pilot/pkg/model/config.go sortConfigByCreationTime: creationTimestamp, then name).
  // ../shared/istio/RULES.md 1.3. No status.ts mutant is left for it; it pins what the policy column names.
  test('workload over namespace over mesh, UNSET inherits, portLevelMtls needs a selector, the oldest wins', () => {
    const rows = status([
      pa('default', 'istio-system', STRICT),
      pa('root-selector', 'istio-system', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'DISABLE' } }),
      pa('default', 'shop', { mtls: { mode: 'UNSET' } }),
      pa('web', 'shop', { selector: { matchLabels: { app: 'web' } }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }),
      svc('web', 'shop', [8080, 9090]),
      pa('default', 'other', { mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 8080: { mode: 'STRICT' } } }),
      svc('api', 'other', [8080]),
      pa('aa-new', 'ties', { selector: { matchLabels: { app: 'db' } }, mtls: { mode: 'PERMISSIVE' } }, '2024-06-01T00:00:00Z'),
      pa('zz-old', 'ties', { selector: { matchLabels: { app: 'db' } }, mtls: { mode: 'STRICT' } }, '2024-01-01T00:00:00Z'),
      svc('db', 'ties', [5432]),
    ]);
    expect(rows).toEqual([
      row('api.other.svc.cluster.local', 8080, { policy: 'other/default' }),
      row('db.ties.svc.cluster.local', 5432, { server: 'STRICT', plaintextCallers: 'RESET', ambientCallers: 'RESET', policy: 'ties/zz-old' }),
      row('web.shop.svc.cluster.local', 8080, { server: 'DISABLE', policy: 'shop/web' }),
      row('web.shop.svc.cluster.local', 9090, { server: 'STRICT', plaintextCallers: 'RESET', ambientCallers: 'RESET', policy: 'istio-system/default' }),
    ]);
  });

  // Legacy v1alpha1: a Policy targeting a Service port wins over the namespace Policy `default`, which wins over the
  // MeshPolicy (istio 1.4.10 pilot/pkg/model/push_context.go AuthenticationPolicyForWorkload: by Service hostname,
  // then by namespace, then the default mesh policy; authenticationPolicyForWorkload: a port-specific target wins).
  test('legacy MeshPolicy, namespace Policy and a Policy targeting one Service port', () => {
    const rows = status([
      legacy('MeshPolicy', 'default', undefined, { peers: [{ mtls: {} }] }),
      legacy('Policy', 'default', 'leg', { peers: [{ mtls: { mode: 'PERMISSIVE' } }] }),
      legacy('Policy', 'pay', 'leg', { targets: [{ name: 'pay', ports: [{ number: 8443 }] }], peers: [{ mtls: {} }] }),
      svc('pay', 'leg', [8080, 8443]),
      svc('web', 'app', [80]),
    ]);
    expect(rows).toEqual([
      row('pay.leg.svc.cluster.local', 8080, { client: 'DISABLE', policy: 'leg/default' }),
      row('pay.leg.svc.cluster.local', 8443, { server: 'STRICT', client: 'DISABLE', plaintextCallers: 'RESET', ambientCallers: 'RESET', status: 'CONFLICT', policy: 'leg/pay', note: 'without auto mTLS and without an ISTIO_MUTUAL DestinationRule, the client sends plaintext to a STRICT server' }),
      row('web.app.svc.cluster.local', 80, { server: 'STRICT', client: 'DISABLE', plaintextCallers: 'RESET', ambientCallers: 'RESET', status: 'CONFLICT', policy: 'MeshPolicy/default', note: 'without auto mTLS and without an ISTIO_MUTUAL DestinationRule, the client sends plaintext to a STRICT server' }),
    ]);
  });
});

describe('status(): endpoints without a sidecar', () => {
  // status.ts:175:18 (ConditionalExpression true), status.ts:175:29 (StringLiteral): a server without a sidecar is
  // decided by no policy ('-'), even under a mesh-wide STRICT; status.ts:192:81 (ArrowFunction every () => undefined),
  // status.ts:192:88 (ConditionalExpression false), status.ts:192:88 (EqualityOperator !==), status.ts:192:104
  // (StringLiteral): the note for endpoints that all lack a sidecar; status.ts:186:33 (ArrayDeclaration): no
  // failures, no "would fail" note; status.ts:192:114 (StringLiteral): the text.
  test('all endpoints without a sidecar: DISABLE, no policy, "no sidecar: plaintext only"', () => {
    const rows = status([ns('legacy', {}), pa('default', 'istio-system', STRICT), deploy('db', 'legacy', { app: 'db' }, [5432]), svc('db', 'legacy', [5432])]);
    expect(rows).toEqual([row('db.legacy.svc.cluster.local', 5432, { server: 'DISABLE', dataplane: 'none', note: 'no sidecar: plaintext only' })]);
  });

  // status.ts:192:7 (ConditionalExpression false, MethodExpression every), status.ts:192:22 (ArrowFunction),
  // status.ts:192:29 (ConditionalExpression false), status.ts:192:45 (StringLiteral), status.ts:192:65
  // (MethodExpression some), status.ts:192:88 (ConditionalExpression true), status.ts:192:145 (StringLiteral): the
  // note for some endpoints without a sidecar; status.ts:194:20 (MethodExpression),
  // status.ts:194:48 (ConditionalExpression true), status.ts:194:54 (StringLiteral): the endpoint without a sidecar
  // adds no '-' to the policy of the other; status.ts:80:25 (StringLiteral): the headless auto mTLS text;
  // status.ts:70:26 (StringLiteral): the plaintext text; status.ts:204:61 (StringLiteral): notes joined by '; '.
  // The status OK is pinned as it is, though every sidecar client fails (see the headless ambient test below).
  test('a headless Service with one sidecar and one plain endpoint: MIXED, and auto mTLS fails the sidecar one', () => {
    const rows = status([
      ns('mix'), pa('default', 'mix', STRICT),
      deploy('db-a', 'mix', { app: 'db', v: 'a' }, [5432]),
      deploy('db-b', 'mix', { app: 'db', v: 'b', 'sidecar.istio.io/inject': 'false' }, [5432]),
      svc('db', 'mix', [5432], { clusterIP: 'None' }),
    ]);
    expect(rows).toEqual([row('db.mix.svc.cluster.local', 5432, {
      server: 'MIXED', dataplane: 'mixed', plaintextCallers: 'RESET', ambientCallers: 'RESET', policy: 'mix/default',
      note: 'workloads without a sidecar (db-b.mix) would fail: a client without a sidecar sends plaintext to a STRICT server; '
        + 'sidecar clients would fail: auto mTLS picks one mode for every endpoint of a headless Service, and an endpoint with another mode rejects it; '
        + 'some endpoints have no sidecar',
    })]);
  });
});

describe('status(): notes and CONFLICT from the traffic analysis', () => {
  // status.ts:191:33 (ConditionalExpression true and false, EqualityOperator ===): a possible failure of the row's own
  // conflict kind (sidecar clients, tls-to-strict) is not repeated, one of another kind is; status.ts:191:65
  // (StringLiteral), status.ts:122:137 (StringLiteral, failures key), status.ts:152:29 (BlockStatement),
  // status.ts:153:39 (ArrayDeclaration), status.ts:186:44 (ArrowFunction): the possible failures reach the note.
  test('a DestinationRule DISABLE toward STRICT, and a plain caller that would fail', () => {
    const rows = status([
      ns('shop'), ns('legacy', {}), pa('default', 'shop', STRICT),
      deploy('web', 'shop', { app: 'web' }, [80]), svc('web', 'shop', [80]),
      dr('web', 'shop', tls('web.shop.svc.cluster.local', 'DISABLE')),
      deploy('client', 'legacy', { app: 'client' }),
    ]);
    expect(rows).toEqual([row('web.shop.svc.cluster.local', 80, {
      server: 'STRICT', dataplane: 'sidecar', client: 'DISABLE', plaintextCallers: 'RESET', ambientCallers: 'RESET', status: 'CONFLICT',
      policy: 'shop/default', destinationRule: 'shop/web',
      note: 'the DestinationRule tls is not ISTIO_MUTUAL but the server is STRICT; workloads without a sidecar (client.legacy) would fail: a client without a sidecar sends plaintext to a STRICT server',
    })]);
  });

  // status.ts:201:25 (ConditionalExpression false): a failing declared call makes the row a CONFLICT though sidecar
  // clients get through; status.ts:185:44 (ArrowFunction), status.ts:186:20 (MethodExpression), status.ts:186:51
  // (BooleanLiteral), status.ts:190:40 (StringLiteral): it is named once, as declared.
  test('a declared call from a workload without a sidecar to a STRICT server', () => {
    const rows = status([
      ns('shop'), ns('legacy', {}), pa('default', 'shop', STRICT),
      deploy('web', 'shop', { app: 'web' }, [80]), svc('web', 'shop', [80]),
      deploy('client', 'legacy', { app: 'client' }, [], { [CALLS]: 'web.shop.svc.cluster.local:80' }),
    ]);
    expect(rows).toEqual([row('web.shop.svc.cluster.local', 80, {
      server: 'STRICT', dataplane: 'sidecar', plaintextCallers: 'RESET', ambientCallers: 'RESET', status: 'CONFLICT', policy: 'shop/default',
      note: 'declared call from client.legacy (no sidecar) fails: a client without a sidecar sends plaintext to a STRICT server',
    })]);
  });

  // status.ts:183:9 (ConditionalExpression false, BooleanLiteral outside), status.ts:183:27 (StringLiteral),
  // status.ts:183:87 (BooleanLiteral), status.ts:200:46 (StringLiteral): ztunnel's plaintext to a STRICT sidecar
  // without HBONE is a RESET for ambient callers; status.ts:77:35 (StringLiteral): the note names the ambient caller.
  test('an ambient caller toward a STRICT sidecar without HBONE', () => {
    const rows = status([
      ns('shop'), ns('amb', AMBIENT), pa('default', 'shop', STRICT),
      deploy('web', 'shop', { app: 'web' }, [80]), svc('web', 'shop', [80]), deploy('amb-client', 'amb', { app: 'amb-client' }),
    ]);
    expect(rows).toEqual([row('web.shop.svc.cluster.local', 80, {
      server: 'STRICT', dataplane: 'sidecar', plaintextCallers: 'RESET', ambientCallers: 'RESET', policy: 'shop/default',
      note: 'ambient workloads (amb-client.amb) would fail: ztunnel sends plaintext to a STRICT sidecar without HBONE',
    })]);
  });

  // status.ts:74:23 (StringLiteral): ISTIO_MUTUAL toward a PeerAuthentication DISABLE.
  test('ISTIO_MUTUAL toward a DISABLE server', () => {
    const rows = status([
      ns('shop'), pa('default', 'shop', { mtls: { mode: 'DISABLE' } }), deploy('web', 'shop', { app: 'web' }, [80]), svc('web', 'shop', [80]),
      dr('web', 'shop', tls('web.shop.svc.cluster.local', 'ISTIO_MUTUAL')),
    ]);
    expect(rows).toEqual([row('web.shop.svc.cluster.local', 80, {
      server: 'DISABLE', dataplane: 'sidecar', client: 'ISTIO_MUTUAL', status: 'CONFLICT', policy: 'shop/default', destinationRule: 'shop/web',
      note: 'ISTIO_MUTUAL toward a server whose PeerAuthentication is DISABLE',
    })]);
  });

  // status.ts:75:21 and status.ts:76:27 (StringLiteral): without auto mTLS, a DestinationRule without tls and no
  // DestinationRule at all both send plaintext to STRICT.
  test('without auto mTLS: a DestinationRule without tls, and none at all', () => {
    const rows = status([
      ns('shop'), pa('default', 'shop', STRICT),
      deploy('web', 'shop', { app: 'web' }, [80]), svc('web', 'shop', [80]), deploy('api', 'shop', { app: 'api' }, [80]), svc('api', 'shop', [80]),
      dr('web', 'shop', { host: 'web.shop.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }),
    ], { autoMtls: false });
    const strict = { server: 'STRICT', dataplane: 'sidecar', client: 'DISABLE', plaintextCallers: 'RESET', ambientCallers: 'RESET', status: 'CONFLICT', policy: 'shop/default' } as const;
    expect(rows).toEqual([
      row('api.shop.svc.cluster.local', 80, { ...strict, note: 'without auto mTLS and without an ISTIO_MUTUAL DestinationRule, the client sends plaintext to a STRICT server' }),
      row('web.shop.svc.cluster.local', 80, { ...strict, destinationRule: 'shop/web', note: 'without auto mTLS, a DestinationRule without tls sends plaintext to a STRICT server' }),
    ]);
  });
});

describe('status(): ambient endpoints and HBONE', () => {
  // status.ts:114:16 (ArrowFunction), status.ts:179:21 (LogicalOperator &&): a Service that is not headless is judged
  // with the install's PILOT_ENABLE_SENDING_HBONE (off here); status.ts:172:66 (ConditionalExpression true): an
  // ambient endpoint is judged as ambient, not as a sidecar; status.ts:79:39 (StringLiteral): the text.
  test('sidecars that send no HBONE toward a STRICT ambient Service', () => {
    const rows = status([ns('amb', AMBIENT), pa('default', 'amb', STRICT), deploy('api', 'amb', { app: 'api' }, [8080]), svc('api', 'amb', [8080])], { sidecarsSendHbone: false });
    expect(rows).toEqual([row('api.amb.svc.cluster.local', 8080, {
      server: 'STRICT', dataplane: 'ambient', plaintextCallers: 'RESET', status: 'CONFLICT', policy: 'amb/default',
      note: 'sidecars do not send HBONE (PILOT_ENABLE_SENDING_HBONE off) to ambient endpoints',
    })]);
  });

  // status.ts:179:29 (ObjectLiteral), status.ts:179:42 (BooleanLiteral): a headless Service's sidecar client is judged
  // as sending HBONE in the row itself; status.ts:78:34 (StringLiteral): the traffic analysis's note for it.
  // Pinned as it is, but questionable: analyze() reports this as IMT7002 (error, "every call from sidecar clients"),
  // while the row says OK, against StatusRow.status ("CONFLICT when a sidecar client cannot talk to the endpoints").
  test('a headless Service with ambient endpoints under STRICT', () => {
    const rows = status([ns('amb', AMBIENT), pa('default', 'amb', STRICT), deploy('api', 'amb', { app: 'api' }, [8080]), svc('api', 'amb', [8080], { clusterIP: 'None' })]);
    expect(rows).toEqual([row('api.amb.svc.cluster.local', 8080, {
      server: 'STRICT', dataplane: 'ambient', plaintextCallers: 'RESET', policy: 'amb/default',
      note: 'sidecar clients would fail: sidecars send no HBONE to a headless Service, so ztunnel gets plaintext or Istio mTLS it cannot terminate',
    })]);
  });
});

describe('status(): servers outside the mesh', () => {
  // status.ts:211:41 (ConditionalExpression false): the kubernetes Service is the kube-apiserver; status.ts:169:40
  // (ConditionalExpression true), status.ts:169:56 (StringLiteral), status.ts:199:68 and 200:64 (StringLiteral): '-'
  // for callers; status.ts:174:30 (StringLiteral): dataplane '-'; status.ts:181:18 (ConditionalExpression false),
  // status.ts:181:27 (StringLiteral), status.ts:72:23 (StringLiteral): the outside text; status.ts:193:22
  // (ArrowFunction), status.ts:193:29 (ConditionalExpression false), status.ts:193:45 and 193:68 (StringLiteral): the
  // outside note. status.ts:211:7 (ConditionalExpression false x2, LogicalOperator &&), status.ts:211:75
  // (BlockStatement), status.ts:212:12 (ArrayDeclaration), status.ts:212:13 (ObjectLiteral), status.ts:212:26
  // (StringLiteral): an ExternalName Service is outside too.
  test('the kube-apiserver Service with ISTIO_MUTUAL, and an ExternalName Service', () => {
    const rows = status([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { ports: [{ port: 443, targetPort: 6443 }] } },
      dr('api', 'istio-system', tls('kubernetes.default.svc.cluster.local', 'ISTIO_MUTUAL')),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'api.example.com', ports: [{ port: 443 }] } },
      pa('default', 'istio-system', STRICT),
    ]);
    const outside = { server: '-', dataplane: '-', plaintextCallers: '-', ambientCallers: '-' } as const;
    expect(rows).toEqual([
      row('ext.shop.svc.cluster.local', 443, { ...outside, note: 'server outside the mesh' }),
      row('kubernetes.default.svc.cluster.local', 443, {
        ...outside, client: 'ISTIO_MUTUAL', status: 'CONFLICT', destinationRule: 'istio-system/api', note: 'ISTIO_MUTUAL toward a server outside the mesh; server outside the mesh',
      }),
    ]);
  });

  // status.ts:232:20 (ConditionalExpression true, LogicalOperator ||), status.ts:233:10 (ConditionalExpression true,
  // LogicalOperator ||): a ServiceEntry host's rule counts for every client only when it is in the ServiceEntry's
  // namespace and exported to all: not with exportTo '.' (ledger), not from a third namespace (vault); kms is the case
  // where it counts. status.ts:141:169 (StringLiteral): the row's own note and the rule note are joined by '; '.
  test('ServiceEntry hosts: the rule of the ServiceEntry namespace counts only when exported to all', () => {
    const rows = status([
      se('ledger', 'shop', 'ledger.example.com'), dr('ledger', 'shop', tls('ledger.example.com', 'SIMPLE', { exportTo: ['.'] })),
      se('vault', 'shop', 'vault.example.com'), dr('vault', 'other', tls('vault.example.com', 'SIMPLE')),
      se('kms', 'shop', 'kms.example.com'), dr('kms', 'shop', tls('kms.example.com', 'SIMPLE')),
    ]);
    const outside = { server: '-', dataplane: '-', plaintextCallers: '-', ambientCallers: '-' } as const;
    expect(rows).toEqual([
      row('kms.example.com', '*', { ...outside, client: 'SIMPLE', destinationRule: 'shop/kms', note: 'server outside the mesh' }),
      row('ledger.example.com', '*', { ...outside, note: 'server outside the mesh; shop/ledger only applies to clients in its namespace' }),
      row('vault.example.com', '*', { ...outside, note: 'server outside the mesh; other/vault only applies to clients in its namespace' }),
    ]);
  });
});

describe('status(): DestinationRule hosts without a Service', () => {
  // status.ts:138:38 (MethodExpression), status.ts:138:75 (ConditionalExpression true): the note names only the rules
  // of the row's host; status.ts:139:11 (ConditionalExpression false): no note when a rule applies (audit);
  // status.ts:141:87 (ConditionalExpression true): one rule is "its namespace"; status.ts:141:51 and 141:126
  // (StringLiteral): two are joined by ', ' and "their namespaces".
  test('rules other clients do not see are named in the note', () => {
    const rows = status([
      dr('pay', 'shop', tls('payments.example.com', 'SIMPLE')), dr('pay', 'other', tls('payments.example.com', 'SIMPLE')),
      dr('ledger', 'shop', tls('ledger.example.com', 'SIMPLE')), dr('root', 'istio-system', tls('audit.example.com', 'SIMPLE')),
    ]);
    expect(rows).toEqual([
      row('audit.example.com', '*', { client: 'SIMPLE', destinationRule: 'istio-system/root' }),
      row('ledger.example.com', '*', { note: 'shop/ledger only applies to clients in its namespace' }),
      row('payments.example.com', '*', { note: 'shop/pay, other/pay only applies to clients in their namespaces' }),
    ]);
  });

  // status.ts:137:93 (ObjectLiteral): the row is judged with the install's HBONE sending (on), so ISTIO_MUTUAL toward
  // an ambient namespace is fine; status.ts:244:13 (ConditionalExpression true, EqualityOperator !==), status.ts:244:56
  // (ObjectLiteral), status.ts:245:23 (LogicalOperator &&): the dataplane comes from the host's namespace.
  test('a .svc host in an ambient namespace', () => {
    const rows = status([ns('amb', AMBIENT), dr('ghost', 'istio-system', tls('ghost.amb.svc.cluster.local', 'ISTIO_MUTUAL'))]);
    expect(rows).toEqual([row('ghost.amb.svc.cluster.local', '*', { dataplane: 'ambient', client: 'ISTIO_MUTUAL', destinationRule: 'istio-system/ghost' })]);
  });

  // status.ts:244:125 (BooleanLiteral): the namespace's injection decides, not "a Pod from the cluster";
  // status.ts:245:57 (LogicalOperator &&): the sidecar takes HBONE (sidecarHbone), so ambient callers get through;
  // status.ts:245:97 (LogicalOperator &&): the host namespace's policy decides.
  test('a .svc host in an injected STRICT namespace, sidecars taking HBONE', () => {
    const rows = status([ns('shop'), pa('default', 'shop', STRICT), dr('ghost', 'istio-system', tls('ghost.shop.svc.cluster.local', 'DISABLE'))], { sidecarHbone: true });
    expect(rows).toEqual([row('ghost.shop.svc.cluster.local', '*', {
      server: 'STRICT', dataplane: 'sidecar', client: 'DISABLE', plaintextCallers: 'RESET', status: 'CONFLICT', policy: 'shop/default', destinationRule: 'istio-system/ghost',
      note: 'the DestinationRule tls is not ISTIO_MUTUAL but the server is STRICT',
    })]);
  });

  // status.ts:245:39 (StringLiteral): a host outside any namespace is `unknown`; status.ts:245:69 (BooleanLiteral) and
  // status.ts:172:95 (StringLiteral): it is judged as a sidecar without HBONE, so under mesh STRICT both plaintext and
  // ambient callers are reset.
  test('a host in no namespace under mesh STRICT: unknown, judged as a sidecar without HBONE', () => {
    const rows = status([pa('default', 'istio-system', STRICT), dr('pay', 'istio-system', tls('payments.example.com', 'ISTIO_MUTUAL'))]);
    expect(rows).toEqual([row('payments.example.com', '*', {
      server: 'STRICT', client: 'ISTIO_MUTUAL', plaintextCallers: 'RESET', ambientCallers: 'RESET', policy: 'istio-system/default', destinationRule: 'istio-system/pay',
    })]);
  });
});
