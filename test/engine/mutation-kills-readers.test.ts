/**
 * Assertions that the mutation run of src/engine/model/readers.ts (docs/mutation.md, #20) showed were missing. Each
 * test names the surviving mutants (readers.ts line:col of the Stryker report) it kills. Everything is checked on the
 * records buildModel makes, with exact values, from both sides of each condition.
 */
import { K8sObject } from '../../src/engine';
import { MeshModel, buildModel } from '../../src/engine/model';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const model = (objects: K8sObject[]): MeshModel => buildModel(objects, OPTS);

const pa = (name: string, spec: K8sObject, ns = 'shop'): K8sObject =>
  ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec });
const policy = (name: string, spec: K8sObject): K8sObject =>
  ({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name, namespace: 'shop' }, spec });
const dr = (name: string, spec: K8sObject): K8sObject =>
  ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: 'shop' }, spec });
const se = (name: string, spec: K8sObject): K8sObject =>
  ({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name, namespace: 'shop' }, spec });
const ap = (name: string, spec: K8sObject): K8sObject =>
  ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'shop' }, spec });
const svc = (name: string, spec: K8sObject, labels?: Record<string, string>): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', ...(labels ? { labels } : {}) }, spec });
const vs = (name: string, spec: K8sObject): K8sObject =>
  ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'shop' }, spec });

describe('PeerAuthentication', () => {
  // Kills 50:10 (true, `||`) and 50:82 (`""`): a mode that is not one of Istio's four reads as UNSET, at the top level
  // and per port; a valid one is kept. Kills 67:62 (`""`): no mtls at all is UNSET.
  test('unknown, numeric and missing modes read as UNSET; known modes are kept', () => {
    const m = model([
      pa('bogus', { mtls: { mode: 'BOGUS' }, portLevelMtls: { 8080: { mode: 'strict' }, 9090: { mode: 7 }, 7070: { mode: 'DISABLE' } } }),
      pa('numeric', { mtls: { mode: 3 } }),
      pa('none', {}),
      pa('strict', { mtls: { mode: 'STRICT' } }),
    ]);
    const [bogus, numeric, none, strict] = m.peerPolicies;
    expect([bogus.mode, numeric.mode, none.mode, strict.mode]).toEqual(['UNSET', 'UNSET', 'UNSET', 'STRICT']);
    expect([...bogus.portModes]).toEqual([[7070, 'DISABLE'], [8080, 'UNSET'], [9090, 'UNSET']]);
  });

  // Kills 56:37 (true, `>=`): an empty matchLabels is no selector (namespace-wide); a non-empty one is workload scope.
  test('an empty matchLabels is namespace-wide, a non-empty one selects workloads', () => {
    const m = model([pa('empty', { selector: { matchLabels: {} } }), pa('app', { selector: { matchLabels: { app: 'cart' } } })]);
    const [empty, app] = m.peerPolicies;
    expect([empty.scope, empty.selector]).toEqual(['namespace', undefined]);
    expect([app.scope, app.selector]).toEqual(['workload', { app: 'cart' }]);
  });
});

describe('legacy Policy and MeshPolicy', () => {
  // Kills 81:76 (true, on the whole test and on its isObject operand): a peer without mtls, or not an object, is
  // skipped when looking for the peer method; `mtls: null` (YAML `- mtls:`) is STRICT (Istio 1.4
  // GetMutualTLS, authn policy utils: the first peer with the mtls param, STRICT when it is nil).
  test('the first peer with mtls decides, a peer without it is skipped', () => {
    const m = model([
      policy('default', { peers: [{}, { mtls: { mode: 'PERMISSIVE' } }] }), policy('plain', { peers: [{}] }),
      policy('odd', { peers: ['x', null, { mtls: null }] }),
    ]);
    expect(m.peerPolicies.map((p) => p.mode)).toEqual(['PERMISSIVE', 'DISABLE', 'STRICT']);
  });

  // Kills 85:25 (false): a target without a string name is dropped. Kills 88:15 (`["Stryker was here"]`): a target
  // with an empty ports list has ports []. Kills 104:14 (true, `>=`): no targets reads as undefined.
  test('targets: unnamed ones dropped, an empty ports list kept empty, none at all undefined', () => {
    const m = model([
      policy('default', { targets: [{ ports: [{ number: 80 }] }, { name: 5 }] }),
      policy('t', { targets: [{ name: 'cart', ports: [] }, { name: 'web', ports: [{ number: '8080' }, { name: 'http' }, {}] }, { name: 'db' }] }),
    ]);
    const [unnamed, named] = m.peerPolicies;
    expect([unnamed.targets, unnamed.scope]).toEqual([undefined, 'namespace']);
    expect('targets' in unnamed).toBe(true);
    expect(named.scope).toBe('workload');
    expect(named.targets).toStrictEqual([{ name: 'cart', ports: [] }, { name: 'web', ports: [8080, 'http'] }, { name: 'db', ports: undefined }]);
  });

  // Kills 103:60 (`""`) and 103:75 (`"Stryker was here!"`): a MeshPolicy's namespace is '' (cluster-scoped), a
  // Policy's is its own.
  test('a MeshPolicy has namespace "", a Policy its own namespace', () => {
    const m = model([
      { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default' }, spec: { peers: [{ mtls: {} }] } },
      policy('default', { peers: [{ mtls: {} }] }),
    ]);
    expect(m.peerPolicies.map((p) => [p.namespace, p.scope, p.mode])).toEqual([['', 'mesh', 'STRICT'], ['shop', 'namespace', 'STRICT']]);
  });
});

describe('DestinationRule', () => {
  // Kills 112:18 (true): a non-string tls mode reads as undefined, a string one is kept.
  // Kills 123:9 (false): the first portLevelSettings entry of a port wins (Istio: the first match), entries without a
  // port number are skipped.
  test('tls modes and the first portLevelSettings entry per port', () => {
    const m = model([dr('d', {
      host: 'cart',
      trafficPolicy: {
        tls: { mode: 5 },
        portLevelSettings: [
          { port: { number: 80 }, tls: { mode: 'DISABLE' } },
          { port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL' } },
          { port: { name: 'http' }, tls: { mode: 'SIMPLE' } },
          { port: { number: 81 }, tls: { mode: 'MUTUAL' } },
        ],
      },
    })]);
    const { policy: p } = m.destinationRules[0];
    expect(p.tls?.mode).toBeUndefined();
    expect(p.tls?.fields).toEqual({ mode: 5 });
    expect([...p.portTls].map(([n, t]) => [n, t.mode])).toEqual([[80, 'DISABLE'], [81, 'MUTUAL']]);
    expect([...p.portLevel]).toEqual([80, 81]);
  });

  // Kills 135:11 (true) and 135:49 (`"Stryker was here!"`): a subset without a string name is named ''.
  test('subset names: a string is kept, a number or none reads as ""', () => {
    const m = model([dr('d', { host: 'cart', subsets: [{ name: 'v1' }, { name: 2 }, {}] })]);
    expect(m.destinationRules[0].subsets.map((s) => s.name)).toEqual(['v1', '', '']);
  });
});

describe('ServiceEntry', () => {
  // Kills 149:45 (no filter), 149:92 (true), 149:117 (`["Stryker was here"]`): only string hosts, [] when none.
  // Kills 151:46 (true), 151:109 (true, false, `!==`), 151:127 (`""`): protocol and name only when strings.
  // Kills 153:84 (true), 153:102 (`""`): MESH_INTERNAL is internal, anything else external.
  test('hosts, ports and location', () => {
    const m = model([
      se('a', { hosts: ['a.example.com', 5], location: 'MESH_INTERNAL', ports: [{ number: 80, protocol: 'HTTP', name: 'http' }, { number: 81, protocol: 7, name: 8 }] }),
      se('b', { location: 'MESH_EXTERNAL' }),
    ]);
    const [a, b] = m.serviceEntries;
    expect(a.hosts).toEqual(['a.example.com']);
    expect(b.hosts).toEqual([]);
    expect([a.external, b.external]).toEqual([false, true]);
    expect(a.ports).toStrictEqual([{ number: 80, protocol: 'HTTP', name: 'http' }, { number: 81, protocol: undefined, name: undefined }]);
  });
});

describe('AuthorizationPolicy: identity and L7 fields', () => {
  // Kills 163:40, 164:51 (`""`), 174:26 (`[]`), 174:27/48/72/90, 175:30/39/62/76/85 (`""`), 217:45 (false), 217:68
  // and 221:59 (`` ` ` ``): every identity, negated identity and L7 field is reported under its own name.
  test('every identity and L7 field is named', () => {
    const m = model([ap('all', {
      rules: [{
        from: [{ source: {
          principals: ['p'], namespaces: ['n'], serviceAccounts: ['s'], trustDomains: ['t'],
          notPrincipals: ['p'], notNamespaces: ['n'], notServiceAccounts: ['s'], notTrustDomains: ['t'],
          requestPrincipals: ['r'], notRequestPrincipals: ['r'], remoteIpBlocks: ['1.2.3.4'], notRemoteIpBlocks: ['1.2.3.4'],
        } }],
        to: [{ operation: { hosts: ['h'], notHosts: ['h'], methods: ['GET'], notMethods: ['GET'], paths: ['/'], notPaths: ['/'] } }],
        when: [{ key: 'request.headers[x]', values: ['a'] }, { key: 'experimental.envoy.filters.x', values: ['a'] }],
      }],
    })]);
    const p = m.authorizationPolicies[0];
    expect(p.identityFields).toEqual(['source.principals', 'source.namespaces', 'source.serviceAccounts', 'source.trustDomains']);
    expect(p.negatedIdentityFields).toEqual(['source.notPrincipals', 'source.notNamespaces', 'source.notServiceAccounts', 'source.notTrustDomains']);
    expect(p.l7Fields).toEqual([
      'from.source.requestPrincipals', 'from.source.notRequestPrincipals', 'from.source.remoteIpBlocks', 'from.source.notRemoteIpBlocks',
      'when request.headers[x]', 'when experimental.envoy.filters.x',
      'to.operation.hosts', 'to.operation.notHosts', 'to.operation.methods', 'to.operation.notMethods', 'to.operation.paths', 'to.operation.notPaths',
    ]);
    expect(p.usesIdentity).toBe(true);
  });

  // Kills 167:63 (true, `>=`): empty lists name no field. Kills 223:11 (true): a `when source.principal` with only
  // notValues is negative, not positive. Kills 221:11 (true, false, regex without `^`): only keys starting with
  // `request.` or `experimental.` are L7.
  test('empty lists, notValues-only conditions and non-L7 when keys', () => {
    const m = model([ap('e', {
      rules: [{
        from: [{ source: { principals: [], requestPrincipals: [] } }],
        to: [{ operation: { methods: [] } }],
        when: [{ key: 'source.principal', notValues: ['x'] }, { key: 'source.ip', values: ['1.2.3.4'] }, { key: 'connection.request.x', values: ['a'] }],
      }],
    })]);
    const p = m.authorizationPolicies[0];
    expect([p.identityFields, p.negatedIdentityFields, p.l7Fields]).toEqual([[], ['when source.principal notValues'], []]);
  });

  // Kills 220:11 (false, `&&`): a null condition is skipped, not read (the mutants throw). Kills 220:27 (false): a
  // key that is not a string (here an array whose text is `request.x`) is skipped.
  test('a null condition and a non-string key are skipped', () => {
    const m = model([ap('n', { rules: [{ when: [null, { key: ['request.headers[x]'], values: ['a'] }, { key: 'source.namespace', values: ['a'] }] }] })]);
    const p = m.authorizationPolicies[0];
    expect([p.l7Fields, p.identityFields]).toEqual([[], ['when source.namespace']]);
  });

  // Kills 230:11 (true), 231:32 (`{}`), 233:13 (true, false, `===`): numeric and decimal-string ports are read, named
  // ports are not.
  test('operation ports', () => {
    const m = model([ap('p', { rules: [{ to: [{ operation: { ports: ['80', 'http', 8080] } }, { operation: { methods: ['GET'] } }] }] })]);
    expect(m.authorizationPolicies[0].ports).toEqual([80, 8080]);
  });
});

describe('AuthorizationPolicy: rules as a caller principal decides them', () => {
  // Kills 180:15 (false), 180:40 (true, `>=`, `<=`): a non-empty `when` makes the rule undecided, an empty one not.
  test('when: empty is decided, non-empty is not', () => {
    const m = model([ap('w', { rules: [{ when: [] }, { when: [{ key: 'source.ip', values: ['1.2.3.4'] }] }] })]);
    expect(m.authorizationPolicies[0].rules.map((r) => r.other)).toEqual([false, true]);
  });

  // Kills 182:52 (`["Stryker was here"]`): no `from` is no sources. Kills 176:77 (no filter), 176:106 (true): only
  // string principals. Kills 184:9 (false, every), 184:31 (`() => undefined`), 184:38 (true, false, `===`), 184:44
  // (`""`), 184:92 (false): principals and notPrincipals decide, any other source field (or an empty source) does not.
  test('sources: principals decide, other source fields make the rule undecided', () => {
    const m = model([ap('s', {
      rules: [
        { to: [{ operation: { ports: ['80'] } }] },
        { from: [{ source: { principals: ['a', 5] } }] },
        { from: [{ source: { notPrincipals: ['b'] } }] },
        { from: [{ source: { principals: ['a'], remoteIpBlocks: ['1.2.3.4'] } }] },
        { from: [{ source: { namespaces: ['shop'] } }] },
      ],
    })]);
    const rules = m.authorizationPolicies[0].rules;
    expect(rules.map((r) => r.other)).toEqual([false, false, false, true, true]);
    expect(rules[0].sources).toEqual([]);
    expect(rules[1].sources).toStrictEqual([{ principals: ['a'], notPrincipals: undefined }]);
    expect(rules[2].sources).toStrictEqual([{ principals: undefined, notPrincipals: ['b'] }]);
  });

  // Kills 188:52 (`{}`), 189:15 (false), 190:9 (true, false, every), 190:29 (`() => undefined`), 190:36 (true, false,
  // `===`), 190:42 (`""`), 190:60 (false), 191:56 (`["Stryker was here"]`), 191:60 (`{}`), 193:11 (true, false,
  // `===`), 193:56 (false): only numeric ports decide; any other operation field, or a named port, does not.
  test('operations: numeric ports decide, other fields and named ports make the rule undecided', () => {
    const m = model([ap('o', {
      rules: [
        { to: [{ operation: { ports: ['80', 8080] } }] },
        { to: [{ operation: {} }] },
        { to: [{ operation: { methods: ['GET'] } }] },
        { to: [{ operation: { ports: ['80', 'http'] } }] },
        { to: [{ operation: { ports: ['80'], paths: ['/'] } }] },
      ],
    })]);
    const rules = m.authorizationPolicies[0].rules;
    expect(rules.map((r) => [r.other, r.ports])).toEqual([[false, [80, 8080]], [false, []], [true, []], [true, [80]], [true, [80]]]);
  });
});

describe('AuthorizationPolicy targetRefs', () => {
  // Kills 237:16 (no filter), 237:108 (`[]`), 238:54/103/153 (true), 238:103 (false, `!==`), 238:122 (`""`),
  // 238:92/143/191 (`"Stryker was here!"`): targetRefs and the singular targetRef, non-objects dropped, non-string
  // fields read as ''.
  test('targetRefs and targetRef', () => {
    const m = model([
      ap('r', { targetRefs: ['x', { kind: 'Service', group: '', name: 'cart' }, { kind: 1, group: 2, name: 3 }, {}], targetRef: { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'wp' } }),
      ap('one', { targetRef: { kind: 'Service', name: 'web' } }),
    ]);
    const [r, one] = m.authorizationPolicies;
    expect(r.targetRefs).toEqual([
      { kind: 'Service', group: '', name: 'cart' }, { kind: '', group: '', name: '' }, { kind: '', group: '', name: '' },
      { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'wp' },
    ]);
    expect(one.targetRefs).toEqual([{ kind: 'Service', group: '', name: 'web' }]);
  });
});

describe('Gateway and the use-waypoint label', () => {
  // Kills 250:7 (false): only an istio-waypoint Gateway is a waypoint.
  test('only istio-waypoint Gateways are waypoints', () => {
    const gw = (name: string, gatewayClassName: string): K8sObject =>
      ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: 'shop' }, spec: { gatewayClassName } });
    const m = model([gw('ingress', 'istio'), gw('waypoint', 'istio-waypoint')]);
    expect(m.waypoints.map((w) => [w.name, w.serviceAccount, w.namespace])).toEqual([['waypoint', 'waypoint', 'shop']]);
  });

  // Kills 257:108 (`{}`), 258:20 (`""`), 259:7 (true, false, `!==`), 260:10 (true, false, `!==`), 260:16 (`""`),
  // 260:26 and 260:53 (`{}`), 260:44 (false): a name, `#none`, or no label (no key at all).
  test('use-waypoint: a name, #none, or absent', () => {
    const m = model([
      svc('named', {}, { 'istio.io/use-waypoint': 'wp' }),
      svc('optout', {}, { 'istio.io/use-waypoint': '#none' }),
      svc('plain', {}, { app: 'x', '': 'y' }),
    ]);
    const [named, optout, plain] = m.services;
    expect([named.useWaypoint, 'waypointOptOut' in named]).toEqual(['wp', false]);
    expect([optout.waypointOptOut, 'useWaypoint' in optout]).toEqual([true, false]);
    expect(['useWaypoint' in plain, 'waypointOptOut' in plain]).toEqual([false, false]);
  });
});

describe('Service', () => {
  // Kills 269:9 (false): a port without a number is dropped. Kills 270:91 (true, false, `!==`), 270:115 (`""`): a
  // named targetPort is kept, a boolean one is not a port. Kills 272:19 (true), 273:32 (true, false, `!==`), 273:57
  // (`""`): name and appProtocol only when strings.
  test('ports: numbers, target ports, names and appProtocol', () => {
    const m = model([svc('cart', {
      ports: [
        { name: 'http', port: 80, targetPort: 'web', appProtocol: 'http' },
        { name: 5, port: 81, targetPort: true, appProtocol: 6 },
        { name: 'x', port: 'x' },
        { port: 82, targetPort: '8082' },
      ],
    })]);
    expect(m.services[0].ports).toStrictEqual([
      { port: 80, name: 'http', protocol: 'TCP', targetPort: 'web', appProtocol: 'http' },
      { port: 81, name: undefined, protocol: 'TCP', targetPort: undefined, appProtocol: undefined },
      { port: 82, name: undefined, protocol: 'TCP', targetPort: 8082, appProtocol: undefined },
    ]);
  });

  // Kills 279:56 (true, false, `||`, `!==`), 279:70 (`""`), 279:88 (true, `!==`), 279:117 (`""`): externalName only
  // for type ExternalName with a string externalName.
  test('externalName only for type ExternalName with a string name', () => {
    const m = model([
      svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
      svc('cip', { type: 'ClusterIP', externalName: 'db.example.com' }),
      svc('noname', { type: 'ExternalName' }),
      svc('numeric', { type: 'ExternalName', externalName: 5 }),
    ]);
    expect(m.services.map((s) => s.externalName)).toEqual(['db.example.com', undefined, undefined, undefined]);
  });
});

describe('webhook configurations', () => {
  // Kills 298:9 (false): a service without a string name is skipped. Kills 300:42 (true), 300:90 (`""`): the
  // namespace defaults to `default`. Kills 301:49 (true), 301:87 (`"Stryker was here!"`): webhookName '' when not a
  // string.
  test('service name, namespace and webhook name', () => {
    const m = model([{
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'v' },
      webhooks: [
        { name: 'a', clientConfig: { service: { namespace: 'sys' } } },
        { name: 'b', clientConfig: { service: { name: 'hook', namespace: 'sys', port: 8443 } } },
        { clientConfig: { service: { name: 'hook2' } } },
        { name: 7, clientConfig: { service: { name: 'hook3', namespace: 9 } } },
      ],
    }]);
    expect(m.webhooks.map((w) => [w.webhookName, w.serviceNamespace, w.serviceName, w.port])).toEqual([
      ['b', 'sys', 'hook', 8443], ['', 'default', 'hook2', 443], ['', 'default', 'hook3', 443],
    ]);
  });
});

describe('VirtualService', () => {
  // Kills 317:45 (no filter), 317:92 (true), 317:117 (`["Stryker was here"]`): only string hosts, [] when none.
  test('hosts: strings only, [] when absent', () => {
    const m = model([vs('a', { hosts: ['cart', 5] }), vs('b', {})]);
    expect(m.virtualServices.map((v) => v.hosts)).toEqual([['cart'], []]);
  });
});
