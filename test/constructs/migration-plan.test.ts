import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Include, JsonPatch, Testing } from 'cdk8s';
import { ApiFlavor, Calls, IstioMtls, MigrationPlan, verifyMigration } from '../../src';
import { runCli } from '../../src/cli/main';

const SEED = path.join(__dirname, '..', 'fixtures', 'seed', 'topology.yaml');

/** The seed topology (test1/test2 injected, test3 not) as its own chart, with optional declared calls. */
function topology(app: App, calls: Array<[string, string, string]> = []): Chart {
  const chart = new Chart(app, 'topology');
  IstioMtls.configure(chart, {});
  const inc = new Include(chart, 'seed', { url: SEED });
  for (const [ns, name, host] of calls) {
    const obj = inc.node.children.find((c) => ApiObject.isApiObject(c) && c.kind === 'Deployment' && c.metadata.name === name && c.metadata.namespace === ns) as ApiObject;
    Calls.declare(obj, host);
  }
  return chart;
}

function files(app: App): string[] {
  app.synth();
  return fs.readdirSync(app.outdir).sort();
}

describe('MigrationPlan (modern)', () => {
  test('keeps httpbin.test1 PERMISSIVE for sleep.test3, takes test2 and the mesh to STRICT, and writes one file per phase', () => {
    const app = Testing.app();
    const topo = topology(app, [['test3', 'sleep', 'httpbin.test1'], ['test1', 'sleep', 'httpbin.test2']]);
    const plan = new MigrationPlan(app, 'mesh', { topology: topo });
    expect(plan.phases.map((p) => p.chart.node.id)).toEqual(['mesh-1-permissive', 'mesh-2-namespaces-strict', 'mesh-3-mesh-strict']);
    expect(plan.exceptions).toEqual([{ namespace: 'test1', serviceName: 'httpbin', reason: 'sleep.test3 has no sidecar and calls httpbin' }]);
    const last = plan.phaseObjects()[2];
    const modes = last.map((o) => `${o.metadata.namespace}/${o.metadata.name}=${o.spec.mtls.mode}`);
    expect(modes).toEqual(['test1/httpbin-mtls-exception=PERMISSIVE', 'test1/default=STRICT', 'test2/default=STRICT', 'istio-system/default=STRICT']);
    expect(last[0].spec.selector).toEqual({ matchLabels: { app: 'httpbin' } });
    expect(plan.verify()).toEqual([]);
    expect(files(app)).toEqual(['mesh-1-permissive.k8s.yaml', 'mesh-2-namespaces-strict.k8s.yaml', 'mesh-3-mesh-strict.k8s.yaml', 'topology.k8s.yaml']);
  });

  test('fails naming sleep.test3 when exceptions are not allowed', () => {
    const app = Testing.app();
    const topo = topology(app, [['test3', 'sleep', 'httpbin.test1']]);
    expect(() => new MigrationPlan(app, 'mesh', { topology: topo, allowExceptions: false }))
      .toThrow(/\[mesh\] STRICT cannot be reached without breaking calls: sleep\.test3 \(no sidecar\) calls httpbin\.test1.*inject a sidecar/);
  });

  test('an unsafe order is reported: namespace STRICT before the exception breaks sleep.test3 -> httpbin.test1 in between', () => {
    const app = Testing.app();
    const topo = topology(app, [['test3', 'sleep', 'httpbin.test1']]);
    const plan = new MigrationPlan(app, 'mesh', { topology: topo });
    const phases = plan.phaseObjects();
    const reordered = [phases[0], [...phases[1]].reverse(), phases[2]];
    const topoObjs = topo.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
    const breaks = verifyMigration(topoObjs, reordered);
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks[0].step).toMatch(/^phase 2, after applying \d of \d objects$/);
    expect(breaks[0].finding.code).toBe('IMT5001');
    expect(breaks[0].finding.message).toMatch(/sleep\.test3 \(no sidecar\) -> httpbin\.test1/);
  });

  test('writes a markdown report with phases, verified calls, checks and rollback', () => {
    const app = Testing.app();
    const topo = topology(app, [['test3', 'sleep', 'httpbin.test1']]);
    const plan = new MigrationPlan(app, 'mesh', { topology: topo });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    const file = plan.writeReport(dir);
    const md = fs.readFileSync(file, 'utf8');
    expect(path.basename(file)).toBe('mesh-plan.md');
    expect(md).toMatch(/## Phase 1: permissive/);
    expect(md).toMatch(/## Phase 3: mesh-strict/);
    expect(md).toMatch(/- sleep\.test3 \(no sidecar\) -> httpbin\.test1/);
    expect(md).toMatch(/- httpbin\.test1: sleep\.test3 has no sidecar/);
    expect(md).toMatch(/Roll back: `kubectl apply -f mesh-2-namespaces-strict\.k8s\.yaml`/);
    expect(md).toMatch(/Check: `npx istio-mtls analyze --migration --fail-on warning <topology files> mesh-3-mesh-strict\.k8s\.yaml` exits 0/);
  });

  test("the report's check command passes on every phase and catches the main risk: a STRICT state that resets a caller without a sidecar", async () => {
    const app = Testing.app();
    const topo = topology(app, [['test3', 'sleep', 'httpbin.test1']]);
    new MigrationPlan(app, 'mesh', { topology: topo });
    app.synth();
    const check = async (...files: string[]) => runCli(['analyze', '--migration', '--fail-on', 'warning', ...files.map((f) => path.join(app.outdir, f))], { stdout: () => undefined, stderr: () => undefined });
    const phases = fs.readdirSync(app.outdir).filter((f) => f.startsWith('mesh-')).sort();
    expect(phases).toHaveLength(3);
    for (const phase of phases) expect(await check('topology.k8s.yaml', phase)).toBe(0);
    // The last phase without its exception for httpbin.test1: sleep.test3 is reset, and the command says so.
    const docs = fs.readFileSync(path.join(app.outdir, phases[2]), 'utf8').split(/^---$/m);
    const strictOnly = docs.filter((d) => !d.includes('name: httpbin-mtls-exception')).join('---');
    expect(docs.length - strictOnly.split(/^---$/m).length).toBe(1);
    fs.writeFileSync(path.join(app.outdir, 'without-exception.k8s.yaml'), strictOnly);
    expect(await check('topology.k8s.yaml', 'without-exception.k8s.yaml')).toBe(1);
  });
});

describe('MigrationPlan (legacy)', () => {
  test('orders DestinationRules before STRICT policies and verifies clean', () => {
    const app = Testing.app();
    const topo = topology(app, [['test3', 'sleep', 'httpbin.test1'], ['test1', 'sleep', 'httpbin.test3'], ['test1', 'sleep', 'httpbin.test2']]);
    const plan = new MigrationPlan(app, 'legacy', { topology: topo, flavor: ApiFlavor.LEGACY });
    const phases = plan.phaseObjects();
    expect(phases.map((p) => p.map((o) => `${o.kind}/${o.metadata.name}`))).toEqual([
      ['MeshPolicy/default'],
      ['MeshPolicy/default', 'DestinationRule/httpbin', 'DestinationRule/api-server', 'DestinationRule/default'],
      ['DestinationRule/httpbin', 'DestinationRule/api-server', 'DestinationRule/default', 'Policy/httpbin-mtls-exception', 'MeshPolicy/default'],
    ]);
    expect(phases[1][1].spec.host).toBe('httpbin.test3.svc.cluster.local');
    expect(phases[2][4].spec).toEqual({ peers: [{ mtls: {} }] });
    expect(plan.verify()).toEqual([]);
  });

  test('the opposite order (STRICT before the DestinationRules) is reported as breaking calls', () => {
    const app = Testing.app();
    const topo = topology(app, [['test1', 'sleep', 'httpbin.test2']]);
    const plan = new MigrationPlan(app, 'legacy', { topology: topo, flavor: ApiFlavor.LEGACY });
    const [p1, p2, p3] = plan.phaseObjects();
    const topoObjs = topo.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
    const strictFirst = [p1, [p3[p3.length - 1]], p3];
    const breaks = verifyMigration(topoObjs, strictFirst, { autoMtls: false });
    expect(breaks.map((b) => b.finding.code)).toContain('IMT5008');
    expect(breaks.some((b) => b.finding.code === 'IMT5008' && /declared call sleep\.test1 -> httpbin\.test2/.test(b.finding.message))).toBe(true);
    expect(verifyMigration(topoObjs, [p1, p2, p3], { autoMtls: false })).toEqual([]);
  });
});

describe('MigrationPlan with ambient namespaces', () => {
  /** test2 moved to ambient (namespace label, injection removed); test3 stays outside the mesh. */
  function ambientTopology(app: App, calls: Array<[string, string, string]>): Chart {
    const chart = topology(app, calls);
    const ns = chart.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Namespace' && c.metadata.name === 'test2') as ApiObject;
    ns.addJsonPatch(JsonPatch.replace('/metadata/labels', { 'istio.io/dataplane-mode': 'ambient' }));
    return chart;
  }

  test('takes an ambient namespace to STRICT like a sidecar one (ztunnel enforces it) and proves it', () => {
    const app = Testing.app();
    const plan = new MigrationPlan(app, 'mesh', { topology: ambientTopology(app, [['test1', 'sleep', 'httpbin.test2']]) });
    const last = plan.phaseObjects()[2].map((o) => `${o.metadata.namespace}/${o.metadata.name}=${o.spec.mtls.mode}`);
    expect(last).toEqual(['test1/default=STRICT', 'test2/default=STRICT', 'istio-system/default=STRICT']);
    expect(plan.verify()).toEqual([]);
  });

  test('keeps a sidecar service without HBONE PERMISSIVE for an ambient caller (ztunnel sends it plaintext, IMT7001)', () => {
    const app = Testing.app();
    const plan = new MigrationPlan(app, 'mesh', { topology: ambientTopology(app, [['test2', 'sleep', 'httpbin.test1']]) });
    expect(plan.exceptions).toEqual([{ namespace: 'test1', serviceName: 'httpbin', reason: 'sleep.test2 is ambient and calls httpbin, whose sidecar does not take HBONE (ztunnel sends plaintext)' }]);
    expect(plan.verify()).toEqual([]);
  });

  test('keeps an ambient service PERMISSIVE (never DISABLE) for a caller outside the mesh', () => {
    const app = Testing.app();
    const plan = new MigrationPlan(app, 'mesh', { topology: ambientTopology(app, [['test3', 'sleep', 'httpbin.test2']]) });
    expect(plan.exceptions).toEqual([{ namespace: 'test2', serviceName: 'httpbin', reason: 'sleep.test3 has no sidecar and calls httpbin' }]);
    expect(plan.phaseObjects()[2].find((o) => o.metadata.name === 'httpbin-mtls-exception')!.spec.mtls.mode).toBe('PERMISSIVE');
    expect(plan.verify()).toEqual([]);
  });

  test('the legacy plan writes no DISABLE DestinationRule for ambient servers: sidecars reach them over HBONE', () => {
    const app = Testing.app();
    const plan = new MigrationPlan(app, 'legacy', { topology: ambientTopology(app, [['test1', 'sleep', 'httpbin.test2'], ['test1', 'sleep', 'httpbin.test3']]), flavor: ApiFlavor.LEGACY });
    const drs = plan.phaseObjects()[1].filter((o) => o.kind === 'DestinationRule').map((o) => o.spec.host);
    expect(drs).toEqual(['httpbin.test3.svc.cluster.local', 'kubernetes.default.svc.cluster.local', '*.local']);
  });
});
