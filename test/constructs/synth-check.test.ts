import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { PeerAuthentication } from '../../imports/security.istio.io';
import { ApiFlavor, ClientTls, ClientTlsPolicy, IstioMtls, MeshWideMtls, MtlsMode, ServiceMtls } from '../../src';
import { chart } from './_chart';

describe('synth-time enforcement', () => {
  test('a raw imports/ object in the same app fails synth with its path, code and field', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh');
    new PeerAuthentication(c, 'raw', { metadata: { name: 'bad', namespace: 'foo' }, spec: { portLevelMtls: { 8080: { mode: 'STRICT' as any } } } });
    expect(() => Testing.synth(c)).toThrow(/\[test\/raw\] IMT1001 'spec\.portLevelMtls' needs a workload selector/);
  });

  test('a construct whose object has the identity of another construct\'s object fails, naming both (seed 1202)', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh');
    expect(() => new ClientTlsPolicy(c, 'mine', { host: '*.local', namespace: 'istio-system', name: 'api-server' }))
      .toThrow(/^\[test\/mine\] DestinationRule istio-system\/api-server is already emitted by \[test\/mesh\]: .*kubectl apply would keep only one/);
    const web = new ServiceMtls(c, 'web', { namespace: 'foo', serviceName: 'web' });
    new ServiceMtls(c, 'web-80', { namespace: 'foo', serviceName: 'web' });
    expect(() => web.addPortMode(80, MtlsMode.STRICT)).toThrow(/^\[test\/web\] Policy foo\/web-80 is already emitted by \[test\/web-80\]/);
    // Separately configured charts of one app (e.g. migration phases) are separate meshes and may emit the same object.
    const app = Testing.app();
    for (const phase of ['phase-1', 'phase-2']) {
      const p = new Chart(app, phase);
      IstioMtls.configure(p, { flavor: ApiFlavor.LEGACY });
      new ClientTlsPolicy(p, 'web', { host: 'web.foo.svc.cluster.local', namespace: 'foo' });
    }
    expect(app.charts.map((ch) => `${ch.toJson()[0].metadata.namespace}/${ch.toJson()[0].metadata.name}`)).toEqual(['foo/web', 'foo/web']);
  });

  test('an addJsonPatch edit is checked: ISTIO_MUTUAL with a client certificate fails', () => {
    const c = chart();
    const dr = new ClientTlsPolicy(c, 'dr', { host: 'a.b.svc.cluster.local', tls: ClientTls.istioMutual() });
    dr.destinationRule.addJsonPatch(JsonPatch.add('/spec/trafficPolicy/tls/clientCertificate', '/etc/certs/cert.pem'));
    expect(() => Testing.synth(c)).toThrow(/\[test\/dr\] IMT2005 'spec\.trafficPolicy\.tls' is ISTIO_MUTUAL but also sets 'clientCertificate'/);
  });

  test('a plain ApiObject is checked too, and the error message names the fix', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh');
    new ApiObject(c, 'legacy-mesh', { apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'mesh' }, spec: { peers: [{ mtls: {} }] } } as any);
    expect(() => Testing.synth(c)).toThrow(/\[test\/legacy-mesh\] IMT3001 MeshPolicy is named "mesh".*rename it to 'default'/);
  });
});

describe('synth-time analysis cache', () => {
  test('a change after a clean synth is analyzed again: the cached result never hides a new error', () => {
    const c = chart();
    const dr = new ClientTlsPolicy(c, 'dr', { host: 'a.b.svc.cluster.local', tls: ClientTls.istioMutual() });
    expect(() => Testing.synth(c)).not.toThrow();
    expect(() => Testing.synth(c)).not.toThrow(); // same objects: served from the cache
    dr.destinationRule.addJsonPatch(JsonPatch.add('/spec/trafficPolicy/tls/sni', 'a.example'));
    expect(() => Testing.synth(c)).toThrow(/\[test\/dr\] IMT2005/);
  });
});
