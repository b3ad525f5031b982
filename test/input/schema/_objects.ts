/** Objects of the vendored CRDs' kinds, for the schema tests. */
import * as path from 'path';

export const CRD_DIR = path.join(__dirname, '..', '..', '..', 'crds');
export const DR_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];

export function pa(spec: unknown, apiVersion = 'security.istio.io/v1'): any {
  return { apiVersion, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'foo' }, spec };
}

export function dr(spec: unknown, version = 'v1'): any {
  return { apiVersion: `networking.istio.io/${version}`, kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'bookinfo' }, spec };
}

export function legacy(kind: 'MeshPolicy' | 'Policy', spec: unknown): any {
  const metadata = kind === 'Policy' ? { name: 'default', namespace: 'foo' } : { name: 'default' };
  return { apiVersion: 'authentication.istio.io/v1alpha1', kind, metadata, spec };
}

export const PRODUCTPAGE = {
  host: 'productpage.bookinfo.svc.cluster.local',
  trafficPolicy: { tls: { mode: 'DISABLE' }, portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } }] },
};
