/**
 * How to act on a finding with this library's constructs. The engine's messages name Istio's YAML fields (they are
 * also what the CLI prints over any manifests); at synth time, where the user writes constructs, the message gains
 * the construct to use.
 * @internal
 */
const HINTS: Readonly<Record<string, string>> = {
  IMT3003: 'ApiFlavor.MODERN (IstioMtls.configure or the flavor prop)',
  IMT5001: 'ServiceMtls with mode PERMISSIVE and a reason, or PortTlsOverride for one port',
  IMT5002: 'ClientTlsPolicy with tls ClientTls.disable()',
  IMT5004: 'MeshWideMtls adds this exemption unless kubeApiServerExemption is false',
  IMT5005: 'ClientTls.istioMutual(), or no tls on the ClientTlsPolicy',
  IMT5006: 'ClientTls.disable() for this host, or ServiceMtls/NamespaceMtls with PERMISSIVE or STRICT',
  IMT5007: 'ClientTlsPolicy in the legacy flavour defaults tls to ClientTls.istioMutual()',
  IMT5008: 'MeshWideMtls and NamespaceMtls add the ISTIO_MUTUAL rule in the legacy flavour',
  IMT5009: 'PortTlsOverride with mode PERMISSIVE',
  IMT5012: 'ServiceMtls with mode STRICT',
};

/** The construct hint appended to a synth-time message (`; with the constructs: ...`), or '' for none. */
export function constructHint(code: string): string {
  const h = HINTS[code];
  return h ? `; with the constructs: ${h}` : '';
}
