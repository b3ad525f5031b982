import { hostProblem } from '../host-validation';
import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

/** IMT2001: DestinationRule `host` missing or not a valid (wildcard) domain. */
export const drHost: Rule = {
  code: 'IMT2001',
  name: 'dr-host',
  severity: Severity.ERROR,
  summary: 'DestinationRule host is required and may use a wildcard only as its first label',
  source: 'CRD spec.required [host]; webhook ValidateDestinationRule -> agent.ValidateWildcardDomain (istio@86c9f01 pkg/config/validation/agent/validation.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const spec = dr.obj.spec;
      const host = isObject(spec) ? spec.host : undefined;
      if (typeof host !== 'string' || host === '') {
        ctx.report({ at: dr, field: 'spec.host', message: `'spec.host' is required (got ${show(host)})`, fix: "set 'host' to the service FQDN, e.g. 'reviews.default.svc.cluster.local', or a wildcard like '*.local'" });
        continue;
      }
      const problem = hostProblem(host);
      if (problem) ctx.report({ at: dr, field: 'spec.host', message: `'spec.host': ${problem}`, fix: "use a fully qualified name or a leading wildcard such as '*.foo.svc.cluster.local'" });
    }
  },
};
