import { byWorkloadName } from '../resolve';
import { Workload } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT4001: several workload PeerAuthentications select one workload. */
export const paMultipleWorkloadPolicies: Rule = {
  code: 'IMT4001',
  name: 'pa-multiple-workload-policies',
  severity: Severity.ERROR,
  summary: 'when several workload PeerAuthentications select a pod, only the oldest applies',
  source: 'istio.io concepts/security ("When more than one workload-specific peer authentication policy matches, Istio picks the oldest one"); Kiali KIA0003',
  check(ctx) {
    const reported = new Set<number>();
    // By workload name: the first workload found is the one the message names (only those with several policies
    // are sorted).
    // Only namespaces with two or more workload policies can have a workload that several select.
    const selected: Workload[] = [];
    for (const [ns, ws] of ctx.model.workloadsByNamespace) {
      const wps = ctx.resolver.levels(ns).workloadPolicies;
      if (wps.length < 2) continue;
      for (const w of ws) if (ctx.resolver.workloadPoliciesFor(ns, w.podLabels).length > 1) selected.push(w);
    }
    for (const w of selected.sort(byWorkloadName)) {
      const ps = ctx.resolver.workloadPoliciesFor(w.namespace, w.podLabels);
      for (const p of ps.slice(1)) {
        if (reported.has(p.index)) continue;
        reported.add(p.index);
        ctx.report({
          at: p, field: 'spec.selector',
          message: `PeerAuthentication ${p.ref.name} and ${ps[0].ref.name} both select ${w.name}.${w.namespace}: Istio applies only the oldest (${ps[0].ref.name}), so this one is ignored there`,
          fix: 'merge them into one policy per workload, or narrow the selectors so each pod matches one policy',
        });
      }
    }
  },
};
