import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** IMT3001: legacy naming rules — MeshPolicy must be `default` without targets; namespace-wide Policy must be `default`. */
export const legacyPolicyName: Rule = {
  code: 'IMT3001',
  name: 'legacy-policy-name',
  severity: Severity.ERROR,
  summary: "legacy MeshPolicy must be named 'default' with no targets; a namespace-wide Policy must be named 'default', 'default' must not have targets, and each target names a Service by its short name (a DNS-1123 label)",
  source: 'istio 1.4.10 pkg/config/validation/validation.go ValidateAuthenticationPolicy and validateAuthNPolicyTarget ("target name %q must be a valid label"; TestValidateAuthenticationPolicy "Bad target name": foo.bar); pilot/pkg/model/push_context.go uses only the MeshPolicy named default',
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
        if (hasTargets) {
          p.obj.spec.targets.forEach((t: unknown, i: number) => {
            const n = isObject(t) ? t.name : undefined;
            if (typeof n === 'string' && DNS1123_LABEL.test(n) && n.length <= 63) return;
            const short = typeof n === 'string' && n.includes('.') ? n.split('.')[0] : undefined;
            ctx.report({
              at: p, field: `spec.targets[${i}].name`,
              message: `'spec.targets[${i}].name' is ${JSON.stringify(n ?? null)}: Istio rejects it ("target name ${JSON.stringify(n ?? '')} must be a valid label"); a legacy Policy names a Service of its own namespace by its short name`,
              fix: short && DNS1123_LABEL.test(short) ? `use the short name '${short}'` : 'use the Service name (lower-case letters, digits and dashes)',
            });
          });
        }
      }
    }
  },
};
