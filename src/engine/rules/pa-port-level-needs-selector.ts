import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT1001: `portLevelMtls` on a PeerAuthentication without a workload selector. */
export const paPortLevelNeedsSelector: Rule = {
  code: 'IMT1001',
  name: 'pa-port-level-needs-selector',
  severity: Severity.ERROR,
  summary: 'portLevelMtls needs a non-empty selector.matchLabels',
  source: 'CRD CEL rule "portLevelMtls requires selector" (crds/peerauthentication.yaml); webhook ValidatePeerAuthentication "mesh/namespace peer authentication cannot have port level mTLS" (istio@86c9f01 pkg/config/validation/validation.go)',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy) continue;
      const spec = p.obj.spec;
      if (!isObject(spec) || !isObject(spec.portLevelMtls)) continue;
      const ml = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
      if (Object.keys(ml).length > 0) continue;
      ctx.report({
        at: p, field: 'spec.portLevelMtls',
        message: `'spec.portLevelMtls' needs a workload selector: Istio rejects port-level mTLS on mesh- and namespace-wide policies ("portLevelMtls requires selector")`,
        fix: "add 'spec.selector.matchLabels' naming the workload, or move the port setting to a workload-specific policy",
      });
    }
  },
};
