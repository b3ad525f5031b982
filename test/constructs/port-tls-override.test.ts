import { Testing } from 'cdk8s';
import { ApiFlavor, ClientTls, ClientTlsPolicy, MtlsMode, PortTlsOverride, ServiceMtls, TlsMode } from '../../src';
import { chart } from './_chart';

describe('PortTlsOverride', () => {
  test('emits the seed productpage port-level rule', () => {
    const c = chart(ApiFlavor.LEGACY);
    const dr = new ClientTlsPolicy(c, 'productpage-2', { host: 'productpage.bookinfo.svc.cluster.local', tls: ClientTls.disable(), reason: 'only 9080 speaks mTLS' });
    new PortTlsOverride(c, 'port-9080', { port: 9080, clientTlsPolicy: dr, clientTls: ClientTls.istioMutual() });
    const [obj] = Testing.synth(c);
    expect(obj.apiVersion).toBe('networking.istio.io/v1alpha3');
    expect(obj.spec).toEqual({ host: 'productpage.bookinfo.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' }, portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } }] } });
    expect(dr.tlsFor(9080)!.mode).toBe(TlsMode.ISTIO_MUTUAL);
    expect(dr.tlsFor(9443)!.mode).toBe(TlsMode.DISABLE);
  });

  test('hands its reason to the client side too (seed 1502)', () => {
    const c = chart();
    const dr = new ClientTlsPolicy(c, 'web', { host: 'web.foo.svc.cluster.local', tls: ClientTls.istioMutual() });
    new PortTlsOverride(c, 'o', { port: 1, clientTlsPolicy: dr, clientTls: ClientTls.disable(), reason: 'migration window' });
    const out = Testing.synth(c)[0];
    expect(out.spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 1 }, tls: { mode: 'DISABLE' } }]);
    expect(out.metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'port 1: migration window' });
  });

  test('sets the server port on the ServiceMtls and refuses the wrong shape', () => {
    const c = chart();
    const s = new ServiceMtls(c, 'pp', { namespace: 'bookinfo', matchLabels: { app: 'productpage' }, mode: MtlsMode.DISABLE, reason: 'legacy health checker' });
    new PortTlsOverride(c, 'o', { port: 9080, serviceMtls: s, serverMode: MtlsMode.STRICT });
    expect(Testing.synth(c)[0].spec.portLevelMtls).toEqual({ 9080: { mode: 'STRICT' } });
    expect(() => new PortTlsOverride(c, 'bad', { port: 9080, serverMode: MtlsMode.STRICT })).toThrow(/needs both 'serviceMtls'.*and 'serverMode'/);
    expect(() => new PortTlsOverride(c, 'none', { port: 9080 })).toThrow(/nothing to override/);
  });
});
