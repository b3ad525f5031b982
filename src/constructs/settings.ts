import { AnalyzeOptions } from '../engine/types';
import { ApiFlavor } from './mtls-mode';

/**
 * App-wide settings of the library: chosen once, overridable per construct where a prop exists.
 *
 * The engine options (root namespace, auto mTLS, cluster domain, migration) are the engine's {@link AnalyzeOptions}:
 * the synth-time check analyzes each configured scope with them.
 */
export interface MtlsSettings extends AnalyzeOptions {
  /**
   * Which Istio API to emit.
   *
   * @default ApiFlavor.MODERN
   */
  readonly flavor?: ApiFlavor;
  /**
   * Fail synth on warnings too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Print warnings during synth.
   *
   * @default true
   */
  readonly printWarnings?: boolean;
}
