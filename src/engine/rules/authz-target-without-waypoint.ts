import { ambientAuthz } from '../authz-ambient';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT7010: an AuthorizationPolicy with targetRefs to a Service whose ambient pods no waypoint serves. */
export const authzTargetWithoutWaypoint: Rule = {
  code: 'IMT7010',
  name: 'authz-target-without-waypoint',
  severity: Severity.ERROR,
  summary: 'an AuthorizationPolicy with targetRefs to a Service with ambient pods is enforced by the Service\'s waypoint only; with no istio.io/use-waypoint label on the Service or its namespace nothing enforces it (a warning when the label names a waypoint the input does not hold)',
  source: 'istio.io docs/ambient/usage/waypoint ("istio.io/use-waypoint"; Gateway class istio-waypoint), docs/ambient/usage/authorization-policy (targetRefs policies are enforced by the waypoint), docs/ambient/migrate/enable-ambient-mode ("Activate waypoints before enabling ambient mode")',
  check(ctx) {
    for (const u of ambientAuthz(ctx).unenforced) {
      const svc = `${u.service.name}.${u.service.namespace}`;
      if (!u.binding) {
        ctx.report({
          at: u.policy, field: 'spec.targetRefs',
          message: `AuthorizationPolicy ${u.policy.ref.name} targets Service ${svc}, whose pods are ambient, but neither the Service nor namespace ${u.service.namespace} is labelled istio.io/use-waypoint: no waypoint enforces the policy, so its rules do not apply`,
          fix: `deploy a waypoint (Gateway with gatewayClassName istio-waypoint) in ${u.service.namespace} and label the Service or namespace istio.io/use-waypoint=<its name> before the pods move to ambient`,
        });
      } else {
        ctx.report({
          at: u.policy, field: 'spec.targetRefs', severity: Severity.WARNING,
          message: `AuthorizationPolicy ${u.policy.ref.name} targets Service ${svc}, bound by its ${u.binding.by} label istio.io/use-waypoint to waypoint ${u.binding.namespace}/${u.binding.name}, which is not in the input: unless that Gateway exists, nothing enforces the policy`,
          fix: `include the Gateway ${u.binding.namespace}/${u.binding.name} (gatewayClassName istio-waypoint) in the analyzed files, or deploy it before the pods move to ambient`,
        });
      }
    }
  },
};
