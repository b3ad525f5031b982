import { Rule } from '../rule';
import { isKubeApiHost } from '../traffic';
import { Severity } from '../types';
import { resolveHost } from '../model';
import { CALLS_ANNOTATION } from '../vocabulary';

/** IMT5013: a declared call to a host the input does not define. */
export const declaredCallUnknownHost: Rule = {
  code: 'IMT5013',
  name: 'declared-call-unknown-host',
  severity: Severity.INFO,
  summary: 'a declared call names a host that is neither a Service nor a ServiceEntry in the input, so it cannot be checked',
  source: `this project: calls are declared with the workload annotation ${CALLS_ANNOTATION}`,
  check(ctx) {
    const workloads = ctx.model.workloads;
    for (let i = 0; i < workloads.length; i++) {
      const w = workloads[i];
      const calls = w.calls;
      for (let k = 0; k < calls.length; k++) {
        const c = calls[k];
        if (c.service || isKubeApiHost(c.host, ctx.model.options.clusterDomain)) continue;
        const fqdn = resolveHost(c.host, w.namespace, ctx.model.options.clusterDomain);
        if (ctx.model.externalHosts.has(c.host) || ctx.model.externalHosts.has(fqdn)) continue;
        ctx.report({
          at: w, field: `metadata.annotations.${CALLS_ANNOTATION}`,
          message: `${w.name}.${w.namespace} declares a call to ${JSON.stringify(c.host)}, which is not a Service or ServiceEntry in the input; the call is not checked`,
          fix: 'include the Service in the analyzed files, or use its full name <service>.<namespace>',
        });
      }
    }
  },
};
