import { ambientAuthz } from '../authz-ambient';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT7009: a DENY AuthorizationPolicy at the destination matches the identity a declared call arrives with. */
export const authzDeniesDeclaredCall: Rule = {
  code: 'IMT7009',
  name: 'authz-denies-declared-call',
  severity: Severity.ERROR,
  summary: 'a DENY AuthorizationPolicy enforced at the destination (sidecar or ztunnel) matches the identity a declared call arrives with: e.g. a waypoint-bypass DENY (notPrincipals: the waypoint) that does not list a caller still on a sidecar, which sends HBONE straight to the destination and bypasses the waypoint',
  source: 'istio.io docs/ambient/migrate/migrate-policies, "Prevent waypoint bypass" and "Bypass prevention during incremental migration" ("a strict waypoint-only DENY policy will reject their traffic"); docs/ambient/architecture/data-plane (sidecars and out-of-mesh clients bypass waypoints); ISTIO-SECURITY-2021-004 (plaintext has no principal)',
  check(ctx) {
    for (const d of ambientAuthz(ctx).denied) {
      const who = d.identity ? `as ${d.identity}` : 'in plaintext, with no principal';
      const why = d.bypassesWaypoint ? `; it ${d.identity ? 'is on a sidecar, which' : 'is outside the mesh and'} bypasses the waypoint, so the destination sees ${d.identity ? 'its own identity' : 'no identity'}, not the waypoint's` : '';
      ctx.report({
        at: d.policy,
        message: `AuthorizationPolicy ${d.policy.ref.name} (DENY) denies the declared call ${d.caller.name}.${d.caller.namespace} -> ${d.service.host}:${d.port}: it arrives at ${d.endpoint.name}.${d.endpoint.namespace} ${who}${why}`,
        fix: d.identity
          ? `add ${d.identity} to the rule's notPrincipals while ${d.caller.name}.${d.caller.namespace} stays on its sidecar (istio.io migrate-policies, option 2), or move the caller to ambient first`
          : `a plaintext caller cannot pass a notPrincipals DENY: bring ${d.caller.name}.${d.caller.namespace} into the mesh, or do not apply this policy while it calls ${d.service.name}`,
      });
    }
  },
};
