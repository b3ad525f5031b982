/**
 * The mesh graph (src/engine/graph.ts) tested directly: meshGraph() on small meshes, compared whole (every group,
 * node and edge), and toMermaid()/toDot() on hand-built graphs, compared as whole texts. The CLI tests
 * (test/cli/cli-graph.test.ts) render real graphs with Graphviz but are not part of the mutation run; these are.
 */
import { AnalyzeOptions, K8sObject } from '../../src/engine';
import { GraphEdge, MeshGraph, meshGraph, toDot, toMermaid } from '../../src/engine/graph';
import { CALLS_ANNOTATION, REASON_ANNOTATION } from '../../src/engine/vocabulary';

const INJECTED = { 'istio-injection': 'enabled' };
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
interface DeployOpts { calls?: string; podLabels?: Record<string, string>; ports?: number[] }
/** A Deployment whose pods are labelled app: <name>, with container ports (8080 unless told). */
const deploy = (name: string, namespace: string, o: DeployOpts = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, ...(o.calls !== undefined ? { annotations: { [CALLS_ANNOTATION]: o.calls } } : {}) },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, ...o.podLabels } }, spec: { containers: [{ name, image: 'x', ports: (o.ports ?? [8080]).map((containerPort) => ({ containerPort })) }] } },
  },
});
type PortSpec = { name?: string; port: number; targetPort: number };
interface SvcOpts { selector?: Record<string, string>; ports?: PortSpec[]; labels?: Record<string, string> }
/** A Service selecting app: <name>, port 80 -> 8080 unless told. */
const svc = (name: string, namespace: string, o: SvcOpts = {}): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...(o.labels ? { labels: o.labels } : {}) },
  spec: { selector: o.selector ?? { app: name }, ports: o.ports ?? [{ port: 80, targetPort: 8080 }] },
});
const pa = (name: string, namespace: string, spec: K8sObject, annotations?: Record<string, string>): K8sObject => ({
  apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, spec,
});
const ap = (name: string, namespace: string, spec: K8sObject): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
const gateway = (name: string, namespace: string, gatewayClassName = 'istio-waypoint'): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace }, spec: { gatewayClassName, listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
});
const STRICT = { mtls: { mode: 'STRICT' } };
/** An edge as meshGraph() builds it. */
const edge = (from: string, to: string, label: string, status: GraphEdge['status'] = 'ok', codes: string[] = []): GraphEdge => ({ from, to, label, status, codes });
/** Every edge of the graph of `objects`. */
const edges = (objects: K8sObject[], options: AnalyzeOptions = {}) => meshGraph(objects, options).edges;

describe('meshGraph(): nodes and groups', () => {
  // Every dataplane is its node kind, with the server mode (of the first container port) after sidecar and ambient
  // only; sidecar with networking.istio.io/tunnel: http is sidecar-hbone; a namespace not in the input is unknown;
  // a Gateway of class istio-waypoint is a waypoint node (another class is no node); groups sorted by namespace, ids
  // in input order (workloads, then waypoints).
  test('each dataplane is a node kind with its detail, grouped and sorted by namespace', () => {
    const g = meshGraph([
      ns('side', INJECTED), ns('plain'), ns('amb', AMBIENT), pa('default', 'side', STRICT),
      deploy('api', 'side'), deploy('hb', 'side', { podLabels: { 'networking.istio.io/tunnel': 'http' } }), deploy('bare', 'side', { ports: [] }),
      deploy('legacy', 'plain'), deploy('ghostly', 'ghost'), deploy('web', 'amb'), gateway('wp', 'amb'), gateway('ingress', 'amb', 'istio'),
    ]);
    expect(g).toEqual({
      groups: [
        { namespace: 'amb', detail: 'ambient', nodes: [{ id: 'n5', name: 'web', kind: 'ambient', detail: 'ambient, PERMISSIVE' }, { id: 'n6', name: 'wp', kind: 'waypoint', detail: 'waypoint' }] },
        { namespace: 'ghost', detail: 'not in the input', nodes: [{ id: 'n4', name: 'ghostly', kind: 'unknown', detail: 'unknown' }] },
        { namespace: 'plain', detail: 'no mesh label', nodes: [{ id: 'n3', name: 'legacy', kind: 'none', detail: 'none' }] },
        {
          namespace: 'side', detail: 'injection', nodes: [
            { id: 'n0', name: 'api', kind: 'sidecar', detail: 'sidecar, STRICT' },
            { id: 'n1', name: 'hb', kind: 'sidecar-hbone', detail: 'sidecar+HBONE, STRICT' },
            { id: 'n2', name: 'bare', kind: 'sidecar', detail: 'sidecar, STRICT' },
          ],
        },
      ],
      edges: [],
    });
  });

  // The mode is the one of the workload's first container port (port-level PERMISSIVE on 8080 under a STRICT
  // workload policy), not the workload's default; ambient workloads show theirs too.
  test('the server mode is the first container port\'s', () => {
    const g = meshGraph([
      ns('side', INJECTED), ns('amb', AMBIENT), pa('default', 'amb', STRICT),
      pa('two', 'side', { selector: { matchLabels: { app: 'two' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }),
      deploy('two', 'side', { ports: [8080, 8081] }), deploy('owt', 'side', { ports: [8081, 8080], podLabels: { app: 'two' } }), deploy('web', 'amb'),
    ]);
    expect(g.groups).toEqual([
      { namespace: 'amb', detail: 'ambient', nodes: [{ id: 'n2', name: 'web', kind: 'ambient', detail: 'ambient, STRICT' }] },
      {
        namespace: 'side', detail: 'injection', nodes: [
          { id: 'n0', name: 'two', kind: 'sidecar', detail: 'sidecar, PERMISSIVE' },
          { id: 'n1', name: 'owt', kind: 'sidecar', detail: 'sidecar, STRICT' },
        ],
      },
    ]);
  });

  // The options reach the model: with sidecarHbone every injected sidecar takes HBONE.
  test('options reach the model (sidecarHbone)', () => {
    const g = meshGraph([ns('side', INJECTED), deploy('api', 'side')], { sidecarHbone: true });
    expect(g.groups).toEqual([{ namespace: 'side', detail: 'injection', nodes: [{ id: 'n0', name: 'api', kind: 'sidecar-hbone', detail: 'sidecar+HBONE, PERMISSIVE' }] }]);
  });

  // The namespace detail: ambient, injection (istio-injection=enabled, or istio.io/rev without an istio-injection
  // label: any other istio-injection value is no injection, whatever istio.io/rev says), waypoint <name>, joined by
  // ', '; 'no mesh label' without any, 'not in the input' for a namespace the input lacks. Sorted by name whatever
  // the input order.
  test('namespace details, each label and their combination, sorted', () => {
    const names = ['rev', 'all', 'wp', 'none-mode', 'amb', 'inj', 'off-rev', 'true-rev', 'bare', 'opt-out'];
    const g = meshGraph([
      ns('rev', { 'istio.io/rev': 'canary' }), ns('all', { ...AMBIENT, ...INJECTED, 'istio.io/use-waypoint': 'east' }), ns('wp', { 'istio.io/use-waypoint': 'west' }),
      ns('none-mode', { 'istio.io/dataplane-mode': 'none' }), ns('amb', AMBIENT), ns('inj', INJECTED), ns('off-rev', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }),
      ns('true-rev', { 'istio-injection': 'true', 'istio.io/rev': 'canary' }), ns('bare'),
      // '#none' opts out of a waypoint (istio.io docs/ambient/usage/waypoint), as authz-ambient.ts reads it.
      ns('opt-out', { ...AMBIENT, 'istio.io/use-waypoint': '#none' }),
      ...names.map((n) => deploy('w', n)), deploy('w', 'zz-ghost'), deploy('w', 'a-ghost'),
    ]);
    expect(g.groups.map((x) => [x.namespace, x.detail, x.nodes.map((n) => n.id)])).toEqual([
      ['a-ghost', 'not in the input', ['n11']],
      ['all', 'ambient, injection, waypoint east', ['n1']],
      ['amb', 'ambient', ['n4']],
      ['bare', 'no mesh label', ['n8']],
      ['inj', 'injection', ['n5']],
      ['none-mode', 'no mesh label', ['n3']],
      ['off-rev', 'no mesh label', ['n6']],
      ['opt-out', 'ambient', ['n9']],
      ['rev', 'injection', ['n0']],
      ['true-rev', 'no mesh label', ['n7']],
      ['wp', 'waypoint west', ['n2']],
      ['zz-ghost', 'not in the input', ['n10']],
    ]);
  });
});

describe('meshGraph(): declared calls as edges', () => {
  // A caller without a sidecar toward a STRICT sidecar server is broken (IMT5001), with and without a port, through
  // the short or the full host (the label is the Service's name); the port decides where only some ports are STRICT
  // (a call without a port is broken if any port is); a Service without workloads and a host that is no Service are
  // service nodes (one node for a Service however often it is called), ok; a sidecar caller is ok; a caller whose
  // name the broken caller's name begins with (sleep.side, sleep.side-old) does not take its finding.
  test('ok and broken calls, with and without a port, to Services with and without workloads and to hosts', () => {
    const g = meshGraph([
      ns('side', INJECTED), ns('plain'), ns('side-old'), pa('default', 'side', STRICT),
      deploy('api', 'side'), svc('api', 'side'),
      pa('two', 'side', { selector: { matchLabels: { app: 'two' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }),
      deploy('two', 'side', { ports: [8080, 8081] }), svc('two', 'side', { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 81, targetPort: 8081 }] }),
      svc('empty', 'side', { selector: { app: 'nothing' } }),
      deploy('legacy', 'plain', { calls: 'api.side:80,api.side.svc.cluster.local,two.side:80,two.side:81,two.side,empty.side:80,empty.side,nowhere.example:8443' }),
      deploy('sleep', 'side', { calls: 'api.side:80' }),
      deploy('sleep', 'side-old', { calls: 'api.side:80' }),
    ]);
    expect(g.edges).toEqual([
      edge('n2', 'n0', 'api:80', 'broken', ['IMT5001']),
      edge('n2', 'n0', 'api', 'broken', ['IMT5001']),
      edge('n2', 'n1', 'two:80'),
      edge('n2', 'n1', 'two:81', 'broken', ['IMT5001']),
      edge('n2', 'n1', 'two', 'broken', ['IMT5001']),
      edge('n2', 'n5', 'empty:80'),
      edge('n2', 'n5', 'empty'),
      edge('n2', 'n6', 'nowhere.example:8443'),
      edge('n3', 'n0', 'api:80'),
      edge('n4', 'n0', 'api:80', 'broken', ['IMT5001']),
    ]);
    expect(g.groups).toEqual([
      { namespace: '(outside the input)', detail: 'not in the input', nodes: [{ id: 'n6', name: 'nowhere.example', kind: 'service', detail: 'host' }] },
      { namespace: 'plain', detail: 'no mesh label', nodes: [{ id: 'n2', name: 'legacy', kind: 'none', detail: 'none' }] },
      {
        namespace: 'side', detail: 'injection', nodes: [
          { id: 'n0', name: 'api', kind: 'sidecar', detail: 'sidecar, STRICT' },
          { id: 'n1', name: 'two', kind: 'sidecar', detail: 'sidecar, PERMISSIVE' },
          { id: 'n3', name: 'sleep', kind: 'sidecar', detail: 'sidecar, STRICT' },
          { id: 'n5', name: 'empty', kind: 'service', detail: 'Service, no workloads' },
        ],
      },
      { namespace: 'side-old', detail: 'no mesh label', nodes: [{ id: 'n4', name: 'sleep', kind: 'none', detail: 'none' }] },
    ]);
  });

  // A Service with two workloads is one edge per workload, each with the call's verdict.
  test('a call to a Service with two workloads is an edge to each', () => {
    expect(edges([
      ns('side', INJECTED), ns('plain'), pa('default', 'side', STRICT),
      deploy('v1', 'side', { podLabels: { app: 'api' } }), deploy('v2', 'side', { podLabels: { app: 'api' } }), svc('api', 'side'),
      deploy('legacy', 'plain', { calls: 'api.side:80' }),
    ])).toEqual([edge('n2', 'n0', 'api:80', 'broken', ['IMT5001']), edge('n2', 'n1', 'api:80', 'broken', ['IMT5001'])]);
  });

  // A call without a port to a Service STRICT on both ports has a finding per port: the edge lists the code once.
  test('a code found on two ports of one call is listed once', () => {
    expect(edges([
      ns('side', INJECTED), ns('plain'), pa('default', 'side', STRICT),
      deploy('api', 'side', { ports: [8080, 8081] }), svc('api', 'side', { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 81, targetPort: 8081 }] }),
      deploy('legacy', 'plain', { calls: 'api.side' }),
    ])).toEqual([edge('n1', 'n0', 'api', 'broken', ['IMT5001'])]);
  });

  // A call to a host that is no Service is broken when a finding names the caller and the host (IMT5003: an
  // ISTIO_MUTUAL DestinationRule toward a MESH_EXTERNAL ServiceEntry host), and only that host's edge.
  test('a broken call to a host outside the mesh, next to an ok one', () => {
    const g = meshGraph([
      ns('side', INJECTED),
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'side' }, spec: { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'https', protocol: 'TLS' }], resolution: 'DNS' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'ext', namespace: 'side' }, spec: { host: 'api.example.com', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } },
      deploy('sc', 'side', { calls: 'api.example.com:443,other.example.com' }),
    ]);
    expect(g).toEqual({
      groups: [
        {
          namespace: '(outside the input)', detail: 'not in the input', nodes: [
            { id: 'n1', name: 'api.example.com', kind: 'service', detail: 'host' },
            { id: 'n2', name: 'other.example.com', kind: 'service', detail: 'host' },
          ],
        },
        { namespace: 'side', detail: 'injection', nodes: [{ id: 'n0', name: 'sc', kind: 'sidecar', detail: 'sidecar, PERMISSIVE' }] },
      ],
      edges: [edge('n0', 'n1', 'api.example.com:443', 'broken', ['IMT5003']), edge('n0', 'n2', 'other.example.com')],
    });
  });

  // Both callers' calls to a host that is no Service end at one node, whichever port they name (was: a node per call).
  test('one node per host, however many calls name it', () => {
    const g = meshGraph([ns('side', INJECTED), deploy('a', 'side', { calls: 'x.example:80,x.example:81' }), deploy('b', 'side', { calls: 'x.example:80' })]);
    expect(g.groups[0]).toEqual({ namespace: '(outside the input)', detail: 'not in the input', nodes: [{ id: 'n2', name: 'x.example', kind: 'service', detail: 'host' }] });
    expect(g.edges).toEqual([edge('n0', 'n2', 'x.example:80'), edge('n0', 'n2', 'x.example:81'), edge('n1', 'n2', 'x.example:80')]);
  });

  // A host is matched whole: the IMT5003 finding on api.example.com:443 does not break the call to api.example, a
  // host whose name it starts with (was: both edges broken).
  test('a finding on a longer host name does not break a call to its prefix', () => {
    const g = meshGraph([
      ns('side', INJECTED),
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'side' }, spec: { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'https', protocol: 'TLS' }], resolution: 'DNS' } },
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'ext', namespace: 'side' }, spec: { host: 'api.example.com', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } },
      deploy('sc', 'side', { calls: 'api.example.com,api.example' }),
    ]);
    expect(g.edges).toEqual([edge('n0', 'n1', 'api.example.com', 'broken', ['IMT5003']), edge('n0', 'n2', 'api.example')]);
  });

  // The findings are analyze()'s with the same options: a finding ignored for the run does not break the edge.
  test('options reach the analysis (ignore)', () => {
    const objects = [ns('side', INJECTED), ns('plain'), pa('default', 'side', STRICT), deploy('api', 'side'), svc('api', 'side'), deploy('legacy', 'plain', { calls: 'api.side:80' })];
    expect(edges(objects)).toEqual([edge('n1', 'n0', 'api:80', 'broken', ['IMT5001'])]);
    expect(edges(objects, { ignore: ['IMT5001: migrating'] })).toEqual([edge('n1', 'n0', 'api:80')]);
  });
});

describe('meshGraph(): ambient authorization (IMT7008, IMT7010)', () => {
  // An L7 AuthorizationPolicy on ambient pods without a waypoint is deny-all at ztunnel: every call to them is broken
  // with IMT7008 (after the call's own codes); a targetRefs policy on a Service no waypoint serves (no label, or a
  // label naming a Gateway the input lacks) adds IMT7010 and is at risk unless something breaks the call; with the
  // waypoint in the input the call is ok. A waypoint-bound Service's call from an ambient caller is ok too.
  test('deny-all at ztunnel is broken, an unenforced waypoint policy at risk', () => {
    const g = meshGraph([
      ns('amb', AMBIENT), ns('plain'), ns('side', INJECTED), pa('default', 'amb', STRICT),
      deploy('web', 'amb'), svc('web', 'amb'),
      ap('l7', 'amb', { selector: { matchLabels: { app: 'web' } }, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
      deploy('shop', 'amb'), svc('shop', 'amb'),
      ap('shop', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'shop' }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/side/sa/sc'] } }] }] }),
      deploy('cart', 'amb'), svc('cart', 'amb', { labels: { 'istio.io/use-waypoint': 'missing' } }),
      ap('cart', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/side/sa/sc'] } }] }] }),
      deploy('pay', 'amb'), svc('pay', 'amb', { labels: { 'istio.io/use-waypoint': 'wp' } }), gateway('wp', 'amb'),
      ap('pay', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'pay' }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/side/sa/sc'] } }] }] }),
      deploy('legacy', 'plain', { calls: 'web.amb:80,shop.amb:80' }),
      deploy('sc', 'side', { calls: 'web.amb:80,shop.amb:80,cart.amb:80,pay.amb:80' }),
    ]);
    expect(g.edges).toEqual([
      edge('n4', 'n0', 'web:80', 'broken', ['IMT5001', 'IMT7008']),
      edge('n4', 'n1', 'shop:80', 'broken', ['IMT5001', 'IMT7010']),
      edge('n5', 'n0', 'web:80', 'broken', ['IMT7008']),
      edge('n5', 'n1', 'shop:80', 'at-risk', ['IMT7010']),
      edge('n5', 'n2', 'cart:80', 'at-risk', ['IMT7010']),
      edge('n5', 'n3', 'pay:80'),
    ]);
    expect(g.groups.map((x) => [x.namespace, x.nodes.map((n) => `${n.id} ${n.name} ${n.kind} ${n.detail}`)])).toEqual([
      ['amb', ['n0 web ambient ambient, STRICT', 'n1 shop ambient ambient, STRICT', 'n2 cart ambient ambient, STRICT', 'n3 pay ambient ambient, STRICT', 'n6 wp waypoint waypoint']],
      ['plain', ['n4 legacy none none']],
      ['side', ['n5 sc sidecar sidecar, PERMISSIVE']],
    ]);
  });
});

describe('meshGraph(): which findings count', () => {
  // No rule reports a declared call as a warning today, so these name the call through a PeerAuthentication's name
  // (IMT1010 quotes it): a warning that names the caller and the callee makes the edge at risk, not broken; the same
  // finding as info (a reasoned PERMISSIVE) does not count.
  const objects = (annotations?: Record<string, string>) => [
    ns('side', INJECTED), deploy('api', 'side'), svc('api', 'side'), deploy('sc', 'side', { calls: 'api.side:80' }),
    pa('declared call sc.side -> api.side.svc.cluster.local:80: quoted', 'side', { mtls: { mode: 'PERMISSIVE' } }, annotations),
  ];

  test('a warning on a declared call is at risk', () => {
    expect(edges(objects())).toEqual([edge('n1', 'n0', 'api:80', 'at-risk', ['IMT1010'])]);
  });

  // The callee is matched whole (the traffic findings' "-> <host>:<port>: "): port 8 is not port 80.
  test('a finding on another port of the same host does not count', () => {
    const other = objects().map((o) => (o.kind === 'PeerAuthentication' ? { ...o, metadata: { ...o.metadata, name: 'declared call sc.side -> api.side.svc.cluster.local:8080: quoted' } } : o));
    expect(edges(other)).toEqual([edge('n1', 'n0', 'api:80')]);
  });

  test('an info finding on a declared call is no risk', () => {
    expect(edges(objects({ [REASON_ANNOTATION]: 'legacy clients until Q3' }))).toEqual([edge('n1', 'n0', 'api:80')]);
  });
});

/** A graph with every node kind and every edge status, the broken and at-risk edges not next to each other. */
const ALL: MeshGraph = {
  groups: [
    {
      namespace: 'shop', detail: 'ambient, waypoint wp', nodes: [
        { id: 'n0', name: 'cart', kind: 'sidecar', detail: 'sidecar, STRICT' },
        { id: 'n1', name: 'pay', kind: 'sidecar-hbone', detail: 'sidecar+HBONE, PERMISSIVE' },
        { id: 'n2', name: 'web', kind: 'ambient', detail: 'ambient, STRICT' },
        { id: 'n3', name: 'wp', kind: 'waypoint', detail: 'waypoint' },
      ],
    },
    {
      namespace: 'legacy', detail: 'no mesh label', nodes: [
        { id: 'n4', name: 'old', kind: 'none', detail: 'none' },
        { id: 'n5', name: 'ghost', kind: 'unknown', detail: 'unknown' },
        { id: 'n6', name: 'db', kind: 'service', detail: 'Service, no workloads' },
      ],
    },
  ],
  edges: [
    edge('n4', 'n0', 'cart:80', 'broken', ['IMT5001', 'IMT7008']),
    edge('n0', 'n2', 'web'),
    edge('n0', 'n1', 'pay:80', 'at-risk', ['IMT7010']),
  ],
};

/** Names and details with every character the renderers escape. */
const ODD: MeshGraph = {
  groups: [{ namespace: 'a"b"<c>', detail: 'x|y[z]{w}', nodes: [{ id: 'n0', name: 'q"u<o>t<e>s"', kind: 'sidecar', detail: 'back\\slash\\ new\nline\n|[]{}' }] }],
  edges: [edge('n0', 'n0', 'self "loop" <a|b>\\', 'at-risk', ['X"1'])],
};

const CLASS_DEFS = [
  '  classDef sidecar fill:#dbeafe,stroke:#1d4ed8',
  '  classDef sidecarHbone fill:#e0e7ff,stroke:#4338ca',
  '  classDef ambient fill:#dcfce7,stroke:#15803d',
  '  classDef none fill:#f3f4f6,stroke:#6b7280',
  '  classDef unknown fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 2',
  '  classDef waypoint fill:#fef9c3,stroke:#a16207',
  '  classDef service fill:#ffffff,stroke:#6b7280',
];

describe('toMermaid()', () => {
  // The whole flowchart: one subgraph per group ("namespace (detail)"), node shapes {{ }} for waypoints, ([ ]) for
  // services, [ ] for the rest, each with its class; edge labels with BROKEN/AT RISK and the codes; a linkStyle for
  // each non-ok edge at its index, red or orange; the classDefs of every kind; a final newline.
  test('every node shape, edge status and class', () => {
    expect(toMermaid(ALL)).toBe([
      'flowchart LR',
      '  subgraph ns0["shop (ambient, waypoint wp)"]',
      '    n0["cart<br/>sidecar, STRICT"]:::sidecar',
      '    n1["pay<br/>sidecar+HBONE, PERMISSIVE"]:::sidecarHbone',
      '    n2["web<br/>ambient, STRICT"]:::ambient',
      '    n3{{"wp<br/>waypoint"}}:::waypoint',
      '  end',
      '  subgraph ns1["legacy (no mesh label)"]',
      '    n4["old<br/>none"]:::none',
      '    n5["ghost<br/>unknown"]:::unknown',
      '    n6(["db<br/>Service, no workloads"]):::service',
      '  end',
      '  n4 -->|"cart:80 BROKEN IMT5001 IMT7008"| n0',
      '  n0 -->|"web"| n2',
      '  n0 -->|"pay:80 AT RISK IMT7010"| n1',
      '  linkStyle 0 stroke:#dc2626,stroke-width:2px,color:#dc2626',
      '  linkStyle 2 stroke:#ea580c,stroke-width:2px,color:#ea580c',
      ...CLASS_DEFS,
    ].join('\n') + '\n');
  });

  // Characters that end a Mermaid label: " as #quot;, < and > as #lt; and #gt; (every occurrence), | [ ] { } as
  // spaces, in subgraph titles, node texts and edge labels.
  test('escapes quotes, angle brackets and label delimiters', () => {
    expect(toMermaid(ODD)).toBe([
      'flowchart LR',
      '  subgraph ns0["a#quot;b#quot;#lt;c#gt; (x y z  w )"]',
      // Newlines and backslashes are not Mermaid's concern (names and details from meshGraph() have none).
      '    n0["q#quot;u#lt;o#gt;t#lt;e#gt;s#quot;<br/>back\\slash\\ new\nline\n     "]:::sidecar',
      '  end',
      '  n0 -->|"self #quot;loop#quot; #lt;a b#gt;\\ AT RISK X#quot;1"| n0',
      '  linkStyle 0 stroke:#ea580c,stroke-width:2px,color:#ea580c',
      ...CLASS_DEFS,
    ].join('\n') + '\n');
  });

  // Without edges: no edge or linkStyle line, and without groups only the header and the classDefs.
  test('an empty graph', () => {
    expect(toMermaid({ groups: [], edges: [] })).toBe(['flowchart LR', ...CLASS_DEFS].join('\n') + '\n');
  });
});

const DOT_HEAD = ['digraph mesh {', '  rankdir=LR;', '  node [style="rounded,filled", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];

describe('toDot()', () => {
  // The whole digraph: one cluster per group, boxes (dashed for unknown), a hexagon for the waypoint, an ellipse for
  // the service, fill and stroke colours of each kind; edges coloured by status, penwidth=2 on non-ok edges only.
  test('every node shape, edge status and colour', () => {
    expect(toDot(ALL)).toBe([
      ...DOT_HEAD,
      '  subgraph cluster_0 {',
      '    label="shop (ambient, waypoint wp)";',
      '    style="rounded"; color="#9ca3af";',
      '    n0 [label="cart\\nsidecar, STRICT", shape=box, fillcolor="#dbeafe", color="#1d4ed8"];',
      '    n1 [label="pay\\nsidecar+HBONE, PERMISSIVE", shape=box, fillcolor="#e0e7ff", color="#4338ca"];',
      '    n2 [label="web\\nambient, STRICT", shape=box, fillcolor="#dcfce7", color="#15803d"];',
      '    n3 [label="wp\\nwaypoint", shape=hexagon, fillcolor="#fef9c3", color="#a16207"];',
      '  }',
      '  subgraph cluster_1 {',
      '    label="legacy (no mesh label)";',
      '    style="rounded"; color="#9ca3af";',
      '    n4 [label="old\\nnone", shape=box, fillcolor="#f3f4f6", color="#6b7280"];',
      '    n5 [label="ghost\\nunknown", shape=box, fillcolor="#ffffff", color="#9ca3af", style="rounded,filled,dashed"];',
      '    n6 [label="db\\nService, no workloads", shape=ellipse, fillcolor="#ffffff", color="#6b7280"];',
      '  }',
      '  n4 -> n0 [label="cart:80 BROKEN IMT5001 IMT7008", color="#dc2626", fontcolor="#dc2626", penwidth=2];',
      '  n0 -> n2 [label="web", color="#4b5563", fontcolor="#4b5563"];',
      '  n0 -> n1 [label="pay:80 AT RISK IMT7010", color="#ea580c", fontcolor="#ea580c", penwidth=2];',
      '}',
    ].join('\n') + '\n');
  });

  // DOT strings: a backslash doubled (every one), a quote as \", a newline as \n; Mermaid's delimiters stay.
  test('escapes backslashes, quotes and newlines', () => {
    expect(toDot(ODD).split('\n').slice(4, 9)).toEqual([
      '  subgraph cluster_0 {',
      String.raw`    label="a\"b\"<c> (x|y[z]{w})";`,
      '    style="rounded"; color="#9ca3af";',
      String.raw`    n0 [label="q\"u<o>t<e>s\"\nback\\slash\\ new\nline\n|[]{}", shape=box, fillcolor="#dbeafe", color="#1d4ed8"];`,
      '  }',
    ]);
    expect(toDot(ODD).split('\n').slice(9)).toEqual([String.raw`  n0 -> n0 [label="self \"loop\" <a|b>\\ AT RISK X\"1", color="#ea580c", fontcolor="#ea580c", penwidth=2];`, '}', '']);
  });

  // Without groups and edges only the header and the closing brace.
  test('an empty graph', () => {
    expect(toDot({ groups: [], edges: [] })).toBe([...DOT_HEAD, '}'].join('\n') + '\n');
  });
});

describe('meshGraph() rendered', () => {
  // The engine's graph through both renderers: the linkStyle index and the penwidth follow the broken edge's
  // position among all edges (ok first here).
  test('a broken call after an ok one', () => {
    const g = meshGraph([
      ns('side', INJECTED), ns('plain'), pa('default', 'side', STRICT), deploy('api', 'side'), svc('api', 'side'),
      deploy('sc', 'side', { calls: 'api.side:80' }), deploy('legacy', 'plain', { calls: 'api.side:80' }),
    ]);
    const mmd = toMermaid(g).split('\n');
    expect(mmd.filter((l) => /-->|linkStyle/.test(l))).toEqual([
      '  n1 -->|"api:80"| n0',
      '  n2 -->|"api:80 BROKEN IMT5001"| n0',
      '  linkStyle 1 stroke:#dc2626,stroke-width:2px,color:#dc2626',
    ]);
    expect(toDot(g).split('\n').filter((l) => l.includes(' -> '))).toEqual([
      '  n1 -> n0 [label="api:80", color="#4b5563", fontcolor="#4b5563"];',
      '  n2 -> n0 [label="api:80 BROKEN IMT5001", color="#dc2626", fontcolor="#dc2626", penwidth=2];',
    ]);
  });
});
