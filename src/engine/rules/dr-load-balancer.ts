import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { Problem, durationPrecisionProblem, policyLevels } from './_helpers';
import { show } from '../values';

/** A problem, and whether it is only one of the webhook's warnings. */
type LbProblem = Problem & { readonly warning?: boolean };

/** Istio's topology labels (pkg/config/constants via istio.io/api/label), which `failover` already orders. */
const TOPOLOGY = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];
const MAGLEV_MAX = 5000011;

/** Envoy's isPrime (source/common/common/utility.cc), as the webhook copies it. */
function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let f = 3; f * f <= x; f += 2) if (x % f === 0) return false;
  return true;
}

const nonEmptyArray = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** agent.validateLocalities: wildcards only at the end and once, no empty parts, no overlaps. */
function localitiesProblem(localities: readonly string[], f: string): LbProblem | undefined {
  const seen = new Map<string, Map<string, Set<string>>>();
  const bad = (loc: string, why: string): LbProblem => ({ field: f, message: `'${f}' locality ${JSON.stringify(loc)} ${why}; Istio rejects it`, fix: "write localities as 'region', 'region/zone' or 'region/zone/subzone', each at most once, a '*' only at the end" });
  for (const loc of localities) {
    const stars = loc.split('*').length - 1;
    if (stars > 0 && (stars > 1 || !loc.endsWith('*'))) return bad(loc, "has a wildcard '*' that is not the one last character (\"wildcard '*' number can not exceed 1 and must be in the end\")");
    if (seen.has('*')) return bad(loc, 'overlaps an earlier one ("overlap with previous specified ones")');
    const items = splitN(loc, '/', 3);
    if (items.some((x) => x === '')) return bad(loc, 'has an empty region, zone or subzone ("must not contain empty region/zone/subzone info")');
    const [region, zone, sub] = items;
    const zones = seen.get(region);
    if (items.length === 1) {
      if (zones) return bad(loc, 'overlaps an earlier one ("overlap with previous specified ones")');
      seen.set(region, new Map([['*', new Set(['*'])]]));
    } else if (items.length === 2) {
      if (zones && (zones.has('*') || zones.has(zone))) return bad(loc, 'overlaps an earlier one ("overlap with previous specified ones")');
      if (zones) zones.set(zone, new Set(['*'])); else seen.set(region, new Map([[zone, new Set(['*'])]]));
    } else {
      if (zones?.has('*')) return bad(loc, 'overlaps an earlier one ("overlap with previous specified ones")');
      const subs = zones?.get(zone);
      if (subs && (subs.has('*') || subs.has(sub))) return bad(loc, 'overlaps an earlier one ("overlap with previous specified ones")');
      if (subs) subs.add(sub); else if (zones) zones.set(zone, new Set([sub])); else seen.set(region, new Map([[zone, new Set([sub])]]));
    }
  }
  return undefined;
}

/** Go's strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** The failover entries' checks, shared by localityLbSetting and zoneAwareLbSetting (their wording differs). */
function failoverProblems(failover: unknown, f: string, zoneAware: boolean): LbProblem[] {
  const out: LbProblem[] = [];
  if (!Array.isArray(failover)) return out;
  const what = zoneAware ? 'zone aware lb failover' : 'locality lb failover';
  failover.forEach((e: unknown, i: number) => {
    if (!isObject(e)) return;
    const ff = `${f}.failover[${i}]`;
    const from = str(e.from);
    const to = str(e.to);
    if (from === to) out.push({ field: ff, message: `'${ff}' fails over from ${JSON.stringify(from)} to itself: Istio rejects it ("${zoneAware ? 'zone aware lb failover settings' : 'locality lb failover settings'} must specify different regions")`, fix: "name two different regions in 'from' and 'to'" });
    if (from.includes('/') || to.includes('/')) out.push({ field: ff, message: `'${ff}' names a zone (${JSON.stringify(from.includes('/') ? from : to)}): Istio rejects it ("${zoneAware ? 'zone aware lb failover only specifies region; zone and subzone failover are handled automatically' : 'locality lb failover only specify region'}")`, fix: "use regions only in 'from' and 'to'" });
    if (from.includes('*') || to.includes('*')) out.push({ field: ff, message: `'${ff}' uses a '*' wildcard: Istio rejects it ("${what} region should not contain '*' wildcard")`, fix: "name the regions in 'from' and 'to'" });
  });
  return out;
}

function noOutlierWarning(f: string, level: string): LbProblem {
  return {
    field: f, warning: true,
    message: `'${f}' configures failover but '${level}.outlierDetection' is not set: Istio warns "outlier detection policy must be provided for failover" (without it, no endpoint is ever ejected and traffic does not fail over)`,
    fix: `add '${level}.outlierDetection', e.g. '{consecutive5xxErrors: 5, interval: 30s}'`,
  };
}

/** agent.ValidateLocalityLbSetting. */
function localityProblems(lb: Record<string, any>, f: string, level: string, hasOutlier: boolean): LbProblem[] {
  const out: LbProblem[] = [];
  if (nonEmptyArray(lb.distribute) && nonEmptyArray(lb.failover)) {
    return [{ field: f, message: `'${f}' sets both 'distribute' and 'failover': Istio rejects it ("can not simultaneously specify 'distribute' and 'failover'")`, fix: "keep one of 'distribute' and 'failover'" }];
  }
  if (nonEmptyArray(lb.failover) && nonEmptyArray(lb.failoverPriority)) {
    const t = lb.failoverPriority.find((l: unknown) => typeof l === 'string' && TOPOLOGY.includes(l));
    if (t) return [{ field: `${f}.failoverPriority`, message: `'${f}' sets 'failover' and the topology label ${JSON.stringify(t)} in 'failoverPriority': Istio rejects it ("can not simultaneously set 'failover' and topology label '${t}' in 'failover_priority'")`, fix: `remove ${JSON.stringify(t)} from 'failoverPriority' ('failover' orders regions already) or remove 'failover'` }];
  }
  const sources: string[] = [];
  for (const [i, d] of (Array.isArray(lb.distribute) ? lb.distribute : []).entries()) {
    if (!isObject(d)) continue;
    const fd = `${f}.distribute[${i}]`;
    sources.push(str(d.from));
    let total = 0;
    const to = isObject(d.to) ? d.to : {};
    for (const w of Object.values(to)) {
      if (typeof w !== 'number' || w <= 0 || w > 100) return [...out, { field: `${fd}.to`, message: `'${fd}.to' has the weight ${show(w)}: Istio rejects it ("locality weight must be in range [1, 100]")`, fix: 'give every locality a weight from 1 to 100, together 100' }];
      total += w;
    }
    if (total !== 100) return [...out, { field: `${fd}.to`, message: `'${fd}.to' weights add up to ${total}: Istio rejects it ("total locality weight ${total} != 100")`, fix: "make the weights of 'to' add up to 100" }];
    const p = localitiesProblem(Object.keys(to), `${fd}.to`);
    if (p) out.push(p);
  }
  const p = localitiesProblem(sources, `${f}.distribute`);
  if (p) out.push(p);
  if ((nonEmptyArray(lb.failover) || nonEmptyArray(lb.failoverPriority)) && !hasOutlier) out.push(noOutlierWarning(f, level));
  out.push(...failoverProblems(lb.failover, f, false));
  return out;
}

/** agent.ValidateZoneAwareLbSetting. */
function zoneAwareProblems(lb: Record<string, any>, f: string, level: string, hasOutlier: boolean): LbProblem[] {
  const out: LbProblem[] = [];
  for (const t of Array.isArray(lb.failoverPriority) ? lb.failoverPriority : []) {
    if (typeof t === 'string' && TOPOLOGY.includes(t)) out.push({ field: `${f}.failoverPriority`, message: `'${f}.failoverPriority' has the topology label ${JSON.stringify(t)}: Istio rejects it ("'failover_priority' for zone aware lb must not use topology label '${t}'; region- and zone-level routing are handled automatically")`, fix: `remove ${JSON.stringify(t)} from 'failoverPriority'` });
  }
  if ((nonEmptyArray(lb.failover) || nonEmptyArray(lb.failoverPriority)) && !hasOutlier) out.push(noOutlierWarning(f, level));
  out.push(...failoverProblems(lb.failover, f, true));
  return out;
}

/** The webhook's validateLoadBalancer on one level's `loadBalancer` (`level` is the traffic policy's field path). */
function lbProblems(lb: Record<string, any>, level: string, hasOutlier: boolean): LbProblem[] {
  const f = `${level}.loadBalancer`;
  const out: LbProblem[] = [];
  const set = (v: unknown) => v !== undefined && v !== null;
  // proto oneof lb_policy (the CRD's oneOf; the schema check reports types only)
  if (set(lb.simple) && set(lb.consistentHash)) out.push({ field: f, message: `'${f}' sets both 'simple' and 'consistentHash': they are alternatives (one lbPolicy), and the API server rejects the object`, fix: "keep one of 'simple' and 'consistentHash'" });
  const ch = lb.consistentHash;
  if (isObject(ch)) {
    const fc = `${f}.consistentHash`;
    const keys = ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'].filter((k) => set(ch[k]));
    if (keys.length > 1) out.push({ field: fc, message: `'${fc}' sets ${keys.map((k) => `'${k}'`).join(' and ')}: they are alternatives (one hashKey), and the API server rejects the object`, fix: 'keep one hash key' });
    const algos = ['ringHash', 'maglev'].filter((k) => set(ch[k]));
    if (algos.length > 1) out.push({ field: fc, message: `'${fc}' sets both 'ringHash' and 'maglev': they are alternatives (one hashAlgorithm), and the API server rejects the object`, fix: "keep one of 'ringHash' and 'maglev'" });
    const cookie = ch.httpCookie;
    if (isObject(cookie)) {
      if (typeof cookie.name !== 'string' || cookie.name === '') out.push({ field: `${fc}.httpCookie.name`, message: `'${fc}.httpCookie' has no 'name': Istio rejects it ("name required for HttpCookie")`, fix: "name the cookie, e.g. 'name: session'" });
      const names = new Set<string>();
      for (const a of Array.isArray(cookie.attributes) ? cookie.attributes : []) {
        const n = isObject(a) ? a.name : undefined;
        if (typeof n !== 'string' || n === '') out.push({ field: `${fc}.httpCookie.attributes`, message: `'${fc}.httpCookie.attributes' has an attribute without a name: Istio rejects it ("cookie attribute name cannot be empty")`, fix: 'name every cookie attribute, e.g. SameSite' });
        else if (names.has(n)) out.push({ field: `${fc}.httpCookie.attributes`, message: `'${fc}.httpCookie.attributes' names ${JSON.stringify(n)} twice: Istio rejects it ("duplicate cookie attribute name: ${n}")`, fix: `keep one ${JSON.stringify(n)} attribute` });
        else names.add(n);
      }
    }
    const ring = ch.minimumRingSize;
    if (typeof ring === 'number' && ring !== 0) {
      out.push({ field: `${fc}.minimumRingSize`, warning: true, message: `'${fc}.minimumRingSize' is set: Istio warns "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead"`, fix: `use 'ringHash: {minimumRingSize: ${ring}}' instead` });
      if (algos.length > 0) out.push({ field: `${fc}.minimumRingSize`, message: `'${fc}' sets 'minimumRingSize' and '${algos[0]}': Istio rejects it ("only one of MinimumRingSize or Maglev/Ringhash can be specified")`, fix: `move the size into '${algos[0]}' and remove 'minimumRingSize'` });
    }
    if (isObject(ch.maglev)) {
      const t = ch.maglev.tableSize;
      const size = typeof t === 'number' ? t : 0;
      const fm = `${fc}.maglev.tableSize`;
      const fix = 'use a prime table size below 5000011, e.g. 65537';
      if (size === 0) out.push({ field: fm, message: `'${fm}' is not set: Istio rejects it ("tableSize must be set for maglev")`, fix });
      if (size >= MAGLEV_MAX) out.push({ field: fm, message: `'${fm}' is ${size}: Istio rejects it ("tableSize must be less than 5000011 for maglev")`, fix });
      if (!isPrime(size)) out.push({ field: fm, message: `'${fm}' is ${size}: Istio rejects it ("tableSize must be a prime number for maglev")`, fix });
    }
  }
  const locality = isObject(lb.localityLbSetting) ? lb.localityLbSetting : undefined;
  const zoneAware = isObject(lb.zoneAwareLbSetting) ? lb.zoneAwareLbSetting : undefined;
  if (locality && zoneAware) out.push({ field: f, message: `'${f}' sets both 'localityLbSetting' and 'zoneAwareLbSetting': Istio rejects it ("only one of localityLbSetting and zoneAwareLbSetting can be set")`, fix: "keep one of 'localityLbSetting' and 'zoneAwareLbSetting'" });
  if (locality) out.push(...localityProblems(locality, `${f}.localityLbSetting`, level, hasOutlier));
  if (zoneAware) out.push(...zoneAwareProblems(zoneAware, `${f}.zoneAwareLbSetting`, level, hasOutlier));
  const warm = lb.warmup;
  if (isObject(warm)) {
    const fw = `${f}.warmup`;
    if (!set(warm.duration)) out.push({ field: `${fw}.duration`, message: `'${fw}' has no 'duration': Istio rejects it ("duration is required")`, fix: "set 'duration', e.g. '60s'" });
    else { const p = durationPrecisionProblem(warm.duration, `${fw}.duration`); if (p) out.push(p); }
    if (typeof warm.minimumPercent === 'number' && warm.minimumPercent > 100) out.push({ field: `${fw}.minimumPercent`, message: `'${fw}.minimumPercent' is ${warm.minimumPercent}: Istio rejects it ("minimumPercent value should be less than or equal to 100")`, fix: 'use a percentage from 0 to 100' });
    if (typeof warm.aggression === 'number' && warm.aggression <= 0) out.push({ field: `${fw}.aggression`, message: `'${fw}.aggression' is ${warm.aggression}: Istio rejects it ("aggression should be greater than 0")`, fix: "use an aggression above 0 (1 is linear)" });
  }
  return out;
}

/** IMT2017: a loadBalancer Istio's webhook rejects (or warns about). */
export const drLoadBalancer: Rule = {
  code: 'IMT2017',
  name: 'dr-load-balancer',
  severity: Severity.ERROR,
  summary: 'a loadBalancer must be valid as Istio checks it: one of simple/consistentHash, a named httpCookie, maglev tableSize prime and < 5000011, distribute weights 1..100 adding up to 100, failover between different regions, not both locality and zone-aware settings, a warmup duration; deprecated minimumRingSize and failover without outlierDetection are warnings',
  source: 'webhook validateLoadBalancer (istio@86c9f01 pkg/config/validation/validation.go), agent.ValidateLocalityLbSetting, agent.ValidateZoneAwareLbSetting and validateLocalities (pkg/config/validation/agent/validation.go); proto oneofs lb_policy, hash_key, hash_algorithm (the CRD oneOf)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, policy } of policyLevels(dr.obj.spec)) {
        if (!isObject(policy.loadBalancer)) continue;
        for (const { warning, ...p } of lbProblems(policy.loadBalancer, field, isObject(policy.outlierDetection))) {
          ctx.report({ at: dr, ...p, ...(warning ? { severity: Severity.WARNING } : {}) });
        }
      }
    }
  },
};
