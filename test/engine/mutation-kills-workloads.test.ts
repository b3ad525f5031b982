/**
 * Assertions that the mutation run of src/engine/model/workloads.ts and dataplane.ts (scratch/survivors.txt, #20)
 * showed were missing: the workload records buildModel reads from pod templates, and the dataplane decision, from
 * both sides of each condition, with exact values. Each test names the mutants (file:line:col of the Stryker report,
 * which counts lines of the file itself) it kills.
 */
import { K8sObject } from '../../src/engine';
import { NamespaceModel, Workload, buildModel, sidecarOf } from '../../src/engine/model';
import { CALLS_ANNOTATION } from '../../src/engine/vocabulary';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
interface Pod { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: K8sObject }
/** A Deployment (or another controller kind) whose pod template has these labels, annotations and spec additions. */
const deploy = (namespace: string, pod: Pod = {}, kind = 'Deployment', metadata: K8sObject = {}): K8sObject => ({
  apiVersion: 'apps/v1', kind, metadata: { name: 'web', namespace, ...metadata },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', ...pod.labels }, annotations: pod.annotations ?? {} }, spec: { containers: [{ name: 'web', image: 'web' }], ...pod.spec } } },
});
/** A bare Pod with these metadata additions and top-level fields (status). */
const pod = (namespace: string, metadata: K8sObject = {}, extra: K8sObject = {}): K8sObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace, labels: { app: 'web' }, ...metadata }, spec: { containers: [{ name: 'web', image: 'web' }] }, ...extra,
});
const one = (...objects: K8sObject[]): Workload => {
  const ws = buildModel(objects, OPTS).workloads;
  expect(ws).toHaveLength(1);
  return ws[0];
};
/** dataplane, reason, hbone, sidecar, waypoint of the one workload. */
const decide = (...objects: K8sObject[]) => {
  const w = one(...objects);
  return [w.dataplane, w.dataplaneReason, w.hbone, w.sidecar, w.waypoint];
};
const nsModel = (name: string, labels: Record<string, string> = {}): NamespaceModel => ({ name, labels } as unknown as NamespaceModel);

describe('dataplane.ts: the injection decision and its reasons', () => {
  // Kills dataplane.ts:69:47 ([]) and 69:55 (""): a hostNetwork pod is not injected even where the namespace says so,
  // and is not ambient either (kills 102:7 false, 102:7 &&, 102:34 false: the ambient check skips hostNetwork pods).
  test('hostNetwork: none with its reason, in a sidecar and in an ambient namespace; hostNetwork false is judged as usual', () => {
    expect(decide(ns('foo', { 'istio-injection': 'enabled' }), deploy('foo', { spec: { hostNetwork: true } })))
      .toEqual(['none', 'hostNetwork pods are not injected', false, false, undefined]);
    expect(decide(ns('foo', { 'istio.io/dataplane-mode': 'ambient' }), deploy('foo', { spec: { hostNetwork: true } })))
      .toEqual(['none', 'hostNetwork pods are not injected', false, false, undefined]);
    expect(decide(ns('foo', { 'istio.io/dataplane-mode': 'ambient' }), deploy('foo', { spec: { hostNetwork: false } })))
      .toEqual(['ambient', 'namespace label istio.io/dataplane-mode=ambient', true, false, undefined]);
  });

  // Kills dataplane.ts:54:48 ('kube-public' -> ""), and 102:7 (|| -> false), 102:42 (false), 102:62 (""): kube-system
  // is never ambient (istio-cni excludes it), kube-public is never injected but may be ambient.
  test('kube-system and kube-public: never injected; kube-system never ambient', () => {
    expect(decide(ns('kube-public', { 'istio-injection': 'enabled' }), deploy('kube-public')))
      .toEqual(['none', 'namespace kube-public is never injected', false, false, undefined]);
    expect(decide(ns('kube-system', { 'istio-injection': 'enabled' }), deploy('kube-system')))
      .toEqual(['none', 'namespace kube-system is never injected', false, false, undefined]);
    expect(decide(ns('kube-system', { 'istio.io/dataplane-mode': 'ambient' }), deploy('kube-system', { labels: { 'istio.io/dataplane-mode': 'ambient' } })))
      .toEqual(['none', 'namespace kube-system is never injected', false, false, undefined]);
    expect(decide(ns('kube-public'), deploy('kube-public', { labels: { 'istio.io/dataplane-mode': 'ambient' } })))
      .toEqual(['ambient', 'pod label istio.io/dataplane-mode=ambient', true, false, undefined]);
  });

  // Kills dataplane.ts:73:22 ([]), 73:30 (``), 73:33 (true, false, !==), 73:43 (""), 73:53 (""), 73:63 (""): the
  // opt-out names the label or the annotation that made it.
  test('sidecar.istio.io/inject=false: the label or the annotation, named', () => {
    const enabled = ns('foo', { 'istio-injection': 'enabled' });
    expect(decide(enabled, deploy('foo', { labels: { 'sidecar.istio.io/inject': 'false' } })))
      .toEqual(['none', 'label sidecar.istio.io/inject=false', false, false, undefined]);
    expect(decide(enabled, deploy('foo', { annotations: { 'sidecar.istio.io/inject': 'false' } })))
      .toEqual(['none', 'annotation sidecar.istio.io/inject=false', false, false, undefined]);
  });

  // Kills dataplane.ts:75:42 ([]), 75:50 (""), 76:48 (""), 77:63 (``), 77:105 (""), 78:65 (``), 78:104 (""), 79:39 (``),
  // 80:18 ([]), 80:26 (``): each namespace and pod label gives its own reason.
  test('namespace and pod labels: each decision with its reason', () => {
    expect(decide(ns('foo', { 'istio-injection': 'disabled' }), deploy('foo', { labels: { 'sidecar.istio.io/inject': 'true' } })))
      .toEqual(['none', 'namespace label istio-injection=disabled', false, false, undefined]);
    expect(decide(ns('foo', { 'istio-injection': 'enabled' }), deploy('foo')))
      .toEqual(['sidecar', 'namespace label istio-injection=enabled', false, true, undefined]);
    expect(decide(ns('foo', { 'istio-injection': 'true' }), deploy('foo')))
      .toEqual(['none', 'namespace label istio-injection=true (only enabled injects)', false, false, undefined]);
    expect(decide(ns('foo', { 'istio.io/rev': 'canary' }), deploy('foo')))
      .toEqual(['sidecar', 'namespace label istio.io/rev=canary', false, true, undefined]);
    expect(decide(ns('foo'), deploy('foo', { labels: { 'istio.io/rev': 'stable' } })))
      .toEqual(['sidecar', 'pod label istio.io/rev=stable', false, true, undefined]);
    expect(decide(ns('foo'), deploy('foo', { labels: { 'sidecar.istio.io/inject': 'true' } })))
      .toEqual(['sidecar', 'label sidecar.istio.io/inject=true', false, true, undefined]);
    expect(decide(ns('foo'), deploy('foo')))
      .toEqual(['none', 'namespace foo has no injection label', false, false, undefined]);
  });

  // Kills dataplane.ts:95:56 (``), 95:115 (hbone true), 96:58 (hbone true), and workloads.ts:117:15 (false), 117:31
  // (""), 117:55 (true): unknown has sidecar undefined, none has sidecar false, neither takes HBONE (even with the
  // sidecarHbone option).
  test('unknown and none: their reasons, no HBONE, sidecar undefined and false', () => {
    const withHbone = (...objects: K8sObject[]) => {
      const w = buildModel(objects, { ...OPTS, sidecarHbone: true }).workloads[0];
      return [w.dataplane, w.dataplaneReason, w.hbone, w.sidecar];
    };
    expect(withHbone(deploy('foo'))).toEqual(['unknown', 'namespace foo is not in the input', false, undefined]);
    expect(withHbone(ns('foo'), deploy('foo'))).toEqual(['none', 'namespace foo has no injection label', false, false]);
    expect(withHbone(ns('foo', { 'istio-injection': 'enabled' }), deploy('foo'))).toEqual(['sidecar', 'namespace label istio-injection=enabled', true, true]);
  });

  // Kills dataplane.ts:90:36 ([]), 90:44 (""): an admitted Pod without istio-proxy, with its reason.
  test('an admitted Pod without istio-proxy: none, with its reason', () => {
    expect(decide(ns('foo', { 'istio-injection': 'enabled' }), pod('foo', { uid: 'u-1' })))
      .toEqual(['none', 'a Pod from the cluster without an istio-proxy container', false, false, undefined]);
  });

  // Kills dataplane.ts:61:33 (true, ||) and 61:48 (true): only an init container named istio-proxy with restartPolicy
  // Always is a native sidecar; another init container with Always is not.
  test('an init container with restartPolicy Always that is not istio-proxy: no sidecar', () => {
    expect(decide(ns('foo'), deploy('foo', { spec: { initContainers: [{ name: 'setup', image: 'x', restartPolicy: 'Always' }] } })))
      .toEqual(['none', 'namespace foo has no injection label', false, false, undefined]);
    expect(decide(ns('foo'), deploy('foo', { spec: { initContainers: ['istio-proxy', { name: 'istio-proxy', image: 'x', restartPolicy: 'Always' }] } })))
      .toEqual(['sidecar', 'istio-proxy native sidecar (init container, restartPolicy Always)', false, true, undefined]);
  });
});

describe('dataplane.ts: ambient waypoints', () => {
  const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
  // Kills dataplane.ts:109:20 (&&), 109:33 (""), 109:72 (""): the pod's istio.io/use-waypoint over the namespace's,
  // the namespace's alone, the pod's alone.
  test('istio.io/use-waypoint: the pod label over the namespace label', () => {
    expect(one(ns('foo', { ...AMBIENT, 'istio.io/use-waypoint': 'ns-wp' }), deploy('foo', { labels: { 'istio.io/use-waypoint': 'pod-wp' } })).waypoint).toBe('pod-wp');
    expect(one(ns('foo', { ...AMBIENT, 'istio.io/use-waypoint': 'ns-wp' }), deploy('foo')).waypoint).toBe('ns-wp');
    expect(one(ns('foo', AMBIENT), deploy('foo', { labels: { 'istio.io/use-waypoint': 'pod-wp' } })).waypoint).toBe('pod-wp');
  });

  // Kills dataplane.ts:109:61 (ns?.labels -> ns.labels: throws): an ambient pod label without its Namespace in the input.
  test('an ambient pod whose namespace is not in the input: ambient, no waypoint', () => {
    expect(decide(deploy('foo', { labels: AMBIENT }))).toEqual(['ambient', 'pod label istio.io/dataplane-mode=ambient', true, false, undefined]);
  });

  // Kills dataplane.ts:110:65 (true, false, ||), 110:77 (true, ===), 110:90 (""): '#none' opts the pod out of the
  // namespace's waypoint; a named waypoint is kept.
  test("istio.io/use-waypoint '#none': no waypoint, even under a namespace waypoint", () => {
    expect(one(ns('foo', { ...AMBIENT, 'istio.io/use-waypoint': 'ns-wp' }), deploy('foo', { labels: { 'istio.io/use-waypoint': '#none' } })).waypoint).toBeUndefined();
    expect(one(ns('foo', { ...AMBIENT, 'istio.io/use-waypoint': '#none' }), deploy('foo')).waypoint).toBeUndefined();
    expect(one(ns('foo', { ...AMBIENT, 'istio.io/use-waypoint': 'ns-wp' }), deploy('foo')).waypoint).toBe('ns-wp');
  });
});

describe('workloads.ts: sidecarOf, the decision for Services without workloads', () => {
  // Kills workloads.ts:107:24 ({}), 108:25 ({}), 108:124 (admittedPod true), 109:10 (true, false, !==), 109:26 (""),
  // 109:50 (true, false, !==), 109:66 (""): undefined without a namespace, true, false for none and for ambient.
  test('sidecarOf: undefined, true, false', () => {
    expect(sidecarOf({}, {}, undefined, 'foo')).toBeUndefined();
    expect(sidecarOf({}, {}, nsModel('foo', { 'istio-injection': 'enabled' }), 'foo')).toBe(true);
    expect(sidecarOf({ 'sidecar.istio.io/inject': 'true' }, {}, undefined, 'foo')).toBe(true);
    expect(sidecarOf({}, {}, nsModel('foo'), 'foo')).toBe(false);
    expect(sidecarOf({}, {}, nsModel('foo', { 'istio.io/dataplane-mode': 'ambient' }), 'foo')).toBe(false);
    expect(sidecarOf({ 'istio.io/dataplane-mode': 'ambient' }, {}, undefined, 'foo')).toBe(false);
  });
});

describe('workloads.ts: what a pod template gives', () => {
  // Kills workloads.ts:34:7 (false), 34:20 (""), 34:38 (false): a CronJob's pod template is its job template's.
  test("a CronJob: its job template's pod template", () => {
    const cron: K8sObject = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'foo' },
      spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'nightly' } }, spec: { serviceAccountName: 'batch', containers: [{ name: 'n', image: 'n' }] } } } } },
    };
    const w = one(cron);
    expect([w.name, w.podLabels, w.serviceAccount]).toEqual(['nightly', { app: 'nightly' }, 'batch']);
  });

  // Kills workloads.ts:25:136 ([]), 25:137 (""), 25:148 (""), 40:94 (""), 43:7 (false), 43:38 ({}), 43:63 (""), 43:76
  // (&&), 44:7 (false), 44:33 ({}), 44:58 (""), 45:10 ({}), 45:35 (""), 71:27 (["Stryker was here"]), 79:57 (typeof
  // c.name === 'string' -> true), 79:95 ("Stryker was here!"): every probe of every container, exact.
  test('probes: http (default scheme HTTP), tcp (numbered and named port), grpc, exec, startup; an unnamed container', () => {
    const w = one(deploy('foo', { spec: { containers: [
      { name: 'a', image: 'a', livenessProbe: { httpGet: { path: '/', port: 8080 } }, readinessProbe: { tcpSocket: { port: 9090 } }, startupProbe: { grpc: { port: 7070 } } },
      { image: 'b', livenessProbe: { exec: { command: ['true'] } }, readinessProbe: { tcpSocket: { port: 'admin' } } },
      { name: 'c', image: 'c' },
    ] } }));
    expect(w.probes).toEqual([
      { kind: 'liveness', container: 'a', type: 'http', scheme: 'HTTP', port: 8080 },
      { kind: 'readiness', container: 'a', type: 'tcp', port: 9090 },
      { kind: 'startup', container: 'a', type: 'grpc', port: 7070 },
      { kind: 'liveness', container: '', type: 'exec' },
      { kind: 'readiness', container: '', type: 'tcp', port: 'admin' },
    ]);
  });

  // Kills workloads.ts:76:56 (typeof p.name === 'string' -> true): a port name that is not a string is no name.
  test('container ports: only valid containerPorts, with their string names', () => {
    const w = one(deploy('foo', { spec: { containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 8080, name: 'http' }, { name: 'bad' }, 'x', { containerPort: 9090, name: 5 }] }] } }));
    expect(w.ports).toStrictEqual([{ port: 8080, name: 'http' }, { port: 9090, name: undefined }]);
  });

  // Kills workloads.ts:56:22 (p.trim() -> p), 57:9 (true), 89:49 (""): the inbound and outbound exclusions, spaces
  // trimmed, invalid items dropped.
  test('excludeInboundPorts and excludeOutboundPorts: exact port sets', () => {
    const w = one(deploy('foo', { annotations: {
      'traffic.sidecar.istio.io/excludeInboundPorts': '8080, 9090,abc',
      'traffic.sidecar.istio.io/excludeOutboundPorts': ' 5432 ,x',
    } }));
    expect([...w.excludeInboundPorts]).toStrictEqual([8080, 9090]);
    expect([...w.excludeOutboundPorts]).toStrictEqual([5432]);
    expect([...one(deploy('foo')).excludeInboundPorts]).toStrictEqual([]);
  });

  // Kills workloads.ts:84:41 (""), 84:100 (split('')), 84:109 (() => undefined), 91:23 (the first two ranges -> false, &&,
  // &&), 91:47 (""), 91:79 (""), 91:110 (""), 91:174 ("Stryker was here!"): each way outbound capture is bypassed,
  // and ranges that do not bypass it. As istio-iptables reads the annotations (tools/common/config/config.go
  // SeparateV4V6, types.go Split: split on ',', empty items dropped, nothing trimmed): '*' is no CIDR (the injector
  // rejects it, pkg/kube/inject/validate.go ValidateExcludeIPRanges), and ' 0.0.0.0/0' or ' ' fail netip.ParsePrefix.
  test('outboundBypassed: exclude 0.0.0.0/0, or include empty; not otherwise', () => {
    const bypassed = (annotations: Record<string, string>) => one(deploy('foo', { annotations })).outboundBypassed;
    expect(bypassed({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '0.0.0.0/0' })).toBe(true);
    expect(bypassed({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,0.0.0.0/0' })).toBe(true);
    expect(bypassed({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8,' })).toBe(false);
    expect(bypassed({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8' })).toBe(false);
    expect(bypassed({ 'traffic.sidecar.istio.io/includeOutboundIPRanges': '' })).toBe(true);
    expect(bypassed({ 'traffic.sidecar.istio.io/includeOutboundIPRanges': ' ' })).toBe(false);
    expect(bypassed({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '*' })).toBe(false);
    expect(bypassed({ 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/8, 0.0.0.0/0' })).toBe(false);
    expect(bypassed({ 'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8' })).toBe(false);
    expect(bypassed({})).toBe(false);
  });

  // Kills workloads.ts:93:21 (true), 93:93 (""): the default service account.
  test("serviceAccount: the pod's, else default", () => {
    expect(one(deploy('foo')).serviceAccount).toBe('default');
    expect(one(deploy('foo', { spec: { serviceAccountName: 'api' } })).serviceAccount).toBe('api');
  });

  // Kills workloads.ts:97:18 (true), 97:41 (false, false, both &&), 97:65 (false), 97:103 (false): a Pod with a uid,
  // a creationTimestamp or a status alone is admitted; a manifest Pod or a Deployment with a uid is not.
  test('admitted Pods: uid, creationTimestamp or status, each alone; not a manifest Pod, not a Deployment', () => {
    const enabled = ns('foo', { 'istio-injection': 'enabled' });
    const admitted = 'a Pod from the cluster without an istio-proxy container';
    expect(one(enabled, pod('foo', { uid: 'u-1' })).dataplaneReason).toBe(admitted);
    expect(one(enabled, pod('foo', { creationTimestamp: '2026-01-01T00:00:00Z' })).dataplaneReason).toBe(admitted);
    expect(one(enabled, pod('foo', {}, { status: { phase: 'Running' } })).dataplaneReason).toBe(admitted);
    expect(one(enabled, pod('foo')).dataplaneReason).toBe('namespace label istio-injection=enabled');
    expect(one(enabled, deploy('foo', {}, 'Deployment', { uid: 'u-2', creationTimestamp: '2026-01-01T00:00:00Z' })).dataplaneReason).toBe('namespace label istio-injection=enabled');
  });
});

describe('workloads.ts: declared calls', () => {
  // Kills workloads.ts:150:24 (?? -> &&): a host that names a ServiceEntry host only once resolved in the namespace.
  test('a short host naming a ServiceEntry host once resolved: service-entry', () => {
    const se: K8sObject = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'db', namespace: 'data' }, spec: { hosts: ['db.data.svc.cluster.local'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' } };
    const w = one(ns('data'), se, deploy('data', { annotations: { [CALLS_ANNOTATION]: 'db:5432' } }));
    expect(w.calls.map((c) => [c.host, c.port, c.target.kind])).toEqual([['db', 5432, 'service-entry']]);
    const w2 = one(ns('data'), { ...se, spec: { ...se.spec, hosts: ['db'] } }, deploy('data', { annotations: { [CALLS_ANNOTATION]: 'db:5432' } }));
    expect(w2.calls.map((c) => [c.host, c.port, c.target.kind])).toEqual([['db', 5432, 'service-entry']]);
  });
});
