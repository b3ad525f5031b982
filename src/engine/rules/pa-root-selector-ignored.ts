import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT1007: a PeerAuthentication with a selector in the root namespace is ignored. */
export const paRootSelectorIgnored: Rule = {
  code: 'IMT1007',
  name: 'pa-root-selector-ignored',
  severity: Severity.ERROR,
  summary: 'PeerAuthentications with a workload selector in the root namespace have no effect',
  source: 'api@b8f8791 security/v1beta1/peer_authentication.proto "policies with workload selectors are ignored when deployed in the root namespace"; istio@86c9f01 pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || p.scope !== 'ignored') continue;
      ctx.report({
        at: p, field: 'spec.selector',
        message: `PeerAuthentication ${p.ref.name} has a workload selector in the root namespace '${ctx.model.options.rootNamespace}': Istio ignores it, so its mode never applies`,
        fix: "move it to the workload's namespace, or remove 'selector' to make it the mesh-wide policy",
      });
    }
  },
};
