/**
 * How the model decides each workload's dataplane (src/engine/model/dataplane.ts, docs/RULES.md "How the dataplane is
 * decided"): one test per signal, in its order, and what the traffic analysis and status make of it.
 */
import { K8sObject, analyze } from '../../src/engine';
import { buildModel } from '../../src/engine/model';
import { status } from '../../src/engine/status';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
/** A Deployment whose pod template has these labels, annotations and spec additions. */
const workload = (namespace: string, pod: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: K8sObject } = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', ...pod.labels }, annotations: pod.annotations ?? {} }, spec: { containers: [{ name: 'web', image: 'web', ports: [{ containerPort: 8080 }] }], ...pod.spec } } },
});
const decide = (...objects: K8sObject[]) => {
  const w = buildModel(objects, OPTS).workloads[0];
  return [w.dataplane, w.dataplaneReason, w.hbone] as const;
};

describe('dataplane of a workload, signal by signal', () => {
  // What injection leaves in the pod (istio pkg/kube/inject; istioctl analyze util/in_mesh.go): in a namespace that
  // the input shows without any injection label, so only the pod can say it.
  test('an istio-proxy container: sidecar', () => {
    expect(decide(ns('foo'), workload('foo', { spec: { containers: [{ name: 'web', image: 'web' }, { name: 'istio-proxy', image: 'proxyv2' }] } }))).toEqual(['sidecar', 'istio-proxy container', false]);
  });
  test('an istio-proxy init container with restartPolicy Always (native sidecar): sidecar; without Always it is not', () => {
    expect(decide(ns('foo'), workload('foo', { spec: { initContainers: [{ name: 'istio-proxy', image: 'proxyv2', restartPolicy: 'Always' }] } }))[0]).toBe('sidecar');
    expect(decide(ns('foo'), workload('foo', { spec: { initContainers: [{ name: 'istio-proxy', image: 'proxyv2' }] } }))[0]).toBe('none');
  });
  test('the sidecar.istio.io/status annotation: sidecar', () => {
    expect(decide(ns('foo'), workload('foo', { annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' } }))).toEqual(['sidecar', 'annotation sidecar.istio.io/status', false]);
  });
  test('the security.istio.io/tlsMode: istio label: sidecar', () => {
    expect(decide(ns('foo'), workload('foo', { labels: { 'security.istio.io/tlsMode': 'istio' } }))).toEqual(['sidecar', 'label security.istio.io/tlsMode=istio', false]);
  });
  test('the networking.istio.io/tunnel: http label makes an injected sidecar take HBONE', () => {
    expect(decide(ns('foo'), workload('foo', { labels: { 'security.istio.io/tlsMode': 'istio', 'networking.istio.io/tunnel': 'http' } }))[2]).toBe(true);
  });
  test('a Pod read from a cluster without istio-proxy has no sidecar, whatever the namespace label says', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'foo', uid: 'u-1' }, spec: { containers: [{ name: 'web', image: 'web' }] }, status: { phase: 'Running' } };
    expect(decide(ns('foo', { 'istio-injection': 'enabled' }), pod)[0]).toBe('none');
    // A Pod manifest not applied yet is injected by the namespace label.
    const { uid: _uid, ...md } = pod.metadata;
    expect(decide(ns('foo', { 'istio-injection': 'enabled' }), { ...pod, metadata: md, status: undefined })[0]).toBe('sidecar');
  });

  // The injection decision (istio.io sidecar-injection, the webhook's selectors).
  test.each([
    ['namespace istio-injection=enabled', [ns('foo', { 'istio-injection': 'enabled' })], {}, 'sidecar'],
    ['namespace istio-injection=disabled wins over the pod label', [ns('foo', { 'istio-injection': 'disabled' })], { labels: { 'sidecar.istio.io/inject': 'true' } }, 'none'],
    // Every webhook but the `istio-injection: enabled` one needs the label absent (mutatingwebhook.yaml), and istioctl
    // analyze says so (pkg/config/analysis/analyzers/injection/injection.go: "any value other than the enablement
    // value, they are deliberately not injecting"): a mistaken 'true' injects nothing, not even with a revision.
    ['namespace istio-injection=true (not "enabled") injects nothing', [ns('foo', { 'istio-injection': 'true' })], { labels: { 'sidecar.istio.io/inject': 'true' } }, 'none'],
    ['namespace istio-injection="" wins over a pod revision', [ns('foo', { 'istio-injection': '' })], { labels: { 'istio.io/rev': 'canary' } }, 'none'],
    ['namespace istio-injection=disabled wins over the namespace revision', [ns('foo', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' })], {}, 'none'],
    ['namespace istio-injection=enabled wins over the revision', [ns('foo', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' })], {}, 'sidecar'],
    ['namespace istio.io/rev', [ns('foo', { 'istio.io/rev': 'canary' })], {}, 'sidecar'],
    ['pod istio.io/rev', [ns('foo')], { labels: { 'istio.io/rev': 'canary' } }, 'sidecar'],
    ['pod label sidecar.istio.io/inject=true', [ns('foo')], { labels: { 'sidecar.istio.io/inject': 'true' } }, 'sidecar'],
    ['the annotation alone does not reach the webhook', [ns('foo')], { annotations: { 'sidecar.istio.io/inject': 'true' } }, 'none'],
    ['pod label false opts out of an enabled namespace', [ns('foo', { 'istio-injection': 'enabled' })], { labels: { 'sidecar.istio.io/inject': 'false' } }, 'none'],
    ['the annotation false opts out too', [ns('foo', { 'istio-injection': 'enabled' })], { annotations: { 'sidecar.istio.io/inject': 'false' } }, 'none'],
    ['hostNetwork pods are never injected', [ns('foo', { 'istio-injection': 'enabled' })], { spec: { hostNetwork: true } }, 'none'],
    ['a namespace the input does not have: unknown', [], {}, 'unknown'],
  ] as const)('%s', (_name, namespaces, pod, expected) => {
    expect(decide(...namespaces, workload('foo', pod as any))[0]).toBe(expected);
  });
  test('kube-system is never injected, even without its Namespace in the input', () => {
    expect(decide(workload('kube-system'))[0]).toBe('none');
  });

  // Ambient (istio.io ambient/usage/add-workloads).
  test('the namespace label istio.io/dataplane-mode=ambient: ambient; the pod label none opts out; a sidecar wins', () => {
    expect(decide(ns('foo', { 'istio.io/dataplane-mode': 'ambient' }), workload('foo'))).toEqual(['ambient', 'namespace label istio.io/dataplane-mode=ambient', true]);
    expect(decide(ns('foo', { 'istio.io/dataplane-mode': 'ambient' }), workload('foo', { labels: { 'istio.io/dataplane-mode': 'none' } }))[0]).toBe('none');
    expect(decide(ns('foo', { 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' }), workload('foo'))[0]).toBe('sidecar');
    expect(decide(ns('foo'), workload('foo', { labels: { 'istio.io/dataplane-mode': 'ambient' } }))[0]).toBe('ambient');
  });
});

describe('what the analysis makes of it', () => {
  const strictService = (namespace: string, nsLabels: Record<string, string>, pod = {}) => [
    ns(namespace, nsLabels), workload(namespace, pod),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode: 'STRICT' } } },
  ];

  test('an unlabelled namespace with kube-injected pods is a sidecar namespace in status, not "no sidecar"', () => {
    const rows = status(strictService('foo', {}, { labels: { 'security.istio.io/tlsMode': 'istio' } }));
    expect(rows).toEqual([expect.objectContaining({ host: 'web.foo.svc.cluster.local', dataplane: 'sidecar', server: 'STRICT', plaintextCallers: 'RESET' })]);
    expect(rows[0].note ?? '').not.toMatch(/no sidecar/);
  });

  test('an ambient namespace is never reported as plaintext: status says ambient, and ISTIO_MUTUAL toward it is no IMT5002', () => {
    const objects = [...strictService('foo', { 'istio.io/dataplane-mode': 'ambient' }),
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'mesh', namespace: 'istio-system' }, spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } }];
    const rows = status(objects).filter((r) => r.host === 'web.foo.svc.cluster.local');
    expect(rows).toEqual([expect.objectContaining({ dataplane: 'ambient', server: 'STRICT', plaintextCallers: 'RESET', ambientCallers: 'OK', status: 'OK' })]);
    expect(analyze(objects).filter((f) => f.code === 'IMT5002')).toEqual([]);
  });

  test('a sidecar client whose outbound port bypasses the sidecar sends plaintext: IMT5001 names why', () => {
    const caller = { ...workload('shop', { annotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': '80' } }), metadata: { name: 'client', namespace: 'shop', annotations: { 'istio-mtls.cdk8s.io/calls': 'web.foo:80' } } };
    const objects = [...strictService('foo', { 'istio-injection': 'enabled' }), ns('shop', { 'istio-injection': 'enabled' }), caller];
    const found = analyze(objects).filter((f) => f.code === 'IMT5001');
    expect(found).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('declared call client.shop (outbound port 80 bypasses the sidecar) -> web.foo.svc.cluster.local:80') })]);
    // Without the exclusion the same call is mTLS and fine.
    const plain = { ...caller, spec: workload('shop').spec };
    expect(analyze([...strictService('foo', { 'istio-injection': 'enabled' }), ns('shop', { 'istio-injection': 'enabled' }), plain]).filter((f) => f.code === 'IMT5001')).toEqual([]);
  });
});
