import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { selectorProblems } from './_helpers';

/** IMT1004: `*` in a PeerAuthentication selector key or value. */
export const paSelectorWildcard: Rule = {
  code: 'IMT1004',
  name: 'pa-selector-wildcard',
  severity: Severity.ERROR,
  summary: 'selector.matchLabels keys and values must not contain *',
  source: 'CRD CEL "wildcard not allowed in label key match" / "... value match"; webhook validateWorkloadSelector "wildcard is not supported in selector"',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || !isObject(p.obj.spec) || !isObject(p.obj.spec.selector)) continue;
      for (const pr of selectorProblems(p.obj.spec.selector.matchLabels, 'spec.selector.matchLabels').wildcard) ctx.report({ at: p, ...pr });
    }
  },
};
