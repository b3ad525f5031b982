import { Rule } from '../rule';
import { kubeApiHost } from '../resolve';
import { Severity } from '../types';
import { ANY_CLIENT_NAMESPACE } from '../vocabulary';
import { displayRef } from '../values';

/** IMT5004: an ISTIO_MUTUAL DestinationRule that covers the kube-apiserver. */
export const kubeApiserverMtls: Rule = {
  code: 'IMT5004',
  name: 'kube-apiserver-mtls',
  severity: Severity.ERROR,
  summary: 'an ISTIO_MUTUAL rule covering kubernetes.default breaks pods that call the API server; exempt it with DISABLE',
  source: 'seed article ("ensure that any component needing to reach the Kubernetes API server has an appropriate policy"); istio 1.4 docs global mTLS task (DestinationRule "api-server" with tls DISABLE for kubernetes.default.svc.cluster.local)',
  check(ctx) {
    const host = kubeApiHost(ctx.model.options.clusterDomain);
    const seen = new Set<number>();
    // Client namespaces to try: any namespace (root/default lookups) plus namespaces with their own rules.
    const clientNamespaces = new Set<string>([ANY_CLIENT_NAMESPACE, ...ctx.model.drsByNamespace.keys()]);
    for (const ns of clientNamespaces) {
      const cr = ctx.resolver.clientTls(ns, host, 443);
      if (cr.mode !== 'ISTIO_MUTUAL' || !cr.dr || seen.has(cr.dr.index)) continue;
      seen.add(cr.dr.index);
      ctx.report({
        at: cr.dr, field: cr.field,
        message: `${displayRef(cr.dr.ref)} (host ${JSON.stringify(cr.dr.rawHost)}) makes sidecars send ISTIO_MUTUAL to the kube-apiserver (${host}), which has no sidecar: pods that call the API server fail`,
        fix: `add a DestinationRule for '${host}' with tls mode DISABLE in '${cr.dr.namespace}'`,
      });
    }
  },
};
