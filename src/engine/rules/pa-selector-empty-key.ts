import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { selectorProblems } from './_helpers';

/** IMT1005: an empty label key in a PeerAuthentication selector. */
export const paSelectorEmptyKey: Rule = {
  code: 'IMT1005',
  name: 'pa-selector-empty-key',
  severity: Severity.ERROR,
  summary: 'selector.matchLabels must not have an empty key (Istio rejects it) nor a whitespace-only one (Istio accepts it, but no Kubernetes label key is all whitespace, so it matches no pod)',
  source: 'CRD CEL "key must not be empty"; webhook validateWorkloadSelector "empty key is not supported in selector"',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || !isObject(p.obj.spec) || !isObject(p.obj.spec.selector)) continue;
      for (const pr of selectorProblems(p.obj.spec.selector.matchLabels, 'spec.selector.matchLabels').emptyKey) ctx.report({ at: p, ...pr });
    }
  },
};
