import { IConstruct } from 'constructs';
import { registerSynthCheck } from './_synth-check';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE } from '../engine/vocabulary';
import { ApiFlavor } from './mtls-mode';

/**
 * App-wide settings of the library: chosen once, overridable per construct where a prop exists.
 */
export interface MtlsSettings {
  /**
   * Which Istio API to emit.
   *
   * @default ApiFlavor.MODERN
   */
  readonly flavor?: ApiFlavor;
  /**
   * Istio's root namespace (meshConfig.rootNamespace).
   *
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The cluster's DNS domain (the kubelet's `clusterDomain`): Services are `<name>.<namespace>.svc.<clusterDomain>`.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Whether the mesh runs with auto mTLS.
   *
   * @default - true for the modern flavours, false for ApiFlavor.LEGACY
   */
  readonly autoMtls?: boolean;
  /**
   * Fail synth on warnings too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Whether this scope is a migration phase, where PERMISSIVE is expected (no IMT1010 warning).
   *
   * @default false
   */
  readonly migration?: boolean;
  /**
   * Print warnings during synth.
   *
   * @default true
   */
  readonly printWarnings?: boolean;
}

const SETTINGS = new WeakMap<IConstruct, MtlsSettings>();

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
    SETTINGS.set(scope, { ...settings });
    // Configuring the library on a scope turns the synth-time checks on for the app, even before any construct of
    // ours is added (raw ApiObjects and imports/ classes are checked too).
    registerSynthCheck(scope);
  }

  /**
   * The settings in force for `scope`: those of the nearest configured ancestor (or itself).
   */
  public static settingsOf(scope: IConstruct): MtlsSettings {
    return SETTINGS.get(IstioMtls.meshScopeOf(scope)) ?? {};
  }

  /**
   * The construct whose objects are analyzed together with `scope`'s: the nearest configured ancestor, else the app.
   */
  public static meshScopeOf(scope: IConstruct): IConstruct {
    let c: IConstruct | undefined = scope;
    while (c) {
      if (SETTINGS.has(c)) return c;
      c = c.node.scope;
    }
    return scope.node.root;
  }

  /** The API flavour for a construct: its own prop, else the app's setting, else MODERN. @internal */
  public static _flavor(scope: IConstruct, own?: ApiFlavor): ApiFlavor {
    return own ?? IstioMtls.settingsOf(scope).flavor ?? ApiFlavor.MODERN;
  }

  /** The root namespace for a construct. @internal */
  public static _rootNamespace(scope: IConstruct, own?: string): string {
    return own ?? IstioMtls.settingsOf(scope).rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  }

  /**
   * The root namespace of `scope`'s mesh: `own` (a construct's prop) is recorded in the mesh scope's settings when
   * they have none yet, so that the synth-time check and every other construct of the scope use it.
   *
   * @throws when the mesh scope already has another root namespace: the synth-time check analyzes a mesh with one
   * @internal
   */
  public static _claimRootNamespace(scope: IConstruct, own?: string): string {
    return IstioMtls.claim(scope, 'rootNamespace', own, DEFAULT_ROOT_NAMESPACE);
  }

  /** Like {@link _claimRootNamespace}, for the cluster domain. @internal */
  public static _claimClusterDomain(scope: IConstruct, own?: string): string {
    return IstioMtls.claim(scope, 'clusterDomain', own, DEFAULT_CLUSTER_DOMAIN);
  }

  private static claim(scope: IConstruct, key: 'rootNamespace' | 'clusterDomain', own: string | undefined, fallback: string): string {
    const mesh = IstioMtls.meshScopeOf(scope);
    const current = SETTINGS.get(mesh);
    const set = current?.[key];
    if (own === undefined || own === set) return set ?? fallback;
    if (set !== undefined) {
      throw new Error(`[${scope.node.path}] '${key}' is ${JSON.stringify(own)}, but this mesh's ${key} is already ${JSON.stringify(set)} `
        + `(from IstioMtls.configure or another construct), and the synth-time check analyzes a mesh with one ${key}: set it once with `
        + `IstioMtls.configure(scope, { ${key}: ${JSON.stringify(own)} }) and drop the '${key}' prop`);
    }
    SETTINGS.set(mesh, { ...current, [key]: own });
    return own;
  }

  private constructor() {}
}
