import { analyze } from '../../src';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'istio-injection': 'enabled' } } };
function lister(host: string) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'pod-lister', namespace: 'ops', annotations: { 'istio-mtls.cdk8s.io/calls': host } },
    spec: { selector: { matchLabels: { app: 'pod-lister' } }, template: { metadata: { labels: { app: 'pod-lister' } }, spec: { containers: [{ name: 'c', image: 'kubectl' }] } } },
  };
}
const meshDr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'default', namespace: 'istio-system' }, spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } };
const exemption = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api-server', namespace: 'istio-system' }, spec: { host: 'kubernetes.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } } };

describe('declared calls to the kube-apiserver', () => {
  test.each(['kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local:443'])('a sidecar calling %s under a mesh ISTIO_MUTUAL rule is an IMT5003 error', (host) => {
    const f = analyze([ns, lister(host), meshDr]).filter((x) => x.code === 'IMT5003');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].message).toMatch(/declared call pod-lister\.ops -> kubernetes\.default/);
  });

  test('the exemption clears it, and the call is not reported as an unknown host', () => {
    const f = analyze([ns, lister('kubernetes.default'), meshDr, exemption]);
    expect(f.filter((x) => ['IMT5003', 'IMT5004', 'IMT5013'].includes(x.code))).toEqual([]);
  });
});
