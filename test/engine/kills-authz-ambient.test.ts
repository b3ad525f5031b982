/**
 * Assertions the Stryker run over src/engine/authz-ambient.ts showed were missing (89 survivors, 36 uncovered): the
 * ambient AuthorizationPolicy analysis (AmbientAuthz) built as src/engine/graph.ts builds it, and its three results
 * (l7AtZtunnel for IMT7008, denied for IMT7009, unenforced for IMT7010) compared whole, every field projected to
 * names. Each test names the mutants it kills as `authz-ambient.ts:LINE:COL (mutator)`, positions at commit 4bb834d.
 * Applied one at a time (each with @ts-nocheck, as Stryker does): 110 of the 125 listed mutants fail this file; the other 15 are below.
 *
 * Equivalent mutants, not tested:
 * - 27:7 (ConditionalExpression false): `*` then reaches the `prefix*` branch, value.startsWith('') is true too.
 * - 81:55, 88:68, 91:78, 91:108 (ArrayDeclaration ["Stryker was here"]): the string joins a policy list whose only
 *   reader is `.find((ap) => ap.action === 'DENY' && ...)`, and a string has no action, so it never matches.
 * - 91:41 (ConditionalExpression false): for the root namespace its policies are listed twice; find() returns the
 *   same first match.
 * - 90:9 (ConditionalExpression false): without destination-bound policies the walk finds no policy to match.
 * - 98:152 (ArrayDeclaration): the string is dropped by the filter on `w.dataplane === 'ambient'` (the only caller).
 * - 147:17 (ConditionalExpression true), 147:32 (ConditionalExpression true, EqualityOperator >= 0): an empty
 *   selector then reaches `ap.namespace === w.namespace && [].every(...)`, true as `!sel` was: a non-root policy is
 *   only consulted for its own namespace, and root-namespace policies with a selector are dropped at line 80.
 * - 149:12 (ConditionalExpression true, on `ap.namespace === w.namespace` alone): for the same reason the namespaces
 *   are always equal when a selector is there.
 * - 155:19 (StringLiteral ""): the memo key only has to differ from the other keys ('traffic', 'tlsBlocks').
 *
 * Not tested on purpose (see the report that came with this file):
 * - 133:55 (ConditionalExpression true): an ambient caller to a sidecar pod behind a Service bound to a waypoint;
 *   whether ztunnel sends that through the waypoint is not settled here.
 */
import { AnalyzeOptions, K8sObject } from '../../src/engine';
import { AmbientAuthz } from '../../src/engine/authz-ambient';
import { AuthzPolicy, Workload, modelOf } from '../../src/engine/model';
import { Resolver } from '../../src/engine/resolve';
import { CALLS_ANNOTATION } from '../../src/engine/vocabulary';

const INJECTED = { 'istio-injection': 'enabled' };
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
interface DeployOpts { calls?: string; podLabels?: Record<string, string>; sa?: string; ports?: number[] }
/** A Deployment whose pods are labelled app: <name> (and podLabels), with container ports (8080 unless told). */
const deploy = (name: string, namespace: string, o: DeployOpts = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, ...(o.calls !== undefined ? { annotations: { [CALLS_ANNOTATION]: o.calls } } : {}) },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, ...o.podLabels } },
      spec: { ...(o.sa ? { serviceAccountName: o.sa } : {}), containers: [{ name, image: 'x', ports: (o.ports ?? [8080]).map((containerPort) => ({ containerPort })) }] },
    },
  },
});
type PortSpec = { port: number; targetPort: number };
interface SvcOpts { selector?: Record<string, string>; ports?: PortSpec[]; labels?: Record<string, string> }
/** A Service selecting app: <name>, port 80 -> 8080 unless told. */
const svc = (name: string, namespace: string, o: SvcOpts = {}): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...(o.labels ? { labels: o.labels } : {}) },
  spec: { selector: o.selector ?? { app: name }, ports: o.ports ?? [{ port: 80, targetPort: 8080 }] },
});
const ap = (name: string, namespace: string, spec: K8sObject): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
const gateway = (name: string, namespace: string): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
});
const WAYPOINT = { 'istio.io/use-waypoint': 'wp' };

/** The AmbientAuthz of an input, built as src/engine/graph.ts builds it. */
const authzOf = (objects: K8sObject[], options: AnalyzeOptions = {}) => {
  const model = modelOf(objects, options);
  return { model, authz: new AmbientAuthz({ model, resolver: new Resolver(model) }) };
};
const wname = (w: Workload) => `${w.name}.${w.namespace}`;
const pname = (p: AuthzPolicy) => `${p.namespace}/${p.ref.name}`;
/** Every result of the analysis, each field named. */
const results = (objects: K8sObject[], options: AnalyzeOptions = {}) => {
  const a = authzOf(objects, options).authz;
  return {
    l7AtZtunnel: a.l7AtZtunnel.map((x) => ({ policy: pname(x.policy), workloads: x.workloads.map(wname) })),
    denied: a.denied.map((d) => ({
      policy: pname(d.policy), caller: wname(d.caller), service: d.service.host, port: d.port, endpoint: wname(d.endpoint),
      identity: d.identity ?? null, bypassesWaypoint: d.bypassesWaypoint,
    })),
    unenforced: a.unenforced.map((u) => ({
      policy: pname(u.policy), service: u.service.host,
      binding: u.binding ? { name: u.binding.name, namespace: u.binding.namespace, by: u.binding.by, waypoint: u.binding.waypoint ? `${u.binding.waypoint.namespace}/${u.binding.waypoint.name}` : null } : null,
    })),
  };
};
const NONE = { l7AtZtunnel: [], denied: [], unenforced: [] };

// ---------------------------------------------------------------------------------------------------------------
// DENY policies at a sidecar destination, decided on the caller's principal (IMT7009)

const CLIENT = 'cluster.local/ns/shop/sa/client';
const CART = 'cart.shop.svc.cluster.local';
/** A sidecar client (service account client) calling cart:80 in one injected namespace, with a DENY policy on cart. */
const sidecarMesh = (deny: K8sObject, extra: K8sObject[] = []): K8sObject[] => [
  ns('shop', INJECTED), deploy('client', 'shop', { calls: `${CART}:80`, sa: 'client' }), deploy('cart', 'shop'), svc('cart', 'shop'),
  ap('deny', 'shop', deny), ...extra,
];
const denyOnCart = (rules: K8sObject[]): K8sObject => ({ action: 'DENY', selector: { matchLabels: { app: 'cart' } }, rules });
/** The denied calls when cart's DENY policy has `rules`. */
const deniedBy = (rules: K8sObject[]) => results(sidecarMesh(denyOnCart(rules))).denied;
const CLIENT_DENIED = [{ policy: 'shop/deny', caller: 'client.shop', service: CART, port: 80, endpoint: 'cart.shop', identity: CLIENT, bypassesWaypoint: false }];
const byPrincipals = (principals: string[]) => deniedBy([{ from: [{ source: { principals } }] }]);

describe('principal patterns: exact, *, prefix* and *suffix (Istio string match)', () => {
  // Istio's principals are string matches: exact, `*` (any non-empty principal), `prefix*` or `*suffix` (api
  // security/v1beta1 authorization_policy.proto, Source.principals; pilot/pkg/security/authz/matcher/string.go
  // StringMatcherWithPrefix).
  // Kills 27:31 (BooleanLiteral false): `*` matches every peer identity.
  test('* matches any identity', () => {
    expect(byPrincipals(['*'])).toEqual(CLIENT_DENIED);
  });

  // Kills 28:7 (ConditionalExpression false), 28:7 (MethodExpression pattern.startsWith('*')), 28:37 (MethodExpression
  // value.endsWith), 28:54 (MethodExpression pattern): `prefix*` matches every identity that starts with the prefix.
  test('a prefix pattern matches the identities under it', () => {
    expect(byPrincipals(['cluster.local/ns/shop/sa/*'])).toEqual(CLIENT_DENIED);
  });

  // Kills 28:71 (UnaryOperator slice(0, +1)): only the text before the `*` is the prefix, not its first character.
  test('a prefix pattern of another namespace does not match', () => {
    expect(byPrincipals(['cluster.local/ns/other/*'])).toEqual([]);
  });

  // Kills 29:7 (ConditionalExpression false), 29:7 (MethodExpression pattern.endsWith('*')), 29:39 (MethodExpression
  // value.startsWith), 29:54 (MethodExpression pattern): `*suffix` matches every identity that ends with the suffix.
  test('a suffix pattern matches the identities ending with it', () => {
    expect(byPrincipals(['*/sa/client'])).toEqual(CLIENT_DENIED);
    expect(byPrincipals(['*/sa/other'])).toEqual([]);
  });

  // An exact pattern matches only itself. Kills 28:7 (ConditionalExpression true) and 28:24 (StringLiteral ""): as a
  // prefix `...client` would match `...clientX` cut by one character; 29:7 (ConditionalExpression true) and 29:26
  // (StringLiteral ""): as a suffix `Xluster.local/...` would match from its second character, and '' would match
  // everything; 27:19 (StringLiteral ""): '' would be taken for `*`; 38:26 (ConditionalExpression true): a source with
  // non-matching principals would match.
  test('an exact pattern matches only the same identity', () => {
    expect(byPrincipals([CLIENT])).toEqual(CLIENT_DENIED);
    expect(byPrincipals(['cluster.local/ns/shop/sa/clientX'])).toEqual([]);
    expect(byPrincipals(['Xluster.local/ns/shop/sa/client'])).toEqual([]);
    expect(byPrincipals([''])).toEqual([]);
  });

  // Kills 38:83 (MethodExpression every): any one of the listed principals matching is enough; 38:57
  // (ConditionalExpression false, EqualityOperator identity === undefined) and 38:101 (ArrowFunction () => undefined):
  // a listed principal does match; 39:19 (ConditionalExpression true): reading notPrincipals of a source without
  // them throws; 40:29 (ConditionalExpression false): a source with principals and no notPrincipals matches on its
  // principals alone.
  test('a source matches when any of its principals does', () => {
    expect(byPrincipals(['cluster.local/ns/other/sa/x', CLIENT])).toEqual(CLIENT_DENIED);
  });

  // Kills 37:10 (MethodExpression every): `from` matches when any of its sources does (proto: "If not set, any
  // source is allowed", and the list of sources is ORed).
  test('a rule matches when any of its sources does', () => {
    expect(deniedBy([{ from: [{ source: { principals: ['cluster.local/ns/other/sa/x'] } }, { source: { principals: [CLIENT] } }] }])).toEqual(CLIENT_DENIED);
  });

  // notPrincipals: the caller listed is exempt, another caller is denied (the waypoint-bypass DENY of istio.io
  // docs/ambient/migrate/migrate-policies).
  test('notPrincipals exempts the listed identities only', () => {
    expect(deniedBy([{ from: [{ source: { notPrincipals: [CLIENT] } }] }])).toEqual([]);
    expect(deniedBy([{ from: [{ source: { notPrincipals: ['cluster.local/ns/other/sa/x'] } }] }])).toEqual(CLIENT_DENIED);
  });
});

describe('rule ports and rule shape', () => {
  // `to.operation.ports` name the destination (container) port; cart listens on 8080 behind Service port 80.
  // Kills 35:7 (ConditionalExpression false) and 35:61 (BooleanLiteral true): a rule for another port does not match;
  // 35:29 (BooleanLiteral r.ports.includes(port)): a rule for the endpoint's port does.
  test('a rule naming ports matches the endpoint\'s container port only', () => {
    expect(deniedBy([{ from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { ports: ['9090'] } }] }])).toEqual([]);
    expect(deniedBy([{ from: [{ source: { principals: [CLIENT] } }], to: [{ operation: { ports: ['8080'] } }] }])).toEqual(CLIENT_DENIED);
  });

  // A rule without `from` matches any source (proto Rule.from: "If not set, any source is allowed"). Kills 36:7
  // (ConditionalExpression false) and 36:38 (BooleanLiteral false).
  test('a rule without sources matches every caller', () => {
    expect(deniedBy([{ to: [{ operation: { ports: ['8080'] } }] }])).toEqual(CLIENT_DENIED);
  });

  // Kills 136:18 (MethodExpression every): a policy matches when any of its rules does (rules are ORed).
  test('a policy matches when any of its rules does', () => {
    expect(deniedBy([{ from: [{ source: { principals: ['cluster.local/ns/other/sa/x'] } }] }, { from: [{ source: { principals: [CLIENT] } }] }])).toEqual(CLIENT_DENIED);
  });
});

describe('which policies can deny a call', () => {
  // Only DENY policies deny; an ALLOW policy whose rule matches the caller allows it. Kills 135:75 (LogicalOperator
  // ap.action === 'DENY' || ...) and 135:75 (ConditionalExpression true on the action test).
  test('an ALLOW policy matching the caller denies nothing', () => {
    expect(results(sidecarMesh({ action: 'ALLOW', selector: { matchLabels: { app: 'cart' } }, rules: [{ from: [{ source: { principals: [CLIENT] } }] }] })).denied).toEqual([]);
  });

  // A selector binds the policy to the pods whose labels include every selector label (proto WorkloadSelector
  // matchLabels). Kills 135:75 (ConditionalExpression true on `ap.action === 'DENY' && this.applies(...)`), 147:17
  // (ConditionalExpression false), 147:32 (EqualityOperator <= 0), 148:9 (ConditionalExpression true, BooleanLiteral
  // sel), 149:12 (ConditionalExpression true on the whole condition, LogicalOperator ||), 149:74 (ConditionalExpression
  // true): a selector of other pods; 149:44 (MethodExpression some): a selector of which cart has one label of two.
  test('a DENY policy applies to the pods its selector selects only', () => {
    const rules = [{ from: [{ source: { principals: [CLIENT] } }] }];
    expect(results(sidecarMesh({ action: 'DENY', selector: { matchLabels: { app: 'other' } }, rules })).denied).toEqual([]);
    expect(results(sidecarMesh({ action: 'DENY', selector: { matchLabels: { app: 'cart', tier: 'db' } }, rules })).denied).toEqual([]);
  });

  // A policy without a selector applies to every pod of its namespace. Kills 147:17 (LogicalOperator ||:
  // Object.keys(undefined) throws), 148:9 (BooleanLiteral sel and ConditionalExpression false: the namespace
  // comparison reads the missing selector and throws), 148:22 (BooleanLiteral false).
  test('a namespace-wide DENY policy applies to every pod of the namespace', () => {
    expect(results(sidecarMesh({ action: 'DENY', rules: [{ from: [{ source: { principals: [CLIENT] } }] }] })).denied).toEqual(CLIENT_DENIED);
  });
});

describe('identity of plaintext callers', () => {
  // A caller outside the mesh sends plaintext, which carries no principal: `principals` (even `*`) never match it and
  // `notPrincipals` always does (ISTIO-SECURITY-2021-004; proto Source.principals: "This field requires mTLS enabled").
  const plain = (rule: K8sObject) => results([
    ns('shop', INJECTED), ns('legacy'), deploy('old', 'legacy', { calls: `${CART}:80` }), deploy('cart', 'shop'), svc('cart', 'shop'),
    ap('deny', 'shop', denyOnCart([rule])),
  ]).denied;
  const PLAIN_DENIED = [{ policy: 'shop/deny', caller: 'old.legacy', service: CART, port: 80, endpoint: 'cart.shop', identity: null, bypassesWaypoint: false }];

  // Kills 39:53 (ConditionalExpression false): `*` in notPrincipals would exempt the caller as if it had an identity;
  // 134:30 (ConditionalExpression false) and 134:39 (StringLiteral ""): the plaintext caller would arrive with its
  // own principal, which `*` matches.
  test('notPrincipals ["*"] denies plaintext', () => {
    expect(plain({ from: [{ source: { notPrincipals: ['*'] } }] })).toEqual(PLAIN_DENIED);
  });

  // Kills 38:57 (LogicalOperator ||, ConditionalExpression true, EqualityOperator identity === undefined): `*` in
  // principals would match the caller without an identity.
  test('principals ["*"] does not match plaintext', () => {
    expect(plain({ from: [{ source: { principals: ['*'] } }] })).toEqual([]);
  });
});

describe('the declared calls walked', () => {
  const TWO_PORTS = [{ port: 80, targetPort: 8080 }, { port: 81, targetPort: 8081 }];
  const DENY_ALL = { action: 'DENY', rules: [{}] };
  const twoPorts = (calls: string) => results([
    ns('shop', INJECTED), deploy('client', 'shop', { calls, sa: 'client' }), deploy('cart', 'shop', { ports: [8080, 8081] }), svc('cart', 'shop', { ports: TWO_PORTS }),
    ap('deny', 'shop', DENY_ALL),
  ]).denied;
  const at = (port: number) => ({ policy: 'shop/deny', caller: 'client.shop', service: CART, port, endpoint: 'cart.shop', identity: CLIENT, bypassesWaypoint: false });

  // A call naming a port uses that Service port only, a call without one every port. Kills 128:15
  // (ConditionalExpression false): port 81 would be walked for a call to :80; 128:15 (ConditionalExpression true):
  // a call without a port would walk none.
  test('a call with a port is checked on that port, a call without one on every port', () => {
    expect(twoPorts(`${CART}:80`)).toEqual([at(80)]);
    expect(twoPorts(CART)).toEqual([at(80), at(81)]);
  });

  // A caller whose dataplane the input does not decide (its namespace is not in the input) is not judged. Kills
  // 130:15 (ConditionalExpression false).
  test('a caller of unknown dataplane is not judged', () => {
    expect(results([
      ns('shop', INJECTED), deploy('ghostly', 'ghost', { calls: `${CART}:80` }), deploy('cart', 'shop'), svc('cart', 'shop'), ap('deny', 'shop', DENY_ALL),
    ]).denied).toEqual([]);
  });

  // A pod without a proxy enforces no AuthorizationPolicy: a DENY in a namespace outside the mesh denies nothing.
  // Kills 132:17 (ConditionalExpression false).
  test('a destination outside the mesh enforces nothing', () => {
    expect(results([
      ns('shop', INJECTED), ns('legacy'), deploy('client', 'shop', { calls: 'old.legacy.svc.cluster.local:80', sa: 'client' }), deploy('old', 'legacy'), svc('old', 'legacy'),
      ap('deny', 'legacy', DENY_ALL),
    ]).denied).toEqual([]);
  });

  // Kills 132:17 (ConditionalExpression true, EqualityOperator ep.dataplane === 'sidecar') and 132:34 (StringLiteral
  // ""): a sidecar destination enforces its DENY policy.
  test('a sidecar destination enforces its DENY policy', () => {
    expect(results(sidecarMesh(DENY_ALL)).denied).toEqual(CLIENT_DENIED);
  });

  // A Service in a namespace the input does not hold has no namespace labels to read. Kills 104:21 (OptionalChaining
  // namespaces.get(...).labels: throws).
  test('a call to a Service whose Namespace is not in the input', () => {
    expect(results(sidecarMesh(DENY_ALL, [deploy('client2', 'shop', { calls: 'far.away.svc.cluster.local:80' }), deploy('far', 'away'), svc('far', 'away')])).denied)
      .toEqual(CLIENT_DENIED);
  });
});

describe('identity behind a waypoint (bypass prevention)', () => {
  // istio.io docs/ambient/migrate/migrate-policies, "Prevent waypoint bypass": a DENY with notPrincipals naming the
  // waypoint's service account, enforced by the destination ztunnel. An ambient caller reaches the ambient pod through
  // the waypoint and arrives as the waypoint; a sidecar caller and a caller outside the mesh bypass it
  // (docs/ambient/architecture/data-plane) and arrive as themselves, or with no identity.
  const API = 'api.amb.svc.cluster.local';
  const WP = 'cluster.local/ns/amb/sa/wp';
  const mesh = (deny: K8sObject, svcLabels: Record<string, string> | undefined, withGateway = true): K8sObject[] => [
    ns('amb', AMBIENT), ns('shop', INJECTED), ns('legacy'),
    deploy('web', 'amb', { calls: `${API}:80`, sa: 'web' }), deploy('client', 'shop', { calls: `${API}:80`, sa: 'client' }), deploy('old', 'legacy', { calls: `${API}:80` }),
    deploy('api', 'amb'), svc('api', 'amb', { labels: svcLabels }), ...(withGateway ? [gateway('wp', 'amb')] : []),
    ap('bypass', 'amb', { action: 'DENY', selector: { matchLabels: { app: 'api' } }, ...deny }),
  ];
  const row = (caller: string, identity: string | null, bypassesWaypoint: boolean) => ({ policy: 'amb/bypass', caller, service: API, port: 80, endpoint: 'api.amb', identity, bypassesWaypoint });

  // Kills 133:33 (ConditionalExpression false) and 133:42 (StringLiteral ""): the ambient caller would arrive as
  // itself; 133:55 (EqualityOperator ep.dataplane !== 'ambient') and 133:72 (StringLiteral ""): the same for the
  // ambient pod; 133:85 (EqualityOperator binding === undefined): likewise. The sidecar and plaintext callers bypass
  // the waypoint (bypassesWaypoint true).
  test('only the ambient caller arrives as the waypoint', () => {
    expect(results(mesh({ rules: [{ from: [{ source: { notPrincipals: [WP] } }] }] }, WAYPOINT)).denied).toEqual([
      row('client.shop', CLIENT, true), row('old.legacy', null, true),
    ]);
  });

  // Without a waypoint every caller arrives as itself and nothing is bypassed. Kills 133:85 (ConditionalExpression
  // true: binding!.namespace throws without a binding), 138:131 (ConditionalExpression true on the whole flag, on
  // `binding !== undefined` and on `binding !== undefined && ep.dataplane === 'ambient'`, LogicalOperator || on either
  // side): the flag would be set without a waypoint.
  test('without a waypoint callers arrive as themselves and bypass nothing', () => {
    expect(results(mesh({ rules: [{}] }, undefined)).denied).toEqual([
      row('web.amb', 'cluster.local/ns/amb/sa/web', false), row('client.shop', CLIENT, false), row('old.legacy', null, false),
    ]);
  });

  // A waypoint the input does not hold is assumed to run as its Gateway's name (what `istioctl waypoint apply`
  // deploys). Kills 134:107 (OptionalChaining binding.waypoint.serviceAccount: throws; LogicalOperator &&: the
  // principal would end in sa/undefined).
  test('a waypoint not in the input is taken to run as its name', () => {
    expect(results(mesh({ rules: [{ from: [{ source: { principals: ['cluster.local/ns/amb/sa/gone'] } }] }] }, { 'istio.io/use-waypoint': 'gone' }, false)).denied).toEqual([
      row('web.amb', 'cluster.local/ns/amb/sa/gone', false),
    ]);
  });

  // A Service label binds its waypoint, but a sidecar destination is not behind it: its own sidecar enforces the policy
  // on the caller's identity, so nothing is bypassed. Kills 138:156 (ConditionalExpression true).
  test('a sidecar destination of a Service with a waypoint label is not bypassed', () => {
    expect(results(sidecarMesh({ action: 'DENY', rules: [{}] }).map((o) => (o.kind === 'Service' ? { ...o, metadata: { ...o.metadata, labels: WAYPOINT } } : o))).denied)
      .toEqual(CLIENT_DENIED);
  });
});

describe('L7 attributes at ztunnel (IMT7008)', () => {
  // ztunnel enforces L4 attributes only; istio.io docs/ambient/migrate/enable-ambient-mode step 5: a selector policy
  // with L7 attributes "will be enforced by ztunnel as a DENY policy for all traffic to that workload"
  // (pilot/pkg/serviceregistry/ambient/authorization.go handleRule: "L7 policies never match for ALLOW").
  const L7 = { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] };
  const amb = (...objects: K8sObject[]) => results([ns('amb', AMBIENT), deploy('api', 'amb'), deploy('web', 'amb'), ...objects]).l7AtZtunnel;

  // Kills 96:17 (ConditionalExpression false), 96:32 (EqualityOperator <= 0) and 97:9 (ConditionalExpression false):
  // a selector policy applies to the pods it selects, not to the namespace.
  test('a selector policy concerns the pods it selects', () => {
    expect(amb(ap('get', 'amb', { selector: { matchLabels: { app: 'api' } }, ...L7 }))).toEqual([{ policy: 'amb/get', workloads: ['api.amb'] }]);
  });

  // A root-namespace policy with a selector applies to the pods it selects in every namespace (istio
  // pilot/pkg/serviceregistry/ambient/workloads.go buildWorkloadPolicies: `nsMatch := wa.Authorization.Namespace ==
  // meshCfg.RootNamespace || wa.Authorization.Namespace == workloadNamespace`). Was skipped, as PeerAuthentication's
  // root selector policies are (kills 80:11, ConditionalExpression false, of the report at 4bb834d).
  test('a root-namespace selector policy concerns the pods it selects in every namespace', () => {
    expect(amb(ns('other', AMBIENT), deploy('api', 'other'), ap('get', 'istio-system', { selector: { matchLabels: { app: 'api' } }, ...L7 })))
      .toEqual([{ policy: 'istio-system/get', workloads: ['api.amb', 'api.other'] }]);
    expect(amb(ap('get', 'istio-system', { selector: { matchLabels: { app: 'none' } }, ...L7 }))).toEqual([]);
  });

  // An empty matchLabels selects the whole namespace, as no selector does (Istio's label subset match of an empty
  // selector). Kills 96:17 (ConditionalExpression true, LogicalOperator ||), 96:32 (ConditionalExpression true,
  // EqualityOperator >= 0): the empty selector would select no pod.
  test('an empty selector is namespace-wide', () => {
    expect(amb(ap('get', 'amb', { selector: { matchLabels: {} }, ...L7 }))).toEqual([{ policy: 'amb/get', workloads: ['api.amb', 'web.amb'] }]);
  });

  // A namespace-wide policy outside the root namespace concerns its own namespace only. Kills 97:9
  // (ConditionalExpression true: selecting with no selector throws), 96:17 (LogicalOperator ||: throws), 98:12
  // (ConditionalExpression true: every namespace), 98:95 (LogicalOperator &&: none).
  test('a namespace-wide policy concerns the pods of its namespace', () => {
    expect(amb(ns('amb2', AMBIENT), deploy('far', 'amb2'), ap('get', 'amb', L7))).toEqual([{ policy: 'amb/get', workloads: ['api.amb', 'web.amb'] }]);
  });

  // A namespace-wide policy in the root namespace concerns the whole mesh, and only its ambient pods are enforced
  // by ztunnel. Kills 98:12 (ConditionalExpression false, EqualityOperator !==): the root namespace's pods only;
  // 85:23 (MethodExpression: no filter) and 85:55 (ConditionalExpression true): the sidecar pod would be listed.
  test('a root namespace policy concerns every ambient pod of the mesh', () => {
    expect(amb(ns('shop', INJECTED), deploy('cart', 'shop'), ns('amb2', AMBIENT), deploy('far', 'amb2'), ap('get', 'istio-system', L7)))
      .toEqual([{ policy: 'istio-system/get', workloads: ['api.amb', 'web.amb', 'far.amb2'] }]);
  });

  // Kills 84:40 (ConditionalExpression false): a policy without L7 attributes is enforced by ztunnel as written.
  test('an L4 policy is not listed', () => {
    expect(amb(ap('l4', 'amb', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/amb/sa/web'] } }], to: [{ operation: { ports: ['8080'] } }] }] }))).toEqual([]);
  });

  // Kills 86:11 (ConditionalExpression true, EqualityOperator >= 0): an L7 policy on sidecar pods only is enforced by
  // the sidecar.
  test('an L7 policy on sidecar pods only is not listed', () => {
    expect(amb(ns('shop', INJECTED), deploy('cart', 'shop'), ap('get', 'shop', L7))).toEqual([]);
  });

  // ztunnel takes ALLOW and DENY only (authorization.go convertAuthorizationPolicy: "ztunnel does not support the %s
  // action"). A DENY with L7 attributes is not enforced as written either (Istio drops its L7 matches; see the report
  // on IMT7008's "denies all traffic" wording). Kills 84:65 (EqualityOperator ap.action === 'DENY'): AUDIT and CUSTOM
  // would be listed and DENY not; 84:65 (ConditionalExpression true) and 84:79 (StringLiteral ""): DENY would not be.
  test('ALLOW and DENY policies are listed, AUDIT and CUSTOM not', () => {
    expect(amb(
      ap('allow', 'amb', L7), ap('deny', 'amb', { action: 'DENY', ...L7 }), ap('audit', 'amb', { action: 'AUDIT', ...L7 }),
      ap('custom', 'amb', { action: 'CUSTOM', provider: { name: 'ext' }, ...L7 }),
    )).toEqual([{ policy: 'amb/allow', workloads: ['api.amb', 'web.amb'] }, { policy: 'amb/deny', workloads: ['api.amb', 'web.amb'] }]);
  });
});

describe('targetRefs policies without a waypoint (IMT7010)', () => {
  // A policy with targetRefs to a Service is enforced by the Service's waypoint only (istio.io
  // docs/ambient/usage/authorization-policy; pilot/pkg/serviceregistry/ambient/policies.go: "Service %s is not bound
  // to a waypoint"); `istio.io/use-waypoint` on the Service, else on its namespace, binds it, `#none` opts out
  // (docs/ambient/usage/waypoint).
  const API = 'api.amb.svc.cluster.local';
  const target = (ref: K8sObject) => ap('get', 'amb', { targetRefs: [ref], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
  const SERVICE_REF = { kind: 'Service', group: '', name: 'api' };
  const unenforced = (objects: K8sObject[]) => results(objects).unenforced;
  const row = (binding: { name: string; namespace: string; by: string; waypoint: null } | null) => [{ policy: 'amb/get', service: API, binding }];

  test('no label: nothing binds a waypoint', () => {
    expect(unenforced([ns('amb', AMBIENT), deploy('api', 'amb'), svc('api', 'amb'), target(SERVICE_REF)])).toEqual(row(null));
  });

  // Kills 107:68 (StringLiteral ""): the binding names the label that made it.
  test('a Service or namespace label naming a waypoint the input does not hold', () => {
    expect(unenforced([ns('amb', AMBIENT), deploy('api', 'amb'), svc('api', 'amb', { labels: WAYPOINT }), target(SERVICE_REF)]))
      .toEqual(row({ name: 'wp', namespace: 'amb', by: 'service', waypoint: null }));
    expect(unenforced([ns('amb', { ...AMBIENT, ...WAYPOINT }), deploy('api', 'amb'), svc('api', 'amb'), target(SERVICE_REF)]))
      .toEqual(row({ name: 'wp', namespace: 'amb', by: 'namespace', waypoint: null }));
  });

  test('a bound waypoint in the input enforces the policy', () => {
    expect(unenforced([ns('amb', { ...AMBIENT, ...WAYPOINT }), deploy('api', 'amb'), svc('api', 'amb'), gateway('wp', 'amb'), target(SERVICE_REF)])).toEqual([]);
  });

  // Kills 105:38 (ConditionalExpression true, LogicalOperator ||), 105:49 (ConditionalExpression true), 105:61
  // (StringLiteral ""): a namespace labelled `#none` binds no waypoint called '#none'.
  test('a namespace label #none binds nothing', () => {
    expect(unenforced([ns('amb', { ...AMBIENT, 'istio.io/use-waypoint': '#none' }), deploy('api', 'amb'), svc('api', 'amb'), target(SERVICE_REF)])).toEqual(row(null));
  });

  // Kills 103:9 (ConditionalExpression false): a Service labelled `#none` opts out of its namespace's waypoint.
  test('a Service label #none opts out of the namespace waypoint', () => {
    expect(unenforced([
      ns('amb', { ...AMBIENT, ...WAYPOINT }), deploy('api', 'amb'), svc('api', 'amb', { labels: { 'istio.io/use-waypoint': '#none' } }), gateway('wp', 'amb'), target(SERVICE_REF),
    ])).toEqual(row(null));
  });

  // Only core Services count: the group '' and 'core' are the same (istio pkg/config/model.go CanonicalGroup). Kills
  // 112:11 (ConditionalExpression false, twice; LogicalOperator &&): a Gateway ref would be taken for the Service;
  // 112:36 (ConditionalExpression false): a Knative Service (serving.knative.dev) would; 112:54 (ConditionalExpression
  // true, EqualityOperator ===) and 112:66 (StringLiteral ""): group core would be skipped.
  test('only targetRefs to a core Service are judged', () => {
    const base = [ns('amb', AMBIENT), deploy('api', 'amb'), svc('api', 'amb')];
    expect(unenforced([...base, target({ kind: 'Gateway', name: 'api' })])).toEqual([]);
    expect(unenforced([...base, target({ kind: 'Service', group: 'serving.knative.dev', name: 'api' })])).toEqual([]);
    expect(unenforced([...base, target({ kind: 'Service', group: 'core', name: 'api' })])).toEqual(row(null));
  });

  // Kills 113:19 (OptionalChaining: a namespace without Services throws) and 114:11 (ConditionalExpression false: a
  // missing Service reaches bindingOf and throws).
  test('a targetRef to a Service that does not exist', () => {
    expect(unenforced([ns('amb', AMBIENT), deploy('api', 'amb'), target({ kind: 'Service', name: 'api' })])).toEqual([]);
    expect(unenforced([ns('amb', AMBIENT), deploy('api', 'amb'), svc('api', 'amb'), target({ kind: 'Service', name: 'nope' })])).toEqual([]);
  });

  // Kills 114:11 (ConditionalExpression false, LogicalOperator &&) and 114:67 (ConditionalExpression true): a Service
  // whose pods have sidecars is not a waypoint matter; 114:20 (MethodExpression every): one ambient pod is enough.
  test('a Service counts when any of its pods is ambient', () => {
    const ref = (o: K8sObject[]) => unenforced([...o, target(SERVICE_REF)]);
    expect(ref([ns('amb', INJECTED), deploy('api', 'amb'), svc('api', 'amb')])).toEqual([]);
    expect(ref([
      ns('amb', AMBIENT), deploy('api', 'amb', { podLabels: { tier: 'api' } }), deploy('api-old', 'amb', { podLabels: { tier: 'api', 'istio.io/dataplane-mode': 'none' } }),
      svc('api', 'amb', { selector: { tier: 'api' } }),
    ])).toEqual(row(null));
  });
});

describe('the waypoints known by name', () => {
  // Kills 76:42 (ConditionalExpression true) and 76:62 (StringLiteral ``): of two Gateways with the same namespace and
  // name (IMT4004 reports the later one as a duplicate) the first is the waypoint a label binds.
  test('the first Gateway of a name is the bound waypoint', () => {
    const { model, authz } = authzOf([ns('amb', { ...AMBIENT, ...WAYPOINT }), svc('api', 'amb'), gateway('wp', 'amb'), gateway('wp', 'amb')]);
    expect(model.waypoints).toHaveLength(2);
    expect(authz.bindingOf(model.services[0])).toEqual({ name: 'wp', namespace: 'amb', by: 'namespace', waypoint: model.waypoints[0] });
    expect(authz.bindingOf(model.services[0])?.waypoint).toBe(model.waypoints[0]);
  });
});

describe('nothing to report', () => {
  test('an ambient mesh without policies', () => {
    expect(results([ns('amb', AMBIENT), deploy('web', 'amb', { calls: 'api.amb.svc.cluster.local:80' }), deploy('api', 'amb'), svc('api', 'amb')])).toEqual(NONE);
  });
});
