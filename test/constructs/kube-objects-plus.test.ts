/**
 * ServiceMtls, ClientTlsPolicy and NamespaceMtls built from the cdk8s-plus constructs users already have (a
 * Deployment, a Service, a Namespace) synthesize what the string props give, and say which code when misused.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-33';
import { ApiFlavor, ClientTls, ClientTlsPolicy, MtlsMode, NamespaceMtls, ServiceMtls } from '../../src';
import { captureWarnings, chart } from './_chart';

captureWarnings();

/** The synthesized objects of a kind, in synth order. */
function objects(c: Chart, kind: string): any[] {
  return Testing.synth(c).filter((o) => o.kind === kind);
}

function httpbin(c: Chart, namespace = 'shop'): kplus.Deployment {
  const d = new kplus.Deployment(c, 'httpbin', { metadata: { namespace } });
  d.addContainer({ image: 'kennethreitz/httpbin', portNumber: 8080, securityContext: { ensureNonRoot: false } });
  return d;
}

describe('ServiceMtls from a workload', () => {
  test('synthesizes the same PeerAuthentication as namespace and matchLabels copied from the Deployment', () => {
    const a = chart();
    const s = new ServiceMtls(a, 'httpbin-mtls', { workload: httpbin(a), mode: MtlsMode.STRICT });
    s.addPortMode(8080, MtlsMode.STRICT);
    const fromObject = objects(a, 'PeerAuthentication');
    const deployment = objects(a, 'Deployment')[0];

    const b = chart();
    httpbin(b);
    new ServiceMtls(b, 'httpbin-mtls', { namespace: 'shop', matchLabels: deployment.spec.selector.matchLabels }).addPortMode(8080, MtlsMode.STRICT);
    expect(fromObject).toEqual(objects(b, 'PeerAuthentication'));
    expect(fromObject[0].spec.selector.matchLabels).toEqual({ 'cdk8s.io/metadata.addr': expect.any(String) });
    expect(s.namespace).toBe('shop');
    expect(s.matchLabels).toBeUndefined();
  });

  test('reads the labels at synth time, so a selector chosen after construction counts', () => {
    const c = chart();
    const d = new kplus.Deployment(c, 'web', { metadata: { namespace: 'shop' }, select: false, podMetadata: { labels: { app: 'web', tier: 'front' } } });
    new ServiceMtls(c, 'web-mtls', { workload: d });
    d.addContainer({ image: 'nginx', portNumber: 80 });
    d.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
    expect(objects(c, 'PeerAuthentication')[0].spec.selector).toEqual({ matchLabels: { app: 'web' } });
  });

  test("uses the pod template's labels without a selector, and a Pod's own labels", () => {
    const c = chart();
    const job = new ApiObject(c, 'job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { namespace: 'batch' }, spec: { template: { metadata: { labels: { app: 'report' } }, spec: { containers: [{ name: 'r', image: 'r' }], restartPolicy: 'Never' } } } });
    const pod = new ApiObject(c, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'batch', labels: { app: 'debug' } }, spec: { containers: [{ name: 'd', image: 'd' }] } });
    new ServiceMtls(c, 'job-mtls', { workload: job });
    new ServiceMtls(c, 'pod-mtls', { workload: pod });
    expect(objects(c, 'PeerAuthentication').map((o) => o.spec.selector.matchLabels)).toEqual([{ app: 'report' }, { app: 'debug' }]);
  });

  test("a workload without a namespace is in its chart's namespace, else default", () => {
    const app = Testing.app();
    const inNs = new Chart(app, 'a', { namespace: 'team' });
    const noNs = new Chart(app, 'b');
    const p = new kplus.Pod(inNs, 'p', { metadata: { labels: { app: 'p' } }, containers: [{ image: 'p' }] });
    const q = new kplus.Pod(noNs, 'q', { metadata: { labels: { app: 'q' } }, containers: [{ image: 'q' }] });
    expect(new ServiceMtls(inNs, 'p-mtls', { workload: p }).namespace).toBe('team');
    expect(new ServiceMtls(noNs, 'q-mtls', { workload: q }).namespace).toBe('default');
  });

  test('fails with IMT9001 when workload is given with namespace or matchLabels', () => {
    const c = chart();
    const d = httpbin(c);
    expect(() => new ServiceMtls(c, 'x', { workload: d, namespace: 'shop' })).toThrow(/^\[test\/x\] IMT9001 ServiceMtls: 'workload' and 'namespace' are both given.*; fix: pass either 'workload' or 'namespace' and 'matchLabels'$/);
    expect(() => new ServiceMtls(c, 'y', { workload: d, matchLabels: { app: 'httpbin' } })).toThrow(/^\[test\/y\] IMT9001 /);
  });

  test('fails with IMT9002 when neither workload nor namespace is given, or matchLabels lacks a namespace', () => {
    expect(() => new ServiceMtls(chart(), 'x', {})).toThrow(/^\[test\/x\] IMT9002 ServiceMtls: neither 'workload' nor 'namespace' and 'matchLabels' is given; fix: /);
    expect(() => new ServiceMtls(chart(), 'y', { matchLabels: { app: 'a' } })).toThrow(/^\[test\/y\] IMT9002 ServiceMtls: 'matchLabels' is given without 'namespace'; fix: /);
  });

  test('fails with IMT9003 when the workload is a ConfigMap, or has no Kubernetes object', () => {
    const c = chart();
    const cm = new kplus.ConfigMap(c, 'settings', { metadata: { namespace: 'shop' } });
    expect(() => new ServiceMtls(c, 'x', { workload: cm })).toThrow(/^\[test\/x\] IMT9003 ServiceMtls: 'workload' is \[test\/settings\], a ConfigMap; fix: pass a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod/);
    expect(() => new ServiceMtls(c, 'y', { workload: new Construct(c, 'empty') })).toThrow(/^\[test\/y\] IMT9003 .*which has no Kubernetes object/);
  });

  test('fails synth with IMT9004 when the workload has no pod labels', () => {
    const c = chart();
    const pod = new ApiObject(c, 'bare', { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'shop' }, spec: { containers: [{ name: 'b', image: 'b' }] } });
    new ServiceMtls(c, 'x', { workload: pod });
    expect(() => Testing.synth(c)).toThrow(/\[test\/x\] IMT9004 ServiceMtls: 'workload' Pod shop\/test-bare-c8\w+ has no metadata\.labels.*; fix: /);
  });

  test('the legacy flavour takes the namespace from the workload and still targets serviceName', () => {
    const c = chart(ApiFlavor.LEGACY);
    new ServiceMtls(c, 'httpbin-mtls', { workload: httpbin(c), serviceName: 'httpbin' });
    expect(objects(c, 'Policy')[0].metadata).toEqual({ name: 'httpbin-mtls', namespace: 'shop' });
  });
});

describe('ClientTlsPolicy from a Service', () => {
  test('synthesizes the same DestinationRule as the host string', () => {
    const a = chart();
    const svc = httpbin(a).exposeViaService({ name: 'httpbin', ports: [{ port: 80, targetPort: 8080 }] });
    const p = new ClientTlsPolicy(a, 'httpbin-tls', { service: svc, tls: ClientTls.istioMutual(), portSettings: [{ port: 80, tls: ClientTls.istioMutual() }] });
    const b = chart();
    httpbin(b).exposeViaService({ name: 'httpbin', ports: [{ port: 80, targetPort: 8080 }] });
    new ClientTlsPolicy(b, 'httpbin-tls', { host: 'httpbin.shop.svc.cluster.local', tls: ClientTls.istioMutual(), portSettings: [{ port: 80, tls: ClientTls.istioMutual() }] });
    expect(objects(a, 'DestinationRule')).toEqual(objects(b, 'DestinationRule'));
    expect(p.host).toBe('httpbin.shop.svc.cluster.local');
  });

  test('fails with IMT9001 for service and host, IMT9002 for neither, IMT9003 for a Deployment', () => {
    const c = chart();
    const d = httpbin(c);
    const svc = d.exposeViaService({ name: 'httpbin', ports: [{ port: 80, targetPort: 8080 }] });
    expect(() => new ClientTlsPolicy(c, 'x', { service: svc, host: 'httpbin.shop.svc.cluster.local' })).toThrow(/^\[test\/x\] IMT9001 ClientTlsPolicy: 'service' and 'host' are both given/);
    expect(() => new ClientTlsPolicy(c, 'y', {})).toThrow(/^\[test\/y\] IMT9002 ClientTlsPolicy: neither 'service' nor 'host' is given/);
    expect(() => new ClientTlsPolicy(c, 'z', { service: d })).toThrow(/^\[test\/z\] IMT9003 ClientTlsPolicy: 'service' is \[test\/httpbin\], a Deployment; fix: pass a Service/);
  });

  test('fails synth with IMT9005 for port-level TLS on a port the Service does not expose', () => {
    const c = chart();
    const svc = httpbin(c).exposeViaService({ name: 'httpbin', ports: [{ port: 80, targetPort: 8080 }] });
    new ClientTlsPolicy(c, 'x', { service: svc, portSettings: [{ port: 8080, tls: ClientTls.istioMutual() }] });
    expect(() => Testing.synth(c)).toThrow(/\[test\/x\] IMT9005 ClientTlsPolicy: port-level TLS for port\(s\) 8080, which Service shop\/httpbin does not expose \(its ports: 80\).*; fix: use the Service port/);
  });
});

describe('NamespaceMtls from a Namespace', () => {
  test('synthesizes the same PeerAuthentication as the namespace string', () => {
    const a = chart();
    new NamespaceMtls(a, 'shop-mtls', { namespaceObject: new kplus.Namespace(a, 'ns', { metadata: { name: 'shop' } }) });
    const b = chart();
    new kplus.Namespace(b, 'ns', { metadata: { name: 'shop' } });
    new NamespaceMtls(b, 'shop-mtls', { namespace: 'shop' });
    expect(objects(a, 'PeerAuthentication')).toEqual(objects(b, 'PeerAuthentication'));
    expect(objects(a, 'PeerAuthentication')[0].metadata).toEqual({ name: 'default', namespace: 'shop' });
  });

  test('fails with IMT9001 for both, IMT9002 for neither, IMT9003 for a Service', () => {
    const c = chart();
    const ns = new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } });
    const svc = new kplus.Service(c, 'svc', { ports: [{ port: 80 }] });
    expect(() => new NamespaceMtls(c, 'x', { namespaceObject: ns, namespace: 'shop' })).toThrow(/^\[test\/x\] IMT9001 NamespaceMtls: 'namespaceObject' and 'namespace' are both given/);
    expect(() => new NamespaceMtls(c, 'y', {})).toThrow(/^\[test\/y\] IMT9002 NamespaceMtls: neither 'namespaceObject' nor 'namespace' is given/);
    expect(() => new NamespaceMtls(c, 'z', { namespaceObject: svc })).toThrow(/^\[test\/z\] IMT9003 NamespaceMtls: 'namespaceObject' is \[test\/svc\], a Service; fix: pass a Namespace/);
  });
});
