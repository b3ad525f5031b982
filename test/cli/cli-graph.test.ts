import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { meshGraph, toDot, toMermaid } from '../../src/engine/graph';
import { runCli } from '../../src/cli/main';
import { bookinfoAmbientMigration } from '../../examples/ambient-migration';
import { Testing } from 'cdk8s';

const SEED = path.join(__dirname, '..', 'fixtures', 'seed');
type K8s = { [key: string]: any };

/** The seed mesh (test1/test2 injected, test3 not) under the seed's STRICT MeshPolicy, with sleep.test3 -> httpbin.test1 declared. */
function seedMesh(withPermissive: boolean): K8s[] {
  const files = ['topology.yaml', 'mesh-policy-legacy.yaml', 'api-server-exemption.yaml', 'httpbin-test3-disable.yaml', ...(withPermissive ? ['httpbin-test1-permissive.yaml'] : [])];
  const objects = files.flatMap((f) => fs.readFileSync(path.join(SEED, f), 'utf8').split(/^---$/m).map((d) => load(d) as K8s).filter((o) => o && o.kind));
  const sleep3 = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'sleep' && o.metadata.namespace === 'test3')!;
  sleep3.metadata.annotations = { 'istio-mtls.cdk8s.io/calls': 'httpbin.test1:8000' };
  const sleep1 = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'sleep' && o.metadata.namespace === 'test1')!;
  sleep1.metadata.annotations = { 'istio-mtls.cdk8s.io/calls': 'httpbin.test2:8000,httpbin.test3:8000' };
  return objects;
}

/** Renders DOT with Graphviz (installed by .ci/run): a syntax error fails here. */
function renderDot(dot: string): string {
  return execFileSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
}

describe('mesh graph', () => {
  test('the seed mesh renders with Graphviz, and the broken sleep.test3 -> httpbin.test1 call is the red edge', () => {
    const g = meshGraph(seedMesh(false));
    expect(g.groups.map((x) => [x.namespace, x.detail])).toEqual([['test1', 'injection'], ['test2', 'injection'], ['test3', 'no mesh label']]);
    const broken = g.edges.filter((e) => e.status === 'broken');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ label: 'httpbin:8000', codes: ['IMT5001'] });
    const dot = toDot(g);
    expect(dot).toMatch(/n\d+ -> n\d+ \[label="httpbin:8000 BROKEN IMT5001", color="#dc2626", fontcolor="#dc2626", penwidth=2\];/);
    expect(dot.match(/ color="#dc2626"/g)).toHaveLength(1);
    const svg = renderDot(dot);
    expect(svg).toMatch(/<svg/);
    expect(svg).toContain('httpbin:8000 BROKEN IMT5001');
    expect(svg).toContain('stroke="#dc2626"');
  });

  test('with the seed\'s PERMISSIVE policy for httpbin.test1 no edge is red', () => {
    const g = meshGraph(seedMesh(true));
    expect(g.edges.map((e) => e.status)).toEqual(['ok', 'ok', 'ok']);
    expect(toMermaid(g)).not.toMatch(/linkStyle/);
    expect(renderDot(toDot(g))).not.toContain('#dc2626');
  });

  test('Mermaid marks the broken edge with a red linkStyle at its index', () => {
    const mmd = toMermaid(meshGraph(seedMesh(false)));
    const edges = mmd.split('\n').filter((l) => / -->\|/.test(l));
    const i = edges.findIndex((l) => l.includes('BROKEN IMT5001'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(mmd).toContain(`  linkStyle ${i} stroke:#dc2626,stroke-width:2px,color:#dc2626`);
    expect(mmd).toMatch(/^flowchart LR\n {2}subgraph ns0\["test1 \(injection\)"\]/);
  });

  test('every phase picture of the ambient plan renders with Graphviz', () => {
    const plan = bookinfoAmbientMigration(Testing.app());
    const md = plan.report();
    expect(md.match(/```mermaid/g)).toHaveLength(plan.phases.length);
    // The same graphs as DOT, through the real renderer.
    const last = [...plan.topologyManifest().filter((o) => o.kind !== 'AuthorizationPolicy'), ...plan.phaseObjects()[plan.phases.length - 1]];
    expect(renderDot(toDot(meshGraph(last)))).toMatch(/<svg/);
  });
});

describe('istio-mtls graph', () => {
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(['graph', ...args], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
    return { code, out, err };
  };

  test('draws DOT that Graphviz renders, and exits 1 when a declared call is broken', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-'));
    const file = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(file, seedMesh(false).map((o) => JSON.stringify(o)).join('\n---\n'));
    const r = await run(file, '--format', 'dot');
    expect(r.code).toBe(1);
    expect(renderDot(r.out)).toContain('BROKEN IMT5001');
    const m = await run(file);
    expect(m.out).toMatch(/^flowchart LR/);
  });

  test('exits 0 on the seed files with the PERMISSIVE policy, and 2 on usage errors', async () => {
    const r = await run(...['topology.yaml', 'mesh-policy-legacy.yaml', 'httpbin-test1-permissive.yaml'].map((f) => path.join(SEED, f)));
    expect(r.code).toBe(0);
    expect((await run('--format', 'png', path.join(SEED, 'topology.yaml'))).code).toBe(2);
    expect((await run()).err).toMatch(/give at least one file/);
    expect((await run('--help')).out).toMatch(/Usage: istio-mtls graph/);
  });
});
