import { Testing } from 'cdk8s';
import { ApiFlavor, ClientTls, ClientTlsPolicy } from '../../src';
import { chart } from './_chart';

describe('ClientTlsPolicy', () => {
  test('renders subsets and exportTo', () => {
    const c = chart();
    new ClientTlsPolicy(c, 'reviews', {
      host: 'reviews.default.svc.cluster.local', namespace: 'default', exportTo: ['.'],
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' }, tls: ClientTls.istioMutual() }],
    });
    expect(Testing.synth(c)[0].spec).toEqual({
      host: 'reviews.default.svc.cluster.local', exportTo: ['.'],
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }],
    });
  });

  test('fails on an invalid host (wildcard not first), naming the prop', () => {
    expect(() => new ClientTlsPolicy(chart(), 'dr', { host: 'foo.*.com' })).toThrow(/\[test\/dr\] 'host': domain name "foo\.\*\.com" invalid .*only allowed as the first label/);
    expect(() => new ClientTlsPolicy(chart(), 'dr2', { host: '' })).toThrow(/empty domain name/);
  });

  test('fails on DISABLE without a reason and on duplicate subsets', () => {
    expect(() => new ClientTlsPolicy(chart(), 'dr', { host: 'a.b.svc.cluster.local', tls: ClientTls.disable() })).toThrow(/'tls' is DISABLE.*pass 'reason'/);
    const dr = new ClientTlsPolicy(chart(), 'dr3', { host: 'a.b.svc.cluster.local' });
    dr.addSubset({ name: 'v1', labels: { v: '1' } });
    expect(() => dr.addSubset({ name: 'v1', labels: { v: '2' } })).toThrow(/subset "v1" is defined twice/);
  });

  test('the legacy flavour defaults tls to ISTIO_MUTUAL (no auto mTLS there); the modern flavours leave it to auto mTLS (seed 1404)', () => {
    const legacy = chart(ApiFlavor.LEGACY);
    new ClientTlsPolicy(legacy, 'web', { host: 'web.foo.svc.cluster.local' });
    expect(Testing.synth(legacy)[0].spec).toEqual({ host: 'web.foo.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    const modern = chart();
    new ClientTlsPolicy(modern, 'web', { host: 'web.foo.svc.cluster.local' });
    expect(Testing.synth(modern)[0].spec).toEqual({ host: 'web.foo.svc.cluster.local' });
  });

  test('addPortTls takes the reason for a DISABLE port and adds it to the reason annotation', () => {
    const c = chart();
    const dr = new ClientTlsPolicy(c, 'web', { host: 'web.foo.svc.cluster.local', tls: ClientTls.istioMutual() });
    expect(() => dr.addPortTls(8080, ClientTls.disable())).toThrow(/'TLS of port 8080' is DISABLE.*pass 'reason'/);
    dr.addPortTls(8080, ClientTls.disable(), 'metrics scraper has no sidecar');
    dr.addPortTls(9090, ClientTls.disable(), 'health checker');
    expect(Testing.synth(c)[0].metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'port 8080: metrics scraper has no sidecar; port 9090: health checker' });
  });
});
