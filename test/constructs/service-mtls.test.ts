import { Testing } from 'cdk8s';
import { ApiFlavor, MtlsMode, ServiceMtls } from '../../src';
import { captureWarnings, chart } from './_chart';

const warnings = captureWarnings();

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
    expect(warnings()).toEqual([expect.stringMatching(/^Warning: \[test\/productpage\] IMT1010 PeerAuthentication productpage accepts plaintext on port\(s\) 9443 \(PERMISSIVE\)/)]);
  });

  test('legacy flavour emits the seed Policy with targets', () => {
    const c = chart(ApiFlavor.LEGACY);
    new ServiceMtls(c, 'httpbin', { namespace: 'test1', serviceName: 'httpbin', mode: MtlsMode.PERMISSIVE, reason: 'sleep.test3 has no sidecar' });
    const [pol] = Testing.synth(c);
    expect(pol.kind).toBe('Policy');
    expect(pol.metadata).toEqual({ name: 'httpbin', namespace: 'test1', annotations: { 'istio-mtls.cdk8s.io/reason': 'sleep.test3 has no sidecar' } });
    expect(pol.spec).toEqual({ targets: [{ name: 'httpbin' }], peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
    // A PERMISSIVE exception with a written reason is info (IMT1010 as a reasoned exception), not a warning.
    expect(warnings()).toEqual([]);
  });

  test('legacy port modes become extra Policies targeting the service port', () => {
    const c = chart(ApiFlavor.LEGACY);
    const s = new ServiceMtls(c, 'productpage-tls', { namespace: 'bookinfo', serviceName: 'productpage' });
    s.addPortMode(9080, MtlsMode.PERMISSIVE);
    const out = Testing.synth(c);
    expect(out[1].metadata.name).toBe('productpage-tls-9080');
    expect(out[1].spec).toEqual({ targets: [{ name: 'productpage', ports: [{ number: 9080 }] }], peers: [{ mtls: { mode: 'PERMISSIVE' } }] });
    expect(warnings()).toEqual([expect.stringMatching(/^Warning: \[test\/productpage-tls\] IMT1010 Policy productpage-tls-9080 accepts plaintext \(PERMISSIVE\)/)]);
  });

  test('fails without matchLabels in the modern API', () => {
    expect(() => new ServiceMtls(chart(), 'svc', { namespace: 'a', serviceName: 'httpbin' })).toThrow(/IMT9002 ServiceMtls: .*pass 'workload' \(e\.g\. the Deployment\) or 'matchLabels' \(e\.g\. \{ app: 'httpbin' \}\)/);
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

  test('a DISABLE port reason is added to the workload reason, not written over it', () => {
    const c = chart();
    const s = new ServiceMtls(c, 'pp', { namespace: 'bookinfo', matchLabels: { app: 'productpage' }, mode: MtlsMode.PERMISSIVE, reason: 'migrating' });
    s.addPortMode(9443, MtlsMode.DISABLE, 'load balancer health checks');
    expect(Testing.synth(c)[0].metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'migrating; port 9443: load balancer health checks' });
    expect(warnings()).toEqual([]); // reasoned PERMISSIVE: info, not a warning
  });

  test('a legacy DISABLE port without its own reason inherits the policy\'s reason and records it on the port Policy', () => {
    const c = chart(ApiFlavor.LEGACY);
    const s = new ServiceMtls(c, 'web', { namespace: 'app', serviceName: 'web', mode: MtlsMode.PERMISSIVE, reason: 'the ingress has no sidecar' });
    s.addPortMode(8080, MtlsMode.DISABLE);
    const port = Testing.synth(c).find((o) => o.metadata.name === 'web-8080')!;
    expect(port.metadata.annotations).toEqual({ 'istio-mtls.cdk8s.io/reason': 'the ingress has no sidecar' });
    expect(() => new ServiceMtls(chart(ApiFlavor.LEGACY), 'bare', { namespace: 'app', serviceName: 'web' }).addPortMode(8080, MtlsMode.DISABLE)).toThrow(/'mode of port 8080' is DISABLE/);
  });

  test('fails on label values that are not Kubernetes label values (apimachinery IsValidLabelValue)', () => {
    expect(() => new ServiceMtls(chart(), 'a', { namespace: 'a', matchLabels: { app: 'web app' } })).toThrow(/^\[test\/a\] 'matchLabels' value "web app" for "app" is not a Kubernetes label value.*; fix: /);
    expect(() => new ServiceMtls(chart(), 'b', { namespace: 'a', matchLabels: { app: '-web' } })).toThrow(/value "-web" for "app" is not a Kubernetes label value/);
    expect(() => new ServiceMtls(chart(), 'c', { namespace: 'a', matchLabels: { app: 'web/v1' } })).toThrow(/not a Kubernetes label value/);
    const c = chart();
    new ServiceMtls(c, 'ok', { namespace: 'a', matchLabels: { app: 'Web_v1.2-x', empty: '' } });
    expect(Testing.synth(c)[0].spec.selector.matchLabels).toEqual({ app: 'Web_v1.2-x', empty: '' });
  });

  test('JavaScript callers passing props of the wrong type get a [path] message with a fix, not a TypeError', () => {
    const bad = (props: any) => () => new ServiceMtls(chart(), 'x', { namespace: 'a', matchLabels: { app: 'web' }, ...props });
    expect(bad({ namespace: 42 })).toThrow(/^\[test\/x\] 'namespace' must be a string \(got 42\); fix: /);
    expect(bad({ matchLabels: 'app=web' })).toThrow(/^\[test\/x\] 'matchLabels' must be an object of label keys to string values \(got "app=web"\); fix: /);
    expect(bad({ matchLabels: { app: 7 } })).toThrow(/^\[test\/x\] 'matchLabels' value for "app" must be a string \(got 7\); fix: /);
    expect(bad({ mode: 'strict' })).toThrow(/^\[test\/x\] 'mode' must be one of MtlsMode\.(UNSET|STRICT|PERMISSIVE|DISABLE).* \(got "strict"\); fix: /);
    expect(bad({ reason: 5 })).toThrow(/^\[test\/x\] 'reason' must be a string \(got 5\); fix: /);
    expect(bad({ name: ['a'] })).toThrow(/^\[test\/x\] 'name' must be a string/);
    const s = new ServiceMtls(chart(), 'y', { namespace: 'a', matchLabels: { app: 'web' } });
    expect(() => s.addPortMode('80' as any, MtlsMode.STRICT)).toThrow(/^\[test\/y\] 'port' must be a number \(got "80"\); fix: /);
    expect(() => s.addPortMode(80, 'STRICTER' as any)).toThrow(/^\[test\/y\] 'mode' must be one of MtlsMode/);
  });
});
