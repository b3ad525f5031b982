/**
 * The Istio docs' mTLS migration (foo and bar injected, legacy without a sidecar) as a MigrationPlan: the plan
 * generates the phases (PERMISSIVE baseline -> STRICT per namespace -> mesh-wide STRICT), keeps httpbin.bar
 * PERMISSIVE as a reasoned exception because sleep.legacy calls it in plaintext, proves every phase and every
 * half-applied state with the engine (rule IMT6001 fails synth on an unsafe step; IMT5001 is what such a step
 * would break), and writes one manifest per phase plus `foo-bar-migration-plan.md`.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, IstioMtls, MigrationPlan } from '../src';
import { fooBarLegacyMesh } from './_apps';

/** The mesh as known before the migration: workloads and the calls that matter. */
export class FooBarTopologyChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    IstioMtls.configure(this, {});
    fooBarLegacyMesh(this);
  }
}

/** Adds the topology chart and the plan's phase charts to the app. */
export function fooBarMigration(app: App, flavor: ApiFlavor = ApiFlavor.MODERN): MigrationPlan {
  const topology = new FooBarTopologyChart(app, 'foo-bar-topology');
  return new MigrationPlan(app, 'foo-bar-migration', { topology, flavor });
}
