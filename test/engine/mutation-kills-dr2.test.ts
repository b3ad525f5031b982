/**
 * Assertions that the Stryker run of 2026-12-03 on the DestinationRule rules (src/engine/rules/dr-*.ts) showed were
 * missing: surviving mutants (a condition or message no test pinned down) and uncovered ones (branches no engine test
 * reached). Each describe names the rule and the mutants it kills; every case asserts the exact findings of that rule
 * (severity, field, message with its fix), with the value that must be reported next to the nearest one that must not.
 * The semantics are Istio's (pkg/config/validation), as each rule's `source` restates them.
 */
import { AnalyzeOptions, K8sObject, analyze } from '../../src/engine';
import { loadFixtures } from './_fixtures';

const HOST = 'cart.shop.svc.cluster.local';
const TP = 'spec.trafficPolicy';
const LB = `${TP}.loadBalancer`;
const OUTLIER = { consecutive5xxErrors: 5, interval: '30s' };
const dr = (spec: K8sObject): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'cart', namespace: 'shop' }, spec: { host: HOST, ...spec } });

interface Seen { severity: string; field?: string; message: string; fix?: string }
/** The findings of one rule for some objects, as {severity, field, message, fix}, in analyze()'s order (errors first, then by field and message). */
function findings(code: string, objects: K8sObject[], options: AnalyzeOptions = {}): Seen[] {
  return analyze(objects, options).filter((f) => f.code === code).map((f) => ({ severity: f.severity, field: f.field, message: f.message, fix: f.fix }));
}
const err = (field: string, message: string, fix: string): Seen => ({ severity: 'error', field, message: `${message}; fix: ${fix}`, fix });
const warn = (field: string, message: string, fix: string): Seen => ({ severity: 'warning', field, message: `${message}; fix: ${fix}`, fix });

// ---------------------------------------------------------------------------------------------------------------
// IMT2017 dr-load-balancer
// ---------------------------------------------------------------------------------------------------------------

/** IMT2017's findings for one top-level loadBalancer (with outlierDetection unless `policy` says otherwise). */
const lb = (loadBalancer: unknown, policy: K8sObject = { outlierDetection: OUTLIER }) => findings('IMT2017', [dr({ trafficPolicy: { ...policy, loadBalancer } })]);

describe('IMT2017 dr-load-balancer: lbPolicy, hashKey and hashAlgorithm oneofs (kills the set() and oneof-list mutants, lines 131-140)', () => {
  test("simple with consistentHash is two lbPolicies; a null 'simple' is absent", () => {
    expect(lb({ simple: 'ROUND_ROBIN', consistentHash: { httpHeaderName: 'x-user' } })).toEqual([
      err(LB, `'${LB}' sets both 'simple' and 'consistentHash': they are alternatives (one lbPolicy), and the API server rejects the object`, "keep one of 'simple' and 'consistentHash'"),
    ]);
    expect(lb({ simple: null, consistentHash: { httpHeaderName: 'x-user' } })).toEqual([]);
    expect(lb({ simple: 'ROUND_ROBIN' })).toEqual([]);
  });

  test('two or more hash keys are named in order; one key, or a null one, is fine', () => {
    const fc = `${LB}.consistentHash`;
    expect(lb({ consistentHash: { httpHeaderName: 'x-user', useSourceIp: true } })).toEqual([
      err(fc, `'${fc}' sets 'httpHeaderName' and 'useSourceIp': they are alternatives (one hashKey), and the API server rejects the object`, 'keep one hash key'),
    ]);
    expect(lb({ consistentHash: { httpQueryParameterName: 'u', httpCookie: { name: 'session' }, httpHeaderName: 'x-user' } })).toEqual([
      err(fc, `'${fc}' sets 'httpHeaderName' and 'httpCookie' and 'httpQueryParameterName': they are alternatives (one hashKey), and the API server rejects the object`, 'keep one hash key'),
    ]);
    expect(lb({ consistentHash: { httpHeaderName: 'x-user', useSourceIp: null } })).toEqual([]);
    expect(lb({ consistentHash: { httpQueryParameterName: 'u' } })).toEqual([]);
  });

  test('ringHash with maglev is two hashAlgorithms; one of them is fine', () => {
    const fc = `${LB}.consistentHash`;
    expect(lb({ consistentHash: { useSourceIp: true, ringHash: { minimumRingSize: 1024 }, maglev: { tableSize: 65537 } } })).toEqual([
      err(fc, `'${fc}' sets both 'ringHash' and 'maglev': they are alternatives (one hashAlgorithm), and the API server rejects the object`, "keep one of 'ringHash' and 'maglev'"),
    ]);
    expect(lb({ consistentHash: { useSourceIp: true, ringHash: { minimumRingSize: 1024 } } })).toEqual([]);
    expect(lb({ consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } })).toEqual([]);
  });
});

describe('IMT2017 dr-load-balancer: httpCookie (kills the name and attribute mutants, lines 143-148)', () => {
  const fc = `${LB}.consistentHash`;
  const noName = err(`${fc}.httpCookie.name`, `'${fc}.httpCookie' has no 'name': Istio rejects it ("name required for HttpCookie")`, "name the cookie, e.g. 'name: session'");
  const noAttrName = err(`${fc}.httpCookie.attributes`, `'${fc}.httpCookie.attributes' has an attribute without a name: Istio rejects it ("cookie attribute name cannot be empty")`, 'name every cookie attribute, e.g. SameSite');

  test('a cookie needs a non-empty string name', () => {
    expect(lb({ consistentHash: { httpCookie: { ttl: '0s' } } })).toEqual([noName]);
    expect(lb({ consistentHash: { httpCookie: { name: '' } } })).toEqual([noName]);
    expect(lb({ consistentHash: { httpCookie: { name: 'session' } } })).toEqual([]);
  });

  test('every attribute needs a name, each name once; a non-list of attributes is not checked', () => {
    // (analyze() reports one finding per field and message, so each unnamed attribute is a case of its own)
    for (const a of [{ name: '' }, { value: 'x' }, 'Secure']) expect(lb({ consistentHash: { httpCookie: { name: 'session', attributes: [{ name: 'SameSite', value: 'Strict' }, a] } } })).toEqual([noAttrName]);
    expect(lb({ consistentHash: { httpCookie: { name: 'session', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }, { name: 'SameSite', value: 'Lax' }] } } })).toEqual([
      err(`${fc}.httpCookie.attributes`, `'${fc}.httpCookie.attributes' names "SameSite" twice: Istio rejects it ("duplicate cookie attribute name: SameSite")`, 'keep one "SameSite" attribute'),
    ]);
    expect(lb({ consistentHash: { httpCookie: { name: 'session', attributes: [{ name: 'SameSite' }, { name: 'Secure' }] } } })).toEqual([]);
    expect(lb({ consistentHash: { httpCookie: { name: 'session', attributes: 'SameSite' } } })).toEqual([]);
  });
});

describe('IMT2017 dr-load-balancer: minimumRingSize (kills lines 153-155)', () => {
  const fc = `${LB}.consistentHash`;
  const deprecated = warn(`${fc}.minimumRingSize`, `'${fc}.minimumRingSize' is set: Istio warns "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead"`, "use 'ringHash: {minimumRingSize: 1024}' instead");

  test('a non-zero number is the deprecation warning; 0 or a non-number is not set', () => {
    expect(lb({ consistentHash: { useSourceIp: true, minimumRingSize: 1024 } })).toEqual([deprecated]);
    expect(lb({ consistentHash: { useSourceIp: true, minimumRingSize: 0 } })).toEqual([]);
    expect(lb({ consistentHash: { useSourceIp: true, minimumRingSize: '1024' } })).toEqual([]);
  });

  test('with ringHash or maglev it is also an error naming that algorithm', () => {
    expect(lb({ consistentHash: { useSourceIp: true, minimumRingSize: 1024, ringHash: { minimumRingSize: 1024 } } })).toEqual([
      err(`${fc}.minimumRingSize`, `'${fc}' sets 'minimumRingSize' and 'ringHash': Istio rejects it ("only one of MinimumRingSize or Maglev/Ringhash can be specified")`, "move the size into 'ringHash' and remove 'minimumRingSize'"),
      deprecated,
    ]);
    expect(lb({ consistentHash: { useSourceIp: true, minimumRingSize: 1024, maglev: { tableSize: 65537 } } })).toEqual([
      err(`${fc}.minimumRingSize`, `'${fc}' sets 'minimumRingSize' and 'maglev': Istio rejects it ("only one of MinimumRingSize or Maglev/Ringhash can be specified")`, "move the size into 'maglev' and remove 'minimumRingSize'"),
      deprecated,
    ]);
  });
});

describe("IMT2017 dr-load-balancer: maglev tableSize, Envoy's isPrime (kills lines 16-18 and 159-163)", () => {
  const fm = `${LB}.consistentHash.maglev.tableSize`;
  const fix = 'use a prime table size below 5000011, e.g. 65537';
  const notPrime = (n: number) => err(fm, `'${fm}' is ${n}: Istio rejects it ("tableSize must be a prime number for maglev")`, fix);
  const maglev = (tableSize: unknown) => lb({ consistentHash: { useSourceIp: true, maglev: tableSize === undefined ? {} : { tableSize } } });

  test('unset (or not a number) is both "must be set" and not prime (0 is even)', () => {
    const unset = [notPrime(0), err(fm, `'${fm}' is not set: Istio rejects it ("tableSize must be set for maglev")`, fix)];
    expect(maglev(undefined)).toEqual(unset);
    expect(maglev(0)).toEqual(unset);
    expect(maglev('65537')).toEqual(unset);
  });

  test('1, 2 and 3 count as prime (x !== 0 && x < 4), 4 does not', () => {
    for (const n of [1, 2, 3, 5, 7, 65537]) expect([n, maglev(n)]).toEqual([n, []]);
    expect(maglev(4)).toEqual([notPrime(4)]);
  });

  test('odd composites are found by trial division up to the square root', () => {
    for (const n of [9, 15, 25, 49, 1000]) expect([n, maglev(n)]).toEqual([n, [notPrime(n)]]);
  });

  test('5000011 (prime) is the first size too large, 5000010 is even only', () => {
    expect(maglev(5000011)).toEqual([err(fm, `'${fm}' is 5000011: Istio rejects it ("tableSize must be less than 5000011 for maglev")`, fix)]);
    expect(maglev(5000010)).toEqual([notPrime(5000010)]);
    expect(maglev(4999999)).toEqual([]);
  });
});

describe('IMT2017 dr-load-balancer: localityLbSetting and zoneAwareLbSetting (kills lines 86-123 and 169-171)', () => {
  const fl = `${LB}.localityLbSetting`;
  const fz = `${LB}.zoneAwareLbSetting`;
  const noOutlier = (f: string, level = TP) => warn(f, `'${f}' configures failover but '${level}.outlierDetection' is not set: Istio warns "outlier detection policy must be provided for failover" (without it, no endpoint is ever ejected and traffic does not fail over)`, `add '${level}.outlierDetection', e.g. '{consecutive5xxErrors: 5, interval: 30s}'`);

  test('both settings at once', () => {
    expect(lb({ localityLbSetting: {}, zoneAwareLbSetting: {} })).toEqual([
      err(LB, `'${LB}' sets both 'localityLbSetting' and 'zoneAwareLbSetting': Istio rejects it ("only one of localityLbSetting and zoneAwareLbSetting can be set")`, "keep one of 'localityLbSetting' and 'zoneAwareLbSetting'"),
    ]);
    expect(lb({ localityLbSetting: {} })).toEqual([]);
    expect(lb({ zoneAwareLbSetting: {} })).toEqual([]);
  });

  test("distribute and failover together is the only finding; an empty list is not set", () => {
    expect(lb({ localityLbSetting: { distribute: [{ from: 'us-east/*', to: { 'us-east/*': 100 } }], failover: [{ from: 'us-east', to: 'us-east' }] } }, {})).toEqual([
      err(fl, `'${fl}' sets both 'distribute' and 'failover': Istio rejects it ("can not simultaneously specify 'distribute' and 'failover'")`, "keep one of 'distribute' and 'failover'"),
    ]);
    expect(lb({ localityLbSetting: { distribute: [{ from: 'us-east/*', to: { 'us-east/*': 100 } }], failover: [] } }, {})).toEqual([]);
    expect(lb({ localityLbSetting: { distribute: [], failover: [{ from: 'us-east', to: 'eu-west' }] } })).toEqual([]);
  });

  test("failover with a topology label in failoverPriority names the first such label; other labels are fine", () => {
    const both = (label: string) => err(`${fl}.failoverPriority`, `'${fl}' sets 'failover' and the topology label ${JSON.stringify(label)} in 'failoverPriority': Istio rejects it ("can not simultaneously set 'failover' and topology label '${label}' in 'failover_priority'")`, `remove ${JSON.stringify(label)} from 'failoverPriority' ('failover' orders regions already) or remove 'failover'`);
    const failover = [{ from: 'us-east', to: 'eu-west' }];
    expect(lb({ localityLbSetting: { failover, failoverPriority: [5, 'example.com/rack', 'topology.istio.io/subzone', 'topology.kubernetes.io/zone'] } }, {})).toEqual([both('topology.istio.io/subzone')]);
    expect(lb({ localityLbSetting: { failover, failoverPriority: ['topology.kubernetes.io/region'] } }, {})).toEqual([both('topology.kubernetes.io/region')]);
    expect(lb({ localityLbSetting: { failover, failoverPriority: ['example.com/rack'] } })).toEqual([]);
    // without failover the labels order the endpoints: fine (and, without outlierDetection, the warning)
    expect(lb({ localityLbSetting: { failoverPriority: ['topology.kubernetes.io/zone'] } }, {})).toEqual([noOutlier(fl)]);
  });

  test('zone-aware failoverPriority must not use any topology label (each is reported)', () => {
    const label = (t: string) => err(`${fz}.failoverPriority`, `'${fz}.failoverPriority' has the topology label ${JSON.stringify(t)}: Istio rejects it ("'failover_priority' for zone aware lb must not use topology label '${t}'; region- and zone-level routing are handled automatically")`, `remove ${JSON.stringify(t)} from 'failoverPriority'`);
    expect(lb({ zoneAwareLbSetting: { failoverPriority: ['topology.kubernetes.io/region', 5, 'example.com/rack', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'] } })).toEqual([
      label('topology.istio.io/subzone'), label('topology.kubernetes.io/region'), label('topology.kubernetes.io/zone'),
    ]);
    expect(lb({ zoneAwareLbSetting: { failoverPriority: ['example.com/rack'] } })).toEqual([]);
    expect(lb({ zoneAwareLbSetting: { failoverPriority: 'topology.kubernetes.io/region' } })).toEqual([]);
  });

  test('failover (or failoverPriority) without outlierDetection at the same level is the warning, for both settings', () => {
    expect(lb({ zoneAwareLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } }, {})).toEqual([noOutlier(fz)]);
    expect(lb({ zoneAwareLbSetting: { failoverPriority: ['example.com/rack'] } }, {})).toEqual([noOutlier(fz)]);
    expect(lb({ zoneAwareLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } })).toEqual([]);
    expect(lb({ zoneAwareLbSetting: {} }, {})).toEqual([]);
    expect(lb({ zoneAwareLbSetting: { failover: [] } }, {})).toEqual([]);
    expect(lb({ localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } }, {})).toEqual([noOutlier(fl)]);
    expect(lb({ localityLbSetting: {} }, {})).toEqual([]);
    // outlierDetection counts only on the level of the loadBalancer: a subset's own policy does not inherit it
    const sub = 'spec.subsets[0].trafficPolicy';
    expect(findings('IMT2017', [dr({ trafficPolicy: { outlierDetection: OUTLIER }, subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { loadBalancer: { zoneAwareLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } } } }] })]))
      .toEqual([noOutlier(`${sub}.loadBalancer.zoneAwareLbSetting`, sub)]);
  });

  describe('failover entries, in the wording of each setting (kills lines 63-71, 112 and 123)', () => {
    const cases: Array<[string, string, boolean]> = [['localityLbSetting', fl, false], ['zoneAwareLbSetting', fz, true]];
    for (const [key, f, zoneAware] of cases) {
      const run = (failover: unknown[]) => lb({ [key]: { failover } });
      const ff = (i: number) => `${f}.failover[${i}]`;
      const itself = (i: number, from: string) => err(ff(i), `'${ff(i)}' fails over from ${JSON.stringify(from)} to itself: Istio rejects it ("${zoneAware ? 'zone aware lb failover settings' : 'locality lb failover settings'} must specify different regions")`, "name two different regions in 'from' and 'to'");
      const zone = (i: number, z: string) => err(ff(i), `'${ff(i)}' names a zone (${JSON.stringify(z)}): Istio rejects it ("${zoneAware ? 'zone aware lb failover only specifies region; zone and subzone failover are handled automatically' : 'locality lb failover only specify region'}")`, "use regions only in 'from' and 'to'");
      const wildcard = (i: number) => err(ff(i), `'${ff(i)}' uses a '*' wildcard: Istio rejects it ("${zoneAware ? 'zone aware lb failover' : 'locality lb failover'} region should not contain '*' wildcard")`, "name the regions in 'from' and 'to'");

      test(`${key}: two different regions are fine; non-objects are skipped; a missing region is ""`, () => {
        expect(run(['us-east', { from: 'us-east', to: 'eu-west' }, { from: 'us-east' }])).toEqual([]);
        expect(run([{}])).toEqual([itself(0, '')]);
        expect(run([{ from: 5, to: 'eu-west' }, { from: 5, to: 5 }])).toEqual([itself(1, '')]);
      });

      test(`${key}: the same region, a zone on either side, a wildcard on either side`, () => {
        expect(run([{ from: 'us-east', to: 'us-east' }, { from: 'us-east/a', to: 'eu-west' }, { from: 'us-east', to: 'eu-west/b' }, { from: 'us-*', to: 'eu-west' }, { from: 'us-east', to: '*' }])).toEqual([
          itself(0, 'us-east'), zone(1, 'us-east/a'), zone(2, 'eu-west/b'), wildcard(3), wildcard(4),
        ]);
        expect(run([{ from: 'us-east/*', to: 'us-east/*' }])).toEqual([itself(0, 'us-east/*'), zone(0, 'us-east/*'), wildcard(0)]);
        expect(run([{ from: 'us-east/a', to: 'eu-west/b' }])).toEqual([zone(0, 'us-east/a')]);
      });
    }
  });
});

describe('IMT2017 dr-load-balancer: distribute weights (kills lines 94-110)', () => {
  const fl = `${LB}.localityLbSetting`;
  const range = (i: number, w: string) => err(`${fl}.distribute[${i}].to`, `'${fl}.distribute[${i}].to' has the weight ${w}: Istio rejects it ("locality weight must be in range [1, 100]")`, 'give every locality a weight from 1 to 100, together 100');
  const total = (i: number, n: string) => err(`${fl}.distribute[${i}].to`, `'${fl}.distribute[${i}].to' weights add up to ${n}: Istio rejects it ("total locality weight ${n} != 100")`, "make the weights of 'to' add up to 100");
  const distribute = (d: unknown) => lb({ localityLbSetting: { distribute: d } });

  test('each weight is a number from 1 to 100', () => {
    expect(distribute([{ from: 'us-east/*', to: { 'us-east/*': 100 } }])).toEqual([]);
    expect(distribute([{ from: 'us-east/*', to: { 'us-east/a': 1, 'us-east/b': 99 } }])).toEqual([]);
    expect(distribute([{ from: 'us-east/*', to: { 'us-east/a': 0, 'us-east/b': 100 } }])).toEqual([range(0, '0')]);
    expect(distribute([{ from: 'us-east/*', to: { 'us-east/a': 101 } }])).toEqual([range(0, '101')]);
    expect(distribute([{ from: 'us-east/*', to: { 'us-east/a': '100' } }])).toEqual([range(0, '"100"')]);
  });

  test('the weights add up to 100; an entry that is not an object is skipped, one without `to` adds up to 0', () => {
    expect(distribute([{ from: 'us-east/*', to: { 'us-east/a': 50, 'us-east/b': 49 } }])).toEqual([total(0, '99')]);
    expect(distribute(['us-east', { from: 'us-east/*', to: { 'us-east/*': 100 } }])).toEqual([]);
    expect(distribute([{ from: 'us-east/*' }])).toEqual([total(0, '0')]);
    expect(distribute('us-east')).toEqual([]);
  });

  test("a weight problem stops the checks, keeping the earlier entries' locality problems", () => {
    expect(distribute([{ from: 'us-east/*', to: { 'us-east': 50, 'us-east/a': 50 } }, { from: 'eu-west', to: { 'eu-west': 0 } }, { from: 'us-east', to: { x: 50 } }])).toEqual([
      err(`${fl}.distribute[0].to`, `'${fl}.distribute[0].to' locality "us-east/a" overlaps an earlier one ("overlap with previous specified ones"); Istio rejects it`, "write localities as 'region', 'region/zone' or 'region/zone/subzone', each at most once, a '*' only at the end"),
      range(1, '0'),
    ]);
  });
});

describe('IMT2017 dr-load-balancer: validateLocalities on distribute sources and targets (kills lines 26-56)', () => {
  const fd = `${LB}.localityLbSetting.distribute`;
  const LOC_FIX = "write localities as 'region', 'region/zone' or 'region/zone/subzone', each at most once, a '*' only at the end";
  const WILDCARD = "has a wildcard '*' that is not the one last character (\"wildcard '*' number can not exceed 1 and must be in the end\")";
  const OVERLAP = 'overlaps an earlier one ("overlap with previous specified ones")';
  const EMPTY = 'has an empty region, zone or subzone ("must not contain empty region/zone/subzone info")';
  const bad = (loc: string, why: string, f = fd) => err(f, `'${f}' locality ${JSON.stringify(loc)} ${why}; Istio rejects it`, LOC_FIX);
  /** The findings for distribute entries from each of `froms` (each to one target of weight 100). */
  const sources = (...froms: string[]) => lb({ localityLbSetting: { distribute: froms.map((from) => ({ from, to: { 'us-east/*': 100 } })) } });

  test("a '*' only once and only at the end", () => {
    expect(sources('us-east/*')).toEqual([]);
    expect(sources('us-*')).toEqual([]);
    expect(sources('*')).toEqual([]);
    expect(sources('us-east/*/a')).toEqual([bad('us-east/*/a', WILDCARD)]);
    expect(sources('us-east/**')).toEqual([bad('us-east/**', WILDCARD)]);
  });

  test("after '*' every locality overlaps", () => {
    expect(sources('*', 'us-east')).toEqual([bad('us-east', OVERLAP)]);
  });

  test('no empty region, zone or subzone', () => {
    expect(sources('us-east//a')).toEqual([bad('us-east//a', EMPTY)]);
    expect(sources('us-east/')).toEqual([bad('us-east/', EMPTY)]);
    expect(sources('/a')).toEqual([bad('/a', EMPTY)]);
  });

  test('a region overlaps the same region, and anything inside it', () => {
    expect(sources('us-east', 'us-east')).toEqual([bad('us-east', OVERLAP)]);
    expect(sources('us-east/a', 'us-east')).toEqual([bad('us-east', OVERLAP)]);
    expect(sources('us-east', 'us-east/a')).toEqual([bad('us-east/a', OVERLAP)]);
    expect(sources('us-east', 'us-east/a/x')).toEqual([bad('us-east/a/x', OVERLAP)]);
    expect(sources('us-east', 'eu-west', 'us-east-2', 'us')).toEqual([]);
  });

  test('a zone overlaps the same zone and its subzones, not its sibling zones', () => {
    expect(sources('us-east/a', 'us-east/a')).toEqual([bad('us-east/a', OVERLAP)]);
    expect(sources('us-east/a', 'us-east/a/x')).toEqual([bad('us-east/a/x', OVERLAP)]);
    expect(sources('us-east/b', 'us-east/a', 'us-east/a/x')).toEqual([bad('us-east/a/x', OVERLAP)]);
    expect(sources('us-east/a', 'us-east/b', 'us-east/a')).toEqual([bad('us-east/a', OVERLAP)]);
    expect(sources('us-east/a', 'us-east/b', 'eu-west/a')).toEqual([]);
  });

  test('a subzone overlaps only the same subzone', () => {
    expect(sources('us-east/a/x', 'us-east/a/x')).toEqual([bad('us-east/a/x', OVERLAP)]);
    expect(sources('us-east/a/x', 'us-east/a/y', 'us-east/a/x')).toEqual([bad('us-east/a/x', OVERLAP)]);
    expect(sources('us-east/a/x', 'us-east/b/y', 'us-east/a/x')).toEqual([bad('us-east/a/x', OVERLAP)]);
    expect(sources('us-east/a/x', 'us-east/b/y', 'us-east/b/y')).toEqual([bad('us-east/b/y', OVERLAP)]);
    expect(sources('us-east/a/x', 'us-east/a/y', 'us-east/b/y', 'eu-west/a/x')).toEqual([]);
  });

  test("Go's SplitN(loc, \"/\", 3): a fourth part belongs to the subzone", () => {
    expect(sources('us-east/a/x/1')).toEqual([]);
    expect(sources('us-east/a/x/1', 'us-east/a/x')).toEqual([]);
    expect(sources('us-east/a/x/1', 'eu-west/b/y/2')).toEqual([]);
    expect(sources('us-east/a/x/1', 'us-east/a/x/1')).toEqual([bad('us-east/a/x/1', OVERLAP)]);
  });

  test("the targets of one entry ('to' keys) are checked the same way, under their own field", () => {
    const f = `${fd}[0].to`;
    expect(lb({ localityLbSetting: { distribute: [{ from: 'us-east', to: { 'eu-west': 50, 'eu-west/a': 50 } }] } })).toEqual([bad('eu-west/a', OVERLAP, f)]);
    expect(lb({ localityLbSetting: { distribute: [{ from: 'us-east', to: { 'eu-west/*/a': 100 } }] } })).toEqual([bad('eu-west/*/a', WILDCARD, f)]);
    expect(lb({ localityLbSetting: { distribute: [{ from: 'us-east', to: { 'eu-west/a': 50, 'eu-west/b': 50 } }] } })).toEqual([]);
  });
});

describe('IMT2017 dr-load-balancer: warmup (kills lines 173-178)', () => {
  const fw = `${LB}.warmup`;
  const noDuration = err(`${fw}.duration`, `'${fw}' has no 'duration': Istio rejects it ("duration is required")`, "set 'duration', e.g. '60s'");

  test('a duration is required (null is absent), to whole milliseconds', () => {
    expect(lb({ warmup: {} })).toEqual([noDuration]);
    expect(lb({ warmup: { duration: null } })).toEqual([noDuration]);
    expect(lb({ warmup: { duration: '60s' } })).toEqual([]);
    expect(lb({ warmup: { duration: '1500us' } })).toEqual([
      err(`${fw}.duration`, `'${fw}.duration' is "1500us": Istio rejects it ("only durations to ms precision are supported")`, `round '${fw}.duration' to whole milliseconds, e.g. '1ms'`),
    ]);
    expect(lb({ warmup: 'x' })).toEqual([]);
  });

  test('minimumPercent at most 100', () => {
    expect(lb({ warmup: { duration: '60s', minimumPercent: 101 } })).toEqual([
      err(`${fw}.minimumPercent`, `'${fw}.minimumPercent' is 101: Istio rejects it ("minimumPercent value should be less than or equal to 100")`, 'use a percentage from 0 to 100'),
    ]);
    expect(lb({ warmup: { duration: '60s', minimumPercent: 100 } })).toEqual([]);
    expect(lb({ warmup: { duration: '60s', minimumPercent: 0 } })).toEqual([]);
    expect(lb({ warmup: { duration: '60s', minimumPercent: '101' } })).toEqual([]);
  });

  test('aggression above 0', () => {
    const agg = (n: number) => err(`${fw}.aggression`, `'${fw}.aggression' is ${n}: Istio rejects it ("aggression should be greater than 0")`, 'use an aggression above 0 (1 is linear)');
    expect(lb({ warmup: { duration: '60s', aggression: 0 } })).toEqual([agg(0)]);
    expect(lb({ warmup: { duration: '60s', aggression: -1 } })).toEqual([agg(-1)]);
    expect(lb({ warmup: { duration: '60s', aggression: 0.5 } })).toEqual([]);
    expect(lb({ warmup: { duration: '60s', aggression: '0' } })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// IMT2018 dr-tunnel
// ---------------------------------------------------------------------------------------------------------------

describe('IMT2018 dr-tunnel: validateTunnelSettings (kills the protocol, targetHost/isFqdn and targetPort mutants)', () => {
  const f = `${TP}.tunnel`;
  const GOOD = { protocol: 'CONNECT', targetHost: 'egress.example.com', targetPort: 3128 };
  const tunnel = (t: K8sObject, policy: K8sObject = {}) => findings('IMT2018', [dr({ trafficPolicy: { ...policy, tunnel: { ...GOOD, ...t } } })]);
  // The rule writes Go's escaped quotes as they stand in the Istio source (\"CONNECT\").
  const protocol = (v: string) => err(`${f}.protocol`, `'${f}.protocol' is ${v}: Istio rejects it ("tunnel protocol must be \\"CONNECT\\" or \\"POST\\"")`, "use 'CONNECT' (the default) or 'POST'");
  const host = (v: string) => err(`${f}.targetHost`, `'${f}.targetHost' is ${v}: Istio rejects it ("tunnel target host must be valid FQDN or IP address")`, 'set the FQDN or IP address of the tunnel proxy');
  const port = (v: string) => err(`${f}.targetPort`, `'${f}.targetPort' is ${v}: Istio rejects it ("tunnel target port is invalid")`, 'set the port of the tunnel proxy, 1..65535');

  test("tunnel with proxyProtocol is the only finding (the webhook returns there)", () => {
    expect(tunnel({ protocol: 'PUT', targetPort: 0 }, { proxyProtocol: {} })).toEqual([
      err(f, `'${TP}' sets both 'tunnel' and 'proxyProtocol': Istio rejects it ("tunnel and proxyProtocol must not be set together")`, "keep one of 'tunnel' and 'proxyProtocol'"),
    ]);
    expect(tunnel({}, { proxyProtocol: 'v1' })).toEqual([]);
  });

  test('protocol CONNECT, POST, empty or unset; anything else is rejected', () => {
    expect(tunnel({})).toEqual([]);
    expect(tunnel({ protocol: 'POST' })).toEqual([]);
    expect(tunnel({ protocol: '' })).toEqual([]);
    expect(tunnel({ protocol: undefined })).toEqual([]);
    expect(tunnel({ protocol: 'PUT' })).toEqual([protocol('"PUT"')]);
    expect(tunnel({ protocol: 'connect' })).toEqual([protocol('"connect"')]);
  });

  test('targetHost: an FQDN (with or without the final dot, any case) or an IP address', () => {
    for (const h of ['egress.example.com', 'egress.example.com.', 'Egress.Example.COM', 's', 'egress.s', 'egress-1.example.com', '10.0.0.1', '::1', 'fd00::1']) {
      expect([h, tunnel({ targetHost: h })]).toEqual([h, []]);
    }
    for (const h of ['egress_1.example.com', '-egress.example.com', 'egress-.example.com', 'egress..', 'egress..com', '.', '', 'egress.-bad']) {
      expect([h, tunnel({ targetHost: h })]).toEqual([h, [host(JSON.stringify(h))]]);
    }
    expect(tunnel({ targetHost: undefined })).toEqual([host('undefined')]);
    expect(tunnel({ targetHost: 10 })).toEqual([host('10')]);
  });

  test('targetHost: labels of at most 63 characters, 255 characters in all', () => {
    const label = (n: number) => 'a'.repeat(n);
    const h255 = [label(63), label(63), label(63), label(63)].join('.');
    const h256 = [label(63), label(63), label(63), label(62), 'a'].join('.');
    expect(h255.length).toBe(255);
    expect(h256.length).toBe(256);
    expect(tunnel({ targetHost: h255 })).toEqual([]);
    expect(tunnel({ targetHost: h256 })).toEqual([host(JSON.stringify(h256))]);
    expect(tunnel({ targetHost: `${label(64)}.example.com` })).toEqual([host(JSON.stringify(`${label(64)}.example.com`))]);
  });

  test('targetPort: an integer from 1 to 65535', () => {
    for (const p of [1, 3128, 65535]) expect([p, tunnel({ targetPort: p })]).toEqual([p, []]);
    expect(tunnel({ targetPort: 0 })).toEqual([port('0')]);
    expect(tunnel({ targetPort: 65536 })).toEqual([port('65536')]);
    expect(tunnel({ targetPort: 3128.5 })).toEqual([port('3128.5')]);
    expect(tunnel({ targetPort: '3128' })).toEqual([port('"3128"')]);
    expect(tunnel({ targetPort: undefined })).toEqual([port('undefined')]);
  });

  test("each problem of one tunnel is reported, under a subset's own field", () => {
    const s = 'spec.subsets[0].trafficPolicy.tunnel';
    expect(findings('IMT2018', [dr({ subsets: [{ name: 'v1', labels: { v: '1' }, trafficPolicy: { tunnel: { protocol: 'PUT', targetHost: 'bad_host', targetPort: 0 } } }] })]).map((x) => [x.field, x.severity])).toEqual([
      [`${s}.protocol`, 'error'], [`${s}.targetHost`, 'error'], [`${s}.targetPort`, 'error'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// IMT2011 dr-subsets
// ---------------------------------------------------------------------------------------------------------------

describe('IMT2011 dr-subsets: names (kills the name, DNS-1123 regex and duplicate mutants)', () => {
  const subsets = (...s: unknown[]) => findings('IMT2011', [dr({ subsets: s })]);
  const named = (name: unknown) => ({ name, labels: { version: 'v1' } });
  const required = (i: number) => err(`spec.subsets[${i}].name`, `'spec.subsets[${i}].name' is required (subset name cannot be empty)`, "name the subset, e.g. 'v1'");
  const invalid = (i: number, n: string) => err(`spec.subsets[${i}].name`, `'spec.subsets[${i}].name' ${JSON.stringify(n)} is not a DNS-1123 label (subset name is invalid)`, 'use lower-case letters, digits and dashes');

  test('an entry that is not an object', () => {
    expect(subsets(null)).toEqual([err('spec.subsets[0]', "'spec.subsets[0]' is null: subset may not be null", 'remove the entry')]);
  });

  test('a name is a non-empty string', () => {
    expect(subsets({ labels: { version: 'v1' } })).toEqual([required(0)]);
    expect(subsets(named(''))).toEqual([required(0)]);
    expect(subsets(named(5))).toEqual([required(0)]);
  });

  test('a DNS-1123 label: lower-case letters, digits and inner dashes, one character or more', () => {
    for (const n of ['v', 'v1', 'v1-canary', '1']) expect([n, subsets(named(n))]).toEqual([n, []]);
    for (const n of ['V1', '-v1', 'v1-', 'v1.2', 'v_1']) expect([n, subsets(named(n))]).toEqual([n, [invalid(0, n)]]);
  });

  test('each name once', () => {
    expect(subsets(named('v1'), named('v2'), named('v1'))).toEqual([
      err('spec.subsets[2].name', `'spec.subsets[2].name' "v1" is used twice (duplicate subset names)`, 'give every subset its own name'),
    ]);
    expect(subsets(named('v1'), named('v2'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// IMT2003 dr-port-level-settings
// ---------------------------------------------------------------------------------------------------------------

describe('IMT2003 dr-port-level-settings: validatePortTrafficPolicies (kills the port-range and at-least-one-field mutants)', () => {
  const pls = (...s: unknown[]) => findings('IMT2003', [dr({ trafficPolicy: { portLevelSettings: s } })]);
  const f = (i: number) => `${TP}.portLevelSettings[${i}]`;
  const TLS = { tls: { mode: 'ISTIO_MUTUAL' } };
  const badPort = (i: number, n: string) => err(`${f(i)}.port`, `'${f(i)}.port.number' is ${n}: each port-level setting needs a port 1..65535 ("portTrafficPolicy must have valid port")`, "set 'port: {number: <service port>}'");
  const nothing = (i: number, n: string) => err(f(i), `'${f(i)}' sets nothing for port ${n} ("port traffic policy must have at least one field")`, "add e.g. 'tls: {mode: ISTIO_MUTUAL}' or remove the entry");

  test('an entry that is not an object', () => {
    expect(pls(null)).toEqual([err(f(0), `'${f(0)}' is null: Istio rejects it ("traffic policy may not be null")`, 'remove the entry')]);
  });

  test('a port number from 1 to 65535', () => {
    for (const n of [1, 8080, 65535]) expect([n, pls({ port: { number: n }, ...TLS })]).toEqual([n, []]);
    expect(pls({ port: { number: 0 }, ...TLS })).toEqual([badPort(0, '0')]);
    expect(pls({ port: { number: 65536 }, ...TLS })).toEqual([badPort(0, '65536')]);
    expect(pls({ port: { number: 80.5 }, ...TLS })).toEqual([badPort(0, '80.5')]);
    expect(pls({ port: { number: '80' }, ...TLS })).toEqual([badPort(0, '"80"')]);
    expect(pls({ port: 80, ...TLS })).toEqual([badPort(0, 'undefined')]);
    expect(pls({ ...TLS })).toEqual([badPort(0, 'undefined')]);
  });

  test('at least one of outlierDetection, connectionPool, loadBalancer, tls (as an object)', () => {
    for (const k of ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls']) {
      expect([k, pls({ port: { number: 8080 }, [k]: {} })]).toEqual([k, []]);
    }
    expect(pls({ port: { number: 8080 } })).toEqual([nothing(0, '8080')]);
    expect(pls({ port: { number: 8080 }, tls: 'ISTIO_MUTUAL' })).toEqual([nothing(0, '8080')]);
    expect(pls({})).toEqual([nothing(0, 'undefined'), badPort(0, 'undefined')]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// IMT2016 dr-outlier-detection
// ---------------------------------------------------------------------------------------------------------------

describe('IMT2016 dr-outlier-detection: validateOutlierDetection (kills the threshold, percent and count mutants)', () => {
  const od = (o: K8sObject) => findings('IMT2016', [dr({ trafficPolicy: { outlierDetection: o } })]);
  const f = `${TP}.outlierDetection`;

  test('baseEjectionTime and interval to whole milliseconds', () => {
    for (const k of ['baseEjectionTime', 'interval']) {
      expect(od({ [k]: '1500us' })).toEqual([err(`${f}.${k}`, `'${f}.${k}' is "1500us": Istio rejects it ("only durations to ms precision are supported")`, `round '${f}.${k}' to whole milliseconds, e.g. '1ms'`)]);
      expect(od({ [k]: '30s' })).toEqual([]);
    }
  });

  test('a non-zero consecutiveErrors is the deprecation warning', () => {
    expect(od({ consecutiveErrors: 5 })).toEqual([
      warn(`${f}.consecutiveErrors`, `'${f}.consecutiveErrors' is 5: Istio warns "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead"`, "use 'consecutive5xxErrors' (or 'consecutiveGatewayErrors') instead"),
    ]);
    expect(od({ consecutiveErrors: 0 })).toEqual([]);
  });

  test('consecutiveLocalOriginFailures above 0 needs splitExternalLocalOriginErrors: true', () => {
    expect(od({ consecutiveLocalOriginFailures: 1 })).toEqual([
      err(`${f}.consecutiveLocalOriginFailures`, `'${f}.consecutiveLocalOriginFailures' is 1 but 'splitExternalLocalOriginErrors' is not true: Istio rejects it ("outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false")`, "set 'splitExternalLocalOriginErrors: true', or remove 'consecutiveLocalOriginFailures'"),
    ]);
    expect(od({ consecutiveLocalOriginFailures: 1, splitExternalLocalOriginErrors: true })).toEqual([]);
    expect(od({ consecutiveLocalOriginFailures: 0 })).toEqual([]);
    expect(od({ consecutiveLocalOriginFailures: '1' })).toEqual([]);
  });

  test('maxEjectionPercent and minHealthPercent from 0 to 100', () => {
    for (const k of ['maxEjectionPercent', 'minHealthPercent']) {
      const pct = (v: number) => err(`${f}.${k}`, `'${f}.${k}' is ${v}: Istio rejects it ("percentage ${v} is not in range 0..100")`, `use a percentage from 0 to 100 for '${k}'`);
      expect(od({ [k]: -1 })).toEqual([pct(-1)]);
      expect(od({ [k]: 101 })).toEqual([pct(101)]);
      for (const v of [0, 100, '101']) expect([k, v, od({ [k]: v })]).toEqual([k, v, []]);
    }
  });

  test('the three unsigned counts are 0 or more', () => {
    for (const k of ['consecutive5xxErrors', 'consecutiveGatewayErrors', 'consecutiveLocalOriginFailures']) {
      expect(od({ [k]: -1 })).toEqual([err(`${f}.${k}`, `'${f}.${k}' is -1: the CRD requires 0 or more (an unsigned count); the API server rejects it`, `use 0 or more for '${k}'`)]);
      expect(od({ [k]: 0 })).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// IMT5007 dr-without-tls-overrides-mtls
// ---------------------------------------------------------------------------------------------------------------

describe('IMT5007 dr-without-tls-overrides-mtls: the traffic half and the object half (kills lines 20 and 34-48)', () => {
  const FIX = "repeat 'tls: {mode: ISTIO_MUTUAL}' in this DestinationRule's trafficPolicy";
  const OFF = { autoMtls: false };
  const rule = (name: string, namespace: string, host: string, trafficPolicy: K8sObject): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec: { host, trafficPolicy } });
  const meshPa = (mode: string): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode } } });
  const MESH_MUTUAL = rule('default', 'istio-system', '*.local', { tls: { mode: 'ISTIO_MUTUAL' } });
  const NO_TLS = { loadBalancer: { simple: 'ROUND_ROBIN' } };
  const replaces = `DestinationRule shop/cart has no tls and replaces DestinationRule istio-system/default (ISTIO_MUTUAL) for ${HOST}; with auto mTLS off`;

  test("the traffic half: each call through a rule without tls, once per rule (the object half skips the rules it reported)", () => {
    const strict = 'has no tls for this port; DestinationRules do not merge, so it replaces the wider ISTIO_MUTUAL rule and clients send plaintext to a STRICT server (decided by MeshPolicy default)';
    expect(findings('IMT5007', loadFixtures('rules/IMT5007/bad.yaml'))).toEqual([
      err(TP, `declared call checkout.shop -> cart.shop.svc.cluster.local:80: DestinationRule shop/cart ${strict}`, FIX),
      err(TP, `every call from sidecar clients -> web.shop.svc.cluster.local:80: DestinationRule shop/web ${strict}`, FIX),
    ]);
  });

  test('the object half: toward a STRICT namespace an error, toward a PERMISSIVE one a warning', () => {
    expect(findings('IMT5007', [meshPa('STRICT'), MESH_MUTUAL, rule('cart', 'shop', HOST, NO_TLS)], OFF)).toEqual([
      err(TP, `${replaces}, sidecars send plaintext, and namespace 'shop' is STRICT (decided by PeerAuthentication istio-system/default): every sidecar client using this rule fails`, FIX),
    ]);
    expect(findings('IMT5007', [meshPa('PERMISSIVE'), MESH_MUTUAL, rule('cart', 'shop', HOST, NO_TLS)], OFF)).toEqual([
      warn(TP, `${replaces}, sidecars now send plaintext: nothing fails while namespace 'shop' accepts it (PERMISSIVE), but the traffic is no longer encrypted`, FIX),
    ]);
    expect(findings('IMT5007', [meshPa('STRICT'), MESH_MUTUAL, rule('cart', 'shop', HOST, NO_TLS)], { autoMtls: true })).toEqual([]);
  });

  test('not reported: a wildcard rule, a rule with port-level tls, no wider ISTIO_MUTUAL rule, a host outside the cluster', () => {
    expect(findings('IMT5007', [meshPa('STRICT'), MESH_MUTUAL, rule('cart', 'shop', '*.shop.svc.cluster.local', NO_TLS)], OFF)).toEqual([]);
    expect(findings('IMT5007', [meshPa('STRICT'), MESH_MUTUAL, rule('cart', 'shop', HOST, { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL' } }] })], OFF)).toEqual([]);
    expect(findings('IMT5007', [meshPa('STRICT'), rule('cart', 'shop', HOST, NO_TLS)], OFF)).toEqual([]);
    expect(findings('IMT5007', [meshPa('STRICT'), rule('default', 'istio-system', '*', { tls: { mode: 'ISTIO_MUTUAL' } }), rule('api', 'shop', 'api.example.com', NO_TLS)], OFF)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The smaller survivors: IMT2006, IMT2009, IMT2019, IMT2004 (fix texts and one condition each)
// ---------------------------------------------------------------------------------------------------------------

describe('tls rules: exact fixes, and the conditions that let a rule through', () => {
  const tls = (t: K8sObject, spec: K8sObject = {}) => [dr({ ...spec, trafficPolicy: { tls: t } })];
  const ft = `${TP}.tls`;

  test('IMT2006 dr-mutual-needs-certs: MUTUAL without files names each missing one', () => {
    const fix = "set 'clientCertificate' and 'privateKey' file paths, or 'credentialName' naming a secret; for in-mesh hosts use ISTIO_MUTUAL instead";
    expect(findings('IMT2006', tls({ mode: 'MUTUAL', caCertificates: '/ca.pem' }))).toEqual([
      err(`${ft}.clientCertificate`, `'${ft}' is MUTUAL without 'clientCertificate': Istio rejects it ("client certificate required for mutual tls")`, fix),
      err(`${ft}.privateKey`, `'${ft}' is MUTUAL without 'privateKey': Istio rejects it ("private key required for mutual tls")`, fix),
    ]);
  });

  test('IMT2009 dr-no-ca-certificates: a credentialName counts as the CA only for a rule with a workloadSelector', () => {
    const selector = { workloadSelector: { matchLabels: { app: 'cart' } } };
    expect(findings('IMT2009', tls({ mode: 'SIMPLE', credentialName: 'cart-ca' }, selector))).toEqual([]);
    expect(findings('IMT2009', tls({ mode: 'SIMPLE' }, selector))).toEqual([
      warn(`${ft}.caCertificates`, `'${ft}' is SIMPLE for host "${HOST}" but sets no 'caCertificates' to validate the server's identity`, "set 'caCertificates' (and 'subjectAltNames') to pin the server's CA"),
    ]);
  });

  test('IMT2019 dr-selector-without-labels: an empty selector is reported, a null one is absent', () => {
    expect(findings('IMT2019', [dr({ workloadSelector: {} })])).toEqual([
      warn('spec.workloadSelector', `'spec.workloadSelector' has no matchLabels: Istio warns "workload selector specified without labels"; the rule applies to every client in namespace shop and to no client elsewhere`, "add 'matchLabels' for the client workloads, or remove 'workloadSelector' to make the rule apply to all clients"),
    ]);
    expect(findings('IMT2019', [dr({ workloadSelector: null })])).toEqual([]);
  });

  test('IMT2004 dr-tls-mode: no mode is the DISABLE warning; an unknown mode lists the allowed ones', () => {
    expect(findings('IMT2004', tls({ sni: 'cart' }))).toEqual([
      warn(`${ft}.mode`, `'${ft}' has no mode, so Istio uses DISABLE (plaintext) and ignores the other TLS fields`, "set 'mode' explicitly (ISTIO_MUTUAL for in-mesh hosts)"),
    ]);
    expect(findings('IMT2004', tls({ mode: 'STRICT' }))).toEqual([
      err(`${ft}.mode`, `'${ft}.mode' is "STRICT": allowed are DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL`, 'use ISTIO_MUTUAL for in-mesh hosts, SIMPLE or MUTUAL for external TLS, DISABLE for plaintext'),
    ]);
  });
});
