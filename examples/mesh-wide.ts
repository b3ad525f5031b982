/**
 * Mesh-wide mutual TLS, as in the seed article ("Global Mesh-Wide mTLS Configuration").
 *
 * Legacy flavour (Istio <= 1.5, the seed's YAML): MeshPolicy `default` with `peers: [{mtls: {}}]`, the `*.local`
 * ISTIO_MUTUAL DestinationRule (no auto mTLS back then), and the kube-apiserver exemption (rule IMT5004 fails synth
 * without it). Modern flavour: one PeerAuthentication `default` in istio-system; auto mTLS makes the
 * DestinationRule unnecessary.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, IstioMtls, MeshWideMtls } from '../src';

export class MeshWideLegacyChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.LEGACY });
    new MeshWideMtls(this, 'mesh');
  }
}

export class MeshWideModernChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.MODERN });
    new MeshWideMtls(this, 'mesh');
  }
}
