/**
 * The cdk8s workflow end to end (issue #17): an app with a topology, a steady state and a MigrationPlan, synthesized
 * as `cdk8s synth` does with a validation plugin (cdk8s records construct metadata, the synth-time check writes
 * istio-mtls-metadata.json), then checked by the plugin and by `istio-mtls analyze <dir>`: all three report the
 * same findings. Plus split mesh scopes (IMT8002, IMT8003) and acknowledgements in every front end and format.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { Calls, ClientTls, ClientTlsPolicy, IstioMtls, MeshWideMtls, MigrationPlan, MtlsMode, NamespaceMtls, ServiceMtls } from '../src';
import { runCli } from '../src/cli/main';
import { findingsOf } from '../src/constructs/_synth-check';
import { IstioMtlsValidation, PluginViolation } from '../src/plugin';
import { Httpbin, Injection, SampleNamespace, Sleep, fooBarLegacyMesh } from '../examples/_apps';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
  dirs.push(d);
  return d;
}

/** An app as cdk8s-cli runs it with a validation plugin configured. */
function cdk8sApp(): App {
  return new App({ outdir: tmp(), recordConstructMetadata: true });
}

/** Writes each chart's objects as cdk8s does (also when synth failed), without running validation again. */
function writeManifests(app: App): string[] {
  return app.charts.map((c) => {
    const file = path.join(app.outdir, `${c.node.id}.k8s.yaml`);
    fs.writeFileSync(file, Yaml.stringify(...c.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x)).map((o) => o.toJson())));
    return file;
  });
}

/** Synthesizes; returns the error text (empty when synth passed). */
function synth(app: App): string {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    app.synth();
    return '';
  } catch (e) {
    return String((e as Error).message);
  } finally {
    warn.mockRestore();
  }
}

/** Active findings (errors and warnings) at synth: `severity CODE message`. */
function synthFindings(app: App): string[] {
  return findingsOf(app).filter((f) => !f.suppressed && f.severity !== 'info').map((f) => `${f.severity} ${f.code} ${f.message}`).sort();
}

async function plugin(manifests: string[], properties: object = {}): Promise<{ status: string; findings: string[]; violations: PluginViolation[]; metadata: Record<string, string> }> {
  const violations: PluginViolation[] = [];
  let status = '';
  let metadata: Record<string, string> = {};
  await new IstioMtlsValidation(properties).validate({ manifests, report: { addViolation: (v) => { violations.push(v); }, submit: (s, m) => { status = s; metadata = m ?? {}; } } });
  const findings = violations.flatMap((v) => v.recommendation.split('\n').map((l) => l.trim().replace(/^- /, ''))
    .map((l) => /^\((error|warning)\) [^:]+: (.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m)
    .map((m) => `${m[1]} ${v.ruleName.split(' ')[0]} ${m[2]}`)).sort();
  return { status, findings, violations, metadata };
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: process.cwd() });
  return { code, stdout, stderr };
}

function cliFindings(json: string): string[] {
  return (JSON.parse(json).findings as Array<{ severity: string; code: string; message: string }>)
    .filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.code} ${f.message}`).sort();
}

/** The README's shape: topology and steady state in one configured App, a MigrationPlan beside them. */
function planApp(): { app: App; plan: MigrationPlan } {
  const app = cdk8sApp();
  IstioMtls.configure(app, {});
  const topology = new Chart(app, 'topology');
  fooBarLegacyMesh(topology);
  const steady = new Chart(app, 'steady');
  new MeshWideMtls(steady, 'mesh');
  new ServiceMtls(steady, 'httpbin-bar', {
    namespace: 'bar', matchLabels: { app: 'httpbin' }, mode: MtlsMode.PERMISSIVE, reason: 'sleep.legacy has no sidecar',
  });
  const plan = new MigrationPlan(app, 'migration', { topology });
  return { app, plan };
}

describe('a MigrationPlan with the plugin configured', () => {
  test('synth, the plugin and the CLI report the same findings, without false IMT4004/IMT4001 between phases', async () => {
    const { app } = planApp();
    expect(synth(app)).toBe('');
    const manifests = fs.readdirSync(app.outdir).filter((f) => f.endsWith('.k8s.yaml')).map((f) => path.join(app.outdir, f));
    expect(manifests).toHaveLength(5);
    expect(fs.existsSync(path.join(app.outdir, 'istio-mtls-metadata.json'))).toBe(true);
    fs.writeFileSync(path.join(app.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: { default: { path: 'x' } } }));

    const fromSynth = synthFindings(app);
    const p = await plugin(manifests, { meshPerManifest: false });
    expect(p.status).toBe('success');
    expect(p.findings.filter((l) => /IMT400[14]/.test(l))).toEqual([]);
    expect(p.findings).toEqual(fromSynth);
    const c = await cli(['analyze', app.outdir, '--format', 'json']);
    expect(c.code).toBe(0);
    expect(cliFindings(c.stdout)).toEqual(fromSynth);
  });

  test('a call broken in one phase fails synth, the plugin and the CLI', async () => {
    const { app, plan } = planApp();
    // Phase 3 (mesh STRICT) also sends plaintext to httpbin.foo: sleep.bar's declared call is reset.
    new ClientTlsPolicy(plan.phases[2].chart, 'broken', { host: 'httpbin.foo.svc.cluster.local', namespace: 'foo', tls: ClientTls.disable(), reason: 'a bad idea' });
    const thrown = synth(app);
    expect(thrown).toMatch(/\[migration-3-mesh-strict\/broken\] IMT5005 /);
    const manifests = writeManifests(app);
    const fromSynth = synthFindings(app);
    expect(fromSynth.some((l) => l.startsWith('error IMT5005'))).toBe(true);
    const p = await plugin(manifests);
    expect(p.status).toBe('failure');
    expect(p.findings).toEqual(fromSynth);
    // The plugin's message names the real construct path (cdk8s-cli's column looks objects up by name only).
    expect(p.violations.find((v) => v.ruleName.startsWith('IMT5005'))!.recommendation).toContain('[migration-3-mesh-strict/broken] DestinationRule foo/broken');
    const c = await cli(['analyze', app.outdir, '--format', 'json']);
    expect(c.code).toBe(1);
    expect(cliFindings(c.stdout)).toEqual(fromSynth);
  });
});

describe('mesh scopes configured chart by chart', () => {
  test('policies in a scope without workloads, and a declared call into another scope, are warnings with the fix', async () => {
    const app = cdk8sApp();
    const topology = new Chart(app, 'topology');
    IstioMtls.configure(topology, {});
    fooBarLegacyMesh(topology);
    const policies = new Chart(app, 'policies');
    IstioMtls.configure(policies, {});
    new NamespaceMtls(policies, 'bar', { namespace: 'bar' });
    const callers = new Chart(app, 'callers');
    IstioMtls.configure(callers, {});
    const ext = new Construct(callers, 'ext');
    new SampleNamespace(ext, 'Namespace', { name: 'ext' });
    const sleep = new Sleep(ext, 'sleep', { namespace: 'ext', injection: Injection.NEVER });
    Calls.declare(sleep.deployment, 'httpbin.foo.svc.cluster.local', 8000);

    expect(synth(app)).toBe('');
    const found = synthFindings(app);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^warning IMT8003 PeerAuthentication bar\/default is in mesh scope policies, which holds no workloads, while the workloads of namespace bar are in topology.*fix: configure the App/),
      expect.stringMatching(/^warning IMT8002 declared call sleep\.ext -> httpbin\.foo\.svc\.cluster\.local:8000: Service foo\/httpbin is in another mesh scope \(topology\) than the caller \(callers\).*fix: configure the App/),
    ]));
    const manifests = fs.readdirSync(app.outdir).filter((f) => f.endsWith('.k8s.yaml')).map((f) => path.join(app.outdir, f));
    expect((await plugin(manifests)).findings).toEqual(found);
    expect(cliFindings((await cli(['analyze', app.outdir, '--format', 'json'])).stdout)).toEqual(found);
  });
});

describe('acknowledgements', () => {
  function ackApp(): App {
    const app = cdk8sApp();
    IstioMtls.configure(app, { failOnWarnings: true, ignore: ['IMT1011: the shop team owns this exception'] });
    const c = new Chart(app, 'shop');
    const svc = new ServiceMtls(c, 'cart', { namespace: 'shop', matchLabels: { app: 'cart' }, mode: MtlsMode.PERMISSIVE });
    IstioMtls.acknowledge(svc, 'IMT1010', 'the payment gateway calls cart in plaintext until June');
    new ApiObject(c, 'legacy-pa', {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop', annotations: { 'istio-mtls.cdk8s.io/accept': 'IMT1010: monitoring scrapes plaintext; IMT1011: DISABLE is on purpose' } },
      spec: { mtls: { mode: 'PERMISSIVE' } },
    });
    new ApiObject(c, 'off', {
      apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
      metadata: { name: 'off', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'batch' } }, mtls: { mode: 'DISABLE' } },
    });
    return app;
  }
  const EXPECTED = [
    'IMT1010 PeerAuthentication shop/cart construct: the payment gateway calls cart in plaintext until June',
    'IMT1010 PeerAuthentication shop/default annotation: monitoring scrapes plaintext',
    'IMT1011 PeerAuthentication shop/off cli: the shop team owns this exception',
  ];

  test('work identically at synth, in the plugin and in the CLI, and stay visible in text, JSON and SARIF', async () => {
    const app = ackApp();
    expect(synth(app)).toBe(''); // failOnWarnings, and every warning is acknowledged
    const fromSynth = findingsOf(app).filter((f) => f.suppressed)
      .map((f) => `${f.code} ${f.resource.kind} ${f.resource.namespace}/${f.resource.name} ${f.suppressed!.kind}: ${f.suppressed!.reason}`).sort();
    expect(fromSynth).toEqual(EXPECTED);
    expect(synthFindings(app)).toEqual([]);

    const manifest = path.join(app.outdir, 'shop.k8s.yaml');
    const p = await plugin([manifest], { failOnWarnings: true, ignore: ['IMT1011: the shop team owns this exception'] });
    expect(p.status).toBe('success');
    expect(p.findings).toEqual([]);
    expect(p.metadata.suppressed).toBe('3');
    expect(p.metadata.suppressedFindings.split('\n').map((l) => l.replace(/^(\S+) \[[^\]]+\] (\S+) (\S+) \((\w+): (.*)\)$/, '$1 $2 $3 $4: $5')).sort()).toEqual(EXPECTED);

    const ignore = ['--ignore', 'IMT1011: the shop team owns this exception'];
    const json = await cli(['analyze', app.outdir, '--format', 'json', '--fail-on', 'warning', ...ignore]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.findings.filter((f: any) => f.severity !== 'info')).toEqual([]);
    expect(doc.summary.suppressed).toBe(3);
    expect(doc.suppressed.map((f: any) => `${f.code} ${f.resource.kind} ${f.resource.namespace}/${f.resource.name} ${f.suppressed.kind}: ${f.suppressed.reason}`).sort()).toEqual(EXPECTED);

    const text = await cli(['analyze', app.outdir, ...ignore]);
    expect(text.stdout).toMatch(/Suppressed findings \(accepted on purpose; they fail nothing\):/);
    expect(text.stdout).toMatch(/IMT1011 +PeerAuthentication\/shop\/off .* cli +the shop team owns this exception/);
    expect(text.stdout).toMatch(/3 suppressed/);

    const sarif = JSON.parse((await cli(['analyze', app.outdir, '--format', 'sarif', ...ignore])).stdout);
    const results = sarif.runs[0].results.filter((r: any) => r.suppressions);
    expect(results.map((r: any) => `${r.ruleId} ${r.suppressions[0].kind} ${r.suppressions[0].justification}`).sort()).toEqual([
      'IMT1010 inSource monitoring scrapes plaintext',
      'IMT1010 inSource the payment gateway calls cart in plaintext until June',
      'IMT1011 external the shop team owns this exception',
    ]);
    const validate = sarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  });

  test('an acknowledgement without a reason is itself an error, in every entry point', async () => {
    expect(() => IstioMtls.acknowledge(new Chart(new App(), 'c'), 'IMT1010', ' ')).toThrow(/IMT8001 IstioMtls.acknowledge\(IMT1010\): an acknowledgement needs a reason; fix:/);
    const r = await cli(['analyze', path.join(__dirname, 'fixtures', 'rules', 'IMT1010', 'bad.yaml'), '--ignore', 'IMT1010']);
    expect(r.code).toBe(2);
    expect(() => new IstioMtlsValidation({ ignore: ['IMT1010:'] } as any)).toThrow(/has no reason/);
  });

  // A misspelt code would accept nothing (the finding stays as it was) and IMT8001 cannot be accepted: both are refused
  // up front, by the CLI as a usage error (exit 2, nothing on stdout) and by the plugin when it is configured.
  test('an ignore naming a code no rule has, or IMT8001, is refused in every entry point', async () => {
    const bad = path.join(__dirname, 'fixtures', 'rules', 'IMT1010', 'bad.yaml');
    const misspelt = await cli(['analyze', bad, '--ignore', 'IMT1100: legacy callers']);
    expect([misspelt.code, misspelt.stdout]).toEqual([2, '']);
    expect(misspelt.stderr).toContain(`'--ignore': entry "IMT1100: legacy callers" names IMT1100, which no rule has, so it would accept nothing: \`istio-mtls rules\` lists the codes`);
    const meta = await cli(['analyze', bad, '--ignore', 'IMT8001: quiet']);
    expect([meta.code, meta.stdout]).toEqual([2, '']);
    expect(meta.stderr).toContain('names IMT8001, which cannot be acknowledged');
    expect(() => new IstioMtlsValidation({ ignore: ['IMT1100: legacy callers'] } as any)).toThrow(/IstioMtlsValidation: property 'ignore': ignore entry "IMT1100: legacy callers" names IMT1100, which no rule has/);
    expect(() => new IstioMtlsValidation({ ignore: ['IMT8001: quiet'] } as any)).toThrow(/names IMT8001, which cannot be acknowledged/);
    expect((await cli(['analyze', bad, '--ignore', 'IMT1010: legacy callers'])).code).toBe(0);
    expect(() => IstioMtls.configure(new Chart(new App(), 'c'), { ignore: ['IMT1100: legacy callers'] })).toThrow(/^\[c\] IstioMtls.configure: 'ignore': ignore entry "IMT1100: legacy callers" names IMT1100, which no rule has/);
    expect(() => IstioMtls.configure(new Chart(new App(), 'c'), { ignore: ['IMT1010'] })).toThrow(/^\[c\] IstioMtls.configure: 'ignore': ignore entry "IMT1010" has no reason/);
    expect(() => IstioMtls.acknowledge(new Chart(new App(), 'c'), 'IMT1100', 'legacy')).toThrow(/^\[c\] IMT8001 IstioMtls.acknowledge: IMT1100 is no rule of this library, so it would accept nothing; fix:/);
    expect(() => IstioMtls.acknowledge(new Chart(new App(), 'c'), 'IMT8001', 'quiet')).toThrow(/^\[c\] IMT8001 IstioMtls.acknowledge: IMT8001 reports acknowledgements themselves and cannot be acknowledged; fix:/);
  });
});

describe('cdk8s output as input', () => {
  test('a stray non-manifest JSON beside the manifests is still unusable input', async () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'mesh.k8s.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
    fs.writeFileSync(path.join(d, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
    const ok = await cli(['analyze', d, '--verbose']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/skipped 1 file cdk8s writes beside the manifests \(construct metadata, not Kubernetes objects\): .*construct-metadata\.json/);
    fs.writeFileSync(path.join(d, 'settings.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
    expect((await cli(['analyze', d])).code).toBe(2);
  });

  test('`istio-mtls analyze` exits 0 on the directory `cdk8s synth` writes for the examples', async () => {
    const { buildExamples } = await import('../examples');
    const app = cdk8sApp();
    const plans = buildExamples(app);
    expect(synth(app)).toBe('');
    plans.forEach((p) => p.writeReport(app.outdir));
    const r = await cli(['analyze', app.outdir]);
    expect(r.stdout).toMatch(/^0 errors, 0 warnings/m);
    expect(r.code).toBe(0);
  });
});

function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'cli', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  const { id, $schema: _draft04, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  const canParse = (s: string, base?: string) => { try { new URL(s, base); return true; } catch { return false; } };
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && canParse(s));
  ajv.addFormat('uri-reference', (s: string) => canParse(s, 'http://base.example/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ $id: id, ...rest });
}

void Httpbin;
