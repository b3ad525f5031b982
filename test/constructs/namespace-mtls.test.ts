import { Testing } from 'cdk8s';
import { ApiFlavor, MtlsMode, NamespaceMtls } from '../../src';
import { captureWarnings, chart } from './_chart';

const warnings = captureWarnings();

describe('NamespaceMtls', () => {
  test('emits a PeerAuthentication named default without selector', () => {
    const c = chart();
    new NamespaceMtls(c, 'foo', { namespace: 'foo' });
    expect(Testing.synth(c)).toEqual([{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'foo' }, spec: { mtls: { mode: 'STRICT' } } }]);
  });

  test('legacy flavour emits a Policy named default without targets, and the namespace ISTIO_MUTUAL rule (no auto mTLS)', () => {
    const c = chart(ApiFlavor.LEGACY);
    new NamespaceMtls(c, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
    expect(Testing.synth(c)).toEqual([
      { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'default', namespace: 'foo' }, spec: { peers: [{ mtls: { mode: 'PERMISSIVE' } }] } },
      { apiVersion: 'networking.istio.io/v1alpha3', kind: 'DestinationRule', metadata: { name: 'default', namespace: 'foo' }, spec: { host: '*.foo.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } },
    ]);
    expect(warnings()).toEqual([expect.stringMatching(/^Warning: \[test\/foo\] IMT1010 Policy default accepts plaintext \(PERMISSIVE\)/)]);
  });

  test('a legacy STRICT namespace needs its ISTIO_MUTUAL rule: without it synth fails (IMT5008); DISABLE emits none', () => {
    const strict = chart(ApiFlavor.LEGACY);
    new NamespaceMtls(strict, 'foo', { namespace: 'foo', namespaceDestinationRule: false });
    expect(() => Testing.synth(strict)).toThrow(/IMT5008 Policy foo\/default makes namespace 'foo' STRICT, but auto mTLS is off/);
    const off = chart(ApiFlavor.LEGACY);
    new NamespaceMtls(off, 'foo', { namespace: 'foo', mode: MtlsMode.DISABLE, reason: 'legacy clients' });
    expect(Testing.synth(off).map((o: any) => o.kind)).toEqual(['Policy']);
    expect(() => new NamespaceMtls(chart(ApiFlavor.LEGACY), 'x', { namespace: 'foo', mode: MtlsMode.DISABLE, reason: 'r', namespaceDestinationRule: true })).toThrow(/'namespaceDestinationRule' sends ISTIO_MUTUAL into a namespace whose 'mode' is DISABLE/);
    // The modern flavours leave the client side to auto mTLS.
    const modern = chart();
    new NamespaceMtls(modern, 'foo', { namespace: 'foo' });
    expect(Testing.synth(modern).map((o: any) => o.kind)).toEqual(['PeerAuthentication']);
  });

  test('fails for the root namespace, pointing at MeshWideMtls', () => {
    expect(() => new NamespaceMtls(chart(), 'ns', { namespace: 'istio-system' })).toThrow(/use MeshWideMtls/);
  });

  test('fails on an invalid namespace name', () => {
    expect(() => new NamespaceMtls(chart(), 'ns', { namespace: 'Foo_Bar' })).toThrow(/\[test\/ns\] 'namespace' is "Foo_Bar".*DNS-1123/);
  });
});
