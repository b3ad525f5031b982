import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT2019: a DestinationRule workloadSelector with no labels (the webhook's warning, as IMT1006 for PeerAuthentication). */
export const drSelectorWithoutLabels: Rule = {
  code: 'IMT2019',
  name: 'dr-selector-without-labels',
  severity: Severity.WARNING,
  summary: 'a DestinationRule workloadSelector without matchLabels selects every workload of its namespace (and keeps the rule out of other namespaces)',
  source: 'webhook ValidateDestinationRule -> validateWorkloadSelector warning "workload selector specified without labels" (istio@86c9f01 pkg/config/validation/validation.go); push_context.go setDestinationRules exports a rule with a workloadSelector only to its own namespace',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const spec = dr.obj.spec;
      if (!isObject(spec) || !('workloadSelector' in spec) || spec.workloadSelector === null) continue;
      const sel = spec.workloadSelector;
      const ml = isObject(sel) && isObject(sel.matchLabels) ? sel.matchLabels : {};
      if (Object.keys(ml).length > 0) continue;
      ctx.report({
        at: dr, field: 'spec.workloadSelector',
        message: `'spec.workloadSelector' has no matchLabels: Istio warns "workload selector specified without labels"; the rule applies to every client in namespace ${dr.namespace} and to no client elsewhere`,
        fix: "add 'matchLabels' for the client workloads, or remove 'workloadSelector' to make the rule apply to all clients",
      });
    }
  },
};
