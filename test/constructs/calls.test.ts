import { ApiObject, Testing } from 'cdk8s';
import { Calls, MeshWideMtls } from '../../src';
import { chart } from './_chart';

describe('Calls', () => {
  test('declared calls are checked at synth: a sidecar-less caller of a STRICT service fails with IMT5001', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh');
    new ApiObject(c, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } });
    new ApiObject(c, 'ns-foo', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo', labels: { 'istio-injection': 'enabled' } } });
    new ApiObject(c, 'httpbin', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'httpbin', namespace: 'foo' }, spec: { selector: { matchLabels: { app: 'httpbin' } }, template: { metadata: { labels: { app: 'httpbin' } }, spec: { containers: [{ name: 'h', image: 'httpbin', ports: [{ containerPort: 80 }] }] } } } } as any);
    new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'foo' }, spec: { selector: { app: 'httpbin' }, ports: [{ port: 8000, targetPort: 80 }] } } as any);
    const sleep = new ApiObject(c, 'sleep', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sleep', namespace: 'legacy' }, spec: { selector: { matchLabels: { app: 'sleep' } }, template: { metadata: { labels: { app: 'sleep' } }, spec: { containers: [{ name: 's', image: 'curl' }] } } } } as any);
    Calls.declare(sleep, 'httpbin.foo', 8000);
    expect(Calls.of(sleep)).toEqual(['httpbin.foo:8000']);
    expect(() => Testing.synth(c)).toThrow(/\[test\/mesh\] IMT5001 declared call sleep\.legacy \(no sidecar\) -> httpbin\.foo\.svc\.cluster\.local:8000/);
  });
});
