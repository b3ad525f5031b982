import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { selectorProblems } from './_helpers';

/** IMT2012: DestinationRule workloadSelector with wildcards or empty keys. */
export const drWorkloadSelector: Rule = {
  code: 'IMT2012',
  name: 'dr-workload-selector',
  severity: Severity.ERROR,
  summary: 'workloadSelector.matchLabels must not contain * or empty keys',
  source: 'CRD CEL on workloadSelector.matchLabels; webhook validateWorkloadSelector (istio@86c9f01)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const spec = dr.obj.spec;
      if (!isObject(spec) || !isObject(spec.workloadSelector)) continue;
      const p = selectorProblems(spec.workloadSelector.matchLabels, 'spec.workloadSelector.matchLabels');
      for (const pr of [...p.emptyKey, ...p.wildcard]) ctx.report({ at: dr, ...pr });
    }
  },
};
