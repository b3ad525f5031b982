/**
 * One engine, three entry points: the same objects give the same findings through synth-time validation, the cdk8s
 * plugin and the CLI.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Testing, Yaml } from 'cdk8s';
import { SeedNamespacesChart } from '../examples/seed-namespaces';
import { runCli } from '../src/cli/main';
import { IstioMtlsValidation, PluginViolation } from '../src/plugin';

test('synth-time validation, the plugin and the CLI report the same findings for the same objects', async () => {
  // The seed scenario without its two fixes: IMT5002 (httpbin.test3) and IMT5001 (sleep.test3) errors, plus warnings.
  const app = Testing.app();
  const chart = new SeedNamespacesChart(app, 'seed', { withTest3Disable: false, withHttpbinPermissive: false });
  const objects = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());

  // 1. synth-time: errors fail synth as "[path] CODE message"; warnings are printed as "Warning: [path] CODE message".
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  let thrown = '';
  try {
    Testing.synth(chart);
  } catch (e) {
    thrown = String((e as Error).message);
  } finally {
    warn.mockRestore();
  }
  const synthErrors = [...thrown.matchAll(/^\s*\[[^\]]+\] (IMT\d{4}) (.*)$/gm)].map((m) => `error ${m[1]} ${m[2]}`);
  const synthWarnings = warn.mock.calls.map((c) => String(c[0])).map((l) => /^Warning: \[[^\]]+\] (IMT\d{4}) (.*)$/.exec(l)!).map((m) => `warning ${m[1]} ${m[2]}`);
  const synth = [...synthErrors, ...synthWarnings].sort();

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
