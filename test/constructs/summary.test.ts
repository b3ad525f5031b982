import { Chart, Testing } from 'cdk8s';
import { IstioMtls, MeshWideMtls, MtlsMode, NamespaceMtls, SynthSummary } from '../../src';

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
