import { Rule, RuleContext } from '../rule';
import { Severity } from '../types';
import { drName, reportTraffic } from './_traffic-report';
import { dataplaneOf, kubeApiHost } from '../model';
import { meshPorts, traffic } from '../traffic';
import { ANY_CLIENT_NAMESPACE } from '../vocabulary';
import { displayRef } from '../values';

/** IMT5002: ISTIO_MUTUAL sent to a server that has no sidecar. */
export const istioMutualToPlaintextServer: Rule = {
  code: 'IMT5002',
  name: 'istio-mutual-to-plaintext-server',
  severity: Severity.ERROR,
  summary: 'ISTIO_MUTUAL toward a server without a sidecar fails (the server cannot terminate Istio mTLS)',
  source: 'seed: httpbin.test3 fixed with DestinationRule DISABLE; istioctl IST0115 DestinationRuleUsesMTLSForWorkloadWithoutSidecar; istio/istio#9714',
  check(ctx) {
    reportTraffic(ctx, 'mtls-to-plain-server', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sends ISTIO_MUTUAL but ${f.endpoint?.workload.name}.${f.endpoint?.workload.namespace} has no sidecar on port ${f.endpoint?.containerPort}, so it cannot answer mTLS`,
      // The rule for the host itself is changed; a wider rule gets a more specific one beside it.
      fix: f.client?.dr && f.client.dr.host === f.service?.host
        ? `set this DestinationRule's tls mode to DISABLE (the server has no sidecar), or inject a sidecar into the server`
        : `add a DestinationRule for ${f.service?.host ?? 'the host'} with tls mode DISABLE, or inject a sidecar into the server`,
    }));
    checkServicesWithoutWorkloads(ctx);
  },
};

/**
 * Services whose namespace says no pod there has a sidecar (kube-system is never injected; a Namespace without
 * injection), with no workloads in the input to judge: an ISTIO_MUTUAL rule toward them fails every sidecar client all
 * the same (istioctl 1.5 IST0114 for kube-system's kube-dns behind a mesh-wide ISTIO_MUTUAL rule).
 */
function checkServicesWithoutWorkloads(ctx: RuleContext): void {
  const domain = ctx.model.options.clusterDomain;
  const reported = new Set(traffic(ctx).failures.filter((f) => f.kind === 'mtls-to-plain-server').map((f) => `${f.at.index}|${f.service?.host}`));
  for (const svc of ctx.model.services) {
    if (svc.externalName !== undefined || svc.host === kubeApiHost(domain) || ctx.resolver.workloadsOf(svc).length > 0) continue;
    const d = dataplaneOf({ namespace: svc.namespace, labels: svc.selector ?? {}, annotations: {}, spec: {}, admittedPod: false }, ctx.model.namespaces.get(svc.namespace), ctx.model.options.sidecarHbone);
    if (d.dataplane !== 'none') continue;
    for (const sp of meshPorts(svc)) {
      const cr = ctx.resolver.clientTlsForService(ANY_CLIENT_NAMESPACE, svc, sp.port);
      if (cr.mode !== 'ISTIO_MUTUAL' || !cr.dr || reported.has(`${cr.dr.index}|${svc.host}`)) continue;
      reported.add(`${cr.dr.index}|${svc.host}`);
      ctx.report({
        at: cr.dr, field: cr.field,
        message: `every call from sidecar clients -> ${svc.host}:${sp.port}: ${displayRef(cr.dr.ref)} sends ISTIO_MUTUAL but pods of ${svc.name}.${svc.namespace} have no sidecar (${d.reason}), so they cannot answer mTLS`,
        fix: `add a DestinationRule for ${svc.host} with tls mode DISABLE, or inject sidecars into ${svc.namespace}`,
      });
    }
  }
}
