import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;
const WILDCARD_LABEL = /^(\*|\*-?[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/i;

/** Istio's agent.ValidateWildcardDomain; returns the problem or undefined. */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'empty domain name not allowed';
  if (host.length > 255) return `domain name ${JSON.stringify(host)} too long (max 255)`;
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = h.split('.');
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    const ok = i === 0 ? (WILDCARD_LABEL.test(l) || (LABEL.test(l) && l.length <= 63)) : (LABEL.test(l) && l.length <= 63);
    if (!ok) {
      return i > 0 && l.includes('*')
        ? `domain name ${JSON.stringify(host)} invalid (label ${JSON.stringify(l)} invalid): a wildcard is only allowed as the first label`
        : `domain name ${JSON.stringify(host)} invalid (label ${JSON.stringify(l)} invalid)`;
    }
  }
  if (labels.length > 1 && /^[0-9]+$/.test(labels[labels.length - 1])) return `domain name ${JSON.stringify(host)} invalid (top level domain ${JSON.stringify(labels[labels.length - 1])} cannot be all-numeric)`;
  return undefined;
}

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
