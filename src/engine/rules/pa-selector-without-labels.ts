import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT1006: a selector with no labels turns a "workload" policy into a namespace-wide one. */
export const paSelectorWithoutLabels: Rule = {
  code: 'IMT1006',
  name: 'pa-selector-without-labels',
  severity: Severity.WARNING,
  summary: 'a selector without matchLabels makes the policy namespace-wide (or mesh-wide)',
  source: 'webhook validateWorkloadSelector warning "workload selector specified without labels"; istio.io concepts/security "Selector field"',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || !isObject(p.obj.spec) || !('selector' in p.obj.spec)) continue;
      const sel = p.obj.spec.selector;
      const ml = isObject(sel) && isObject(sel.matchLabels) ? sel.matchLabels : {};
      if (Object.keys(ml).length > 0) continue;
      ctx.report({
        at: p, field: 'spec.selector',
        message: `'spec.selector' has no matchLabels, so this policy applies to the whole ${p.scope === 'mesh' ? 'mesh' : `namespace ${p.namespace}`}, not to one workload`,
        fix: "add 'matchLabels' for the workload, or remove 'selector' to make the namespace-wide intent explicit",
      });
    }
  },
};
