import { ambientAuthz } from '../authz-ambient';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT7008: a selector-bound (or namespace-wide) AuthorizationPolicy with L7 attributes on ambient pods. */
export const authzL7AtZtunnel: Rule = {
  code: 'IMT7008',
  name: 'authz-l7-at-ztunnel',
  severity: Severity.ERROR,
  summary: 'an AuthorizationPolicy bound by selector (or namespace-wide) with L7 attributes (methods, paths, hosts, headers, request principals) applies to ambient pods: ztunnel cannot enforce L7 and applies it as a DENY of all traffic to them',
  source: 'istio.io docs/ambient/migrate/enable-ambient-mode step 5 ("will be enforced by ztunnel as a DENY policy for all traffic to that workload") and migrate-policies ("ztunnel, which cannot enforce L7 rules and will convert it into a DENY policy"); docs/ambient/usage/authorization-policy',
  check(ctx) {
    for (const { policy: ap, workloads } of ambientAuthz(ctx).l7AtZtunnel) {
      const names = workloads.slice(0, 3).map((w) => `${w.name}.${w.namespace}`).join(', ') + (workloads.length > 3 ? `, and ${workloads.length - 3} more` : '');
      ctx.report({
        at: ap, field: ap.selector ? 'spec.selector' : undefined,
        message: `AuthorizationPolicy ${ap.ref.name} (${ap.action}) matches on ${ap.l7Fields.join(', ')} and applies to ambient workloads (${names}): ztunnel cannot enforce L7 attributes, so it denies all traffic to them`,
        fix: `enforce it at a waypoint: a copy with targetRefs to the Service (kind: Service, group: ""), the Service or namespace labelled istio.io/use-waypoint; delete this one once the pods run without sidecars (or narrow its selector to sidecar pods with security.istio.io/tlsMode: istio)`,
      });
    }
  },
};
