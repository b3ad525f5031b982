import { Rule } from '../rule';
import { Severity } from '../types';
import { displayRef } from '../values';
import { DestinationRuleModel } from '../model';

interface GroupFacts {
  /** Each rule's position in the group (its first, for a rule given twice). */
  readonly position: ReadonlyMap<DestinationRuleModel, number>;
  /** The position of the first rule with a top-level trafficPolicy, -1 for none. */
  readonly firstPolicy: number;
  /** Subset name -> the position of the first rule that defines it. */
  readonly firstSubset: ReadonlyMap<string, number>;
}

function groupFacts(group: readonly DestinationRuleModel[]): GroupFacts {
  const position = new Map<DestinationRuleModel, number>();
  const firstSubset = new Map<string, number>();
  let firstPolicy = -1;
  group.forEach((d, i) => {
    if (!position.has(d)) position.set(d, i);
    if (firstPolicy < 0 && d.hasTrafficPolicy) firstPolicy = i;
    for (const s of d.subsets) if (!firstSubset.has(s.name)) firstSubset.set(s.name, i);
  });
  return { position, firstPolicy, firstSubset };
}

/** A rule's exportTo as a comparable key. */
function exportKey(dr: { readonly exportTo?: readonly string[] }): string {
  return JSON.stringify([...(dr.exportTo ?? [])].sort());
}

/** IMT2013: several DestinationRules for one host in one namespace, which Istio merges into the oldest. */
export const drDuplicateHost: Rule = {
  code: 'IMT2013',
  name: 'dr-duplicate-host',
  severity: Severity.WARNING,
  summary: 'several DestinationRules for one host (and workload selector, and from Istio 1.24 the same exportTo) in one namespace are merged into the oldest, and a newer rule loses its top-level trafficPolicy when an older rule has one, and its subsets whose names an older rule uses',
  source: 'istio@86c9f01 pilot/pkg/model/destination_rule.go mergeDestinationRule (exportTo sets compared with Equals under ENABLE_ENHANCED_DESTINATIONRULE_MERGE, default true since 1.24; "Unique subsets ... are concatenated", "If the original rule did not have any top level traffic policy, traffic policies from the new rule will be used") after push_context.go setDestinationRules sorts by creation time; Kiali KIA0201 destinationrules.multimatch',
  check(ctx) {
    // Per merge group, computed once (a group is shared by its rules): each rule's position, the first rule with a
    // trafficPolicy, and where each subset name is first defined, so that many rules for one host stay linear.
    const facts = new Map<readonly DestinationRuleModel[], GroupFacts>();
    for (const dr of ctx.model.destinationRules) {
      if (!dr.host) continue;
      const group = ctx.resolver.mergedWith(dr);
      let f = facts.get(group);
      if (!f) { f = groupFacts(group); facts.set(group, f); }
      const i = f.position.get(dr) ?? -1;
      if (i < 1) continue;
      const oldest = group[0];
      const effects: string[] = [];
      const policyFrom = f.firstPolicy >= 0 && f.firstPolicy < i ? group[f.firstPolicy] : undefined;
      if (dr.hasTrafficPolicy && policyFrom) effects.push(`this rule's trafficPolicy is ignored (that of ${policyFrom.ref.name} applies)`);
      else if (dr.hasTrafficPolicy && exportKey(dr) !== exportKey(oldest)) effects.push(`its trafficPolicy also applies to the clients ${oldest.ref.name} is exported to (before Istio 1.24 rules merge whatever their exportTo)`);
      const shadowed = [...new Set(dr.subsets.map((s) => s.name).filter((n) => (f!.firstSubset.get(n) ?? i) < i))];
      if (!dr.hasTrafficPolicy && dr.subsets.length === 0) effects.push('this rule adds nothing (no trafficPolicy and no subsets)');
      if (shadowed.length > 0) effects.push(`its subset${shadowed.length > 1 ? 's' : ''} ${shadowed.map((n) => JSON.stringify(n)).join(', ')} ${shadowed.length > 1 ? 'are' : 'is'} ignored (an older rule defines ${shadowed.length > 1 ? 'these names' : 'the name'})`);
      // A merge that loses nothing (new subset names, a trafficPolicy only where no older rule has one) is what Istio
      // supports on purpose (Kiali KIA0201 calls it valid): only lost settings, or a rule that adds nothing, are worth a warning.
      if (effects.length === 0) continue;
      ctx.report({
        at: dr, field: 'spec.host',
        message: `${displayRef(dr.ref)} and ${displayRef(oldest.ref)} both configure host ${JSON.stringify(dr.host)} in '${dr.namespace}': Istio merges them into the oldest (${oldest.ref.name}; by creationTimestamp, then name), so ${effects.join(' and ')}`,
        fix: `keep one DestinationRule per host in '${dr.namespace}': move this rule's subsets and settings into ${oldest.ref.name}`,
      });
    }
  },
};
