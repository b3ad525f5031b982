/**
 * Property tests for the engine: random mutations of valid manifests never crash `analyze()`; every mutation that
 * breaks one of Istio's own rules is reported with that rule's code; whatever the API server's CEL rules reject, the
 * engine reports as an error; and findings do not depend on the order of the input.
 *
 * Every property is seeded: a failure prints its seed and counterexample, and re-running reproduces it.
 */
import * as fc from 'fast-check';
import { Severity, analyze } from '../../src';
import { analyzeDetailed } from '../../src/engine/analyze';
import { validateAgainstCrd } from '../../src/input/schema';

type Obj = { [key: string]: any };
type Path = Array<string | number>;

// ---------------------------------------------------------------------------------------------------------------
// Valid manifests to start from: one modern mesh and one legacy (Istio <= 1.5) mesh, each with its topology.
// ---------------------------------------------------------------------------------------------------------------

function topology(): Obj[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo', labels: { 'istio-injection': 'enabled' } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bar', labels: { 'istio-injection': 'enabled' } } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'foo' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web', version: 'v1' } },
          spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 8443 }], readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }] },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'foo' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }] },
    },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web-v2', namespace: 'foo' },
      spec: {
        selector: { matchLabels: { app: 'web', version: 'v2' } },
        template: { metadata: { labels: { app: 'web', version: 'v2' } }, spec: { containers: [{ name: 'web', image: 'web:2', ports: [{ containerPort: 8080, name: 'http' }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
    ...['curl-a', 'curl-b'].map((name) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'legacy' },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'curl', image: 'curl' }] } } },
    })),
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sleep', namespace: 'bar' },
      spec: { selector: { matchLabels: { app: 'sleep' } }, template: { metadata: { labels: { app: 'sleep' } }, spec: { containers: [{ name: 'sleep', image: 'curl' }] } } },
    },
  ];
}

function modernBase(): Obj[] {
  return [
    ...topology(),
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } },
    { apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'bar' }, spec: { mtls: { mode: 'STRICT' } } },
    {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'web', namespace: 'foo' },
      spec: { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'STRICT' }, 8443: { mode: 'UNSET' } } },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'foo' },
      spec: {
        host: 'web.foo.svc.cluster.local', exportTo: ['.'],
        trafficPolicy: {
          tls: { mode: 'ISTIO_MUTUAL' },
          connectionPool: { tcp: { connectTimeout: '10s', maxConnections: 100 }, http: { idleTimeout: '1h' } },
          outlierDetection: { interval: '5s', baseEjectionTime: '30s', consecutive5xxErrors: 5 },
          portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL' } }],
        },
        subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'payments', namespace: 'bar' },
      spec: { host: 'api.payments.example.com', trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/etc/ca/ca.pem', subjectAltNames: ['api.payments.example.com'], sni: 'api.payments.example.com' } } },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'partner', namespace: 'bar' },
      spec: {
        host: '*.partner.example.org',
        trafficPolicy: {
          tls: { mode: 'MUTUAL', clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem' },
          portLevelSettings: [{ port: { number: 8443 }, tls: { mode: 'SIMPLE', insecureSkipVerify: true } }],
        },
      },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'vault', namespace: 'foo' },
      spec: {
        host: 'vault.example.com', exportTo: ['.'], workloadSelector: { matchLabels: { app: 'web' } },
        trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'vault-client' } },
      },
    },
  ];
}

function legacyBase(): Obj[] {
  return [
    ...topology(),
    { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default' }, spec: { peers: [{ mtls: {} }] } },
    { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'default', namespace: 'bar' }, spec: { peers: [{ mtls: { mode: 'STRICT' } }] } },
    { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'web', namespace: 'foo' }, spec: { targets: [{ name: 'web', ports: [{ number: 80 }] }], peers: [{ mtls: {} }] } },
    { apiVersion: 'networking.istio.io/v1alpha3', kind: 'DestinationRule', metadata: { name: 'default', namespace: 'istio-system' }, spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } },
    {
      apiVersion: 'networking.istio.io/v1alpha3', kind: 'DestinationRule', metadata: { name: 'api-server', namespace: 'istio-system' },
      spec: { host: 'kubernetes.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    },
    {
      apiVersion: 'networking.istio.io/v1alpha3', kind: 'DestinationRule', metadata: { name: 'web', namespace: 'foo' },
      spec: {
        host: 'web', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, loadBalancer: { simple: 'ROUND_ROBIN' } },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }],
      },
    },
  ];
}

const BASES = [modernBase, legacyBase];
const ISTIO_KINDS = new Set(['PeerAuthentication', 'DestinationRule', 'MeshPolicy', 'Policy']);

// ---------------------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------------------

const isContainer = (x: unknown): x is Obj => x !== null && typeof x === 'object';

/** Every path below the root, containers included, in a stable order. */
function pathsOf(x: unknown, prefix: Path = []): Path[] {
  if (!isContainer(x)) return [];
  const out: Path[] = [];
  const keys: Array<string | number> = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
  for (const k of keys) {
    const p = [...prefix, k];
    out.push(p, ...pathsOf((x as any)[k], p));
  }
  return out;
}

function parentOf(root: Obj, path: Path): Obj | undefined {
  let cur: any = root;
  for (const k of path.slice(0, -1)) {
    if (!isContainer(cur)) return undefined;
    cur = cur[k];
  }
  return isContainer(cur) ? cur : undefined;
}

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { deeper: v };
  return v;
}

const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET', 'ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE', 'strict', 'Strict', '', 'STRICT ', 'ENABLE'];
const STRINGS = [
  '', ' ', '*', 'a*b', '0', '70000', 'abc', '-1', '1e3', 'default', '*.local', 'foo.*.com', '0s', '500us', '1ms', '-1s', 'abc',
  '10s', 'ünïcødé', '🔒', '\u0000', '\u202e', 'x'.repeat(300), 'kubernetes.default.svc.cluster.local', '__proto__', 'constructor',
];
const NUMBERS = [0, -1, 1, 80, 65535, 65536, 70000, 1e12, -1e12, 1.5, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN];

/** Odd values: every JSON type, modes valid and invalid, huge and negative numbers, unicode, deep nesting. */
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...MODES),
  fc.constantFrom(...NUMBERS),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { maxKeys: 3 }),
  fc.tuple(fc.integer({ min: 2, max: 100 }), fc.boolean()).map(([d, a]) => nested(d, 'STRICT', a)),
);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'set'; at: number; value: unknown }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'rename'; at: number; key: string }
  | { op: 'duplicate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  { arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: weirdValue }), weight: 3 },
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('unknownField', 'mode', 'port', 'tls', '', '*', '0', '__proto__', 'portLevelMtls', 'selector', 'matchLabels'), fc.string({ maxLength: 8 })), value: weirdValue }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('', ' ', '*', '0', '080', '+80', '65536', '１２', 'abc', 'app*', 'mode', 'portLevelMtls', 'matchLabels'), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
);

/** Applies one mutation to `root` in place; `at` picks a path modulo the number of paths. */
function mutate(root: Obj, m: Mutation): void {
  const ps = pathsOf(root);
  if (ps.length === 0) return;
  const path = ps[m.at % ps.length];
  const parent = parentOf(root, path);
  if (!parent) return;
  const key = path[path.length - 1];
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1); else delete parent[key];
      break;
    case 'set':
      parent[key] = structuredClone(m.value); // fc.constant values are shared between runs: never alias them
      break;
    case 'add': {
      const target = parent[key];
      const value = structuredClone(m.value);
      if (isContainer(target) && !Array.isArray(target)) Object.defineProperty(target, m.key, { value, enumerable: true, writable: true, configurable: true });
      else if (Array.isArray(target)) target.push(value);
      else parent[key] = { [m.key === '__proto__' ? 'proto' : m.key]: value };
      break;
    }
    case 'rename':
      if (!Array.isArray(parent)) {
        const v = parent[key];
        delete parent[key];
        Object.defineProperty(parent, m.key, { value: v, enumerable: true, writable: true, configurable: true });
      }
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
      break;
  }
}

/** A base mesh with 1-3 mutations applied to one of its objects. */
const mutatedArb = fc.record({
  base: fc.nat({ max: BASES.length - 1 }),
  target: fc.nat(),
  istioOnly: fc.boolean(),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
}).map(({ base, target, istioOnly, mutations }) => {
  const objects = BASES[base]();
  const candidates = objects.map((_, i) => i).filter((i) => !istioOnly || ISTIO_KINDS.has(objects[i].kind));
  const index = candidates[target % candidates.length];
  for (const m of mutations) mutate(objects[index], m);
  return { objects, index, mutations };
});

/** Mutations inside the spec of the objects that carry CEL rules on selectors and portLevelMtls. */
const specMutatedArb = fc.record({
  target: fc.constantFrom(['PeerAuthentication', 'web'], ['PeerAuthentication', 'default'], ['DestinationRule', 'vault']),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
}).map(({ target, mutations }) => {
  const objects = modernBase();
  const index = objects.findIndex((o) => o.kind === target[0] && o.metadata.name === target[1]);
  for (const m of mutations) mutate(objects[index].spec, m);
  return { objects, index, mutations };
});

const errorsOn = (objects: Obj[], index: number) => analyzeDetailed(objects).filter((f) => f.objectIndex === index && f.severity === Severity.ERROR);
const DURATION_RULE = 'must be a valid duration greater than 1ms';

// ---------------------------------------------------------------------------------------------------------------
// Property 2: random mutations never crash the engine, and what the API server rejects, the engine reports
// ---------------------------------------------------------------------------------------------------------------

describe('property 2: mutations of valid manifests', () => {
  test('the base manifests are valid: they pass the CRD schema and the engine reports no error', () => {
    for (const base of BASES) {
      const objects = base();
      expect(objects.map(validateAgainstCrd)).toEqual(objects.map(() => []));
      expect(analyze(objects).filter((f) => f.severity === Severity.ERROR)).toEqual([]);
    }
  });

  test('analyze never throws on a randomly mutated manifest', () => {
    fc.assert(fc.property(mutatedArb, ({ objects }) => {
      expect(() => analyze(objects)).not.toThrow();
      expect(() => analyze(objects, { autoMtls: false, migration: true, rootNamespace: 'foo' })).not.toThrow();
    }), { seed: 2201, numRuns: 600 });
  });

  test('whatever the CRD CEL rules on selectors and portLevelMtls reject, the engine reports as an error on that object', () => {
    let hits = 0;
    fc.assert(fc.property(fc.oneof({ weight: 1, arbitrary: mutatedArb }, { weight: 3, arbitrary: specMutatedArb }), ({ objects, index }) => {
      const cel = validateAgainstCrd(objects[index]).filter((v) => v.rule === 'cel' && !v.message.startsWith(DURATION_RULE));
      if (cel.length === 0) return;
      hits++;
      expect({ cel, errors: errorsOn(objects, index).length > 0 }).toEqual({ cel, errors: true });
    }), { seed: 2202, numRuns: 1000 });
    expect(hits).toBeGreaterThanOrEqual(80); // not vacuous: 100 of the 1,000 runs break a CEL rule
  });

  // FIXED (engine, DestinationRule): no rule restated the CRD's duration CEL rule ("must be a valid duration greater
  // than 1ms" on connectTimeout, idleTimeout, interval, baseEjectionTime, ...), so a DestinationRule the API server
  // rejects (e.g. connectTimeout: '0s' or 'abc') passed the engine without an error. IMT2014 now reports every CEL
  // violation of validateAgainstCrd that no more specific rule reports.
  test('whatever the CRD duration CEL rules reject, the engine reports as an error on that object', () => {
    const durationPaths: Path[] = [
      ['spec', 'trafficPolicy', 'connectionPool', 'tcp', 'connectTimeout'], ['spec', 'trafficPolicy', 'connectionPool', 'http', 'idleTimeout'],
      ['spec', 'trafficPolicy', 'outlierDetection', 'interval'], ['spec', 'trafficPolicy', 'outlierDetection', 'baseEjectionTime'],
    ];
    const arb = fc.record({ at: fc.nat({ max: durationPaths.length - 1 }), value: fc.oneof(fc.constantFrom('0s', '500us', '0.5ms', '-1s', 'abc', '10', '1d', ''), fc.string({ maxLength: 6 })) });
    fc.assert(fc.property(arb, ({ at, value }) => {
      const objects = modernBase();
      const index = objects.findIndex((o) => o.kind === 'DestinationRule' && o.metadata.name === 'web');
      const path = durationPaths[at];
      parentOf(objects[index], path)![path[path.length - 1]] = value;
      const cel = validateAgainstCrd(objects[index]).filter((v) => v.rule === 'cel');
      if (cel.length === 0) return;
      expect({ value, errors: errorsOn(objects, index).length > 0 }).toEqual({ value, errors: true });
    }), { seed: 2203, numRuns: 80 });
  });

  // Rules quote offending values in their messages; V8's JSON.stringify overflows the stack a few thousand levels
  // deep, and JSON.parse (the CLI's fallback for .json files js-yaml refuses) builds such values without complaint.
  test('analyze never throws on a value nested 10,000 levels deep, as JSON.parse produces it', () => {
    const arb = fc.record({ field: fc.constantFrom('mode', 'host', 'exportTo'), depth: fc.constantFrom(10_000, 50_000), asArray: fc.boolean() });
    fc.assert(fc.property(arb, ({ field, depth, asArray }) => {
      const deep = asArray ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const objects = modernBase();
      const pa = objects.find((o) => o.kind === 'PeerAuthentication')!;
      const dr = objects.find((o) => o.kind === 'DestinationRule')!;
      if (field === 'mode') pa.spec.mtls.mode = JSON.parse(deep);
      else dr.spec[field] = JSON.parse(deep);
      expect(() => analyze(objects)).not.toThrow();
    }), { seed: 2204, numRuns: 6 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property 2, targeted: each mutation that breaks a known Istio rule is reported with that rule's code
// ---------------------------------------------------------------------------------------------------------------

const find = (objects: Obj[], kind: string, name: string) => objects.findIndex((o) => o.kind === kind && o.metadata?.name === name);
const insertAt = (s: string, i: number, c: string) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1));
const notIn = (list: readonly string[]) => fc.string({ maxLength: 12 }).filter((s) => !list.includes(s));
const setString = fc.oneof(fc.constantFrom('/etc/certs/x.pem', 'a', 'client-cred'), fc.string({ minLength: 1, maxLength: 10 }));
const OTHER_TLS = ['clientCertificate', 'privateKey', 'caCertificates', 'credentialName', 'subjectAltNames', 'sni', 'insecureSkipVerify', 'caCrl'];

/** Rewrites one object of a base mesh; returns the mesh and the index of the object to find the code on. */
type Breaker = (objects: Obj[]) => number;

interface Targeted { readonly code: string; readonly what: string; readonly breaker: fc.Arbitrary<Breaker>; readonly bases?: Array<() => Obj[]> }

const TARGETED: Targeted[] = [
  {
    code: 'IMT1001', what: 'portLevelMtls without a selector',
    breaker: fc.constantFrom<(sel: Obj) => void>((s) => { delete s.selector; }, (s) => { s.selector = {}; }, (s) => { s.selector = { matchLabels: {} }; }, (s) => { s.selector = null; })
      .map((how) => (objects) => { const i = find(objects, 'PeerAuthentication', 'web'); how(objects[i].spec); return i; }),
  },
  {
    code: 'IMT1002', what: 'a portLevelMtls key that is not a port 1..65535',
    breaker: fc.oneof(fc.constantFrom('0', '70000', '65536', 'abc', '-1', '1e3', '', ' 80', '80.0', '99999999999999999999'), fc.string({ maxLength: 6 }).filter((k) => !/^[0-9]+$/.test(k)))
      .map((key) => (objects) => { const i = find(objects, 'PeerAuthentication', 'web'); objects[i].spec.portLevelMtls[key] = { mode: 'STRICT' }; return i; }),
  },
  {
    code: 'IMT1003', what: 'a mode outside UNSET, DISABLE, PERMISSIVE, STRICT',
    breaker: fc.tuple(fc.oneof(notIn(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']), fc.integer(), fc.boolean(), fc.constant([]), fc.constant({})), fc.boolean())
      .map(([mode, port]) => (objects) => {
        const i = find(objects, 'PeerAuthentication', 'web');
        if (port) objects[i].spec.portLevelMtls['8080'].mode = mode; else objects[i].spec.mtls.mode = mode;
        return i;
      }),
  },
  {
    code: 'IMT1004', what: "'*' in a selector key or value",
    breaker: fc.tuple(fc.boolean(), fc.nat(), fc.constantFrom('*', '**', '*.*')).map(([inKey, pos, star]) => (objects) => {
      const i = find(objects, 'PeerAuthentication', 'web');
      const ml = objects[i].spec.selector.matchLabels;
      if (inKey) { ml[insertAt('app', pos, star)] = 'web'; delete ml.app; } else ml.app = insertAt('web', pos, star);
      return i;
    }),
  },
  {
    code: 'IMT1005', what: 'an empty selector key',
    breaker: fc.string({ maxLength: 8 }).map((v) => (objects) => { const i = find(objects, 'PeerAuthentication', 'web'); objects[i].spec.selector.matchLabels[''] = v; return i; }),
  },
  {
    code: 'IMT2001', what: 'a DestinationRule host removed or with an invalid wildcard',
    breaker: fc.oneof(
      fc.constant(undefined), fc.constantFrom('', 'foo.*.com', 'a*b.com', '*.*.local', 'web.*', '**', '*a*', 'web..foo', '-web.foo', 'x'.repeat(256), 'a.123'),
      fc.constantFrom(42, null, true, ['web'], {}),
    ).map((host) => (objects) => {
      const i = find(objects, 'DestinationRule', 'web');
      if (host === undefined) delete objects[i].spec.host; else objects[i].spec.host = host;
      return i;
    }),
  },
  {
    code: 'IMT2002', what: 'an empty trafficPolicy',
    breaker: fc.boolean().map((subset) => (objects) => {
      const i = find(objects, 'DestinationRule', 'web');
      if (subset) objects[i].spec.subsets[0].trafficPolicy = {}; else objects[i].spec.trafficPolicy = {};
      return i;
    }),
  },
  {
    code: 'IMT2003', what: 'a portLevelSettings entry without a port',
    breaker: fc.constantFrom<(s: Obj) => void>((s) => { delete s.port; }, (s) => { s.port = {}; }, (s) => { s.port = { name: 'https' }; })
      .map((how) => (objects) => { const i = find(objects, 'DestinationRule', 'web'); how(objects[i].spec.trafficPolicy.portLevelSettings[0]); return i; }),
  },
  {
    code: 'IMT2004', what: 'a tls mode outside DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL',
    breaker: fc.tuple(fc.oneof(notIn(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']), fc.integer(), fc.boolean(), fc.constant({})), fc.constantFrom('top', 'port', 'subset'))
      .map(([mode, where]) => (objects) => {
        const i = find(objects, 'DestinationRule', 'web');
        const tp = objects[i].spec.trafficPolicy;
        (where === 'top' ? tp.tls : where === 'port' ? tp.portLevelSettings[0].tls : objects[i].spec.subsets[0].trafficPolicy.tls).mode = mode;
        return i;
      }),
  },
  {
    code: 'IMT2005', what: 'ISTIO_MUTUAL with any other tls field',
    breaker: fc.tuple(fc.constantFrom(...OTHER_TLS), setString, fc.constantFrom('top', 'port', 'subset')).map(([field, v, where]) => (objects) => {
      const i = find(objects, 'DestinationRule', 'web');
      const tp = objects[i].spec.trafficPolicy;
      const tls = where === 'top' ? tp.tls : where === 'port' ? tp.portLevelSettings[0].tls : objects[i].spec.subsets[0].trafficPolicy.tls;
      tls[field] = field === 'subjectAltNames' ? [v] : field === 'insecureSkipVerify' ? true : v;
      return i;
    }),
  },
  {
    code: 'IMT2006', what: 'MUTUAL without a client certificate or key',
    breaker: fc.constantFrom(['clientCertificate'], ['privateKey'], ['clientCertificate', 'privateKey']).map((drop) => (objects) => {
      const i = find(objects, 'DestinationRule', 'partner');
      for (const k of drop) delete objects[i].spec.trafficPolicy.tls[k];
      return i;
    }),
  },
  {
    code: 'IMT2007', what: 'credentialName together with certificate files',
    breaker: fc.tuple(fc.constantFrom('clientCertificate', 'caCertificates', 'privateKey', 'caCrl'), setString, fc.constantFrom('payments', 'partner', 'vault'))
      .map(([field, v, name]) => (objects) => {
        const i = find(objects, 'DestinationRule', name);
        Object.assign(objects[i].spec.trafficPolicy.tls, { credentialName: 'client-cred', [field]: v });
        return i;
      }),
  },
  {
    code: 'IMT2008', what: 'insecureSkipVerify together with CA certificates or SANs',
    breaker: fc.tuple(fc.constantFrom('caCertificates', 'subjectAltNames'), fc.constantFrom('payments', 'partner')).map(([field, name]) => (objects) => {
      const i = find(objects, 'DestinationRule', name);
      Object.assign(objects[i].spec.trafficPolicy.tls, { insecureSkipVerify: true, [field]: field === 'subjectAltNames' ? ['a.example.com'] : '/etc/ca.pem' });
      return i;
    }),
  },
  {
    code: 'IMT2011', what: 'a duplicate subset name',
    bases: [modernBase, legacyBase],
    breaker: fc.constant<Breaker>((objects) => {
      const i = find(objects, 'DestinationRule', 'web');
      objects[i].spec.subsets.push({ ...objects[i].spec.subsets[0], labels: { version: 'v9' } });
      return i;
    }),
  },
  {
    code: 'IMT3001', what: 'a renamed legacy MeshPolicy', bases: [legacyBase],
    breaker: fc.oneof(fc.constantFrom('mesh', 'default-mesh', 'Default', ''), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)).filter((n) => n !== 'default')
      .map((name) => (objects) => { const i = find(objects, 'MeshPolicy', 'default'); objects[i].metadata.name = name; return i; }),
  },
  {
    code: 'IMT3002', what: 'a legacy mtls mode DISABLE (or any mode but STRICT/PERMISSIVE)', bases: [legacyBase],
    breaker: fc.tuple(fc.oneof(fc.constant('DISABLE'), fc.constant('UNSET'), notIn(['STRICT', 'PERMISSIVE'])), fc.constantFrom('MeshPolicy', 'Policy'))
      .map(([mode, kind]) => (objects) => {
        const i = find(objects, kind, kind === 'MeshPolicy' ? 'default' : 'web');
        objects[i].spec.peers = [{ mtls: { mode } }];
        return i;
      }),
  },
];

describe('property 2: every mutation that breaks an Istio rule is reported with its code', () => {
  TARGETED.forEach(({ code, what, breaker, bases = [modernBase] }, n) => {
    test(`${what} is reported as ${code}`, () => {
      fc.assert(fc.property(breaker, fc.nat({ max: bases.length - 1 }), (br, b) => {
        const objects = bases[b]();
        const index = br(objects);
        const codes = analyzeDetailed(objects).filter((f) => f.objectIndex === index && f.severity === Severity.ERROR).map((f) => f.code);
        expect(codes).toContain(code);
      }), { seed: 2300 + n, numRuns: 40 });
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property 5: deterministic findings
// ---------------------------------------------------------------------------------------------------------------

/**
 * A mutated mesh, sometimes with a renamed copy of one of its Istio objects (a second mesh-wide policy, a second
 * DestinationRule for the same host, ...) that states another mode, whose objects all carry distinct creation times so
 * that "the oldest wins" does not depend on input order; and the same objects shuffled.
 */
const timedArb = (copyKinds: readonly string[]) => fc.tuple(
  mutatedArb,
  fc.option(fc.record({ which: fc.nat(), mode: fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE', 'ISTIO_MUTUAL', 'SIMPLE') }), { nil: undefined }),
  fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
).map(([m, copy, keys]) => {
  const objects = m.objects;
  if (copy) {
    const istio = objects.filter((o) => copyKinds.includes(o.kind) && isContainer(o.metadata) && isContainer(o.spec));
    if (istio.length > 0) {
      const twin = structuredClone(istio[copy.which % istio.length]);
      twin.metadata.name = `${twin.metadata.name}-copy`;
      if (twin.kind === 'PeerAuthentication' && ['STRICT', 'PERMISSIVE', 'DISABLE'].includes(copy.mode)) twin.spec.mtls = { mode: copy.mode };
      if (twin.kind === 'DestinationRule' && ['DISABLE', 'ISTIO_MUTUAL', 'SIMPLE'].includes(copy.mode)) twin.spec.trafficPolicy = { tls: { mode: copy.mode } };
      objects.push(twin);
    }
  }
  objects.forEach((o, i) => {
    if (isContainer(o.metadata) && !Array.isArray(o.metadata)) o.metadata.creationTimestamp = new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString();
  });
  const order = objects.map((_, i) => i).sort((a, b) => keys[a % keys.length] - keys[b % keys.length] || a - b);
  return { objects, shuffled: order.map((i) => objects[i]) };
});

const multiset = (fs: unknown[]) => fs.map((f) => JSON.stringify(f)).sort();

describe('property 5: deterministic finding order', () => {
  test('the same input twice gives byte-identical findings', () => {
    fc.assert(fc.property(mutatedArb, ({ objects }) => {
      expect(JSON.stringify(analyze(objects))).toBe(JSON.stringify(analyze(structuredClone(objects))));
    }), { seed: 2501, numRuns: 200 });
  });

  // FIXED (engine, traffic findings IMT5001/IMT5002/..., and IMT4001/IMT4003): the message text depended on input
  // order: it listed the callers without a sidecar in input order ("workloads without a sidecar (curl-a.legacy,
  // curl-b.legacy)") and named only the first failing endpoint in input order ("web.foo has no sidecar" vs "web-v2.foo
  // has no sidecar"), so the same manifests in another order gave different findings. Names are now sorted.
  test('a shuffled input gives the same multiset of findings', () => {
    fc.assert(fc.property(timedArb([...ISTIO_KINDS]), ({ objects, shuffled }) => {
      expect(multiset(analyze(shuffled))).toEqual(multiset(analyze(objects)));
    }), { seed: 2502, numRuns: 300 });
  });

  /** What a finding is about, without its message (the text is what depends on input order, above). */
  const about = ({ code, severity, resource, field }: { code: string; severity: string; resource: object; field?: string }) => ({ code, severity, resource, field });

  // FIXED (engine, Resolver.destinationRule): among DestinationRules for the same host in one namespace, the one listed
  // first decided (bestIn broke ties by input index); Istio sorts them by creationTimestamp (then name, namespace) and
  // merges them into the oldest: its trafficPolicy wins, newer rules add subsets (pilot/pkg/model/push_context.go
  // setDestinationRules + destination_rule.go mergeDestinationRule). The resolver now does the same (Resolver.mergedWith).
  test('a shuffled input gives the same findings by code, severity, object and field, with two DestinationRules for one host', () => {
    fc.assert(fc.property(timedArb(['DestinationRule']), ({ objects, shuffled }) => {
      expect(multiset(analyze(shuffled).map(about))).toEqual(multiset(analyze(objects).map(about)));
    }), { seed: 2503, numRuns: 300 });
  });

  test('a shuffled input gives the same findings by code, severity, object and field, with two policies at one level', () => {
    fc.assert(fc.property(timedArb(['PeerAuthentication', 'MeshPolicy', 'Policy']), ({ objects, shuffled }) => {
      expect(multiset(analyze(shuffled).map(about))).toEqual(multiset(analyze(objects).map(about)));
    }), { seed: 2504, numRuns: 300 });
  });
});
