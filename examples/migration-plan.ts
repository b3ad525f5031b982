/**
 * The Istio docs' mTLS migration (foo and bar injected, legacy without a sidecar) as a MigrationPlan: the plan
 * generates the phases (PERMISSIVE baseline -> STRICT per namespace -> mesh-wide STRICT), keeps httpbin.bar
 * PERMISSIVE as a reasoned exception because sleep.legacy calls it in plaintext, proves every phase and every
 * half-applied state with the engine (rule IMT6001 fails synth on an unsafe step; IMT5001 is what such a step
 * would break), and writes one manifest per phase plus `foo-bar-migration-plan.md`.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, Calls, IstioMtls, MigrationPlan } from '../src';
import { Httpbin, Injection, SampleNamespace, Sleep } from './_apps';

/** The mesh as known before the migration: workloads and the calls that matter. */
export class FooBarTopologyChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    IstioMtls.configure(this, {});
    const sleeps: Record<string, Sleep> = {};
    for (const ns of ['foo', 'bar']) {
      const scopeNs = new Construct(this, ns);
      new SampleNamespace(scopeNs, 'Namespace', { name: ns, injection: true });
      new Httpbin(scopeNs, 'httpbin', { namespace: ns });
      sleeps[ns] = new Sleep(scopeNs, 'sleep', { namespace: ns });
    }
    const legacy = new Construct(this, 'legacy');
    new SampleNamespace(legacy, 'Namespace', { name: 'legacy' });
    sleeps.legacy = new Sleep(legacy, 'sleep', { namespace: 'legacy', injection: Injection.NEVER });
    for (const from of ['foo', 'bar']) for (const to of ['foo', 'bar']) Calls.declare(sleeps[from].deployment, `httpbin.${to}`, 8000);
    Calls.declare(sleeps.legacy.deployment, 'httpbin.bar', 8000);
  }
}

/** Adds the topology chart and the plan's phase charts to the app. */
export function fooBarMigration(app: App, flavor: ApiFlavor = ApiFlavor.MODERN): MigrationPlan {
  const topology = new FooBarTopologyChart(app, 'foo-bar-topology');
  return new MigrationPlan(app, 'foo-bar-migration', { topology, flavor });
}
