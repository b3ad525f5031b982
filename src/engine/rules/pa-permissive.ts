import { Rule } from '../rule';
import { Severity } from '../types';
import { REASON_ANNOTATION } from '../vocabulary';
import { isObject } from '../model';

const NO_PORTS: readonly number[] = Object.freeze([]);

/** IMT1010: PERMISSIVE outside a migration. */
export const paPermissive: Rule = {
  code: 'IMT1010',
  name: 'pa-permissive',
  severity: Severity.WARNING,
  summary: `PERMISSIVE accepts plaintext; use it only while migrating (info, not a warning, for a reasoned exception: a ${REASON_ANNOTATION} annotation)`,
  source: 'istio.io concepts/security: PERMISSIVE "is most useful during migrations ... you should switch the mode to STRICT"; seed article "Use PERMISSIVE mode only during migration"',
  check(ctx) {
    if (ctx.model.options.migration) return;
    for (const p of ctx.model.peerPolicies) {
      if (p.scope === 'ignored') continue;
      const ports = p.portModes.size === 0 ? NO_PORTS : [...p.portModes].filter(([, m]) => m === 'PERMISSIVE').map(([k]) => k);
      if (p.mode !== 'PERMISSIVE' && ports.length === 0) continue;
      const what = p.mode === 'PERMISSIVE' ? 'accepts plaintext' : `accepts plaintext on port(s) ${ports.join(', ')}`;
      const md = isObject(p.obj.metadata) ? p.obj.metadata : undefined;
      const reason = md && isObject(md.annotations) ? md.annotations[REASON_ANNOTATION] : undefined;
      if (typeof reason === 'string' && reason.trim() !== '') {
        // A reasoned exception (ServiceMtls/NamespaceMtls with 'reason', MigrationPlan exceptions): what the fix of
        // IMT5001 recommends, so it is worth knowing, not a warning that failOnWarnings would fail on.
        ctx.report({
          at: p, field: p.mode === 'PERMISSIVE' ? (p.legacy ? 'spec.peers' : 'spec.mtls.mode') : 'spec.portLevelMtls', severity: Severity.INFO,
          message: `${p.ref.kind} ${p.ref.name} ${what} (PERMISSIVE) as a reasoned exception: ${JSON.stringify(reason.trim())}`,
          fix: 'switch to STRICT once the reason no longer holds',
        });
        continue;
      }
      ctx.report({
        at: p, field: p.mode === 'PERMISSIVE' ? (p.legacy ? 'spec.peers' : 'spec.mtls.mode') : 'spec.portLevelMtls',
        message: `${p.ref.kind} ${p.ref.name} ${what} (PERMISSIVE): no authentication for plaintext callers`,
        fix: 'switch to STRICT once every caller has a sidecar; keep PERMISSIVE only as a documented migration exception',
      });
    }
  },
};
