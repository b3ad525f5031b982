import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { kubeApiHost } from '../engine/resolve';
import { DEFAULT_CLUSTER_DOMAIN } from '../engine/vocabulary';
import { checkEnum, checkName, checkType, destinationRule, legacyMeshPolicy, legacyPeers, metadata, peerAuthentication, requireReason } from './_emit';
import { markOwner, registerSynthCheck } from './_synth-check';
import { ClientTls } from './client-tls';
import { ApiFlavor, MtlsMode } from './mtls-mode';
import { IstioMtls } from './istio-mtls';

/** Props for {@link MeshWideMtls}. */
export interface MeshWideMtlsProps {
  /**
   * What every sidecar in the mesh accepts, unless a narrower policy says otherwise.
   *
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Why mTLS is turned off. Required when `mode` is DISABLE; written to the `istio-mtls.cdk8s.io/reason` annotation.
   *
   * @default - none (not allowed with DISABLE)
   */
  readonly reason?: string;
  /**
   * Which Istio API to emit.
   *
   * @default - the app's setting (IstioMtls.configure), else ApiFlavor.MODERN
   */
  readonly flavor?: ApiFlavor;
  /**
   * Istio's root namespace, where mesh-wide objects live.
   *
   * The synth-time check analyzes each mesh (IstioMtls.configure scope) with one root namespace: a value given here
   * becomes the scope's setting when it has none, and must equal it otherwise.
   *
   * @default - the app's setting, else 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * Emit the mesh-wide `*.local` DestinationRule with ISTIO_MUTUAL, so client sidecars send mTLS.
   *
   * The legacy API needs it (no auto mTLS); with auto mTLS (Istio >= 1.5) it is unnecessary and breaks calls to
   * workloads without a sidecar, so the modern flavours emit it only when asked. It cannot go with `mode` DISABLE
   * (clients would send mTLS to servers that refuse it).
   *
   * The host is `*.local` with the default cluster domain (the Istio docs' "`*.local` to limit matches only to
   * services in cluster, as opposed to external services"); with another `clusterDomain` that covers no Service, so
   * the rule is for `*.<clusterDomain>` instead.
   *
   * @default - true for ApiFlavor.LEGACY unless `mode` is DISABLE, false otherwise
   */
  readonly meshDestinationRule?: boolean;
  /**
   * With the mesh DestinationRule, also emit a DISABLE rule for `kubernetes.default.svc.<clusterDomain>` so pods can
   * still reach the kube-apiserver (which has no sidecar).
   *
   * @default true
   */
  readonly kubeApiServerExemption?: boolean;
  /**
   * The cluster's DNS domain: Services are `<name>.<namespace>.svc.<clusterDomain>`.
   *
   * Like `rootNamespace`, it becomes the mesh scope's setting when that has none, and must equal it otherwise.
   *
   * @default - the app's setting, else 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * Mutual TLS for the whole mesh.
 *
 * Modern: a PeerAuthentication named `default` in the root namespace. Legacy: the cluster-scoped MeshPolicy
 * `default` plus the `*.local` ISTIO_MUTUAL DestinationRule and the kube-apiserver exemption.
 *
 * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
 */
export class MeshWideMtls extends Construct {
  /** The server-side policy (PeerAuthentication or legacy MeshPolicy). */
  public readonly policy: ApiObject;
  /** The mesh `*.local` DestinationRule, when emitted. */
  public readonly meshDestinationRule?: ApiObject;
  /** The kube-apiserver exemption DestinationRule, when emitted. */
  public readonly apiServerExemption?: ApiObject;
  /** The mode in force. */
  public readonly mode: MtlsMode;
  /** The API flavour used. */
  public readonly flavor: ApiFlavor;

  public constructor(scope: Construct, id: string, props: MeshWideMtlsProps = {}) {
    super(scope, id);
    markOwner(this);
    registerSynthCheck(this);
    for (const k of ['reason', 'rootNamespace', 'clusterDomain'] as const) checkType(this, k, props[k], 'string');
    checkEnum(this, 'mode', props.mode, 'MtlsMode', MtlsMode as unknown as Record<string, string>);
    checkEnum(this, 'flavor', props.flavor, 'ApiFlavor', ApiFlavor as unknown as Record<string, string>);
    this.mode = props.mode ?? MtlsMode.STRICT;
    this.flavor = IstioMtls._flavor(this, props.flavor);
    checkName(this, 'rootNamespace', IstioMtls._rootNamespace(this, props.rootNamespace), true);
    if (props.clusterDomain !== undefined) checkName(this, 'clusterDomain', props.clusterDomain);
    const root = IstioMtls._claimRootNamespace(this, props.rootNamespace);
    const domain = IstioMtls._claimClusterDomain(this, props.clusterDomain);
    requireReason(this, this.mode, props.reason);
    const legacy = this.flavor === ApiFlavor.LEGACY;
    if (legacy && this.mode === MtlsMode.UNSET) {
      throw new Error(`[${this.node.path}] 'mode' UNSET has no meaning in the legacy API (MeshPolicy has no UNSET); use STRICT, PERMISSIVE or DISABLE`);
    }

    if (legacy) {
      // Cluster-scoped; only the name 'default' is honoured.
      this.policy = legacyMeshPolicy(this, metadata('default', undefined, props.reason), () => legacyPeers(this.mode));
    } else {
      this.policy = peerAuthentication(this, this.flavor, metadata('default', root, props.reason), () => ({ mtls: { mode: this.mode } }));
    }

    // The legacy default follows the mode: a DISABLE mesh has no use for a rule that makes clients send mTLS.
    const wantsDr = props.meshDestinationRule ?? (legacy && this.mode !== MtlsMode.DISABLE);
    if (wantsDr) {
      if (this.mode === MtlsMode.DISABLE) {
        throw new Error(`[${this.node.path}] 'meshDestinationRule' sends ISTIO_MUTUAL to every host while 'mode' is DISABLE, so every call would fail; drop 'meshDestinationRule' or choose STRICT/PERMISSIVE`);
      }
      this.meshDestinationRule = destinationRule(this, 'MeshDestinationRule', this.flavor, metadata('default', root, undefined), () => ({
        host: domain === DEFAULT_CLUSTER_DOMAIN ? '*.local' : `*.${domain}`,
        trafficPolicy: { tls: ClientTls.istioMutual()._toKube() },
      }));
      if (props.kubeApiServerExemption ?? true) {
        this.apiServerExemption = destinationRule(this, 'ApiServerExemption', this.flavor,
          metadata('api-server', root, 'the kube-apiserver has no sidecar and cannot terminate Istio mTLS'), () => ({
            host: kubeApiHost(domain),
            trafficPolicy: { tls: ClientTls.disable()._toKube() },
          }));
      }
    } else if (props.kubeApiServerExemption === true) {
      throw new Error(`[${this.node.path}] 'kubeApiServerExemption' only applies with 'meshDestinationRule'; with auto mTLS the kube-apiserver needs no exemption`);
    }
  }
}
