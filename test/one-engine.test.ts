/**
 * One engine, three entry points: the same objects give the same findings through synth-time validation, the cdk8s
 * plugin and the CLI.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing, Yaml } from 'cdk8s';
import { SeedNamespacesChart } from '../examples/seed-namespaces';
import * as yaml from 'js-yaml';
import { AnalyzeOptions, IstioMtls } from '../src';
import { runCli } from '../src/cli/main';
import { IstioMtlsValidation, PluginViolation } from '../src/plugin';

/**
 * What `cdk8s synth` of a chart reports: errors fail it as "[path] CODE message", warnings are printed as
 * "Warning: [path] CODE message". `synth` has them as "severity CODE message" without the synth-time construct hint
 * ('; with the constructs: ...'), which `hinted` keeps.
 */
function synthFindings(chart: Chart): { synth: string[]; hinted: string[] } {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let thrown = '';
  let printed: string[] = [];
  try {
    Testing.synth(chart);
  } catch (e) {
    thrown = String((e as Error).message);
  } finally {
    printed = warn.mock.calls.map((c) => String(c[0])); // read before mockRestore(), which forgets the calls
    warn.mockRestore();
  }
  const errors = [...thrown.matchAll(/^\s*\[[^\]]+\] (IMT\d{4}) (.*)$/gm)];
  const warnings = printed.map((l) => /^Warning: \[[^\]]+\] (IMT\d{4}) (.*)$/.exec(l)!);
  const strip = (m: string) => m.replace(/; with the constructs: .*$/, '');
  return {
    synth: [...errors.map((m) => `error ${m[1]} ${strip(m[2])}`), ...warnings.map((m) => `warning ${m[1]} ${strip(m[2])}`)].sort(),
    hinted: errors.map((m) => m[2]),
  };
}

test('synth-time validation, the plugin and the CLI report the same findings for the same objects', async () => {
  // The seed scenario without its two fixes: IMT5002 (httpbin.test3) and IMT5001 (sleep.test3) errors, plus warnings.
  const app = Testing.app();
  const chart = new SeedNamespacesChart(app, 'seed', { withTest3Disable: false, withHttpbinPermissive: false });
  const objects = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());

  // 1. synth-time: errors fail synth as "[path] CODE message"; warnings are printed as "Warning: [path] CODE message".
  const { synth, hinted } = synthFindings(chart);
  // Synth-time messages add how to act with the constructs ('; with the constructs: ...'); the rest is the engine's.
  expect(hinted.some((m) => /; with the constructs: ClientTlsPolicy with tls ClientTls\.disable\(\)$/.test(m))).toBe(true);
  const synthErrors = synth.filter((l) => l.startsWith('error '));

  // The same objects as the manifest `cdk8s synth` writes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'one-engine-'));
  const file = path.join(dir, 'seed.k8s.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  try {
    // 2. the CLI
    let out = '';
    const code = await runCli(['analyze', file, '--format', 'json'], { stdout: (s) => { out += s; }, stderr: () => undefined });
    expect(code).toBe(1);
    const cli = (JSON.parse(out).findings as Array<{ severity: string; code: string; message: string }>)
      .filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.code} ${f.message}`).sort();

    // 3. the plugin
    const violations: PluginViolation[] = [];
    let status = '';
    await new IstioMtlsValidation().validate({ manifests: [file], report: { addViolation: (v) => { violations.push(v); }, submit: (s) => { status = s; } } });
    expect(status).toBe('failure');
    const plugin = violations.flatMap((v) => v.recommendation.split('\n').map((l) => l.trim().replace(/^- /, ''))
      .map((l) => /^\((error|warning)\) [^:]+: (.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m)
      .map((m) => `${m[1]} ${v.ruleName.split(' ')[0]} ${m[2]}`)).sort();

    expect(synthErrors.some((l) => l.startsWith('error IMT5002 declared call sleep.test1 -> httpbin.test3'))).toBe(true);
    expect(synthErrors.some((l) => l.startsWith('error IMT5001 declared call sleep.test3 (no sidecar) -> httpbin.test1'))).toBe(true);
    expect(cli).toEqual(synth);
    expect(plugin).toEqual(synth);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The findings (errors and warnings) of the same objects through synth-time checks, the CLI and the plugin. */
async function threeWays(objects: any[], options: AnalyzeOptions, cliFlags: string[]): Promise<{ synth: string[]; cli: string[]; plugin: string[] }> {
  const chart = Testing.chart();
  IstioMtls.configure(chart, { printWarnings: true, ...options });
  objects.forEach((o, i) => new ApiObject(chart, `obj${i}`, o));
  const { synth } = synthFindings(chart);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'one-engine-'));
  const file = path.join(dir, 'mesh.k8s.yaml');
  fs.writeFileSync(file, Yaml.stringify(...objects));
  try {
    let out = '';
    await runCli(['analyze', file, '--format', 'json', ...cliFlags], { stdout: (s) => { out += s; }, stderr: () => undefined });
    const cli = (JSON.parse(out).findings as Array<{ severity: string; code: string; message: string }>)
      .filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.code} ${f.message}`).sort();
    const violations: PluginViolation[] = [];
    await new IstioMtlsValidation(options as any).validate({ manifests: [file], report: { addViolation: (v) => { violations.push(v); }, submit: () => undefined } });
    const plugin = violations.flatMap((v) => v.recommendation.split('\n').map((l) => l.trim().replace(/^- /, ''))
      .map((l) => /^\((error|warning)\) [^:]+: (.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m)
      .map((m) => `${m[1]} ${v.ruleName.split(' ')[0]} ${m[2]}`)).sort();
    return { synth, cli, plugin };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A scenario of test/fixtures/istio-tasks with calls declared on the given callers (workload name.namespace -> hosts). */
function scenario(files: string[], calls: Record<string, string>): any[] {
  const objects = files.flatMap((f) => (yaml.loadAll(fs.readFileSync(path.join(__dirname, 'fixtures', 'istio-tasks', f), 'utf8')) as any[]).filter((d) => d && typeof d === 'object'));
  for (const o of objects) {
    const key = `${o.metadata?.name}.${o.metadata?.namespace}`;
    if (o.kind === 'Deployment' && calls[key]) o.metadata.annotations = { ...o.metadata.annotations, 'istio-mtls.cdk8s.io/calls': calls[key] };
  }
  return objects;
}

test('the three entry points agree on kube-injected workloads (sidecars from the manifests, not namespace labels)', async () => {
  const objects = scenario(['authn-policy/base.yaml', 'authn-policy/mesh-strict.yaml'], { 'sleep.legacy': 'httpbin.foo:8000', 'sleep.foo': 'httpbin.bar:8000' });
  const { synth, cli, plugin } = await threeWays(objects, {}, []);
  expect(synth.filter((l) => l.startsWith('error'))).toEqual([expect.stringMatching(/^error IMT5001 declared call sleep\.legacy \(no sidecar\) -> httpbin\.foo\.svc\.cluster\.local:8000/)]);
  expect(cli).toEqual(synth);
  expect(plugin).toEqual(synth);
});

test('the three entry points agree on a mixed sidecar / ambient / no-mesh mesh, and on the HBONE options', async () => {
  const calls = { 'curl.nomesh': 'httpbin.ambient:8000', 'curl.ambient': 'httpbin.sidecar:8000', 'curl.sidecar': 'httpbin.ambient:8000' };
  const objects = scenario(['ambient/base.yaml', 'ambient/ambient-strict.yaml', 'ambient/sidecar-strict.yaml'], calls);
  const defaults = await threeWays(objects, {}, []);
  const errors = defaults.synth.filter((l) => l.startsWith('error')).map((l) => l.slice(0, l.indexOf(':8000:') + 6));
  expect(errors).toEqual([
    'error IMT5001 declared call curl.nomesh (no sidecar) -> httpbin.ambient.svc.cluster.local:8000:',
    'error IMT7001 declared call curl.ambient (ambient) -> httpbin.sidecar.svc.cluster.local:8000:',
  ]);
  expect(defaults.cli).toEqual(defaults.synth);
  expect(defaults.plugin).toEqual(defaults.synth);
  // istiod without HBONE sending: the sidecar's call to the ambient httpbin fails too, in all three.
  const noHbone = await threeWays(objects, { sidecarsSendHbone: false }, ['--sidecars-send-hbone', 'false']);
  expect(noHbone.synth.some((l) => l.startsWith('error IMT7003 declared call curl.sidecar -> httpbin.ambient'))).toBe(true);
  expect(noHbone.cli).toEqual(noHbone.synth);
  expect(noHbone.plugin).toEqual(noHbone.synth);
});
