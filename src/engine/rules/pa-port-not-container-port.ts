import { Rule } from '../rule';
import { Severity } from '../types';
import { Workload, selectorMatches } from '../model';
import { byWorkloadName } from '../resolve';

/** The container ports of some workloads, sorted, each once. */
function containerPorts(ws: readonly Workload[]): number[] {
  return [...new Set(ws.flatMap((w) => w.ports.map((p) => p.port)))].sort((a, b) => a - b);
}

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
            message: `'spec.portLevelMtls' key ${port} is neither a container port of ${ws.map((w) => w.name).join(', ')} nor a Service port that targets one; Istio only applies port-level mTLS to ports the workload declares`,
            fix: containerPorts(ws).length > 0
              ? `use one of the workload's container ports (${containerPorts(ws).join(', ')}) as the key, or declare containerPort ${port} if the pod listens there`
              : `declare the workload's containerPorts (here ${port}, if the pod listens there)`,
          });
        }
      }
    }
  },
};
