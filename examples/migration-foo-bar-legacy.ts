/**
 * The Istio docs' mutual TLS migration task (https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/):
 * namespaces foo and bar with httpbin and sleep, both injected, and namespace legacy with a sleep that has no sidecar.
 *
 * This chart is the safe END state reachable with today's constructs, in the modern API: foo is STRICT (NamespaceMtls),
 * because nothing without a sidecar calls into foo (sleep.legacy declares httpbin.bar only); bar stays PERMISSIVE with
 * a written reason, because sleep.legacy still calls httpbin.bar in plaintext. Making bar STRICT too (as the docs'
 * final step does, accepting that legacy breaks) fails synth with IMT5001 (strict-server-plaintext-client); the
 * PERMISSIVE exception shows as warning IMT1010 (pa-permissive). Every call the docs' test loop makes from foo and bar
 * is declared, so the engine checks them all.
 *
 * Kept deliberately simple: it is one hand-written state, not the phases of a migration (PERMISSIVE everywhere, then
 * namespace by namespace). Generating and checking those phases is the job of the MigrationPlan construct; this
 * example only shows, with the basic constructs, where such a plan has to stop while legacy has no sidecar.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, IstioMtls, MtlsMode, NamespaceMtls } from '../src';
import { Sleep, fooBarLegacyMesh } from './_apps';

/** Props for {@link MigrationFooBarLegacyChart}. */
export interface MigrationFooBarLegacyProps {
  /**
   * Keep bar PERMISSIVE (with a reason) while sleep.legacy calls it; false makes bar STRICT.
   *
   * @default true
   */
  readonly withBarPermissive?: boolean;
}

/** foo STRICT, bar PERMISSIVE for sleep.legacy, as the end state of a migration that legacy cannot finish. */
export class MigrationFooBarLegacyChart extends Chart {
  public readonly foo: NamespaceMtls;
  /** sleep.legacy, the caller without a sidecar. */
  public readonly legacySleep: Sleep;
  public readonly bar: NamespaceMtls;

  constructor(scope: Construct, id: string, props: MigrationFooBarLegacyProps = {}) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.MODERN });

    this.legacySleep = fooBarLegacyMesh(this).legacy;

    this.foo = new NamespaceMtls(this, 'foo-mtls', { namespace: 'foo', mode: MtlsMode.STRICT });
    this.bar = (props.withBarPermissive ?? true)
      ? new NamespaceMtls(this, 'bar-mtls', {
        namespace: 'bar',
        mode: MtlsMode.PERMISSIVE,
        reason: 'sleep.legacy has no sidecar and calls httpbin.bar in plaintext; make bar STRICT once legacy is injected',
      })
      : new NamespaceMtls(this, 'bar-mtls', { namespace: 'bar', mode: MtlsMode.STRICT });
  }
}
