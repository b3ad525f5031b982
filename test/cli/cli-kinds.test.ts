import { isCheckedKind } from '../../src/cli/kinds';

describe('isCheckedKind (what the CLI reports as ignored)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['security.istio.io/v1', 'PeerAuthentication', true],
    ['security.istio.io/v1beta1', 'AuthorizationPolicy', true],
    ['authentication.istio.io/v1alpha1', 'MeshPolicy', true],
    ['networking.istio.io/v1alpha3', 'DestinationRule', true],
    ['networking.istio.io/v1', 'ServiceEntry', true],
    ['v1', 'Service', true],
    ['v1', 'Namespace', true],
    ['apps/v1', 'Deployment', true],
    ['v1', 'Pod', true],
    ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', true],
    ['v1', 'ConfigMap', false],
    ['v2', 'Service', false], // core kinds only under v1
    ['example.com/v1', 'Service', false],
    ['networking.istio.io/v1', 'VirtualService', true], // read for port rewrites (IMT5011)
    ['networking.istio.io/v1', 'Sidecar', false],
  ];

  test.each(cases)('%s %s -> %s, the same on every call', (apiVersion, kind, expected) => {
    for (let i = 0; i < 3; i++) expect(isCheckedKind(apiVersion, kind)).toBe(expected);
  });

  test('answers stay right past the memo bound (endless distinct kinds and apiVersions)', () => {
    for (let i = 0; i < 600; i++) {
      expect(isCheckedKind('v1', `Kind${i}`)).toBe(false);
      expect(isCheckedKind(`g${i}.example.com/v1`, 'Service')).toBe(false);
    }
    for (const [apiVersion, kind, expected] of cases) expect(isCheckedKind(apiVersion, kind)).toBe(expected);
    expect(isCheckedKind('apps/v9', 'StatefulSet')).toBe(true);
  });
});
