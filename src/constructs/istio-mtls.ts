import { IConstruct } from 'constructs';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE } from '../engine/vocabulary';
import { claimSetting, meshScopeOf, recordSettings, settingsOf } from './_mesh-scope';
import { registerSynthCheck } from './_synth-check';
import { ApiFlavor } from './mtls-mode';
import { MtlsSettings } from './settings';

/**
 * Sets and reads the library's app-wide settings.
 */
export class IstioMtls {
  /**
   * Configures the library for `scope` and everything below it (an App, or a Chart).
   *
   * The scope also becomes one mesh for the synth-time checks: its objects are analyzed together, apart from
   * objects outside it. Give each independent scenario (an example, a migration phase) its own configured Chart.
   * Call it before adding constructs to the scope, so their flavour defaults apply.
   */
  public static configure(scope: IConstruct, settings: MtlsSettings): void {
    recordSettings(scope, settings);
    // Configuring the library on a scope turns the synth-time checks on for the app, even before any construct of
    // ours is added (raw ApiObjects and imports/ classes are checked too).
    registerSynthCheck(scope);
  }

  /**
   * The settings in force for `scope`: those of the nearest configured ancestor (or itself).
   */
  public static settingsOf(scope: IConstruct): MtlsSettings {
    return settingsOf(scope);
  }

  /**
   * The construct whose objects are analyzed together with `scope`'s: the nearest configured ancestor, else the app.
   */
  public static meshScopeOf(scope: IConstruct): IConstruct {
    return meshScopeOf(scope);
  }

  /** The API flavour for a construct: its own prop, else the app's setting, else MODERN. @internal */
  public static _flavor(scope: IConstruct, own?: ApiFlavor): ApiFlavor {
    return own ?? settingsOf(scope).flavor ?? ApiFlavor.MODERN;
  }

  /** The root namespace for a construct. @internal */
  public static _rootNamespace(scope: IConstruct, own?: string): string {
    return own ?? settingsOf(scope).rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  }

  /**
   * The root namespace of `scope`'s mesh: `own` (a construct's prop) is recorded in the mesh scope's settings when
   * they have none yet, so that the synth-time check and every other construct of the scope use it.
   *
   * @throws when the mesh scope already has another root namespace: the synth-time check analyzes a mesh with one
   * @internal
   */
  public static _claimRootNamespace(scope: IConstruct, own?: string): string {
    return claimSetting(scope, 'rootNamespace', own, DEFAULT_ROOT_NAMESPACE);
  }

  /** Like {@link _claimRootNamespace}, for the cluster domain. @internal */
  public static _claimClusterDomain(scope: IConstruct, own?: string): string {
    return claimSetting(scope, 'clusterDomain', own, DEFAULT_CLUSTER_DOMAIN);
  }

  private constructor() {}
}
