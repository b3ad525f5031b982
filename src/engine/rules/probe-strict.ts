import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT5010: kubelet probes that cannot pass a STRICT port. */
export const probeStrict: Rule = {
  code: 'IMT5010',
  name: 'probe-strict',
  severity: Severity.ERROR,
  summary: 'HTTPS probes, and HTTP/gRPC probes with probe rewrite disabled, fail on a STRICT port',
  source: 'istio.io app-health-check docs; istio/istio#4429, #41010, #18467; RULES.md Part B 3',
  check(ctx) {
    const r = ctx.resolver;
    for (const w of ctx.model.workloads) {
      if (w.sidecar !== true) continue;
      for (const pr of w.probes) {
        if (pr.type === 'exec' || pr.type === 'tcp') continue;
        const port = typeof pr.port === 'number' ? pr.port : w.ports.find((p) => p.name === pr.port)?.port;
        if (port === undefined || w.excludeInboundPorts.has(port)) continue;
        const https = pr.type === 'http' && pr.scheme === 'HTTPS';
        if (!https && w.rewriteProbes) continue;
        const svc = r.servicesOf(w)[0];
        const sp = svc?.ports.find((p) => r.containerPortFor(p, w) === port);
        const server = r.serverMode(w.namespace, w.podLabels, port, svc, sp);
        if (server.mode !== 'STRICT') continue;
        ctx.report({
          at: w, field: `spec.template.spec.containers[${pr.container}].${pr.kind}Probe`,
          message: `the ${pr.kind} probe of container ${JSON.stringify(pr.container)} calls port ${port}, which is STRICT, and ${https ? 'HTTPS probes are not rewritten by the sidecar' : 'probe rewrite is disabled (sidecar.istio.io/rewriteAppHTTPProbers: "false")'}: the kubelet has no sidecar, so the probe fails`,
          fix: https ? `use an HTTP probe (Istio rewrites it), or make port ${port} PERMISSIVE with a port-level override` : 'remove sidecar.istio.io/rewriteAppHTTPProbers: "false" so Istio rewrites the probe',
        });
      }
    }
  },
};
