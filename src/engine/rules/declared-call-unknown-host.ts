import { Rule } from '../rule';
import { Severity } from '../types';
import { CALLS_ANNOTATION } from '../vocabulary';

/** IMT5013: a declared call to a host the input does not define. */
export const declaredCallUnknownHost: Rule = {
  code: 'IMT5013',
  name: 'declared-call-unknown-host',
  severity: Severity.INFO,
  summary: 'a declared call names a host that is neither a Service nor a ServiceEntry in the input, so it cannot be checked',
  source: `this project: calls are declared with the workload annotation ${CALLS_ANNOTATION}`,
  check(ctx) {
    for (const w of ctx.model.workloads) {
      for (const c of w.calls) {
        if (c.target.kind !== 'unknown') continue;
        ctx.report({
          at: w, field: `metadata.annotations.${CALLS_ANNOTATION}`,
          message: `${w.name}.${w.namespace} declares a call to ${JSON.stringify(c.host)}, which is not a Service or ServiceEntry in the input; the call is not checked`,
          fix: 'include the Service in the analyzed files, or use its full name <service>.<namespace>',
        });
      }
    }
  },
};
