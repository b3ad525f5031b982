/**
 * Reports the failures of one kind from the shared traffic analysis. The severity follows one criterion
 * (docs/RULES.md, "Severities"): a failure is an error when it is certain — a declared call, or a call-independent
 * contradiction that fails every sidecar client using the configuration — and a warning when it needs a particular
 * caller to exist that the input does not declare (a workload without a sidecar, an ambient one).
 * @internal
 */
import { RuleContext } from '../rule';
import { FailureKind, TrafficFailure, traffic } from '../traffic';
import { Severity } from '../types';
import { displayRef } from '../values';

export function reportTraffic(ctx: RuleContext, kind: FailureKind, describe: (f: TrafficFailure) => { message: string; fix: string; field?: string }): void {
  for (const f of traffic(ctx).failures) {
    if (f.kind !== kind) continue;
    const d = describe(f);
    ctx.report({
      at: f.at,
      severity: f.declared || f.everyClient ? Severity.ERROR : Severity.WARNING,
      field: d.field,
      message: `${f.declared ? 'declared call' : f.everyClient ? 'every call from' : 'possible call'} ${f.caller} -> ${f.callee}: ${d.message}`,
      fix: d.fix,
    });
  }
}

export function policyName(f: TrafficFailure): string {
  return f.server?.policy ? displayRef(f.server.policy.ref) : "Istio's default";
}

export function drName(f: TrafficFailure): string {
  return f.client?.dr ? displayRef(f.client.dr.ref) : 'no DestinationRule';
}
