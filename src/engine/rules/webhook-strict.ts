import { Rule } from '../rule';
import { Severity } from '../types';
import { displayRef } from '../values';

/** IMT5009: an admission webhook Service that only accepts mTLS. */
export const webhookStrict: Rule = {
  code: 'IMT5009',
  name: 'webhook-strict',
  severity: Severity.ERROR,
  summary: 'the kube-apiserver (no sidecar) cannot call a webhook Service whose port is STRICT',
  source: 'istio/istio#39290, #34543, #52874 (ambient: the ztunnel denies the kube-apiserver under STRICT); RULES.md Part B 2',
  check(ctx) {
    const r = ctx.resolver;
    for (const wh of ctx.model.webhooks) {
      const svc = ctx.model.servicesByHost.get(`${wh.serviceName}.${wh.serviceNamespace}.svc.${ctx.model.options.clusterDomain}`);
      if (!svc) continue;
      const sp = svc.ports.find((p) => p.port === wh.port);
      if (!sp) continue;
      for (const ep of r.endpoints(svc, sp)) {
        // The kube-apiserver sends plaintext: a STRICT sidecar resets it, and for ambient pods the ztunnel denies it.
        if (ep.dataplane !== 'sidecar' && ep.dataplane !== 'ambient') continue;
        const server = ep.server;
        if (server.mode !== 'STRICT') continue;
        ctx.report({
          at: server.policy ?? wh,
          message: `webhook ${JSON.stringify(wh.webhookName)} of ${displayRef(wh.ref)} is called by the kube-apiserver, which has no sidecar, but ${svc.name}.${svc.namespace} port ${ep.containerPort} is STRICT${server.policy ? ` (decided by ${displayRef(server.policy.ref)})` : ''}`,
          fix: ep.dataplane === 'ambient'
            ? `set port ${ep.containerPort} of ${ep.workload.name} to PERMISSIVE with portLevelMtls in a workload PeerAuthentication`
            : `set port ${ep.containerPort} of ${ep.workload.name} to PERMISSIVE with portLevelMtls in a workload PeerAuthentication, or exclude it with the pod annotation traffic.sidecar.istio.io/excludeInboundPorts: "${ep.containerPort}"`,
        });
        break;
      }
    }
  },
};
