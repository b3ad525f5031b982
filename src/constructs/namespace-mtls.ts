import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkEnum, checkName, checkType, legacyPeers, legacyPolicy, metadata, peerAuthentication, requireReason } from './_emit';
import { markOwner, registerSynthCheck } from './_synth-check';
import { ApiFlavor, MtlsMode } from './mtls-mode';
import { IstioMtls } from './istio-mtls';

/** Props for {@link NamespaceMtls}. */
export interface NamespaceMtlsProps {
  /** The namespace the policy covers. */
  readonly namespace: string;
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

  public constructor(scope: Construct, id: string, props: NamespaceMtlsProps) {
    super(scope, id);
    markOwner(this);
    registerSynthCheck(this);
    for (const k of ['namespace', 'reason'] as const) checkType(this, k, props[k], 'string');
    checkEnum(this, 'mode', props.mode, 'MtlsMode', MtlsMode as unknown as Record<string, string>);
    checkEnum(this, 'flavor', props.flavor, 'ApiFlavor', ApiFlavor as unknown as Record<string, string>);
    checkName(this, 'namespace', props.namespace, true);
    this.namespace = props.namespace;
    this.mode = props.mode ?? MtlsMode.STRICT;
    requireReason(this, this.mode, props.reason);
    const flavor = IstioMtls._flavor(this, props.flavor);
    if (props.namespace === IstioMtls._rootNamespace(this)) {
      throw new Error(`[${this.node.path}] 'namespace' is the root namespace '${props.namespace}': a policy there is mesh-wide; use MeshWideMtls instead`);
    }
    const md = metadata('default', props.namespace, props.reason);
    if (flavor === ApiFlavor.LEGACY) {
      if (this.mode === MtlsMode.UNSET) throw new Error(`[${this.node.path}] 'mode' UNSET does not exist in the legacy API; use STRICT, PERMISSIVE or DISABLE`);
      this.policy = legacyPolicy(this, 'Resource', md, () => legacyPeers(this.mode));
    } else {
      this.policy = peerAuthentication(this, flavor, md, () => ({ mtls: { mode: this.mode } }));
    }
  }
}
