/**
 * What a workload's sidecar accepts (server side, PeerAuthentication).
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode
 */
export enum MtlsMode {
  /** Only mutual TLS. The secure default. */
  STRICT = 'STRICT',
  /** Plaintext and mutual TLS: for migrations only. */
  PERMISSIVE = 'PERMISSIVE',
  /** Plaintext only. Requires a written reason. */
  DISABLE = 'DISABLE',
  /** Inherit from the parent scope (namespace, then mesh; PERMISSIVE if none). */
  UNSET = 'UNSET',
}

/**
 * Which Istio API the constructs emit.
 */
export enum ApiFlavor {
  /** security.istio.io/v1 PeerAuthentication, networking.istio.io/v1 DestinationRule (Istio >= 1.22). */
  MODERN = 'v1',
  /** security.istio.io/v1beta1 PeerAuthentication, networking.istio.io/v1beta1 DestinationRule (Istio 1.5 - 1.21). */
  V1BETA1 = 'v1beta1',
  /**
   * authentication.istio.io/v1alpha1 MeshPolicy/Policy, networking.istio.io/v1alpha3 DestinationRule (Istio <= 1.5, the seed's API).
   * No auto mTLS: clients send mTLS only where a DestinationRule says ISTIO_MUTUAL.
   */
  LEGACY = 'v1alpha1',
}
