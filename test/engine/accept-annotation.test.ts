/**
 * The accept annotation (istio-mtls.cdk8s.io/accept: "IMT2005: <reason>"): ISTIO_MUTUAL with sni or subjectAltNames,
 * which Istio honours (cluster_tls.go buildUpstreamTLSSettings), can be accepted with a reason; nothing else can.
 */
import { K8sObject, analyze } from '../../src/engine';

function egressDr(tls: K8sObject, accept?: string): K8sObject {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
    metadata: { name: 'egressgateway-for-cnn', namespace: 'istio-system', ...(accept === undefined ? {} : { annotations: { 'istio-mtls.cdk8s.io/accept': accept } }) },
    spec: { host: 'istio-egressgateway.istio-system.svc.cluster.local', subsets: [{ name: 'cnn', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', ...tls } } }] },
  };
}
const imt2005 = (o: K8sObject) => analyze([o]).filter((f) => f.code === 'IMT2005').map((f) => f.field);

describe('accepting IMT2005 with a reason', () => {
  test('ISTIO_MUTUAL with sni is an error without the annotation, and its message says Istio honours sni', () => {
    const f = analyze([egressDr({ sni: 'edition.cnn.com' })]).filter((x) => x.code === 'IMT2005');
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(f[0].message).toMatch(/Istio itself still honours sni and subjectAltNames with ISTIO_MUTUAL/);
    expect(f[0].message).toMatch(/istio-mtls\.cdk8s\.io\/accept/);
  });

  test('an annotation with a reason accepts sni and subjectAltNames', () => {
    expect(imt2005(egressDr({ sni: 'edition.cnn.com', subjectAltNames: ['spiffe://cluster.local/ns/istio-system/sa/egress'] }, 'IMT2005: the egress gateway routes on this SNI'))).toEqual([]);
  });

  test('an annotation does not accept certificate fields, which Istio replaces with its own', () => {
    expect(imt2005(egressDr({ sni: 'edition.cnn.com', clientCertificate: '/etc/certs/cert.pem' }, 'IMT2005: egress'))).toEqual(['spec.subsets[0].trafficPolicy.tls.clientCertificate']);
  });

  test('an empty reason is itself an error, and accepts nothing', () => {
    expect(imt2005(egressDr({ sni: 'edition.cnn.com' }, 'IMT2005'))).toEqual(['metadata.annotations.istio-mtls.cdk8s.io/accept', 'spec.subsets[0].trafficPolicy.tls.sni']);
    expect(imt2005(egressDr({ sni: 'edition.cnn.com' }, 'IMT2005:   '))).toEqual(['metadata.annotations.istio-mtls.cdk8s.io/accept', 'spec.subsets[0].trafficPolicy.tls.sni']);
  });

  test('an annotation for another code does not accept IMT2005', () => {
    expect(imt2005(egressDr({ sni: 'edition.cnn.com' }, 'IMT2009: not this one'))).toEqual(['spec.subsets[0].trafficPolicy.tls.sni']);
  });
});
