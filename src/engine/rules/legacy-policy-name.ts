import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT3001: legacy naming rules — MeshPolicy must be `default` without targets; namespace-wide Policy must be `default`. */
export const legacyPolicyName: Rule = {
  code: 'IMT3001',
  name: 'legacy-policy-name',
  severity: Severity.ERROR,
  summary: "legacy MeshPolicy must be named 'default' with no targets; a namespace-wide Policy must be named 'default', and 'default' must not have targets",
  source: 'istio 1.4.10 pkg/config/validation/validation.go ValidateAuthenticationPolicy; pilot/pkg/model/push_context.go uses only the MeshPolicy named default',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (!p.legacy) continue;
      const hasTargets = isObject(p.obj.spec) && Array.isArray(p.obj.spec.targets) && p.obj.spec.targets.length > 0;
      const name = p.ref.name;
      if (p.ref.kind === 'MeshPolicy') {
        if (name !== 'default') ctx.report({ at: p, field: 'metadata.name', message: `MeshPolicy is named ${JSON.stringify(name)}: cluster-scoped authentication policy name must be "default" (Istio ignores any other)`, fix: "rename it to 'default'" });
        if (hasTargets) ctx.report({ at: p, field: 'spec.targets', message: 'MeshPolicy has targets: cluster-scoped authentication policy must not have targets', fix: "remove 'targets', or use a namespaced Policy for specific services" });
      } else {
        if (!hasTargets && name !== 'default') ctx.report({ at: p, field: 'metadata.name', message: `Policy ${JSON.stringify(name)} has no targets, so it is namespace-wide: authentication policy with no target rules must be named "default"`, fix: "rename it to 'default', or add 'targets' naming the services" });
        if (hasTargets && name === 'default') ctx.report({ at: p, field: 'spec.targets', message: 'Policy "default" has targets: authentication policy with name "default" must not have any target rules', fix: "give the service-specific Policy another name, e.g. '<service>-mtls'" });
      }
    }
  },
};
