import { Testing } from 'cdk8s';
import { PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../imports/security.istio.io';

test('generated PeerAuthentication class synthesizes', () => {
  const chart = Testing.chart();
  new PeerAuthentication(chart, 'pa', { metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } } });
  expect(Testing.synth(chart)).toEqual([{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } }]);
});
