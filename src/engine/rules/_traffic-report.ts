/**
 * Reports the failures of one kind from the shared traffic analysis: errors for declared calls, warnings for calls
 * that are only possible (no callers declared).
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
      severity: f.declared ? Severity.ERROR : Severity.WARNING,
      field: d.field,
      message: `${f.declared ? 'declared call' : 'possible call'} ${f.caller} -> ${f.callee}: ${d.message}`,
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
