import { ClientTls, TlsMode } from '../../src';

describe('ClientTls', () => {
  test('ISTIO_MUTUAL carries no other TLS field', () => {
    expect(ClientTls.istioMutual()._toKube()).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(ClientTls.istioMutual().mode).toBe(TlsMode.ISTIO_MUTUAL);
  });

  test('MUTUAL needs a client certificate and a key', () => {
    expect(() => ClientTls.mutual({ clientCertificate: '', privateKey: '/k' })).toThrow(/'clientCertificate' is required for MUTUAL/);
    expect(() => ClientTls.mutual({ clientCertificate: '/c', privateKey: ' ' })).toThrow(/'privateKey' is required for MUTUAL/);
    expect(ClientTls.mutual({ clientCertificate: '/c', privateKey: '/k', caCertificates: '/ca' })._toKube())
      .toEqual({ mode: 'MUTUAL', clientCertificate: '/c', privateKey: '/k', caCertificates: '/ca' });
  });

  test('secret-based and insecure factories cannot mix files, CA and verification skipping', () => {
    expect(ClientTls.mutualFromSecret({ credentialName: 'client-cred' })._toKube()).toEqual({ mode: 'MUTUAL', credentialName: 'client-cred' });
    expect(ClientTls.simpleWithoutVerification({ sni: 'a.example' })._toKube()).toEqual({ mode: 'SIMPLE', insecureSkipVerify: true, sni: 'a.example' });
    expect(() => ClientTls.simpleFromSecret({ credentialName: '' })).toThrow(/credentialName/);
  });
});
