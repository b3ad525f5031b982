/**
 * Kill tests for src/engine/resolve/client.ts (and the Resolver facade in resolve/index.ts): the mutants that survived
 * the Stryker run in scratch/survivors.txt. Each describe names the lines of client.ts whose mutants it kills; every
 * case asserts what Istio does, from both sides of the condition, with the exact rule that decides.
 *
 * Upstream references (istio/istio):
 * - pilot/pkg/model/push_context.go destinationRule / getExportedDestinationRuleFromNamespace: client namespace, then
 *   the Service's namespace, then the root namespace; a rule of another namespace is seen when its exportTo is empty,
 *   contains '*' or the client's namespace; a root-namespace client looks first at rootNamespaceLocal, the root rules
 *   that are "private only" (setDestinationRules: `exportToSet.Len() == 1 && (Contains(Private) ||
 *   Contains(Instance(namespace)))`).
 * - pilot/pkg/model/destination_rule.go mergeDestinationRule (ENABLE_ENHANCED_DESTINATIONRULE_MERGE): a newer rule
 *   merges into an older one with an equal exportTo set, or with `len(mdr.exportTo) > 0 &&
 *   exportToSet.SupersetOf(mdr.exportTo)`; rules with workload selectors that differ (`labels.Instance.Equals`) are not
 *   merged.
 * - pilot/pkg/model/sidecar.go SidecarScope.DestinationRule: among the rules of the most specific host, one whose
 *   workloadSelector matches the proxy (same namespace) wins over the catch-all.
 */
import { K8sObject } from '../../src/engine';
import { buildModel } from '../../src/engine/model';
import { ClientResolution, Resolver, exportedToAll } from '../../src/engine/resolve';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
const MUTUAL = { tls: { mode: 'ISTIO_MUTUAL' } };
const PLAIN = { tls: { mode: 'DISABLE' } };

function resolver(objects: K8sObject[], autoMtls?: boolean): Resolver {
  return new Resolver(buildModel(objects, { ...OPTS, autoMtls }));
}

function dr(namespace: string, name: string, spec: K8sObject): K8sObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec };
}

function service(namespace: string, name: string): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] } };
}

/** The deciding rule as `ns/name`, or undefined. */
const ref = (d: { namespace: string; ref: { name?: string } } | undefined) => (d ? `${d.namespace}/${d.ref.name}` : undefined);

/** The client TLS and the deciding DestinationRule as `ns/name`. */
function client(c: ClientResolution): { mode: string; explicit: boolean; dr?: string; field?: string } {
  return { mode: c.mode, explicit: c.explicit, dr: ref(c.dr), field: c.field };
}

/** The rule a client in `ns` (with these labels) uses for `host`. */
const ruleFor = (r: Resolver, ns: string, host: string, labels?: Record<string, string>) => ref(r.destinationRule(ns, host, labels));

/** The names of the rules Istio merges with the rule called `name`. */
function merged(r: Resolver, name: string): string[] {
  const d = r.model.destinationRules.find((x) => x.ref.name === name)!;
  return r.mergedWith(d).map((m) => m.ref.name!);
}

describe('exportedToAll: no exportTo, an empty one, or one with "*" (kills lines 26:26 and 26:75)', () => {
  // getExportedDestinationRuleFromNamespace: `exportToSet.IsEmpty() || exportToSet.Contains(visibility.Public) || ...`.
  const rule = (exportTo?: string[]) => resolver([dr('bookinfo', 'r', { host: REVIEWS, ...(exportTo ? { exportTo } : {}) })]).model.destinationRules[0];

  test('exported to every namespace', () => {
    expect(exportedToAll(rule())).toBe(true);
    expect(exportedToAll(rule([]))).toBe(true);
    expect(exportedToAll(rule(['*']))).toBe(true);
    expect(exportedToAll(rule(['.', '*']))).toBe(true);
  });

  test('exported only to some namespaces', () => {
    expect(exportedToAll(rule(['.']))).toBe(false);
    expect(exportedToAll(rule(['frontend']))).toBe(false);
    expect(exportedToAll(rule(['bookinfo', 'frontend']))).toBe(false);
  });
});

describe('visible: which clients see a rule of another namespace (kills lines 32:13 and 33:56)', () => {
  const objects = (exportTo?: string[]) => [
    dr('istio-system', 'mesh-wide', { host: '*.local', trafficPolicy: MUTUAL }),
    dr('bookinfo', 'reviews', { host: REVIEWS, ...(exportTo ? { exportTo } : {}), trafficPolicy: PLAIN }),
  ];

  test('a rule without exportTo, or with an empty one, is seen from every namespace (line 32)', () => {
    for (const r of [resolver(objects()), resolver(objects([]))]) {
      expect(ruleFor(r, 'frontend', REVIEWS)).toBe('bookinfo/reviews');
      expect(ruleFor(r, 'bookinfo', REVIEWS)).toBe('bookinfo/reviews');
      expect(client(r.clientTls('frontend', REVIEWS, 9080))).toEqual({ mode: 'DISABLE', explicit: true, dr: 'bookinfo/reviews', field: 'spec.trafficPolicy.tls' });
    }
  });

  test("a rule exported to another namespace only is not seen by clients of its own namespace, which fall through to the root (line 33: '.' is the only entry that names the rule's namespace implicitly)", () => {
    // setDestinationRules puts it in namespaceLocal only when exportTo is empty or has '.', '*' or the own namespace.
    const r = resolver(objects(['frontend']));
    expect(ruleFor(r, 'frontend', REVIEWS)).toBe('bookinfo/reviews');
    expect(ruleFor(r, 'bookinfo', REVIEWS)).toBe('istio-system/mesh-wide');
    expect(ruleFor(r, 'other', REVIEWS)).toBe('istio-system/mesh-wide');
    const own = resolver(objects(['frontend', 'bookinfo']));
    expect(ruleFor(own, 'bookinfo', REVIEWS)).toBe('bookinfo/reviews');
    const dot = resolver(objects(['frontend', '.']));
    expect(ruleFor(dot, 'bookinfo', REVIEWS)).toBe('bookinfo/reviews');
    expect(ruleFor(dot, 'other', REVIEWS)).toBe('istio-system/mesh-wide');
  });
});

describe('isPrivate: which root rules a root-namespace client looks at first (kills lines 39:17, 39:36 and 39:52)', () => {
  // setDestinationRules: a root rule goes to rootNamespaceLocal (looked at first by root clients) only when its
  // exportTo has one entry, '.' or the root namespace's own name; any other root rule comes after the Service namespace.
  const objects = (exportTo: string[]) => [
    dr('istio-system', 'root-rule', { host: '*.local', exportTo, trafficPolicy: MUTUAL }),
    dr('bookinfo', 'everything', { host: '*', trafficPolicy: PLAIN }),
  ];
  const rootClient = (exportTo: string[], withServiceRule = true) => ruleFor(resolver(objects(exportTo).slice(0, withServiceRule ? 2 : 1)), 'istio-system', REVIEWS);

  test("exportTo naming the root namespace alone is private, like '.' (line 39:52)", () => {
    expect(rootClient(['istio-system'])).toBe('istio-system/root-rule');
    expect(rootClient(['.'])).toBe('istio-system/root-rule');
  });

  test("exportTo '*' alone is public: the Service namespace's rule comes first (line 39:36)", () => {
    expect(rootClient(['*'])).toBe('bookinfo/everything');
    expect(rootClient(['*'], false)).toBe('istio-system/root-rule');
  });

  test('an exportTo with two entries is not private even when its first names the root namespace (line 39:17)', () => {
    expect(rootClient(['istio-system', 'frontend'])).toBe('bookinfo/everything');
    // Exported to the root namespace by name: seen after the Service namespace (getExportedDestinationRuleFromNamespace).
    expect(rootClient(['istio-system', 'frontend'], false)).toBe('istio-system/root-rule');
  });
});

describe('workload selectors in the lookup (kills lines 129:13 and 131:21)', () => {
  test('a selector rule of another namespace never applies, even to clients whose labels it matches (line 129)', () => {
    // The workloadSelector docs: "Workload selectors do not apply across namespace boundaries."
    const r = resolver([
      dr('istio-system', 'mesh-wide', { host: '*.local', trafficPolicy: MUTUAL }),
      dr('bookinfo', 'web-only', { host: REVIEWS, workloadSelector: { matchLabels: { app: 'web' } }, trafficPolicy: PLAIN }),
    ]);
    expect(ruleFor(r, 'frontend', REVIEWS, { app: 'web' })).toBe('istio-system/mesh-wide');
    expect(ruleFor(r, 'bookinfo', REVIEWS, { app: 'web' })).toBe('bookinfo/web-only');
    // A bookinfo client it does not select gets no rule at all: the selector rule is bookinfo's most specific match,
    // so the lookup stops there (sidecar.go SidecarScope.DestinationRule returns nil; istio/istio#57719).
    expect(ruleFor(r, 'bookinfo', REVIEWS, { app: 'api' })).toBeUndefined();
  });

  test('for the same host, a matching selector rule wins over the catch-all, whichever is older (line 131 "-")', () => {
    // sidecar.go SidecarScope.DestinationRule returns a matching selector rule, else the rule without a selector.
    const rules = [
      dr('frontend', 'a-all', { host: REVIEWS, trafficPolicy: PLAIN }),
      dr('frontend', 'z-web', { host: REVIEWS, workloadSelector: { matchLabels: { app: 'web' } }, trafficPolicy: { tls: { mode: 'SIMPLE' } } }),
    ];
    for (const r of [resolver(rules), resolver([...rules].reverse())]) {
      expect(ruleFor(r, 'frontend', REVIEWS, { app: 'web' })).toBe('frontend/z-web');
      expect(client(r.clientTls('frontend', REVIEWS, 9080, { app: 'web' }))).toEqual({ mode: 'SIMPLE', explicit: true, dr: 'frontend/z-web', field: 'spec.trafficPolicy.tls' });
      expect(ruleFor(r, 'frontend', REVIEWS, { app: 'api' })).toBe('frontend/a-all');
      expect(ruleFor(r, 'frontend', REVIEWS)).toBe('frontend/a-all');
    }
  });

  test('a more specific host wins over a less specific one with a matching selector, even two characters longer (line 131 "/")', () => {
    // MostSpecificHostMatch picks the host first; the selector only chooses among the rules of that host.
    const host = 'api.b.svc.cluster.local';
    const r = resolver([
      dr('b', 'a-svc-web', { host: '*.svc.cluster.local', workloadSelector: { matchLabels: { app: 'web' } }, trafficPolicy: PLAIN }),
      dr('b', 'z-ns', { host: '*.b.svc.cluster.local', trafficPolicy: MUTUAL }),
    ]);
    expect(ruleFor(r, 'b', host, { app: 'web' })).toBe('b/z-ns');
    expect(ruleFor(r, 'b', 'api.c.svc.cluster.local', { app: 'web' })).toBe('b/a-svc-web');
  });
});

describe('mergedWith: the exportTo sets rules merge by (kills lines 48:10, 48:79, 57:10, 62:25, 164:59 and 164:118)', () => {
  const rule = (name: string, spec: K8sObject) => dr('bookinfo', name, { host: REVIEWS, ...spec });

  test("a rule with a workloadSelector merges whatever its exportTo: Istio ignores it (line 48:10)", () => {
    const sel = { matchLabels: { app: 'web' } };
    const r = resolver([rule('a-sel', { workloadSelector: sel, exportTo: ['admin'] }), rule('b-sel', { workloadSelector: sel, trafficPolicy: PLAIN })]);
    expect(merged(r, 'b-sel')).toEqual(['a-sel', 'b-sel']);
    expect(merged(r, 'a-sel')).toEqual(['a-sel', 'b-sel']);
  });

  test('an empty exportTo and none are the same set, so the rules merge (line 48:79)', () => {
    const r = resolver([rule('a-empty', { exportTo: [] }), rule('b-none', { trafficPolicy: PLAIN })]);
    expect(merged(r, 'b-none')).toEqual(['a-empty', 'b-none']);
    expect(merged(r, 'a-empty')).toEqual(['a-empty', 'b-none']);
    // a-empty has no trafficPolicy: b-none's counts for the merged rule.
    expect(client(r.clientTls('frontend', REVIEWS, 9080))).toEqual({ mode: 'DISABLE', explicit: true, dr: 'bookinfo/b-none', field: 'spec.trafficPolicy.tls' });
  });

  test('the same set written in another order merges (line 62)', () => {
    const r = resolver([rule('a-fa', { exportTo: ['frontend', 'admin'] }), rule('b-af', { exportTo: ['admin', 'frontend'], trafficPolicy: PLAIN })]);
    expect(merged(r, 'b-af')).toEqual(['a-fa', 'b-af']);
    expect(merged(r, 'a-fa')).toEqual(['a-fa', 'b-af']);
  });

  test('a newer rule merges into an older one only when its set contains the whole older set, not just shares an entry (line 57)', () => {
    const r = resolver([
      rule('a-fa', { exportTo: ['frontend', 'admin'] }),
      rule('b-fo', { exportTo: ['frontend', 'ops'], trafficPolicy: PLAIN }),
      rule('c-fao', { exportTo: ['frontend', 'admin', 'ops'], trafficPolicy: MUTUAL }),
    ]);
    expect(merged(r, 'a-fa')).toEqual(['a-fa', 'c-fao']);
    expect(merged(r, 'b-fo')).toEqual(['b-fo', 'c-fao']);
    expect(merged(r, 'c-fao')).toEqual(['c-fao']);
  });

  test('an older rule with a wider set does not take a newer rule with a narrower one (line 164:59)', () => {
    const r = resolver([rule('a-wide', { exportTo: ['frontend', 'admin'] }), rule('b-narrow', { exportTo: ['frontend'], trafficPolicy: PLAIN })]);
    expect(merged(r, 'b-narrow')).toEqual(['b-narrow']);
    expect(merged(r, 'a-wide')).toEqual(['a-wide']);
    // frontend's client sees both; the older a-wide decides, alone: it has no tls.
    expect(client(r.clientTls('frontend', REVIEWS, 9080))).toEqual({ mode: 'AUTO', explicit: false, dr: 'bookinfo/a-wide', field: undefined });
  });

  test('no newer rule is a superset of an older rule without exportTo: `len(mdr.exportTo) > 0` (line 164:118)', () => {
    const r = resolver([rule('a-none', {}), rule('b-front', { exportTo: ['frontend'], trafficPolicy: PLAIN })]);
    expect(merged(r, 'a-none')).toEqual(['a-none']);
    expect(merged(r, 'b-front')).toEqual(['b-front']);
    expect(client(r.clientTls('frontend', REVIEWS, 9080))).toEqual({ mode: 'AUTO', explicit: false, dr: 'bookinfo/a-none', field: undefined });
  });
});

describe('mergedWith: workload selectors (kills lines 72:71, 73:31, 73:59, 73:66, 180:19 and 180:88)', () => {
  const sel = (matchLabels: Record<string, string>) => ({ workloadSelector: { matchLabels } });
  const rule = (name: string, spec: K8sObject) => dr('frontend', name, { host: REVIEWS, ...spec });

  test('rules with different selectors are kept apart (bothWithSelector && !selectorsMatch)', () => {
    const r = resolver([rule('a-web', sel({ app: 'web' })), rule('b-api', { ...sel({ app: 'api' }), trafficPolicy: PLAIN }), rule('c-web', { ...sel({ app: 'web' }), trafficPolicy: MUTUAL })]);
    expect(merged(r, 'a-web')).toEqual(['a-web', 'c-web']);
    expect(merged(r, 'b-api')).toEqual(['b-api']);
    expect(merged(r, 'c-web')).toEqual(['a-web', 'c-web']);
    expect(client(r.clientTls('frontend', REVIEWS, 9080, { app: 'api' }))).toEqual({ mode: 'DISABLE', explicit: true, dr: 'frontend/b-api', field: 'spec.trafficPolicy.tls' });
    expect(client(r.clientTls('frontend', REVIEWS, 9080, { app: 'web' }))).toEqual({ mode: 'ISTIO_MUTUAL', explicit: true, dr: 'frontend/c-web', field: 'spec.trafficPolicy.tls' });
  });

  test('selectors that differ in one value are kept apart; the same labels written in another order merge', () => {
    const r = resolver([
      rule('a-web-fe', sel({ app: 'web', tier: 'fe' })),
      rule('b-fe-web', { ...sel({ tier: 'fe', app: 'web' }), trafficPolicy: PLAIN }),
      rule('c-web-be', { ...sel({ app: 'web', tier: 'be' }), trafficPolicy: MUTUAL }),
    ]);
    expect(merged(r, 'b-fe-web')).toEqual(['a-web-fe', 'b-fe-web']);
    expect(merged(r, 'c-web-be')).toEqual(['c-web-be']);
  });
});

describe('mergedWith and clientTlsWith for a rule the model does not hold (kills line 180:68)', () => {
  test('such a rule is a group of its own, and its own tls decides', () => {
    const r = resolver([dr('bookinfo', 'reviews', { host: REVIEWS, trafficPolicy: PLAIN })]);
    const foreign = resolver([dr('elsewhere', 'api', { host: 'api.elsewhere.svc.cluster.local', trafficPolicy: MUTUAL })]).model.destinationRules[0];
    expect(r.mergedWith(foreign).map((m) => m.ref.name)).toEqual(['api']);
    expect(client(r.clientTlsWith(foreign, 80))).toEqual({ mode: 'ISTIO_MUTUAL', explicit: true, dr: 'elsewhere/api', field: 'spec.trafficPolicy.tls' });
  });
});

describe('drCandidates and destinationRuleForService (kills lines 199:22, 201:109, 203:11 "false", 205 and index.ts 79)', () => {
  test('only rules whose host matches the Service, in input order (lines 201 and 205)', () => {
    const r = resolver([
      service('bookinfo', 'reviews'),
      dr('istio-system', 'mesh-wide', { host: '*.local', trafficPolicy: MUTUAL }),
      dr('istio-system', 'external', { host: '*.example.com', trafficPolicy: PLAIN }),
      dr('bookinfo', 'reviews', { host: 'reviews', trafficPolicy: PLAIN }),
      dr('bookinfo', 'ratings', { host: 'ratings', trafficPolicy: PLAIN }),
      dr('bookinfo', 'ns-wide', { host: '*.bookinfo.svc.cluster.local', trafficPolicy: MUTUAL }),
      dr('shop', 'shop-wide', { host: '*.shop.svc.cluster.local', trafficPolicy: MUTUAL }),
    ]);
    const svc = r.model.services[0];
    expect(r.drCandidates(svc).map(ref)).toEqual(['istio-system/mesh-wide', 'bookinfo/reviews', 'bookinfo/ns-wide']);
  });

  test('a wildcard given before an exact host stays first (line 205)', () => {
    const r = resolver([
      service('bookinfo', 'reviews'),
      dr('bookinfo', 'z-wide', { host: '*.bookinfo.svc.cluster.local' }),
      dr('istio-system', 'y-mesh', { host: '*', trafficPolicy: MUTUAL }),
      dr('bookinfo', 'a-exact', { host: REVIEWS }),
    ]);
    expect(r.drCandidates(r.model.services[0]).map(ref)).toEqual(['bookinfo/z-wide', 'istio-system/y-mesh', 'bookinfo/a-exact']);
  });

  test('no rule for the Service: no DestinationRule, and the Resolver answers the same as destinationRule (index.ts 79)', () => {
    const r = resolver([service('bookinfo', 'reviews'), service('bookinfo', 'ratings'), dr('bookinfo', 'reviews', { host: 'reviews', trafficPolicy: PLAIN })]);
    const [reviews, ratings] = r.model.services;
    expect(ref(r.destinationRuleForService('frontend', reviews))).toBe('bookinfo/reviews');
    expect(ref(r.destinationRuleForService('frontend', ratings))).toBeUndefined();
    expect(client(r.clientTlsForService('frontend', reviews, 9080))).toEqual({ mode: 'DISABLE', explicit: true, dr: 'bookinfo/reviews', field: 'spec.trafficPolicy.tls' });
  });

  test('a Service whose namespace has a dot is checked against every wildcard (lines 199 and 203)', () => {
    // Kubernetes does not allow such names; the engine's contract (every rule whose host matches) still holds.
    const r = resolver([service('a.b', 'web'), dr('b', 'b-wide', { host: '*.b.svc.cluster.local', trafficPolicy: PLAIN })]);
    const svc = r.model.services[0];
    expect(svc.host).toBe('web.a.b.svc.cluster.local');
    expect(r.drCandidates(svc).map(ref)).toEqual(['b/b-wide']);
    expect(ref(r.destinationRuleForService('b', svc))).toBe('b/b-wide');
    expect(ref(r.destinationRuleForService('b', svc))).toBe(ref(r.destinationRule('b', svc.host)));
  });
});

describe('serviceForHost (kills index.ts 99)', () => {
  test('a host as a client writes it finds the Service', () => {
    const r = resolver([service('bookinfo', 'reviews')]);
    const svc = r.model.services[0];
    expect(r.serviceForHost('reviews', 'bookinfo')).toBe(svc);
    expect(r.serviceForHost('reviews.bookinfo', 'frontend')).toBe(svc);
    expect(r.serviceForHost(REVIEWS, 'frontend')).toBe(svc);
    expect(r.serviceForHost('reviews', 'frontend')).toBeUndefined();
  });
});

describe('computeTls: a merged rule without tls names the rule whose settings decided (kills lines 256:30 and 256:54)', () => {
  const base = dr('bookinfo', 'a-base', { host: REVIEWS, subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const extra = dr('bookinfo', 'b-extra', {
    host: REVIEWS, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } },
    subsets: [{ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, connectionPool: { tcp: { maxConnections: 1 } } }] } }],
  });

  test("the newer rule's top-level trafficPolicy (without tls) decides: auto mTLS, or plaintext without it", () => {
    for (const objects of [[base, extra], [extra, base]]) {
      const r = resolver(objects);
      const d = r.destinationRule('frontend', REVIEWS);
      expect(ref(d)).toBe('bookinfo/a-base');
      expect(client(r.clientTlsWith(d, 9080))).toEqual({ mode: 'AUTO', explicit: false, dr: 'bookinfo/b-extra', field: undefined });
      expect(client(resolver(objects, false).clientTls('frontend', REVIEWS, 9080))).toEqual({ mode: 'DISABLE', explicit: false, dr: 'bookinfo/b-extra', field: undefined });
    }
  });

  test("the newer rule's subset port-level entry without tls decides on its port", () => {
    const r = resolver([base, extra]);
    const d = r.destinationRule('frontend', REVIEWS);
    expect(client(r.clientTlsWith(d, 9080, 'v2'))).toEqual({ mode: 'AUTO', explicit: false, dr: 'bookinfo/b-extra', field: undefined });
    expect(client(r.clientTlsWith(d, 9080, 'v1'))).toEqual({ mode: 'AUTO', explicit: false, dr: 'bookinfo/b-extra', field: undefined });
  });

  test('a single rule without tls decides itself', () => {
    const r = resolver([base]);
    expect(client(r.clientTls('frontend', REVIEWS, 9080))).toEqual({ mode: 'AUTO', explicit: false, dr: 'bookinfo/a-base', field: undefined });
  });
});
