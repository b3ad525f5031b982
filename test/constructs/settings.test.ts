import { ApiObject, Chart, Testing } from 'cdk8s';
import { IstioMtls, MeshWideMtls, MtlsMode, NamespaceMtls } from '../../src';
import { chart } from './_chart';

describe('IstioMtls.configure', () => {
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
