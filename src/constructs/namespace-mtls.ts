import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkEnum, checkName, checkType, destinationRule, legacyPeers, legacyPolicy, metadata, peerAuthentication, requireReason } from './_emit';
import { ClientTls } from './client-tls';
import { DEFAULT_CLUSTER_DOMAIN } from '../engine/vocabulary';
import { apiObjectOf, checkExclusive } from './_kube-objects';
import { markOwner, registerSynthCheck } from './_synth-check';
import { ApiFlavor, MtlsMode } from './mtls-mode';
import { IstioMtls } from './istio-mtls';

/** Props for {@link NamespaceMtls}. */
export interface NamespaceMtlsProps {
  /**
   * The Namespace the policy covers: a Namespace from any cdk8s-plus version, an imports/ class or an ApiObject.
   *
   * Replaces `namespace`, which becomes the object's `metadata.name`. Giving it with `namespace` is an error
   * (IMT9001), so is a construct of another kind (IMT9003).
   *
   * @default - none: pass `namespace` instead
   */
  readonly namespaceObject?: IConstruct;
  /**
   * The namespace the policy covers.
   *
   * @default - required unless `namespaceObject` is given (IMT9002), which gives the namespace
   */
  readonly namespace?: string;
  /**
   * What the namespace's sidecars accept.
   *
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Why mTLS is turned off. Required when `mode` is DISABLE.
   *
   * @default - none (not allowed with DISABLE)
   */
  readonly reason?: string;
  /**
   * Which Istio API to emit.
   *
   * @default - the app's setting, else ApiFlavor.MODERN
   */
  readonly flavor?: ApiFlavor;
  /**
   * Whether to add the namespace's client side: a DestinationRule `default` for `*.<namespace>.svc.<domain>` with
   * tls ISTIO_MUTUAL. Without auto mTLS (the legacy API's meshes) clients send plaintext unless a rule says
   * ISTIO_MUTUAL, so a STRICT namespace without one refuses every call (Istio 1.4's namespace-wide mTLS task pairs
   * the Policy with exactly this rule). A mesh-wide `*.local` rule (MeshWideMtls) covers the namespace too.
   *
   * @default - true in the legacy flavour unless `mode` is DISABLE; false otherwise (auto mTLS decides)
   */
  readonly namespaceDestinationRule?: boolean;
}

/**
 * Mutual TLS for one namespace: a PeerAuthentication named `default` without selector (legacy: a Policy named
 * `default` without targets — the only name the legacy API honours for namespace-wide policies).
 *
 * @see https://istio.io/latest/docs/concepts/security/#peer-authentication
 */
export class NamespaceMtls extends Construct {
  /** The generated policy. */
  public readonly policy: ApiObject;
  /** The namespace covered. */
  public readonly namespace: string;
  /** The mode in force. */
  public readonly mode: MtlsMode;
  /** The namespace's ISTIO_MUTUAL DestinationRule, when one is emitted (see `namespaceDestinationRule`). */
  public readonly namespaceDestinationRule?: ApiObject;

  public constructor(scope: Construct, id: string, props: NamespaceMtlsProps) {
    super(scope, id);
    markOwner(this);
    registerSynthCheck(this);
    for (const k of ['namespace', 'reason'] as const) checkType(this, k, props[k], 'string');
    checkEnum(this, 'mode', props.mode, 'MtlsMode', MtlsMode as unknown as Record<string, string>);
    checkEnum(this, 'flavor', props.flavor, 'ApiFlavor', ApiFlavor as unknown as Record<string, string>);
    checkExclusive(this, 'NamespaceMtls', 'namespaceObject', props.namespaceObject, { namespace: props.namespace }, true);
    const namespace = props.namespaceObject !== undefined ? apiObjectOf(this, 'NamespaceMtls', 'namespaceObject', props.namespaceObject, ['Namespace']).name : props.namespace!;
    checkName(this, 'namespace', namespace, true);
    this.namespace = namespace;
    this.mode = props.mode ?? MtlsMode.STRICT;
    requireReason(this, this.mode, props.reason);
    const flavor = IstioMtls._flavor(this, props.flavor);
    if (namespace === IstioMtls._rootNamespace(this)) {
      throw new Error(`[${this.node.path}] 'namespace' is the root namespace '${namespace}': a policy there is mesh-wide; use MeshWideMtls instead`);
    }
    const md = metadata('default', namespace, props.reason);
    if (flavor === ApiFlavor.LEGACY) {
      if (this.mode === MtlsMode.UNSET) throw new Error(`[${this.node.path}] 'mode' UNSET does not exist in the legacy API; use STRICT, PERMISSIVE or DISABLE`);
      this.policy = legacyPolicy(this, 'Resource', md, () => legacyPeers(this.mode));
    } else {
      this.policy = peerAuthentication(this, flavor, md, () => ({ mtls: { mode: this.mode } }));
    }
    const wantsDr = props.namespaceDestinationRule ?? (flavor === ApiFlavor.LEGACY && this.mode !== MtlsMode.DISABLE);
    if (wantsDr) {
      if (this.mode === MtlsMode.DISABLE) {
        throw new Error(`[${this.node.path}] 'namespaceDestinationRule' sends ISTIO_MUTUAL into a namespace whose 'mode' is DISABLE, so every call would fail; drop 'namespaceDestinationRule' or choose STRICT/PERMISSIVE`);
      }
      const domain = IstioMtls.settingsOf(this).clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
      this.namespaceDestinationRule = destinationRule(this, 'NamespaceDestinationRule', flavor, metadata('default', namespace, undefined), () => ({
        host: `*.${namespace}.svc.${domain}`,
        trafficPolicy: { tls: ClientTls.istioMutual()._toKube() },
      }));
    }
  }
}
