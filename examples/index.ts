/**
 * Every example chart, each its own mesh for the synth-time checks (each calls `IstioMtls.configure` on itself).
 * `cdk8s synth` (examples/main.ts) writes one manifest per chart into dist/; test/examples.test.ts snapshots them.
 */
import { App } from 'cdk8s';
import { ApiServerExemptionChart } from './api-server-exemption';
import { MeshWideLegacyChart, MeshWideModernChart } from './mesh-wide';
import { MigrationFooBarLegacyChart } from './migration-foo-bar-legacy';
import { bookinfoAmbientMigration } from './ambient-migration';
import { fooBarMigration } from './migration-plan';
import { AmbientMigrationPlan, MigrationPlan } from '../src';
import { NgtestChart, PemPair, selfSignedCertificate } from './ngtest';
import { ProductpageLegacyChart, ProductpageModernChart } from './productpage';
import { SeedNamespacesChart, SeedNamespacesModernChart } from './seed-namespaces';

/** Options for {@link buildExamples}. */
export interface BuildExamplesOptions {
  /**
   * Certificate and key of nginx in the ngtest example.
   *
   * @default - a fresh self-signed pair from `openssl` (the seed's command), so no key is ever committed
   */
  readonly nginxCertificate?: PemPair;
}

/** Adds every example chart to the app; returns the migration plans (their reports are written after synth). */
export function buildExamples(app: App, options: BuildExamplesOptions = {}): Array<MigrationPlan | AmbientMigrationPlan> {
  new MeshWideLegacyChart(app, 'mesh-wide-legacy');
  new MeshWideModernChart(app, 'mesh-wide-modern');
  new SeedNamespacesChart(app, 'seed-namespaces');
  new SeedNamespacesModernChart(app, 'seed-namespaces-modern');
  new ProductpageLegacyChart(app, 'productpage-legacy');
  new ProductpageModernChart(app, 'productpage-modern');
  new NgtestChart(app, 'ngtest', options.nginxCertificate ?? selfSignedCertificate());
  new ApiServerExemptionChart(app, 'api-server-exemption');
  new MigrationFooBarLegacyChart(app, 'migration-foo-bar-legacy');
  return [fooBarMigration(app), bookinfoAmbientMigration(app)];
}
