import { byWorkloadName } from '../resolve';
import { Rule } from '../rule';
import { Severity } from '../types';

/** IMT7007: workloads whose dataplane the input does not tell. */
export const dataplaneUnknown: Rule = {
  code: 'IMT7007',
  name: 'dataplane-unknown',
  severity: Severity.INFO,
  summary: 'the input does not say whether the workloads of a namespace have a sidecar (the Namespace is not in the input and the pods carry no sidecar signal), so their calls are not checked',
  source: 'this project: sidecar presence and dataplane are read from the manifests (docs/RULES.md, "How the dataplane is decided")',
  check(ctx) {
    for (const workloads of ctx.model.workloadsByNamespace.values()) {
      // Reported once per namespace, at its first unknown workload by name (so the input order does not matter).
      const unknown = workloads.filter((x) => x.dataplane === 'unknown').sort(byWorkloadName);
      if (unknown.length === 0) continue;
      const w = unknown[0];
      const count = unknown.length;
      ctx.report({
        at: w,
        message: `namespace ${w.namespace} is not in the input and ${count === 1 ? `${w.name} carries` : `${count} workloads there (${w.name}, ...) carry`} no sidecar signal, so whether they have a sidecar is unknown: calls from and to them are not checked`,
        fix: `include the Namespace ${w.namespace} (with its istio-injection or istio.io/dataplane-mode label) in the analyzed files`,
      });
    }
  },
};
