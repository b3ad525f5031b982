import { Rule } from '../rule';
import { Severity } from '../types';
import { selectorMatches } from '../model';
import { byWorkloadName } from '../resolve';

/** IMT4003: a portLevelMtls key that is a Service port, not a container port. */
export const paPortNotContainerPort: Rule = {
  code: 'IMT4003',
  name: 'pa-port-not-container-port',
  severity: Severity.ERROR,
  summary: 'portLevelMtls keys are container (target) ports; a key that is only a Service port does nothing',
  source: 'api@b8f8791 peer_authentication.proto ("The port refers to the port of the workload, not the port of the Kubernetes service"); istio.io concepts/security',
  check(ctx) {
    const r = ctx.resolver;
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy || p.scope !== 'workload' || p.portModes.size === 0) continue;
      const ws = (ctx.model.workloadsByNamespace.get(p.namespace) ?? []).filter((w) => selectorMatches(p.selector, w.podLabels)).sort(byWorkloadName);
      if (ws.length === 0) continue;
      for (const port of p.portModes.keys()) {
        if (ws.some((w) => w.ports.some((cp) => cp.port === port))) continue;
        let target: number | undefined;
        for (const w of ws) for (const svc of r.servicesOf(w)) for (const sp of svc.ports) if (sp.port === port) target = r.containerPortFor(sp, w);
        if (target !== undefined && target !== port) {
          ctx.report({
            at: p, field: `spec.portLevelMtls.${port}`,
            message: `'spec.portLevelMtls' key ${port} is a Service port; the pods listen on container port ${target}, so this setting never applies`,
            fix: `use the container port: portLevelMtls: {${target}: ...}`,
          });
        } else {
          ctx.report({
            at: p, field: `spec.portLevelMtls.${port}`, severity: Severity.WARNING,
            message: `'spec.portLevelMtls' key ${port} is not a container port of ${ws.map((w) => w.name).join(', ')}; Istio only applies port-level mTLS to ports the workload declares`,
            fix: `declare containerPort ${port} on the workload or fix the key`,
          });
        }
      }
    }
  },
};
