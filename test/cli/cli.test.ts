import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { analyzeDetailed, listRules } from '../../src/engine/analyze';
import { RULES } from '../../src/engine/rules';
import { CliIo, runCli } from '../../src/cli/main';
import { loadContent, loadInputs } from '../../src/input/load';

const ROOT = path.join(__dirname, '..', '..');
const FIX = path.join('test', 'fixtures', 'cli');
const SEED = path.join('test', 'fixtures', 'seed');
const PRODUCTPAGE = path.join(FIX, 'productpage.yaml');
const INVALID_MODE = path.join(FIX, 'invalid-mode.yaml');
const LIST = path.join(FIX, 'list.yaml');
const PROJECT = path.join(FIX, 'project');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

interface Run { code: number; stdout: string; stderr: string }

async function run(args: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    cwd: ROOT,
    ...extra,
  });
  return { code, stdout, stderr };
}

let cwd: string;
let tmp: string;
beforeAll(() => {
  cwd = process.cwd();
  process.chdir(ROOT); // fixtures are named relative to the repository, as a user would type them
});
afterAll(() => process.chdir(cwd));
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-cli-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** The one-line stderr contract of unusable input: exit 2, nothing on stdout, one line naming the file. */
function expectUnusable(r: Run, file: string, ...fragments: Array<string | RegExp>): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(file);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  for (const f of fragments) expect(r.stderr).toMatch(f);
}

describe('analyze: exit codes', () => {
  test('exits 0 on the fixed seed (warnings and info only)', async () => {
    const r = await run(['analyze', SEED]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings?, \d+ info in 17 objects from 5 files$/m);
  });

  test('exits 1 when there is an error finding', async () => {
    const r = await run(['analyze', INVALID_MODE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('IMT1003');
  });

  test('exits 1 on the seed without its fixes: ISTIO_MUTUAL toward the kube-apiserver and httpbin.test3', async () => {
    const r = await run(['analyze', path.join(SEED, 'topology.yaml'), path.join(SEED, 'mesh-policy-legacy.yaml'), '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.filter((f: any) => f.severity === 'error').map((f: any) => f.code)).toContain('IMT5004'); // *.local ISTIO_MUTUAL hits the kube-apiserver
    expect(findings.map((f: any) => f.code)).toContain('IMT5002'); // and httpbin.test3, which has no sidecar
  });

  test('exits 2 on usage errors with one line on stderr and nothing on stdout', async () => {
    for (const args of [[], ['analyze'], ['analyze', PRODUCTPAGE, '--format', 'xml'], ['analyze', PRODUCTPAGE, '--bogus'],
      ['analyze', PRODUCTPAGE, '--auto-mtls', 'maybe'], ['analyze', PRODUCTPAGE, '--istio-version', 'latest'], ['analyze', PRODUCTPAGE, '--format'], ['frobnicate'], ['rules', 'extra']]) {
      const r = await run(args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('analyze: JSON output', () => {
  test('has the documented shape: findings with code, severity, message, resource, field, file, line; and a summary', async () => {
    const r = await run(['analyze', INVALID_MODE, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toEqual([expect.objectContaining({
      code: 'IMT1003',
      severity: 'error',
      message: expect.stringContaining('STRICTT'),
      resource: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', namespace: 'foo', name: 'default' },
      field: 'spec.mtls.mode',
      file: INVALID_MODE,
      line: 17, // the field's own line: `mode: STRICTT` under `mtls:` in the second document (which starts on line 10)
      column: 5,
    })]);
    expect(out.summary).toEqual({
      errors: 1, warnings: 0, info: 0, objects: 2, files: 1,
      ignored: { objects: 1, kinds: { ConfigMap: 1 } }, skippedEmptyFiles: [],
    });
  });

  test('gives cluster-scoped resources a null namespace', async () => {
    const r = await run(['analyze', path.join(SEED, 'mesh-policy-legacy.yaml'), '--format', 'json']);
    const meshPolicy = JSON.parse(r.stdout).findings.find((f: any) => f.resource.kind === 'MeshPolicy');
    expect(meshPolicy.resource).toEqual({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', namespace: null, name: 'default' });
  });

  test('runs the engine once over all inputs together, so rules see objects from different files', async () => {
    // The mesh-wide STRICT policy and the DISABLE DestinationRule are in different files of the project.
    const r = await run(['analyze', PROJECT, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toContainEqual(expect.objectContaining({
      code: 'IMT5005',
      resource: expect.objectContaining({ kind: 'DestinationRule', namespace: 'bookinfo', name: 'productpage' }),
      file: path.join(PROJECT, 'apps', 'nested', 'client-tls.json'),
      line: 11, // the field (`"trafficPolicy": { "tls": ...`) of the List item, in JSON
      column: 28,
    }));
  });

  test('passes --root-namespace and --auto-mtls to the engine', async () => {
    const pa = write('mesh.yaml', 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: mesh-root\nspec:\n  selector:\n    matchLabels:\n      app: x\n  mtls:\n    mode: STRICT\n');
    const asNamespace = JSON.parse((await run(['analyze', pa, '--format', 'json'])).stdout).findings.map((f: any) => f.code);
    const asRoot = JSON.parse((await run(['analyze', pa, '--format', 'json', '--root-namespace', 'mesh-root'])).stdout).findings.map((f: any) => f.code);
    expect(asNamespace).not.toContain('IMT1007');
    expect(asRoot).toContain('IMT1007'); // a selector in the root namespace is ignored by Istio

    // Mesh-wide STRICT and no DestinationRule: fine with auto mTLS, plaintext toward STRICT without it.
    const strictApp = [path.join(PROJECT, 'mesh'), path.join(PROJECT, 'apps', 'bookinfo.yaml')];
    const auto = await run(['analyze', ...strictApp, '--format', 'json']);
    const manual = await run(['analyze', ...strictApp, '--format', 'json', '--auto-mtls', 'false']);
    expect(auto.code).toBe(0);
    expect(JSON.parse(auto.stdout).findings.map((f: any) => f.code)).not.toContain('IMT5008');
    expect(JSON.parse(manual.stdout).findings.map((f: any) => f.code)).toContain('IMT5008');
  });

  test('passes --istio-version to the engine: before 1.24 rules with different exportTo merge', async () => {
    const drs = write('drs.yaml', ['a-base', 'b-other'].map((name, i) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  host: cart\n  exportTo: ["${i === 0 ? 'web' : 'shop'}"]\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n`).join('---\n'));
    const codes = async (...extra: string[]) => JSON.parse((await run(['analyze', drs, '--format', 'json', ...extra])).stdout).findings.map((f: any) => f.code);
    expect(await codes()).not.toContain('IMT2013');
    expect(await codes('--istio-version', '1.23')).toContain('IMT2013');
  });
});

describe('analyze: text output', () => {
  test('prints a table with severity, code, resource, file:line and message, then a summary line', async () => {
    const r = await run(['analyze', INVALID_MODE]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+CODE\s+RESOURCE\s+LOCATION\s+MESSAGE$/);
    expect(lines[1]).toMatch(new RegExp(`^error\\s+IMT1003\\s+PeerAuthentication/foo/default\\s+${INVALID_MODE.replace(/[/.]/g, '\\$&')}:17\\s+.*STRICTT`));
    // columns line up: every row starts its CODE column where the header does
    expect(lines[1].indexOf('IMT1003')).toBe(lines[0].indexOf('CODE'));
    expect(r.stdout).toContain('\n1 error, 0 warnings, 0 info in 2 objects from 1 file\n');
    expect(r.stdout).toContain('ignored 1 object of kinds the engine does not check: ConfigMap\n');
  });

  test('says so when there are no findings', async () => {
    const f = write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: quiet\n');
    const r = await run(['analyze', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No findings.\n0 errors, 0 warnings, 0 info in 1 object from 1 file\n');
  });

  test('uses ANSI colours only on a terminal and without NO_COLOR', async () => {
    const tty = await run(['analyze', INVALID_MODE], { isTTY: true, env: {} });
    const piped = await run(['analyze', INVALID_MODE], { isTTY: false, env: {} });
    const noColor = await run(['analyze', INVALID_MODE], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toContain('\x1b[31merror');
    expect(piped.stdout).not.toContain('\x1b[');
    expect(noColor.stdout).not.toContain('\x1b[');
    // eslint-disable-next-line no-control-regex -- strips ANSI colour escapes (ESC [ ... m)
    expect(tty.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toBe(piped.stdout);
  });
});

describe('analyze: SARIF output', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, FIX, 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));

  function sarifValidator() {
    // The vendored schema is draft-04; its only draft-04-specific keyword is the top-level `id`.
    const { id, $schema: _draft04, ...rest } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }); // the schema's language pattern is not valid with the u flag
    ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && canParse(s));
    ajv.addFormat('uri-reference', (s: string) => canParse(s, 'http://base.example/'));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    return ajv.compile({ $id: id, ...rest });
  }

  test('validates against the SARIF 2.1.0 JSON schema', async () => {
    const stdin = () => fs.readFileSync(path.join(ROOT, SEED, 'mesh-policy-legacy.yaml'));
    const r = await run(['analyze', INVALID_MODE, LIST, PROJECT, '-', '--format', 'sarif'], { stdin });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    // findings about objects read from stdin have a logical location but no file
    const fromStdin = sarif.runs[0].results.filter((x: any) => x.locations[0].physicalLocation === undefined);
    expect(fromStdin.length).toBeGreaterThan(0);
    expect(fromStdin[0].locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^(MeshPolicy\/default|DestinationRule\/istio-system\/default)$/);
    const validate = sarifValidator();
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // and the schema is not vacuous: a broken log fails it
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
    expect(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ level: 'fatal', message: { text: 'x' } }] }] })).toBe(false);
  });

  test('has one run whose driver lists every rule, and one result per finding with file, line and resource', async () => {
    const r = await run(['analyze', INVALID_MODE, '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('istio-mtls');
    expect(driver.version).toBe(VERSION);
    expect(driver.rules.map((x: any) => x.id)).toEqual(listRules().map((x) => x.code));
    const rule = driver.rules.find((x: any) => x.id === 'IMT1003');
    expect(rule).toEqual(expect.objectContaining({
      name: 'pa-invalid-mode',
      shortDescription: { text: expect.any(String) },
      helpUri: expect.stringMatching(/docs\/RULES\.md#imt1003$/),
      properties: expect.objectContaining({ source: expect.any(String) }),
    }));
    expect(sarif.runs[0].results).toEqual([{
      ruleId: 'IMT1003',
      ruleIndex: driver.rules.indexOf(rule),
      level: 'error',
      message: { text: expect.stringContaining('STRICTT') },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'test/fixtures/cli/invalid-mode.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 17, startColumn: 5 } },
        logicalLocations: [expect.objectContaining({ name: 'default', fullyQualifiedName: 'PeerAuthentication/foo/default', kind: 'resource' })],
      }],
      properties: expect.objectContaining({ field: 'spec.mtls.mode' }),
    }]);
  });

  test('maps warning to "warning" and info to "note"', async () => {
    const r = await run(['analyze', SEED, '--format', 'sarif']);
    const levels = new Set(JSON.parse(r.stdout).runs[0].results.map((x: any) => x.level));
    expect(levels).toEqual(new Set(['warning', 'note']));
  });
});

describe('analyze: inputs', () => {
  test('walks directories recursively in sorted order, reads .yaml, .yml and .json, skips other and empty files', async () => {
    const r = await run(['analyze', PROJECT, '--format', 'json']);
    // The project's productpage DestinationRule (tls DISABLE) contradicts its mesh-wide STRICT policy: every sidecar
    // client of productpage fails, an error without any declared call (IMT5005).
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { code: string; file: string }) => [f.code, path.basename(f.file)])).toEqual([['IMT5005', 'client-tls.json']]);
    expect(out.summary).toEqual(expect.objectContaining({
      objects: 6,
      files: 5, // apps/bookinfo.yaml, apps/empty.yaml, apps/nested/client-tls.json, apps/nested/settings.yml, mesh/mesh-strict.yaml
      ignored: { objects: 1, kinds: { ConfigMap: 1 } },
      skippedEmptyFiles: [path.join(PROJECT, 'apps', 'empty.yaml')],
    }));
    const text = (await run(['analyze', PROJECT])).stdout;
    expect(text).toContain('skipped 1 file without objects');
  });

  test('reads standard input for "-", alone or with files', async () => {
    const yaml = fs.readFileSync(INVALID_MODE, 'utf8');
    const r = await run(['analyze', '-', '--format', 'json'], { stdin: async () => Buffer.from(yaml) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toEqual(expect.objectContaining({ file: '<stdin>', line: 17, column: 5 }));
    const both = await run(['analyze', PRODUCTPAGE, '-', '--format', 'json'], { stdin: () => yaml });
    expect(JSON.parse(both.stdout).summary.files).toBe(2);
  });

  test('loads inputs with more objects than a function takes arguments (no RangeError from spreading them)', async () => {
    const n = 200_000;
    const file = write('many.json', `{"apiVersion":"v1","kind":"List","items":[${Array(n).fill('{"apiVersion":"v1","kind":"ConfigMap"}').join(',')}]}`);
    const loaded = await loadInputs([file]);
    expect(loaded.objects.length).toBe(n);
    expect(loaded.objects[n - 1]).toEqual({ object: { apiVersion: 'v1', kind: 'ConfigMap' }, file, line: 1 });
  });

  test('validates each Istio object against its CRD once: the load type check and rule IMT2014 share the result', async () => {
    const file = write('crd-once.yaml', [
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: slow, namespace: a}\nspec:\n  host: r.a.svc.cluster.local\n  trafficPolicy:\n    connectionPool:\n      tcp: {connectTimeout: 0.5ms}\n',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: a}\nspec: {mtls: {mode: STRICT}}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
    ].join('---\n'));
    const loaded = await loadInputs([file]);
    expect(loaded.crd.computed).toBe(2); // the two Istio objects, not the Namespace
    const shared = analyzeDetailed(loaded.objects.map((o) => o.object), {}, { rules: RULES, crd: loaded.crd });
    expect(loaded.crd.computed).toBe(2); // IMT2014 read the results of the load
    expect(shared).toEqual(analyzeDetailed(loaded.objects.map((o) => o.object), {}));
    expect(shared.map((f) => f.code)).toContain('IMT2014');
  });

  test('flattens kind: List and points each finding at its item', async () => {
    const r = await run(['analyze', LIST, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.summary.objects).toBe(2);
    expect(out.findings).toContainEqual(expect.objectContaining({ code: 'IMT1003', resource: expect.objectContaining({ name: 'broken' }), line: 20, column: 9 }));
  });

  test('fills apiVersion and kind of the items of a typed list (PeerAuthenticationList)', async () => {
    const f = write('pas.yaml', 'apiVersion: security.istio.io/v1\nkind: PeerAuthenticationList\nitems:\n- metadata:\n    name: default\n    namespace: a\n  spec:\n    mtls:\n      mode: STRICTT\n');
    const out = JSON.parse((await run(['analyze', f, '--format', 'json'])).stdout);
    expect(out.findings[0]).toEqual(expect.objectContaining({ code: 'IMT1003', resource: expect.objectContaining({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' }), line: 9, column: 7 }));
  });

  test('reads a file named twice only once', async () => {
    const r = await run(['analyze', INVALID_MODE, INVALID_MODE, '--format', 'json']);
    expect(JSON.parse(r.stdout).summary).toEqual(expect.objectContaining({ objects: 2, files: 1, errors: 1 }));
  });

  test('keeps unquoted timestamps as strings, as Kubernetes does', async () => {
    // Two namespace-wide policies: the older one (by creationTimestamp) counts, the newer one is reported.
    const f = write('two.yaml', [
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: newer\n  namespace: a\n  creationTimestamp: 2024-05-01T00:00:00Z\nspec:\n  mtls:\n    mode: STRICT\n',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: older\n  namespace: a\n  creationTimestamp: 2020-05-01T00:00:00Z\nspec:\n  mtls:\n    mode: STRICT\n',
    ].join('---\n'));
    const dup = JSON.parse((await run(['analyze', f, '--format', 'json'])).stdout).findings.find((x: any) => x.code === 'IMT1009');
    expect(dup.resource.name).toBe('newer');
  });
});

describe('analyze: unusable input gives exit 2, one stderr line naming the file, nothing on stdout', () => {
  test('malformed YAML, with line and column', async () => {
    const f = write('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n  namespace: x\n');
    expectUnusable(await run(['analyze', f]), f, /bad\.yaml:\d+:\d+: malformed YAML/);
  });

  test('malformed JSON, with line and column', async () => {
    const f = write('bad.json', '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "x",}\n  oops\n}\n');
    expectUnusable(await run(['analyze', f]), f, /bad\.json:4:28: malformed JSON: trailing comma/);
  });

  test('a scalar document', async () => {
    const f = write('scalar.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\njust a string\n');
    expectUnusable(await run(['analyze', f]), f, /scalar\.yaml:6: document 2 is the string "just a string", not a Kubernetes object/);
  });

  test('a list where an object belongs', async () => {
    const f = write('list.yaml', '- apiVersion: v1\n  kind: Namespace\n');
    expectUnusable(await run(['analyze', f]), f, /list\.yaml:1: document 1 is a list/);
    const g = write('items.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - 42\n');
    expectUnusable(await run(['analyze', g]), g, /items\.yaml:4: List\.items\[0\] is the number 42/);
  });

  test('an object without apiVersion or kind', async () => {
    const noKind = write('nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: a\n');
    expectUnusable(await run(['analyze', noKind]), noKind, /nokind\.yaml:1: object a has no kind/);
    const noVersion = write('noversion.yaml', '# header\nkind: Namespace\nmetadata:\n  name: b\n');
    expectUnusable(await run(['analyze', noVersion]), noVersion, /noversion\.yaml:2: object b has no apiVersion/);
  });

  test('a field of the wrong type in an Istio object (port: "abc", mode: 42)', async () => {
    const port = write('port.yaml', 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\n  namespace: n\nspec:\n  host: r\n  trafficPolicy:\n    portLevelSettings:\n      - port:\n          number: abc\n        tls:\n          mode: DISABLE\n');
    expectUnusable(await run(['analyze', port]), port, /port\.yaml:1: DestinationRule n\/r: 'spec\.trafficPolicy\.portLevelSettings\[0\]\.port\.number' must be integer/);
    const mode = write('mode.yaml', 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: p\n  namespace: n\nspec:\n  mtls:\n    mode: 42\n');
    expectUnusable(await run(['analyze', mode]), mode, /'spec\.mtls\.mode' must be string/);
  });

  test('but an enum violation (mode: STRICTT) stays a finding, exit 1', async () => {
    const r = await run(['analyze', INVALID_MODE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });

  test('an empty file, and a file with only comments', async () => {
    const empty = write('empty.yaml', '');
    expectUnusable(await run(['analyze', empty]), empty, /empty file/);
    const comments = write('comments.yaml', '# nothing here\n---\n# nor here\n');
    expectUnusable(await run(['analyze', comments]), comments, /no Kubernetes objects/);
    expectUnusable(await run(['analyze', '-'], { stdin: async () => Buffer.alloc(0) }), '<stdin>', /empty/);
  });

  test('a binary file: NUL bytes, invalid UTF-8, UTF-16', async () => {
    const nul = write('nul.yaml', Buffer.from('apiVersion: v1\nkind: A\0\n'));
    expectUnusable(await run(['analyze', nul]), nul, /binary file \(it contains NUL bytes\)/);
    const latin1 = write('latin1.yaml', Buffer.from([...Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf'), 0xe9, 0x0a]));
    expectUnusable(await run(['analyze', latin1]), latin1, /latin1\.yaml:4: binary file \(not valid UTF-8 text\)/);
    const utf16 = write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\n', 'utf16le')]));
    expectUnusable(await run(['analyze', utf16]), utf16, /UTF-16/);
    const png = write('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expectUnusable(await run(['analyze', png]), png, /binary file/);
  });

  test('text decodes the same whether it is plain ASCII (fast path) or UTF-8, with or without a byte order mark', () => {
    const doc = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    team: "${name}"\n`;
    const names = (data: Buffer | string) => loadContent(data, 'x.yaml').map((o) => [o.object.metadata.name, o.object.metadata.labels.team, o.line]);
    expect(names(Buffer.from(doc('plain')))).toEqual([['plain', 'plain', 1]]);
    expect(names(Buffer.from(doc('café \u00fc \u4e2d')))).toEqual([['café \u00fc \u4e2d', 'café \u00fc \u4e2d', 1]]);
    expect(names(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc('bom'))]))).toEqual([['bom', 'bom', 1]]);
    expect(names(Buffer.from(doc('plain')))).toEqual(names(doc('plain')));
  });

  test('a directory without YAML files, and one whose YAML files hold no objects', async () => {
    const dir = path.join(tmp, 'docs');
    write('docs/README.md', '# not yaml\n');
    expectUnusable(await run(['analyze', dir]), dir, /directory has no \.yaml, \.yml, \.json files/);
    const hollow = path.join(tmp, 'hollow');
    write('hollow/a.yaml', '# only a comment\n');
    expectUnusable(await run(['analyze', hollow]), hollow, /no Kubernetes objects/);
  });

  test('a missing path', async () => {
    const missing = path.join(tmp, 'nope.yaml');
    expectUnusable(await run(['analyze', PRODUCTPAGE, missing]), missing, /no such file or directory/);
  });

  test('a file over the 64 MiB limit (refused before it is read)', async () => {
    const big = path.join(tmp, 'big.yaml');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 64 * 1024 * 1024 + 1); // sparse: no 64 MiB written to disk
    expectUnusable(await run(['analyze', big]), big, /over the 64 MiB limit/);
  });

  test('a YAML alias bomb ("billion laughs"), quickly', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    const started = Date.now();
    const r = await run(['analyze', bomb]);
    expect(Date.now() - started).toBeLessThan(5000);
    expectUnusable(r, bomb, /bomb\.yaml:1: YAML aliases expand this document to more than/);
  });

  test('a recursive YAML alias', async () => {
    const f = write('cycle.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: loop\n  self: *m\n');
    expectUnusable(await run(['analyze', f]), f, /cycle/);
  });

  test('--output into a missing directory', async () => {
    const out = path.join(tmp, 'no', 'such', 'dir', 'report.json');
    const r = await run(['analyze', PRODUCTPAGE, '--output', out]);
    expectUnusable(r, out, /cannot write/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('analyze --output', () => {
  test('writes the report to the file, not to stdout, keeping the exit code', async () => {
    const out = path.join(tmp, 'report.json');
    const r = await run(['analyze', INVALID_MODE, '--format', 'json', '--output', out]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).findings[0].code).toBe('IMT1003');
  });

  test('replaces an existing file atomically: a new inode (rename), old permissions, no temporary file left', async () => {
    const out = write('report.sarif', 'old content that is longer than nothing');
    fs.chmodSync(out, 0o640);
    const before = fs.statSync(out);
    const r = await run(['analyze', SEED, '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(0);
    const after = fs.statSync(out);
    expect(after.ino).not.toBe(before.ino); // renamed over, never truncated and rewritten in place
    expect(after.mode & 0o777).toBe(0o640);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(fs.readdirSync(tmp)).toEqual(['report.sarif']);
  });

  test('leaves the existing file untouched when the input is unusable', async () => {
    const out = write('report.json', 'previous report');
    const bad = write('bad.yaml', 'a: [\n');
    const r = await run(['analyze', bad, '--format', 'json', '--output', out]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous report');
    expect(fs.readdirSync(tmp).sort()).toEqual(['bad.yaml', 'report.json']);
  });

  test('refuses a directory as output, leaving no temporary file', async () => {
    const dir = path.join(tmp, 'out');
    fs.mkdirSync(dir);
    expectUnusable(await run(['analyze', PRODUCTPAGE, '--output', dir]), dir, /cannot write/);
    expect(fs.readdirSync(tmp)).toEqual(['out']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('status', () => {
  test('prints the productpage example: ISTIO_MUTUAL on 9080, DISABLE on 9443 (JSON)', async () => {
    const r = await run(['status', PRODUCTPAGE, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([
      { host: 'productpage.bookinfo.svc.cluster.local', port: 9080, server: 'PERMISSIVE', dataplane: 'unknown', client: 'ISTIO_MUTUAL', plaintextCallers: 'OK', ambientCallers: 'OK', status: 'OK', policy: '-', destinationRule: 'bookinfo/productpage' },
      { host: 'productpage.bookinfo.svc.cluster.local', port: 9443, server: 'PERMISSIVE', dataplane: 'unknown', client: 'DISABLE', plaintextCallers: 'OK', ambientCallers: 'OK', status: 'OK', policy: '-', destinationRule: 'bookinfo/productpage' },
    ]);
  });

  test('prints a table like istioctl authn tls-check', async () => {
    const r = await run(['status', PRODUCTPAGE]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOST:PORT\s+STATUS\s+DATAPLANE\s+SERVER\s+CLIENT\s+PLAIN CALLERS\s+AMBIENT CALLERS\s+POLICY\s+DESTINATION RULE\s+NOTE$/);
    expect(lines[1]).toMatch(/^productpage\.bookinfo\.svc\.cluster\.local:9080\s+OK\s+unknown\s+PERMISSIVE\s+ISTIO_MUTUAL\s+OK\s+OK\s+-\s+bookinfo\/productpage$/);
    expect(lines[2]).toMatch(/^productpage\.bookinfo\.svc\.cluster\.local:9443\s+OK\s+unknown\s+PERMISSIVE\s+DISABLE\s+OK\s+OK\s+-\s+bookinfo\/productpage$/);
    expect(r.stdout).toContain('\n2 host:ports, 0 conflicts\n');
  });

  test('on the seed without its fixes: CONFLICT for httpbin.test3 (no sidecar, ISTIO_MUTUAL) and exit 1', async () => {
    const r = await run(['status', path.join(SEED, 'topology.yaml'), path.join(SEED, 'mesh-policy-legacy.yaml'), '--format', 'json']);
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout).rows;
    expect(rows.find((x: any) => x.host === 'httpbin.test3.svc.cluster.local')).toEqual(expect.objectContaining({
      port: 8000, server: 'DISABLE', client: 'ISTIO_MUTUAL', status: 'CONFLICT', destinationRule: 'istio-system/default',
    }));
    expect(rows.find((x: any) => x.host === 'httpbin.test1.svc.cluster.local')).toEqual(expect.objectContaining({
      server: 'STRICT', client: 'ISTIO_MUTUAL', status: 'OK', policy: 'MeshPolicy/default',
    }));
  });

  test('on the fixed seed: every row OK, exit 0, the seed fixes decide', async () => {
    const r = await run(['status', SEED, '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).rows;
    expect(rows.every((x: any) => x.status === 'OK')).toBe(true);
    expect(rows.map((x: any) => `${x.host}:${x.port}`)).toEqual([
      '*.local:*',
      'httpbin.test1.svc.cluster.local:8000',
      'httpbin.test2.svc.cluster.local:8000',
      'httpbin.test3.svc.cluster.local:8000',
      'kubernetes.default.svc.cluster.local:*',
    ]);
    expect(rows[1]).toEqual(expect.objectContaining({ server: 'PERMISSIVE', policy: 'test1/httpbin' }));
    expect(rows[3]).toEqual(expect.objectContaining({ client: 'DISABLE', destinationRule: 'test3/httpbin' }));
    expect(rows[4]).toEqual(expect.objectContaining({ server: '-', client: 'DISABLE', destinationRule: 'istio-system/api-server' }));
  });

  test('takes --auto-mtls: without auto mTLS and without a DestinationRule, clients send plaintext', async () => {
    const dir = PROJECT;
    const auto = JSON.parse((await run(['status', path.join(dir, 'apps', 'bookinfo.yaml'), '--format', 'json'])).stdout).rows[0];
    const off = JSON.parse((await run(['status', path.join(dir, 'apps', 'bookinfo.yaml'), path.join(dir, 'mesh'), '--format', 'json', '--auto-mtls', 'false'])).stdout).rows[0];
    expect(auto).toEqual(expect.objectContaining({ client: 'AUTO', status: 'OK' }));
    expect(off).toEqual(expect.objectContaining({ client: 'DISABLE', server: 'STRICT', status: 'CONFLICT' }));
  });

  test('rejects unusable input like analyze does', async () => {
    const f = write('empty.yml', '');
    expectUnusable(await run(['status', f]), f, /empty/);
    expect((await run(['status', PRODUCTPAGE, '--format', 'sarif'])).code).toBe(2);
  });
});

describe('rules, help, version, inspect-cert', () => {
  test('rules lists every rule in text, JSON and Markdown', async () => {
    const codes = listRules().map((r) => r.code);
    const text = await run(['rules']);
    expect(text.code).toBe(0);
    for (const c of codes) expect(text.stdout).toContain(c);
    const json = JSON.parse((await run(['rules', '--format', 'json'])).stdout);
    expect(json.rules.map((r: any) => r.code)).toEqual(codes);
    expect(json.rules[0]).toEqual(expect.objectContaining({ name: expect.any(String), severity: expect.any(String), summary: expect.any(String), source: expect.any(String), helpUri: expect.stringContaining('#imt') }));
    const md = (await run(['rules', '--format', 'markdown'])).stdout;
    expect(md).toContain('| Code | Name | Severity | Summary |');
    for (const c of codes) expect(md).toContain(`<a id="${c.toLowerCase()}"></a>`);
  });

  test('--help and help <command> print usage and exit 0; --version prints the package version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/analyze <file\|dir\|->/);
    expect((await run(['analyze', '--help'])).stdout).toContain('--format text|json|sarif');
    expect((await run(['help', 'status'])).stdout).toContain('tls-check');
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('inspect-cert is delegated to runInspectCert', async () => {
    const help = await run(['inspect-cert', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: istio-mtls inspect-cert');
    const missing = await run(['inspect-cert', path.join(tmp, 'missing.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('missing.pem');
  });
});

function canParse(s: string, base?: string): boolean {
  try {
    new URL(s, base);
    return true;
  } catch {
    return false;
  }
}
