import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { PeerAuthentication } from '../imports/security.istio.io';
import {
  ApiFlavor, Calls, ClientTls, ClientTlsPolicy, IstioMtls, MeshWideMtls, MtlsMode, NamespaceMtls, PortTlsOverride, ServiceMtls, TlsMode, SynthSummary,
} from '../src';
import { validateAgainstCrd } from '../src/input/schema';

function chart(flavor?: ApiFlavor): Chart {
  const c = Testing.chart();
  if (flavor) IstioMtls.configure(c, { flavor });
  return c;
}

describe('MeshWideMtls', () => {
  test('modern flavour emits one STRICT PeerAuthentication named default in istio-system', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh');
    expect(Testing.synth(c)).toEqual([{
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } },
    }]);
  });

  test('v1beta1 flavour uses security.istio.io/v1beta1', () => {
    const c = chart(ApiFlavor.V1BETA1);
    new MeshWideMtls(c, 'mesh');
    expect(Testing.synth(c)[0].apiVersion).toBe('security.istio.io/v1beta1');
  });

  test('legacy flavour emits the seed MeshPolicy, the *.local rule and the kube-apiserver exemption', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh');
    const out = Testing.synth(c);
    expect(out[0]).toEqual({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default' }, spec: { peers: [{ mtls: {} }] } });
    expect(out[1]).toEqual({
      apiVersion: 'networking.istio.io/v1alpha3', kind: 'DestinationRule', metadata: { name: 'default', namespace: 'istio-system' },
      spec: { host: '*.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    });
    expect(out[2].spec).toEqual({ host: 'kubernetes.default.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    expect(out[2].metadata.annotations['istio-mtls.cdk8s.io/reason']).toMatch(/kube-apiserver/);
  });

  test('legacy PERMISSIVE and DISABLE map to mtls mode PERMISSIVE and to no peers', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh', { mode: MtlsMode.PERMISSIVE, meshDestinationRule: false });
    expect(Testing.synth(c)[0].spec).toEqual({ peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
    const d = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(d, 'mesh', { mode: MtlsMode.DISABLE, reason: 'test cluster', meshDestinationRule: false });
    expect(Testing.synth(d)[0].spec).toEqual({});
  });

  test('modern flavour emits the *.local rule only when asked, with the exemption', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh', { meshDestinationRule: true });
    const out = Testing.synth(c);
    expect(out.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['PeerAuthentication/default', 'DestinationRule/default', 'DestinationRule/api-server']);
    expect(out[1].apiVersion).toBe('networking.istio.io/v1');
  });

  test('fails synth with IMT5004 when the kube-apiserver exemption is switched off', () => {
    const c = chart(ApiFlavor.LEGACY);
    new MeshWideMtls(c, 'mesh', { kubeApiServerExemption: false });
    expect(() => Testing.synth(c)).toThrow(/\[test\/mesh\] IMT5004 .*kubernetes\.default\.svc\.cluster\.local/);
  });

  test('fails if DISABLE has no reason, naming the construct path and the prop', () => {
    expect(() => new MeshWideMtls(chart(), 'mesh', { mode: MtlsMode.DISABLE })).toThrow(/^\[test\/mesh\] 'mode' is DISABLE.*pass 'reason'/);
  });

  test('writes the DISABLE reason as an annotation', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh', { mode: MtlsMode.DISABLE, reason: 'lab cluster' });
    expect(Testing.synth(c)[0].metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'lab cluster' });
  });

  test('fails if the mesh rule sends ISTIO_MUTUAL while the mesh is DISABLE', () => {
    expect(() => new MeshWideMtls(chart(), 'mesh', { mode: MtlsMode.DISABLE, reason: 'x', meshDestinationRule: true })).toThrow(/every call would fail/);
  });

  test('fails on UNSET in the legacy API, which has no such mode', () => {
    expect(() => new MeshWideMtls(chart(ApiFlavor.LEGACY), 'mesh', { mode: MtlsMode.UNSET })).toThrow(/UNSET has no meaning in the legacy API/);
  });

  test('honours a custom root namespace from the app settings', () => {
    const c = Testing.chart();
    IstioMtls.configure(c, { rootNamespace: 'mesh-root' });
    new MeshWideMtls(c, 'mesh');
    expect(Testing.synth(c)[0].metadata.namespace).toBe('mesh-root');
  });

  test('records its rootNamespace prop as the mesh setting, so the synth-time check finds the legacy *.local rule there (seed 1501)', () => {
    const c = Testing.chart();
    IstioMtls.configure(c, { printWarnings: false });
    new MeshWideMtls(c, 'mesh', { flavor: ApiFlavor.LEGACY, rootNamespace: 'istio-config' });
    expect(IstioMtls.settingsOf(c).rootNamespace).toBe('istio-config');
    expect(Testing.synth(c).filter((o: any) => o.kind === 'DestinationRule').map((o: any) => o.metadata.namespace)).toEqual(['istio-config', 'istio-config']);
  });

  test('fails when its rootNamespace differs from the mesh setting, pointing at IstioMtls.configure', () => {
    const c = Testing.chart();
    IstioMtls.configure(c, { rootNamespace: 'mesh-root' });
    expect(() => new MeshWideMtls(c, 'mesh', { rootNamespace: 'istio-config' }))
      .toThrow(/^\[test\/mesh\] 'rootNamespace' is "istio-config", but this mesh's rootNamespace is already "mesh-root".*IstioMtls\.configure\(scope, \{ rootNamespace: "istio-config" \}\)/);
  });

  test('with a custom clusterDomain, the mesh rule is *.<domain> (*.local covers no Service there) and the exemption names that domain', () => {
    const c = chart();
    new MeshWideMtls(c, 'mesh', { meshDestinationRule: true, clusterDomain: 'corp.internal' });
    expect(IstioMtls.settingsOf(c).clusterDomain).toBe('corp.internal');
    const drs = Testing.synth(c).filter((o: any) => o.kind === 'DestinationRule');
    expect(drs.map((o: any) => o.spec.host)).toEqual(['*.corp.internal', 'kubernetes.default.svc.corp.internal']);
    expect(() => new MeshWideMtls(Testing.chart(), 'bad', { clusterDomain: 'Corp_Internal' })).toThrow(/'clusterDomain' is "Corp_Internal"/);
  });

  test('legacy DISABLE does not ask for the *.local rule, and fails only when the rule is asked for explicitly', () => {
    const c = chart(ApiFlavor.LEGACY);
    const mesh = new MeshWideMtls(c, 'mesh', { mode: MtlsMode.DISABLE, reason: 'lab cluster' });
    expect(mesh.meshDestinationRule).toBeUndefined();
    expect(Testing.synth(c).map((o: any) => o.kind)).toEqual(['MeshPolicy']);
    expect(() => new MeshWideMtls(chart(ApiFlavor.LEGACY), 'm', { mode: MtlsMode.DISABLE, reason: 'x', meshDestinationRule: true })).toThrow(/every call would fail/);
  });
});

describe('NamespaceMtls', () => {
  test('emits a PeerAuthentication named default without selector', () => {
    const c = chart();
    new NamespaceMtls(c, 'foo', { namespace: 'foo' });
    expect(Testing.synth(c)).toEqual([{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'foo' }, spec: { mtls: { mode: 'STRICT' } } }]);
  });

  test('legacy flavour emits a Policy named default without targets', () => {
    const c = chart(ApiFlavor.LEGACY);
    new NamespaceMtls(c, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
    expect(Testing.synth(c)).toEqual([{ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'default', namespace: 'foo' }, spec: { peers: [{ mtls: { mode: 'PERMISSIVE' } }] } }]);
  });

  test('fails for the root namespace, pointing at MeshWideMtls', () => {
    expect(() => new NamespaceMtls(chart(), 'ns', { namespace: 'istio-system' })).toThrow(/use MeshWideMtls/);
  });

  test('fails on an invalid namespace name', () => {
    expect(() => new NamespaceMtls(chart(), 'ns', { namespace: 'Foo_Bar' })).toThrow(/\[test\/ns\] 'namespace' is "Foo_Bar".*DNS-1123/);
  });
});

describe('ServiceMtls', () => {
  test('modern flavour emits a PeerAuthentication with selector and sorted port-level modes', () => {
    const c = chart();
    const s = new ServiceMtls(c, 'productpage', { namespace: 'bookinfo', matchLabels: { app: 'productpage' } });
    s.addPortMode(9443, MtlsMode.PERMISSIVE, 'health checks from the load balancer');
    s.addPortMode(9080, MtlsMode.STRICT);
    expect(Testing.synth(c)[0].spec).toEqual({
      selector: { matchLabels: { app: 'productpage' } }, mtls: { mode: 'STRICT' },
      portLevelMtls: { 9080: { mode: 'STRICT' }, 9443: { mode: 'PERMISSIVE' } },
    });
    expect(s.modeOf(9443)).toBe(MtlsMode.PERMISSIVE);
    expect(s.modeOf(1)).toBe(MtlsMode.STRICT);
  });

  test('legacy flavour emits the seed Policy with targets', () => {
    const c = chart(ApiFlavor.LEGACY);
    new ServiceMtls(c, 'httpbin', { namespace: 'test1', serviceName: 'httpbin', mode: MtlsMode.PERMISSIVE, reason: 'sleep.test3 has no sidecar' });
    const [pol] = Testing.synth(c);
    expect(pol.kind).toBe('Policy');
    expect(pol.metadata).toEqual({ name: 'httpbin', namespace: 'test1', annotations: { 'istio-mtls.cdk8s.io/reason': 'sleep.test3 has no sidecar' } });
    expect(pol.spec).toEqual({ targets: [{ name: 'httpbin' }], peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
  });

  test('legacy port modes become extra Policies targeting the service port', () => {
    const c = chart(ApiFlavor.LEGACY);
    const s = new ServiceMtls(c, 'productpage-tls', { namespace: 'bookinfo', serviceName: 'productpage' });
    s.addPortMode(9080, MtlsMode.PERMISSIVE);
    const out = Testing.synth(c);
    expect(out[1].metadata.name).toBe('productpage-tls-9080');
    expect(out[1].spec).toEqual({ targets: [{ name: 'productpage', ports: [{ number: 9080 }] }], peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
  });

  test('fails without matchLabels in the modern API', () => {
    expect(() => new ServiceMtls(chart(), 'svc', { namespace: 'a', serviceName: 'httpbin' })).toThrow(/pass 'matchLabels' \(e\.g\. \{ app: 'httpbin' \}\)/);
  });

  test('fails without serviceName in the legacy API', () => {
    expect(() => new ServiceMtls(chart(ApiFlavor.LEGACY), 'svc', { namespace: 'a', matchLabels: { app: 'x' } })).toThrow(/pass 'serviceName'/);
  });

  test('fails on wildcard, empty or missing selector labels (IMT1004/IMT1005/IMT1006 made unrepresentable)', () => {
    expect(() => new ServiceMtls(chart(), 'a', { namespace: 'a', matchLabels: { app: 'web-*' } })).toThrow(/\[test\/a\] 'matchLabels' entry "app": "web-\*" contains '\*'/);
    expect(() => new ServiceMtls(chart(), 'b', { namespace: 'a', matchLabels: { '': 'x' } })).toThrow(/empty label key/);
    expect(() => new ServiceMtls(chart(), 'c', { namespace: 'a', matchLabels: {} })).toThrow(/'matchLabels' is empty/);
  });

  test('fails on ports outside 1..65535 and on a port set twice', () => {
    const s = new ServiceMtls(chart(), 's', { namespace: 'a', matchLabels: { app: 'x' } });
    expect(() => s.addPortMode(0, MtlsMode.STRICT)).toThrow(/'port' is 0: ports are integers 1\.\.65535/);
    expect(() => s.addPortMode(70000, MtlsMode.STRICT)).toThrow(/70000/);
    s.addPortMode(80, MtlsMode.STRICT);
    expect(() => s.addPortMode(80, MtlsMode.PERMISSIVE)).toThrow(/port 80 already has a mode/);
  });

  test('fails on a DISABLE port without a reason', () => {
    const s = new ServiceMtls(chart(), 's', { namespace: 'a', matchLabels: { app: 'x' } });
    expect(() => s.addPortMode(8080, MtlsMode.DISABLE)).toThrow(/\[test\/s\] 'mode of port 8080' is DISABLE/);
  });

  test('fails in the root namespace, where Istio ignores workload policies (IMT1007 made unrepresentable)', () => {
    expect(() => new ServiceMtls(chart(), 's', { namespace: 'istio-system', matchLabels: { app: 'x' } })).toThrow(/Istio ignores workload policies there/);
  });

  test('fails for a legacy Policy with targets named default', () => {
    expect(() => new ServiceMtls(chart(ApiFlavor.LEGACY), 'default', { namespace: 'a', serviceName: 'x' })).toThrow(/must not be named 'default'/);
  });

  test('fails when named default in the modern API, which would replace the namespace policy of NamespaceMtls (seed 1202)', () => {
    expect(() => new ServiceMtls(chart(), 'default', { namespace: 'foo', matchLabels: { app: 'web' } }))
      .toThrow(/^\[test\/default\] a workload policy must not be named 'default'.*PeerAuthentication foo\/default.*pass another 'name'/);
    expect(() => new ServiceMtls(chart(ApiFlavor.V1BETA1), 'web', { namespace: 'foo', name: 'default', matchLabels: { app: 'web' } })).toThrow(/must not be named 'default'/);
  });

  test('fails when a legacy port Policy name would be longer than 253 characters, naming the longest name that fits (seed 1201)', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}`; // 251 characters
    const s = new ServiceMtls(chart(ApiFlavor.LEGACY), 'web', { namespace: 'foo', serviceName: 'web', name });
    expect(() => s.addPortMode(10000, MtlsMode.STRICT)).toThrow(/^\[test\/web\] .*'<name>-<port>', which would be 257 characters, over Kubernetes' 253; pass a 'name' of at most 247 characters/);
    s.addPortMode(1, MtlsMode.STRICT); // 253 characters: fits
    expect(s.modeOf(1)).toBe(MtlsMode.STRICT);
  });

  test('fails on label keys that are not Kubernetes label keys, and on "constructor", which cdk8s cannot render (seed 1601)', () => {
    const proto = JSON.parse('{"__proto__": "web"}');
    expect(() => new ServiceMtls(chart(), 'a', { namespace: 'a', matchLabels: proto })).toThrow(/'matchLabels' label key "__proto__" is not a Kubernetes label key/);
    expect(() => new ServiceMtls(chart(), 'b', { namespace: 'a', matchLabels: { ' ': 'web' } })).toThrow(/label key " " is not a Kubernetes label key/);
    expect(() => new ServiceMtls(chart(), 'c', { namespace: 'a', matchLabels: { 'a/b/c': 'web' } })).toThrow(/more than one '\/'/);
    expect(() => new ServiceMtls(chart(), 'd', { namespace: 'a', matchLabels: { constructor: 'web' } })).toThrow(/label key "constructor" is a valid Kubernetes label key, but cdk8s cannot render/);
    const c = chart();
    new ServiceMtls(c, 'ok', { namespace: 'a', matchLabels: { 'app.kubernetes.io/name': 'web', 'toString': 'x', 'Tier_1.b': 'y' } });
    expect(Testing.synth(c)[0].spec.selector.matchLabels).toEqual({ 'Tier_1.b': 'y', 'app.kubernetes.io/name': 'web', 'toString': 'x' });
  });
});

describe('ClientTls and ClientTlsPolicy', () => {
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

  test('PortTlsOverride hands its reason to the client side too (seed 1502)', () => {
    const c = chart();
    const dr = new ClientTlsPolicy(c, 'web', { host: 'web.foo.svc.cluster.local', tls: ClientTls.istioMutual() });
    new PortTlsOverride(c, 'o', { port: 1, clientTlsPolicy: dr, clientTls: ClientTls.disable(), reason: 'migration window' });
    const out = Testing.synth(c)[0];
    expect(out.spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 1 }, tls: { mode: 'DISABLE' } }]);
    expect(out.metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'port 1: migration window' });
  });

  test('PortTlsOverride sets the server port on the ServiceMtls and refuses the wrong shape', () => {
    const c = chart();
    const s = new ServiceMtls(c, 'pp', { namespace: 'bookinfo', matchLabels: { app: 'productpage' }, mode: MtlsMode.DISABLE, reason: 'legacy health checker' });
    new PortTlsOverride(c, 'o', { port: 9080, serviceMtls: s, serverMode: MtlsMode.STRICT });
    expect(Testing.synth(c)[0].spec.portLevelMtls).toEqual({ 9080: { mode: 'STRICT' } });
    expect(() => new PortTlsOverride(c, 'bad', { port: 9080, serverMode: MtlsMode.STRICT })).toThrow(/needs both 'serviceMtls'.*and 'serverMode'/);
    expect(() => new PortTlsOverride(c, 'none', { port: 9080 })).toThrow(/nothing to override/);
  });
});

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

  test('warnings are printed, not fatal, unless failOnWarnings is set', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const c = chart();
      new NamespaceMtls(c, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
      expect(() => Testing.synth(c)).not.toThrow();
      expect(warn.mock.calls.map((x) => String(x[0])).join('\n')).toMatch(/\[test\/foo\] IMT1010/);
      const strict = Testing.chart();
      IstioMtls.configure(strict, { failOnWarnings: true });
      new NamespaceMtls(strict, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
      expect(() => Testing.synth(strict)).toThrow(/\[test\/foo\] IMT1010/);
    } finally {
      warn.mockRestore();
    }
  });

  test('charts configured separately are separate meshes', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    IstioMtls.configure(a, {});
    new MeshWideMtls(a, 'mesh');
    const b = new Chart(app, 'b');
    IstioMtls.configure(b, {});
    new MeshWideMtls(b, 'mesh');
    // Two mesh-wide policies in one mesh would be IMT1008; in two scopes they are fine.
    expect(() => app.synthYaml()).not.toThrow();
    const both = new Chart(app, 'c');
    new MeshWideMtls(both, 'mesh1');
    new ApiObject(both, 'mesh2', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'other', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } } as any);
    expect(() => app.synthYaml()).toThrow(/\[c\/mesh2\] IMT1008/);
  });

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

describe('CRD schema conformance', () => {
  test('every object the constructs synthesize validates against the vendored CRD schema', () => {
    for (const flavor of [ApiFlavor.MODERN, ApiFlavor.V1BETA1, ApiFlavor.LEGACY]) {
      const c = chart(flavor);
      new MeshWideMtls(c, 'mesh', { meshDestinationRule: true });
      new NamespaceMtls(c, 'ns', { namespace: 'foo' });
      const svc = new ServiceMtls(c, 'svc', { namespace: 'foo', matchLabels: { app: 'web' }, serviceName: 'web', mode: MtlsMode.PERMISSIVE, reason: 'migration' });
      svc.addPortMode(8443, MtlsMode.STRICT);
      const dr = new ClientTlsPolicy(c, 'dr', {
        host: 'web.foo.svc.cluster.local', tls: ClientTls.disable(), reason: 'x',
        subsets: [{ name: 'v1', labels: { version: 'v1' }, tls: ClientTls.istioMutual() }],
      });
      dr.addPortTls(8443, ClientTls.mutual({ clientCertificate: '/c', privateKey: '/k', caCertificates: '/ca' }));
      dr.addPortTls(9443, ClientTls.simpleFromSecret({ credentialName: 'cred' }));
      const out = Testing.synth(c);
      expect(out.length).toBeGreaterThanOrEqual(6);
      for (const obj of out) expect({ flavor, kind: obj.kind, violations: validateAgainstCrd(obj) }).toEqual({ flavor, kind: obj.kind, violations: [] });
    }
  });
});

describe('reasons', () => {
  test('a DISABLE port reason is added to the workload reason, not written over it', () => {
    const c = chart();
    const s = new ServiceMtls(c, 'pp', { namespace: 'bookinfo', matchLabels: { app: 'productpage' }, mode: MtlsMode.PERMISSIVE, reason: 'migrating' });
    s.addPortMode(9443, MtlsMode.DISABLE, 'load balancer health checks');
    expect(Testing.synth(c)[0].metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'migrating; port 9443: load balancer health checks' });
  });
});

describe('printSynthSummary', () => {
  test('lists objects per manifest file and findings by severity per mesh scope', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    IstioMtls.configure(a, {});
    new MeshWideMtls(a, 'mesh');
    new NamespaceMtls(a, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
    const lines = SynthSummary.lines(app, { extraFiles: ['dist/plan.md'] });
    expect(lines[0]).toMatch(/^istio-mtls: wrote 1 manifest\(s\) to /);
    expect(lines[1]).toMatch(/a\.k8s\.yaml: 2 object\(s\)$/);
    expect(lines[2]).toBe('  dist/plan.md');
    expect(lines[3]).toBe('istio-mtls: findings: 0 error(s), 1 warning(s), 0 info in 1 mesh scope(s)');
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

  test('changing the settings of a scope re-analyzes it', () => {
    const c = chart();
    new NamespaceMtls(c, 'foo', { namespace: 'foo', mode: MtlsMode.PERMISSIVE });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => Testing.synth(c)).not.toThrow();
      IstioMtls.configure(c, { failOnWarnings: true });
      expect(() => Testing.synth(c)).toThrow(/IMT1010/);
    } finally {
      warn.mockRestore();
    }
  });
});
