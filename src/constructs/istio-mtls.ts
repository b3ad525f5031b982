import { IConstruct } from 'constructs';
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_ROOT_NAMESPACE } from '../engine/vocabulary';
import { claimSetting, meshScopeOf, recordSettings, settingsOf } from './_mesh-scope';
import { recordAcknowledgement } from './_app-layout';
import { registerSynthCheck } from './_synth-check';
import { isAcknowledgeable, isRuleCode, runAcknowledgements } from '../engine/acknowledge';
import { ruleCodes } from '../engine/analyze';
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
    try {
      runAcknowledgements(settings, ruleCodes());
    } catch (e) {
      throw new Error(`[${scope.node.path}] IstioMtls.configure: 'ignore': ${(e as Error).message}`);
    }
    recordSettings(scope, settings);
    // Configuring the library on a scope turns the synth-time checks on for the app, even before any construct of
    // ours is added (raw ApiObjects and imports/ classes are checked too).
    registerSynthCheck(scope);
  }

  /**
   * Accepts the findings of one rule on purpose, for every object `scope` (a construct of this library, an ApiObject,
   * a Chart) emits, with the reason — in the spirit of aws-cdk's `Annotations.acknowledgeWarning`.
   *
   * The findings stay visible: listed as suppressed (kind `construct`) at synth, in the plugin's report and by
   * `istio-mtls analyze`, and never fail anything. The reason is written into each object's
   * `istio-mtls.cdk8s.io/accept` annotation (`"CODE: reason"`), so the manifests carry it to the plugin and the CLI.
   *
   * @param scope the construct whose objects' findings are accepted
   * @param code the rule code, e.g. `IMT1010`
   * @param reason why the finding is accepted (required)
   */
  public static acknowledge(scope: IConstruct, code: string, reason: string): void {
    if (typeof code !== 'string' || !isRuleCode(code)) {
      throw new Error(`[${scope.node.path}] IMT8001 IstioMtls.acknowledge: 'code' is ${JSON.stringify(code)}, not a rule code; fix: pass a code as 'istio-mtls rules' lists it, e.g. 'IMT1010'`);
    }
    if (!ruleCodes().has(code) || !isAcknowledgeable(code)) {
      throw new Error(`[${scope.node.path}] IMT8001 IstioMtls.acknowledge: ${code} ${ruleCodes().has(code) ? 'reports acknowledgements themselves and cannot be acknowledged' : 'is no rule of this library, so it would accept nothing'}; fix: pass a code as 'istio-mtls rules' lists it, e.g. 'IMT1010'`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`[${scope.node.path}] IMT8001 IstioMtls.acknowledge(${code}): an acknowledgement needs a reason; fix: say why the finding is accepted, e.g. IstioMtls.acknowledge(svc, '${code}', 'sleep.legacy has no sidecar until Q3')`);
    }
    if (/[\r\n]/.test(reason)) {
      throw new Error(`[${scope.node.path}] IMT8001 IstioMtls.acknowledge(${code}): the reason spans lines, which the annotation format ('CODE: reason' per line) cannot hold; fix: write it on one line`);
    }
    recordAcknowledgement(scope, code, reason.trim());
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
