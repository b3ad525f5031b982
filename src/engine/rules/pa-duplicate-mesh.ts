import { Rule } from '../rule';
import { Severity } from '../types';
import { oldest } from '../resolve';
import { forEachIgnoredDuplicate } from './_helpers';

/** IMT1008: more than one mesh-wide policy; Istio keeps the oldest and ignores the others. */
export const paDuplicateMesh: Rule = {
  code: 'IMT1008',
  name: 'pa-duplicate-mesh',
  severity: Severity.ERROR,
  summary: 'only one mesh-wide PeerAuthentication (or legacy MeshPolicy) counts; the newer ones are ignored',
  source: 'istio.io concepts/security "There can be only one mesh-wide peer authentication policy"; istio@86c9f01 pilot/pkg/model/authentication.go addPeerAuthentication; Kiali KIA0002',
  check(ctx) {
    forEachIgnoredDuplicate(ctx.model.meshPolicies, oldest, (p, keep) => ctx.report({
      at: p,
      message: `${p.ref.kind} ${p.ref.name} is a second mesh-wide policy (besides ${keep.ref.name}): Istio ignores all but the oldest, so its mode ${p.mode} may never apply`,
      fix: 'keep exactly one mesh-wide policy in the root namespace and merge the settings into it',
    }));
  },
};
