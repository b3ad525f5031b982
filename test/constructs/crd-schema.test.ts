import { Testing } from 'cdk8s';
import { ApiFlavor, ClientTls, ClientTlsPolicy, MeshWideMtls, MtlsMode, NamespaceMtls, ServiceMtls } from '../../src';
import { validateAgainstCrd } from '../../src/input/schema';
import { captureWarnings, chart } from './_chart';

// The PERMISSIVE ServiceMtls and the SIMPLE port without CA warn (IMT1010, IMT2009); this test is about the schema.
captureWarnings();

describe('CRD schema conformance', () => {
  test('every object the constructs synthesize validates against the vendored CRD schema', () => {
    for (const flavor of [ApiFlavor.MODERN, ApiFlavor.V1BETA1, ApiFlavor.LEGACY]) {
      const c = chart(flavor);
      new MeshWideMtls(c, 'mesh', { meshDestinationRule: true });
      new NamespaceMtls(c, 'ns', { namespace: 'foo' });
      const svc = new ServiceMtls(c, 'svc', { namespace: 'foo', matchLabels: { app: 'web' }, serviceName: 'web', mode: MtlsMode.PERMISSIVE, reason: 'migration' });
      svc.addPortMode(8443, MtlsMode.STRICT);
      const dr = new ClientTlsPolicy(c, 'dr', {
        host: 'web.foo.svc.cluster.local', tls: ClientTls.disable(), reason: 'x',
        subsets: [{ name: 'v1', labels: { version: 'v1' }, tls: ClientTls.istioMutual() }],
      });
      dr.addPortTls(8443, ClientTls.mutual({ clientCertificate: '/c', privateKey: '/k', caCertificates: '/ca' }));
      dr.addPortTls(9443, ClientTls.simpleFromSecret({ credentialName: 'cred' }));
      const out = Testing.synth(c);
      expect(out.length).toBeGreaterThanOrEqual(6);
      for (const obj of out) expect({ flavor, kind: obj.kind, violations: validateAgainstCrd(obj) }).toEqual({ flavor, kind: obj.kind, violations: [] });
    }
  });
});
