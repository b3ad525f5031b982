/**
 * Types shared by the rule engine, the constructs, the cdk8s plugin and the CLI.
 *
 * The engine is pure TypeScript: it never imports cdk8s, so it runs the same over
 * synthesized constructs, over `cdk8s synth` output and over any YAML a user hands the CLI.
 */

/** How bad a finding is. `error` fails synth and makes the CLI exit 1. */
export enum Severity {
  /** Istio rejects the object, or traffic will fail. */
  ERROR = 'error',
  /** Probably wrong, or weaker than it should be; does not fail synth unless strict warnings are on. */
  WARNING = 'warning',
  /** Worth knowing; never fails anything. */
  INFO = 'info',
}

/** Identifies one Kubernetes object. */
export interface ResourceRef {
  /** `apiVersion` of the object, e.g. `security.istio.io/v1`. */
  readonly apiVersion: string;
  /** `kind` of the object, e.g. `PeerAuthentication`. */
  readonly kind: string;
  /**
   * `metadata.namespace` of the object.
   *
   * @default - cluster-scoped, or no namespace given
   */
  readonly namespace?: string;
  /** `metadata.name` of the object (empty string when missing). */
  readonly name: string;
}

/** One problem the engine found. */
export interface Finding {
  /** Stable rule code, e.g. `IMT1001`. */
  readonly code: string;
  /** How bad it is. */
  readonly severity: Severity;
  /** What is wrong, with the field, the bad value and the fix. */
  readonly message: string;
  /** The object the finding is about. */
  readonly resource: ResourceRef;
  /**
   * The field the finding is about, as a dotted path (`spec.portLevelMtls.8080`).
   *
   * @default - the object as a whole
   */
  readonly field?: string;
  /**
   * What to do about it, in one sentence (also part of `message`).
   *
   * @default - see message
   */
  readonly fix?: string;
  /**
   * Set when the finding was accepted on purpose (an acknowledgement with a reason): it is still listed, as
   * suppressed, but never fails anything and is not counted with the active findings.
   *
   * @default - not suppressed
   */
  readonly suppressed?: Suppression;
}

/** Where an acknowledgement of a finding comes from. */
export enum SuppressionKind {
  /** The object's `istio-mtls.cdk8s.io/accept` annotation (`"CODE: reason"`). */
  ANNOTATION = 'annotation',
  /** `IstioMtls.acknowledge(construct, code, reason)` on the construct (or an ancestor) that emits the object. */
  CONSTRUCT = 'construct',
  /** The run: the CLI's `--ignore 'CODE: reason'`, the plugin's `ignore` property, or {@link AnalyzeOptions.ignore}. */
  CLI = 'cli',
}

/** Why a finding is suppressed. */
export interface Suppression {
  /** Where the acknowledgement comes from. */
  readonly kind: SuppressionKind;
  /** The reason written with it (never empty). */
  readonly reason: string;
}

/**
 * Options for {@link analyze}: the mesh the input belongs to. The constructs' settings (`MtlsSettings`) and the cdk8s
 * plugin's properties extend them.
 */
export interface AnalyzeOptions {
  /**
   * Istio's root namespace (`meshConfig.rootNamespace`): where mesh-wide policies live.
   *
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * Whether auto mTLS (`meshConfig.enableAutoMtls`) is on.
   *
   * @default - true, unless the input contains legacy authentication.istio.io/v1alpha1 policies
   * (Istio <= 1.5 had no auto mTLS by default), then false; so with the constructs, true for the modern flavours
   * and false for ApiFlavor.LEGACY
   */
  readonly autoMtls?: boolean;
  /**
   * The cluster's DNS domain (the kubelet's `clusterDomain`): Services are `<name>.<namespace>.svc.<clusterDomain>`.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Whether the input is a migration phase, in which PERMISSIVE is expected (no IMT1010 warning).
   *
   * @default false
   */
  readonly migration?: boolean;
  /**
   * Whether sidecars that are injected when the input is applied accept HBONE from ambient clients: Istio's `ambient`
   * profile sets `ISTIO_META_ENABLE_HBONE`, and the injector then labels pods `networking.istio.io/tunnel: http`.
   * Pods already injected (cluster exports, `istioctl kube-inject` output) are read from that label instead.
   *
   * @default false - the `default` profile: ambient clients reach sidecars in plaintext
   */
  readonly sidecarHbone?: boolean;
  /**
   * Whether sidecars send HBONE to ambient workloads (istiod's `PILOT_ENABLE_SENDING_HBONE`, on by default when
   * ambient is enabled). Off, a sidecar reaches ambient pods in plaintext, or with Istio mTLS that ztunnel cannot
   * terminate.
   *
   * @default true
   */
  readonly sidecarsSendHbone?: boolean;
  /**
   * The Istio release the mesh runs, `major.minor` (a patch part is ignored): decides behaviour that changed between
   * releases. Today: from 1.24, DestinationRules for one host with different `exportTo` are kept apart instead of
   * merged (`ENABLE_ENHANCED_DESTINATIONRULE_MERGE`, default true since 1.24).
   *
   * @default '1.30' (the current release)
   */
  readonly istioVersion?: string;
  /**
   * Findings accepted on purpose for the whole run, each `"CODE: reason"` (e.g. `"IMT1010: sleep.legacy has no
   * sidecar until Q3"`): every finding of that code is listed as suppressed (kind `cli`) instead of counting. The
   * CLI's `--ignore` and the plugin's `ignore` property fill it. An entry without a reason is refused.
   *
   * @default - none
   */
  readonly ignore?: string[];
}

/** Options with every default filled in. @internal */
export interface ResolvedOptions {
  readonly rootNamespace: string;
  readonly autoMtls: boolean;
  readonly clusterDomain: string;
  readonly migration: boolean;
  readonly sidecarHbone: boolean;
  readonly sidecarsSendHbone: boolean;
  /** `major.minor`, e.g. '1.30'. */
  readonly istioVersion: string;
}

/** Any Kubernetes object, as parsed from YAML or produced by `ApiObject.toJson()`. @internal */
export type K8sObject = { [key: string]: any };
