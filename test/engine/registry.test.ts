/**
 * The rule registry: one Rule object per code, listRules() lists each once, and a rule a construct reports (IMT6001,
 * MigrationPlan) is listed, never run by analyze(), and names its code in the construct's message.
 */
import * as path from 'path';
import { ApiObject, Chart, Include, Testing } from 'cdk8s';
import { IstioMtls, MigrationPlan, analyze, listRules } from '../../src';
import { RULES } from '../../src/engine/rules';

describe('the rule registry', () => {
  test('has every code once', () => {
    const codes = RULES.map((r) => r.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
  });

  test('listRules() lists every registry rule once, in registry order', () => {
    expect(listRules().map((r) => r.code)).toEqual(RULES.map((r) => r.code));
  });

  test('lists IMT6001 as reported by the MigrationPlan construct, with no check for analyze() to run', () => {
    const rule = RULES.find((r) => r.code === 'IMT6001');
    expect(rule).toEqual(expect.objectContaining({ name: 'migration-step-breaks-call', severity: 'error', reportedBy: 'MigrationPlan' }));
    expect(rule?.check).toBeUndefined();
    expect(listRules().find((r) => r.code === 'IMT6001')?.reportedBy).toBe('MigrationPlan');
    expect(listRules().filter((r) => r.reportedBy).map((r) => r.code)).toEqual(['IMT6001', 'IMT8002', 'IMT8003', 'IMT9001', 'IMT9002', 'IMT9003', 'IMT9004', 'IMT9005']);
  });

  test('a MigrationPlan whose phase breaks a call fails synth with IMT6001 and the engine finding', () => {
    const app = Testing.app();
    const topology = new Chart(app, 'topology');
    IstioMtls.configure(topology, {});
    new Include(topology, 'seed', { url: path.join(__dirname, '..', 'fixtures', 'seed', 'topology.yaml') });
    const plan = new MigrationPlan(app, 'mesh', { topology });
    // A DestinationRule that sends ISTIO_MUTUAL to a server without a sidecar, slipped into the first phase.
    new ApiObject(plan.phases[0].chart, 'bad', {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'bad', namespace: 'test3' },
      spec: { host: 'httpbin.test3.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
    });
    expect(plan.verify().length).toBeGreaterThan(0);
    expect(() => app.synth()).toThrow(/\[mesh\] IMT6001 migration step "phase 1" breaks a call: IMT\d{4} /);
    expect(analyze(plan.phaseObjects()[0]).map((f) => f.code)).not.toContain('IMT6001');
  });
});
