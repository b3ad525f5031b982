/**
 * Behaviour check for refactors: the JSON findings (`analyze --format json`) and status rows (`status --format json`)
 * of the benchmark's S and L meshes, of a perturbed S mesh (broken configurations mixed in, so that the traffic rules
 * fire) and of every YAML fixture under test/fixtures, as SHA-256 digests.
 *
 *   npm run findings            # compare with bench/findings-golden.json; exit 1 on any difference
 *   npm run findings -- --write # record the current output as the golden file (after an intended verdict change)
 *   npm run findings -- --quick # without the L mesh
 *
 * The golden file was first written at 7c2d267, before the engine was split into concern-sized files (issue 14).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildFloor, generateMesh, MeshSpec } from './mesh';
import { prng } from './prng';
import { runCli } from '../src/cli/main';

const ROOT = path.join(__dirname, '..');
const GOLDEN = path.join(__dirname, 'findings-golden.json');

function synthYaml(app: App): string {
  return app.charts.map((c) => c.toJson().map((o: unknown) => `---\n${JSON.stringify(o)}\n`).join('')).join('');
}

/** The S mesh with mistakes mixed in: DISABLE/SIMPLE rules, a plaintext namespace policy, sidecar-less callers. */
function perturbedYaml(mesh: MeshSpec): string {
  const rnd = prng(7);
  const extra: object[] = [];
  mesh.namespaces.forEach((ns, i) => {
    if (i % 17 === 0) extra.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns.name }, spec: { mtls: { mode: i % 34 === 0 ? 'DISABLE' : 'PERMISSIVE' } } });
  });
  mesh.services.forEach((s, j) => {
    const ns = mesh.namespaces[s.ns].name;
    const r = rnd();
    const host = `${s.name}.${ns}.svc.cluster.local`;
    if (r < 0.03) extra.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `${s.name}-off`, namespace: ns }, spec: { host, trafficPolicy: { tls: { mode: 'DISABLE' } } } });
    else if (r < 0.05) extra.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `${s.name}-simple`, namespace: ns }, spec: { host, trafficPolicy: { tls: { mode: 'SIMPLE' } } } });
    else if (r < 0.06) extra.push({ apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: `${s.name}-notls`, namespace: ns }, spec: { host, trafficPolicy: { portLevelSettings: [{ port: { number: 80 } }] } } });
    else if (r < 0.07) extra.push({ apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: `${s.name}-off`, namespace: ns }, spec: { selector: { matchLabels: { app: s.name } }, mtls: { mode: 'DISABLE' }, portLevelMtls: { 9090: { mode: 'STRICT' } } } });
    if (j % 101 === 0) extra.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `wild-${j}`, namespace: 'istio-system' }, spec: { host: `*.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } });
  });
  return synthYaml(buildFloor(mesh)) + extra.map((o) => `---\n${JSON.stringify(o)}\n`).join('');
}

async function run(args: string[]): Promise<string> {
  let out = '';
  await runCli(args, { stdout: (s) => { out += s; }, stderr: () => undefined, stdin: () => '', isTTY: false, env: {}, cwd: ROOT });
  return out;
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** `CODE severity x N` per code, so a reader sees which rules an input exercises. */
function codeCounts(json: string): string {
  const counts = new Map<string, number>();
  for (const f of JSON.parse(json).findings as Array<{ code: string; severity: string }>) counts.set(`${f.code} ${f.severity}`, (counts.get(`${f.code} ${f.severity}`) ?? 0) + 1);
  return [...counts].sort().map(([k, n]) => `${k} x${n}`).join(', ') || 'no findings';
}

function fixtures(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtures(p));
    else if (/\.ya?ml$/.test(e.name) && e.name !== 'expected.yaml') out.push(p); // expected.yaml: a rule's expectations, not input
  }
  return out;
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const quick = process.argv.includes('--quick');
  // A folder at a fixed place inside the checkout (git-ignored): findings name their file, so its path relative to
  // the checkout is part of what is compared, and must be the same in every checkout.
  const tmp = path.join(ROOT, '.findings');
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const inputs: Array<[string, string]> = [];
  try {
    const S = generateMesh(200, 2000, 4000);
    inputs.push(['mesh-S', synthYaml(buildFloor(S))]);
    inputs.push(['mesh-S-perturbed', perturbedYaml(S)]);
    if (!quick) inputs.push(['mesh-L', synthYaml(buildFloor(generateMesh(2000, 20000, 40000)))]);
    const files: Array<[string, string]> = inputs.map(([name, text]) => {
      const f = path.join(tmp, `${name}.yaml`);
      fs.writeFileSync(f, text);
      return [name, f];
    });
    for (const f of fixtures(path.join(ROOT, 'test', 'fixtures'))) files.push([path.relative(ROOT, f), f]);
    const digests: Record<string, { analyze: string; status: string }> = {};
    for (const [name, f] of files) {
      // Relative paths keep the digests independent of where the temp files are.
      const rel = path.relative(ROOT, f);
      const analyzed = await run(['analyze', rel, '--format', 'json']);
      digests[name] = { analyze: sha(analyzed), status: sha(await run(['status', rel, '--format', 'json'])) };
      if (name.startsWith('mesh-')) console.log(`${name}: ${codeCounts(analyzed)}`);
    }
    if (write) {
      fs.writeFileSync(GOLDEN, `${JSON.stringify(digests, null, 2)}\n`);
      console.log(`wrote ${Object.keys(digests).length} digests to ${path.relative(ROOT, GOLDEN)}`);
      return;
    }
    const golden: typeof digests = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));
    let diff = 0;
    for (const [name, d] of Object.entries(digests)) {
      const g = golden[name];
      if (!g) { console.log(`new input (not in golden): ${name}`); continue; }
      for (const k of ['analyze', 'status'] as const) if (g[k] !== d[k]) { diff++; console.log(`DIFFERENT ${k}: ${name}`); }
    }
    for (const name of Object.keys(golden)) if (!digests[name] && !(quick && name === 'mesh-L')) { diff++; console.log(`missing input: ${name}`); }
    console.log(diff === 0 ? `identical: ${Object.keys(digests).length} inputs, analyze and status JSON` : `${diff} differences`);
    process.exitCode = diff === 0 ? 0 : 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(2); });
