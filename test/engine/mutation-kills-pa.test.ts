/**
 * Assertions that the mutation run of 2026-12-03 (docs/mutation.md, chunk rules-pa) showed were missing: IMT1010
 * pa-permissive (46 %), IMT1002 pa-port-level-keys (70 %) and IMT4003 pa-port-not-container-port (71 %). Each test
 * says which surviving mutants it kills. Rules are checked through analyze(), with exact fields and texts.
 */
import { Finding, K8sObject, analyze } from '../../src/engine';

const pa = (name: string, spec: K8sObject, metadata: K8sObject = {}): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: 'shop', ...metadata }, spec });
const legacyPolicy = (name: string, spec: K8sObject): K8sObject => ({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name, namespace: 'shop' }, spec });
const deploy = (name: string, labels: Record<string, string>, ports: number[]): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'x', ports: ports.map((containerPort) => ({ containerPort })) }] } } },
});
const service = (name: string, selector: Record<string, string>, ports: Array<{ port: number; targetPort?: number }>): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector, ports },
});
const only = (fs: Finding[], code: string) => fs.filter((f) => f.code === code).map(({ code: c, severity, resource, field, message, fix }) => ({ code: c, severity, name: resource.name, field, message, fix }));
const REASON = 'istio-mtls.cdk8s.io/reason';

describe('IMT1010 pa-permissive', () => {
  test('a namespace-wide PERMISSIVE policy: warning on spec.mtls.mode, with its message and fix', () => {
    expect(only(analyze([pa('default', { mtls: { mode: 'PERMISSIVE' } })]), 'IMT1010')).toEqual([{
      code: 'IMT1010', severity: 'warning', name: 'default', field: 'spec.mtls.mode',
      message: 'PeerAuthentication default accepts plaintext (PERMISSIVE): no authentication for plaintext callers; fix: switch to STRICT once every caller has a sidecar; keep PERMISSIVE only as a documented migration exception',
      fix: 'switch to STRICT once every caller has a sidecar; keep PERMISSIVE only as a documented migration exception',
    }]);
  });

  test('PERMISSIVE on some ports only: the field is spec.portLevelMtls and the message lists exactly those ports', () => {
    const fs = analyze([
      deploy('cart', { app: 'cart' }, [8080, 9090, 9091]),
      pa('cart', { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' }, 9091: { mode: 'PERMISSIVE' }, 8080: { mode: 'STRICT' } } }),
    ]);
    expect(only(fs, 'IMT1010')).toEqual([expect.objectContaining({
      severity: 'warning', name: 'cart', field: 'spec.portLevelMtls',
      message: expect.stringMatching(/^PeerAuthentication cart accepts plaintext on port\(s\) 9090, 9091 \(PERMISSIVE\): no authentication for plaintext callers/),
    })]);
  });

  test('STRICT with STRICT and DISABLE ports only, or no ports: nothing (DISABLE is IMT1012\'s)', () => {
    expect(only(analyze([deploy('cart', { app: 'cart' }, [8080]), pa('cart', { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'STRICT' } } })]), 'IMT1010')).toEqual([]);
    expect(only(analyze([pa('default', { mtls: { mode: 'STRICT' } })]), 'IMT1010')).toEqual([]);
  });

  test('a reasoned exception is info, with the trimmed reason quoted and its own fix; a blank reason is not one', () => {
    const reasoned = analyze([pa('default', { mtls: { mode: 'PERMISSIVE' } }, { annotations: { [REASON]: '  legacy batch jobs call in plaintext  ' } })]);
    expect(only(reasoned, 'IMT1010')).toEqual([{
      code: 'IMT1010', severity: 'info', name: 'default', field: 'spec.mtls.mode',
      message: 'PeerAuthentication default accepts plaintext (PERMISSIVE) as a reasoned exception: "legacy batch jobs call in plaintext"; fix: switch to STRICT once the reason no longer holds',
      fix: 'switch to STRICT once the reason no longer holds',
    }]);
    const ported = analyze([
      deploy('cart', { app: 'cart' }, [9090]),
      pa('cart', { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } }, { annotations: { [REASON]: 'metrics' } }),
    ]);
    expect(only(ported, 'IMT1010')).toEqual([expect.objectContaining({ severity: 'info', field: 'spec.portLevelMtls', message: expect.stringContaining('accepts plaintext on port(s) 9090 (PERMISSIVE) as a reasoned exception: "metrics"') })]);
    for (const blank of ['   ', '']) {
      const fs = analyze([pa('default', { mtls: { mode: 'PERMISSIVE' } }, { annotations: { [REASON]: blank } })]);
      expect(only(fs, 'IMT1010').map((f) => f.severity)).toEqual(['warning']);
    }
    expect(only(analyze([pa('default', { mtls: { mode: 'PERMISSIVE' } }, { annotations: { [REASON]: 42 } })]), 'IMT1010').map((f) => f.severity)).toEqual(['warning']);
  });

  test('a legacy Policy with PERMISSIVE peers points at spec.peers', () => {
    const fs = analyze([legacyPolicy('default', { peers: [{ mtls: { mode: 'PERMISSIVE' } }] })]);
    expect(only(fs, 'IMT1010')).toEqual([expect.objectContaining({ severity: 'warning', name: 'default', field: 'spec.peers' })]);
  });

  test('with migration: true, PERMISSIVE is expected and not reported', () => {
    expect(only(analyze([pa('default', { mtls: { mode: 'PERMISSIVE' } })], { migration: true }), 'IMT1010')).toEqual([]);
  });

  test('a policy that Istio ignores (a selector in the root namespace; a legacy Policy not named default) is not reported', () => {
    const root = pa('cart', { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'PERMISSIVE' } }, { namespace: 'istio-system' });
    expect(only(analyze([root]), 'IMT1010')).toEqual([]);
    expect(only(analyze([legacyPolicy('other', { peers: [{ mtls: { mode: 'PERMISSIVE' } }] })]), 'IMT1010')).toEqual([]);
  });
});

describe('IMT1002 pa-port-level-keys', () => {
  const sel = { selector: { matchLabels: { app: 'cart' } } };
  const keys = (plm: unknown) => only(analyze([deploy('cart', { app: 'cart' }, [8080]), pa('cart', { ...sel, portLevelMtls: plm })]), 'IMT1002');

  test('not a map: one error with the value shown and the fix', () => {
    expect(keys('8080: STRICT')).toEqual([{
      code: 'IMT1002', severity: 'error', name: 'cart', field: 'spec.portLevelMtls',
      message: `'spec.portLevelMtls' must be a map from port to {mode}, got "8080: STRICT"; fix: write it as 'portLevelMtls: {8080: {mode: STRICT}}'`,
      fix: "write it as 'portLevelMtls: {8080: {mode: STRICT}}'",
    }]);
  });

  test('empty: one error quoting Istio, with the fix', () => {
    expect(keys({})).toEqual([{
      code: 'IMT1002', severity: 'error', name: 'cart', field: 'spec.portLevelMtls',
      message: `'spec.portLevelMtls' is empty: Istio requires at least one port ("port level mTLS, if defined, must have at least one element"); fix: remove 'portLevelMtls' or add a port`,
      fix: "remove 'portLevelMtls' or add a port",
    }]);
  });

  test('keys: 1 and 65535 are ports; 0, 65536, "80a", "a80" and "-1" are not (each reported on its own key)', () => {
    expect(keys({ 1: { mode: 'STRICT' }, 65535: { mode: 'STRICT' } })).toEqual([]);
    const bad = keys({ 0: { mode: 'STRICT' }, 65536: { mode: 'STRICT' }, '80a': { mode: 'STRICT' }, a80: { mode: 'STRICT' }, '-1': { mode: 'STRICT' } });
    expect(bad.map((f) => f.field).sort()).toEqual(['spec.portLevelMtls.-1', 'spec.portLevelMtls.0', 'spec.portLevelMtls.65536', 'spec.portLevelMtls.80a', 'spec.portLevelMtls.a80']);
    expect(bad.find((f) => f.field === 'spec.portLevelMtls.80a')).toEqual(expect.objectContaining({
      message: `'spec.portLevelMtls' key "80a" is not a port: keys must be container port numbers 1..65535 ("port must be between 1-65535"); fix: use the numeric container (target) port of the workload`,
      fix: 'use the numeric container (target) port of the workload',
    }));
  });

  test('null is no portLevelMtls at all; a legacy Policy is not read by this rule', () => {
    expect(keys(null)).toEqual([]);
    expect(only(analyze([legacyPolicy('p', { portLevelMtls: {} })]), 'IMT1002')).toEqual([]);
  });
});

describe('IMT4003 pa-port-not-container-port', () => {
  const sel = { selector: { matchLabels: { app: 'cart' } }, mtls: { mode: 'STRICT' } };

  test('a Service port that targets another container port: error naming the container port, with the fix', () => {
    const fs = analyze([deploy('cart', { app: 'cart' }, [8080]), service('cart', { app: 'cart' }, [{ port: 80, targetPort: 8080 }]), pa('cart', { ...sel, portLevelMtls: { 80: { mode: 'DISABLE' } } })]);
    expect(only(fs, 'IMT4003')).toEqual([{
      code: 'IMT4003', severity: 'error', name: 'cart', field: 'spec.portLevelMtls.80',
      message: "'spec.portLevelMtls' key 80 is a Service port; the pods listen on container port 8080, so this setting never applies; fix: use the container port: portLevelMtls: {8080: ...}",
      fix: 'use the container port: portLevelMtls: {8080: ...}',
    }]);
  });

  test('a port that is neither: warning naming the workloads and their container ports, sorted and each once', () => {
    const fs = analyze([
      deploy('cart-b', { app: 'cart' }, [9090, 8080]), deploy('cart-a', { app: 'cart' }, [8080]),
      pa('cart', { ...sel, portLevelMtls: { 7000: { mode: 'DISABLE' } } }),
    ]);
    expect(only(fs, 'IMT4003')).toEqual([{
      code: 'IMT4003', severity: 'warning', name: 'cart', field: 'spec.portLevelMtls.7000',
      message: "'spec.portLevelMtls' key 7000 is neither a container port of cart-a, cart-b nor a Service port that targets one; Istio only applies port-level mTLS to ports the workload declares; fix: use one of the workload's container ports (8080, 9090) as the key, or declare containerPort 7000 if the pod listens there",
      fix: "use one of the workload's container ports (8080, 9090) as the key, or declare containerPort 7000 if the pod listens there",
    }]);
  });

  test('workloads without declared container ports get the other fix', () => {
    const fs = analyze([deploy('cart', { app: 'cart' }, []), pa('cart', { ...sel, portLevelMtls: { 7000: { mode: 'DISABLE' } } })]);
    expect(only(fs, 'IMT4003').map((f) => f.fix)).toEqual(["declare the workload's containerPorts (here 7000, if the pod listens there)"]);
  });

  test('a key that one of several selected workloads declares is fine; a Service port that targets the same port is too', () => {
    expect(only(analyze([deploy('cart-a', { app: 'cart' }, [8080]), deploy('cart-b', { app: 'cart' }, [9090]), pa('cart', { ...sel, portLevelMtls: { 9090: { mode: 'DISABLE' } } })]), 'IMT4003')).toEqual([]);
    const same = analyze([deploy('cart', { app: 'cart' }, [8080]), service('cart', { app: 'cart' }, [{ port: 7000, targetPort: 7000 }]), pa('cart', { ...sel, portLevelMtls: { 7000: { mode: 'DISABLE' } } })]);
    expect(only(same, 'IMT4003').map((f) => f.severity)).toEqual(['warning']);
  });

  test('only workload policies of the policy\'s own namespace and selector are judged; other workloads do not count', () => {
    const other = { ...deploy('web', { app: 'web' }, [7000]) };
    expect(only(analyze([deploy('cart', { app: 'cart' }, [8080]), other, pa('cart', { ...sel, portLevelMtls: { 7000: { mode: 'DISABLE' } } })]), 'IMT4003').map((f) => f.field)).toEqual(['spec.portLevelMtls.7000']);
    const elsewhere = { ...deploy('cart', { app: 'cart' }, [7000]), metadata: { name: 'cart', namespace: 'other' } };
    expect(only(analyze([deploy('cart', { app: 'cart' }, [8080]), elsewhere, pa('cart', { ...sel, portLevelMtls: { 7000: { mode: 'DISABLE' } } })]), 'IMT4003').map((f) => f.field)).toEqual(['spec.portLevelMtls.7000']);
  });

  test('a namespace-wide policy with portLevelMtls (IMT1001\'s error) and a policy without ports are not judged here', () => {
    expect(only(analyze([deploy('cart', { app: 'cart' }, [8080]), pa('default', { mtls: { mode: 'STRICT' }, portLevelMtls: { 7000: { mode: 'DISABLE' } } })]), 'IMT4003')).toEqual([]);
    expect(only(analyze([deploy('cart', { app: 'cart' }, [8080]), pa('cart', sel)]), 'IMT4003')).toEqual([]);
  });
});
