import { acceptEntriesOf } from '../acknowledge';
import { Rule } from '../rule';
import { Severity } from '../types';
import { ACCEPT_ANNOTATION } from '../vocabulary';

/**
 * IMT8001: an acknowledgement (`istio-mtls.cdk8s.io/accept`) that names no rule code or gives no reason. It accepts
 * nothing, and a finding accepted without a written reason is exactly what review cannot check. IMT2005 reports its
 * own entries without a reason (its message says which fields can be accepted), so they are left to it.
 */
export const acceptWithoutReason: Rule = {
  code: 'IMT8001',
  name: 'accept-without-reason',
  severity: Severity.ERROR,
  summary: `an acknowledgement in the ${ACCEPT_ANNOTATION} annotation names no rule code or gives no reason ("CODE: reason"), so it accepts nothing`,
  source: 'this library (docs/acknowledging.md): an accepted finding must say why, as aws-cdk Annotations.acknowledgeWarning(id, message) and eslint-comments/require-description do',
  check(ctx) {
    for (const o of ctx.model.objects) {
      for (const e of acceptEntriesOf(o.obj)) {
        if (e.code === 'IMT2005' || (e.code !== '' && e.reason !== '')) continue;
        ctx.report({
          at: o, field: `metadata.annotations.${ACCEPT_ANNOTATION}`,
          message: e.code === ''
            ? `'metadata.annotations.${ACCEPT_ANNOTATION}' entry ${JSON.stringify(e.text)} names no rule code, so it accepts nothing`
            : `'metadata.annotations.${ACCEPT_ANNOTATION}' entry ${JSON.stringify(e.text)} has no reason: an acknowledgement must say why the finding is accepted, so ${e.code} is not suppressed`,
          fix: `write each entry as 'CODE: reason' (several separated by ';' or newlines), e.g. "${e.code || 'IMT1010'}: sleep.legacy has no sidecar until it moves to the mesh"`,
        });
      }
    }
  },
};
