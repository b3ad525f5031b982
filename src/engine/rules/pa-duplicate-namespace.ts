import { Rule } from '../rule';
import { Severity } from '../types';
import { oldest } from '../resolve';
import { forEachIgnoredDuplicate } from './_helpers';

/** IMT1009: more than one namespace-wide policy in a namespace. */
export const paDuplicateNamespace: Rule = {
  code: 'IMT1009',
  name: 'pa-duplicate-namespace',
  severity: Severity.ERROR,
  summary: 'only one namespace-wide PeerAuthentication per namespace counts; the newer ones are ignored',
  source: 'istio.io concepts/security "only one namespace-wide peer authentication policy per namespace"; istio@86c9f01 pilot/pkg/model/authentication.go; Kiali KIA0002',
  check(ctx) {
    for (const [ns, all] of ctx.model.peerByNamespace) {
      forEachIgnoredDuplicate(all.filter((p) => p.scope === 'namespace'), oldest, (p, keep) => ctx.report({
        at: p,
        message: `${p.ref.kind} ${p.ref.name} is a second namespace-wide policy in '${ns}' (besides ${keep.ref.name}): Istio ignores all but the oldest`,
        fix: `keep one namespace-wide policy in '${ns}' (conventionally named 'default')`,
      }));
    }
  },
};
