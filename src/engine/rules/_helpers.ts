/**
 * Checks shared by several rules (selectors, TLS settings), written once.
 * @internal
 */
import { DestinationRuleModel, isObject } from '../model';
import { ServerResolution } from '../resolve';
import { RuleContext } from '../rule';
import { show } from '../values';
import { parseGoDuration } from '../../input/schema/cel';

/** The field of the PeerAuthentication (or legacy Policy) that decided a server mode. */
export function policyField(server: ServerResolution | undefined): string {
  return server?.portLevel ? 'spec.portLevelMtls' : server?.policy?.legacy ? 'spec.peers' : 'spec.mtls.mode';
}

export interface Problem { readonly field: string; readonly message: string; readonly fix: string }

/** Istio's validateWorkloadSelector: empty keys and `*` in keys or values. */
export function selectorProblems(matchLabels: unknown, field: string): { readonly wildcard: readonly Problem[]; readonly emptyKey: readonly Problem[] } {
  if (!isObject(matchLabels)) return NO_SELECTOR_PROBLEMS;
  // Nearly every selector is fine: nothing is allocated until a problem is found.
  let wildcard: Problem[] | undefined;
  let emptyKey: Problem[] | undefined;
  for (const k in matchLabels) {
    if (!Object.prototype.hasOwnProperty.call(matchLabels, k)) continue;
    const v = matchLabels[k];
    if (k === '') {
      (emptyKey ??= []).push({ field: `${field}`, message: `'${field}' has an empty label key (value ${show(v)}): Istio rejects it ("key must not be empty")`, fix: 'remove the entry or give it a label key' });
    } else if (k.trim() === '') {
      // Istio only rejects '' (CRD CEL key.size() != 0, webhook k == ""); Kubernetes rejects whitespace in label keys.
      (emptyKey ??= []).push({
        field: `${field}`,
        message: `'${field}' has a label key of only whitespace (${JSON.stringify(k)}, value ${show(v)}): Istio accepts it, but it is not a valid Kubernetes label key, so no pod carries it and the selector matches nothing`,
        fix: 'remove the entry or use the label key of the target pods',
      });
    }
    if (k.includes('*')) {
      (wildcard ??= []).push({ field: `${field}.${k}`, message: `'${field}' key ${JSON.stringify(k)} contains '*': Istio rejects wildcards in label keys ("wildcard not allowed in label key match")`, fix: 'use the exact label key of the target pods' });
    }
    if (typeof v === 'string' && v.includes('*')) {
      (wildcard ??= []).push({ field: `${field}.${k}`, message: `'${field}.${k}' value ${JSON.stringify(v)} contains '*': Istio rejects wildcards in label values ("wildcard not allowed in label value match")`, fix: 'use the exact label value of the target pods' });
    }
  }
  return wildcard || emptyKey ? { wildcard: wildcard ?? NO_PROBLEMS, emptyKey: emptyKey ?? NO_PROBLEMS } : NO_SELECTOR_PROBLEMS;
}

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
const NO_SELECTOR_PROBLEMS = Object.freeze({ wildcard: NO_PROBLEMS, emptyKey: NO_PROBLEMS });

/** {@link tlsBlocks} of a DestinationRule, computed once per analysis (six rules read them). */
export function drTlsBlocks(ctx: RuleContext, dr: DestinationRuleModel): Array<{ field: string; tls: Record<string, any> }> {
  const cache = ctx.memo('tlsBlocks', () => new Map<DestinationRuleModel, Array<{ field: string; tls: Record<string, any> }>>());
  let blocks = cache.get(dr);
  if (!blocks) { blocks = tlsBlocks(dr.obj.spec); cache.set(dr, blocks); }
  return blocks;
}

/** Every tls block of a DestinationRule spec, with its field path. */
export function tlsBlocks(spec: unknown): Array<{ field: string; tls: Record<string, any> }> {
  const out: Array<{ field: string; tls: Record<string, any> }> = [];
  if (!isObject(spec)) return out;
  const fromPolicy = (tp: unknown, prefix: string) => {
    if (!isObject(tp)) return;
    if (isObject(tp.tls)) out.push({ field: `${prefix}.tls`, tls: tp.tls });
    if (Array.isArray(tp.portLevelSettings)) {
      tp.portLevelSettings.forEach((s: unknown, i: number) => {
        if (isObject(s) && isObject(s.tls)) out.push({ field: `${prefix}.portLevelSettings[${i}].tls`, tls: s.tls });
      });
    }
  };
  fromPolicy(spec.trafficPolicy, 'spec.trafficPolicy');
  if (Array.isArray(spec.subsets)) {
    spec.subsets.forEach((s: unknown, i: number) => {
      if (isObject(s)) fromPolicy(s.trafficPolicy, `spec.subsets[${i}].trafficPolicy`);
    });
  }
  return out;
}

/**
 * Every trafficPolicy of a DestinationRule spec (top level and subsets), with its field path. `trafficPolicy: null`
 * counts as absent: the API server prunes nulls of non-nullable fields before Istio sees the object.
 */
export function trafficPolicies(spec: unknown): Array<{ field: string; policy: unknown }> {
  const out: Array<{ field: string; policy: unknown }> = [];
  if (!isObject(spec)) return out;
  if (spec.trafficPolicy !== undefined && spec.trafficPolicy !== null) out.push({ field: 'spec.trafficPolicy', policy: spec.trafficPolicy });
  if (Array.isArray(spec.subsets)) {
    spec.subsets.forEach((s: unknown, i: number) => {
      if (isObject(s) && s.trafficPolicy !== undefined && s.trafficPolicy !== null) out.push({ field: `spec.subsets[${i}].trafficPolicy`, policy: s.trafficPolicy });
    });
  }
  return out;
}

export function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/**
 * Calls `report(p, keep)` for every policy of one scope that Istio ignores because an older one (`keep`) wins
 * ("only one mesh-wide / namespace-wide policy counts; the newer ones are ignored"), per API (legacy and modern apart).
 */
function sameIdentity(a: { ref: { kind: string; namespace?: string; name: string } }, b: { ref: { kind: string; namespace?: string; name: string } }): boolean {
  return a.ref.kind === b.ref.kind && a.ref.namespace === b.ref.namespace && a.ref.name === b.ref.name;
}

export function forEachIgnoredDuplicate<T extends { legacy: boolean }>(ps: readonly T[], oldestOf: (xs: readonly T[]) => T | undefined, report: (p: T, keep: T) => void): void {
  for (const legacy of [false, true]) {
    const same = ps.filter((p) => p.legacy === legacy);
    if (same.length < 2) continue;
    const keep = oldestOf(same)!;
    for (const p of same) {
      // The same object given twice is IMT4004's finding (duplicate-object), not a second policy.
      if (p !== keep && !sameIdentity(p as any, keep as any)) report(p, keep);
    }
  }
}

/**
 * Every level of a DestinationRule that Istio validates as a traffic policy (validateTrafficPolicy and, for
 * portLevelSettings entries, validatePortTrafficPolicies): the top level, each subset's, and each port-level entry of
 * either, with its field path. Only objects are returned; other rules report non-objects.
 */
export function policyLevels(spec: unknown): Array<{ field: string; policy: Record<string, any> }> {
  const out: Array<{ field: string; policy: Record<string, any> }> = [];
  for (const { field, policy } of trafficPolicies(spec)) {
    if (!isObject(policy)) continue;
    out.push({ field, policy });
    if (!Array.isArray(policy.portLevelSettings)) continue;
    policy.portLevelSettings.forEach((s: unknown, i: number) => {
      if (isObject(s)) out.push({ field: `${field}.portLevelSettings[${i}]`, policy: s });
    });
  }
  return out;
}

const ONE_MS_NS = 1_000_000n;

/**
 * Istio's agent.ValidateDuration beyond the CRD's CEL rule: a duration of at least 1ms (CEL `duration(self) >=
 * duration('1ms')`, reported by IMT2014) must also be a whole number of milliseconds ("only durations to ms precision
 * are supported"). Returns the problem, or undefined when the value is fine, absent, or already the CEL rule's finding.
 */
export function durationPrecisionProblem(value: unknown, field: string): Problem | undefined {
  if (typeof value !== 'string') return undefined;
  const ns = parseGoDuration(value);
  if (ns === undefined || ns < ONE_MS_NS || ns % ONE_MS_NS === 0n) return undefined;
  return {
    field,
    message: `'${field}' is ${JSON.stringify(value)}: Istio rejects it ("only durations to ms precision are supported")`,
    fix: `round '${field}' to whole milliseconds, e.g. '${(ns / ONE_MS_NS).toString()}ms'`,
  };
}

/** Whether a value is a number below zero (Istio's "must be non-negative" checks on int32 fields). */
export function isNegative(v: unknown): boolean {
  return typeof v === 'number' && v < 0;
}
