import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT7005: a namespace labelled for ambient mode and for sidecar injection. */
export const ambientAndInjectionLabels: Rule = {
  code: 'IMT7005',
  name: 'ambient-and-injection-labels',
  severity: Severity.WARNING,
  summary: 'a namespace labelled both istio.io/dataplane-mode=ambient and for sidecar injection gets sidecars: the injector does not look at the ambient label, and a sidecar wins over ztunnel',
  source: 'istio.io docs/ambient/migrate/enable-ambient-mode step 2 ("the sidecar takes precedence over ztunnel"); istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml; Kiali KIA1311; istio/istio#53942',
  check(ctx) {
    for (const ns of ctx.model.namespaces.values()) {
      if (ns.labels['istio.io/dataplane-mode'] !== 'ambient') continue;
      const injection = ns.labels['istio-injection'] === 'enabled' ? 'istio-injection=enabled' : ns.labels['istio.io/rev'] !== undefined ? `istio.io/rev=${ns.labels['istio.io/rev']}` : undefined;
      if (!injection) continue;
      ctx.report({
        at: ns, field: 'metadata.labels',
        message: `Namespace ${ns.name} is labelled istio.io/dataplane-mode=ambient and ${injection}: new pods still get sidecars, and ztunnel leaves pods with a sidecar alone`,
        fix: `remove the ${injection.split('=')[0]} label once the namespace's workloads should move to ambient (then restart them), or remove the ambient label`,
      });
    }
  },
};
