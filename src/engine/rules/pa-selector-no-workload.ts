import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT4002: a workload PeerAuthentication whose selector matches no workload in the input. */
export const paSelectorNoWorkload: Rule = {
  code: 'IMT4002',
  name: 'pa-selector-no-workload',
  severity: Severity.WARNING,
  summary: 'a workload selector that matches no workload has no effect (checked only where the namespace\'s workloads are in the input)',
  source: 'analogous to istioctl IST0127 NoMatchingWorkloadsFound (at istio@86c9f01 an AuthorizationPolicy-only analyzer, pkg/config/analysis/analyzers/authz/authorizationpolicies.go); Kiali KIA0004',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || p.scope !== 'workload') continue;
      const ws = ctx.model.workloadsByNamespace.get(p.namespace);
      if (!ws || ws.length === 0) continue; // unknown: the input shows no workloads there
      // Through the model's label index (not a scan of the namespace's workloads): a workload selector is never empty.
      if (ctx.resolver.selectWorkloads(p.namespace, p.selector!).length > 0) continue;
      ctx.report({
        at: p, field: 'spec.selector.matchLabels',
        message: `PeerAuthentication ${p.ref.name} selects ${JSON.stringify(p.selector)} but no workload in '${p.namespace}' has those pod labels`,
        fix: "use the pod template labels of the target workload (not the Deployment's own labels)",
      });
    }
  },
};
