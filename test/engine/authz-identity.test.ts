/**
 * IMT5012 reads every identity match of an AuthorizationPolicy (api security/v1beta1/authorization_policy.proto,
 * "requires mTLS") and says which way plaintext, which has no identity, fails it (ISTIO-SECURITY-2021-004).
 */
import { K8sObject, analyze } from '../../src/engine';

const topology: K8sObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
  {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cart', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'cart' } }, template: { metadata: { labels: { app: 'cart' } }, spec: { containers: [{ name: 'cart', image: 'cart:1', ports: [{ containerPort: 8080 }] }] } } },
  },
];
function messages(spec: K8sObject, extra: K8sObject[] = []): string[] {
  const ap = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'cart' } }, ...spec } };
  return analyze([...topology, ap, ...extra]).filter((f) => f.code === 'IMT5012').map((f) => f.message);
}

describe('IMT5012 identity fields', () => {
  test.each([
    ['source.serviceAccounts', { rules: [{ from: [{ source: { serviceAccounts: ['shop/checkout'] } }] }] }],
    ['source.trustDomains', { rules: [{ from: [{ source: { trustDomains: ['cluster.local'] } }] }] }],
    ['when source.principal', { rules: [{ when: [{ key: 'source.principal', values: ['cluster.local/ns/shop/sa/checkout'] }] }] }],
    ['when source.namespace', { rules: [{ when: [{ key: 'source.namespace', values: ['shop'] }] }] }],
  ])('an ALLOW on %s denies plaintext callers', (field, spec) => {
    const m = messages(spec);
    expect(m).toHaveLength(1);
    expect(m[0]).toContain(`this ALLOW never matches them on ${field}, so plaintext callers are denied`);
  });

  test.each([
    ['source.notServiceAccounts', { rules: [{ from: [{ source: { notServiceAccounts: ['shop/checkout'] } }] }] }],
    ['source.notTrustDomains', { rules: [{ from: [{ source: { notTrustDomains: ['evil.example'] } }] }] }],
    ['when source.principal notValues', { rules: [{ when: [{ key: 'source.principal', notValues: ['x'] }] }] }],
  ])('an ALLOW on %s lets plaintext callers through', (field, spec) => {
    expect(messages(spec)[0]).toContain(`this ALLOW always matches them on ${field}, so plaintext callers are let through`);
  });

  test('a DENY on principals lets plaintext through; a DENY on notPrincipals denies it', () => {
    expect(messages({ action: 'DENY', rules: [{ from: [{ source: { principals: ['cluster.local/ns/legacy/sa/batch'] } }] }] })[0]).toContain('plaintext from the identities it means to deny gets through');
    expect(messages({ action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] })[0]).toContain('every plaintext caller is denied');
  });

  test('other when keys and STRICT workloads give no finding', () => {
    expect(messages({ rules: [{ when: [{ key: 'request.headers[x]', values: ['a'] }] }] })).toEqual([]);
    const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'STRICT' } } };
    expect(messages({ rules: [{ from: [{ source: { serviceAccounts: ['shop/checkout'] } }] }] }, [strict])).toEqual([]);
  });
});
