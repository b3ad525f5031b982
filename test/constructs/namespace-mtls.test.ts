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

  test('legacy flavour emits a Policy named default without targets', () => {
    const c = chart(ApiFlavor.LEGACY);
    new NamespaceMtls(c, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
    expect(Testing.synth(c)).toEqual([{ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'default', namespace: 'foo' }, spec: { peers: [{ mtls: { mode: 'PERMISSIVE' } }] } }]);
    expect(warnings()).toEqual([expect.stringMatching(/^Warning: \[test\/foo\] IMT1010 Policy default accepts plaintext \(PERMISSIVE\)/)]);
  });

  test('fails for the root namespace, pointing at MeshWideMtls', () => {
    expect(() => new NamespaceMtls(chart(), 'ns', { namespace: 'istio-system' })).toThrow(/use MeshWideMtls/);
  });

  test('fails on an invalid namespace name', () => {
    expect(() => new NamespaceMtls(chart(), 'ns', { namespace: 'Foo_Bar' })).toThrow(/\[test\/ns\] 'namespace' is "Foo_Bar".*DNS-1123/);
  });
});
