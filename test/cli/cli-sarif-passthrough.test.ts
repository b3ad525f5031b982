/**
 * Where SARIF points (the field's own line and column, paths relative to the scanned root) and `analyze
 * --passthrough` (a helm post-renderer / pipeline filter: manifests unchanged on stdout, or findings on stderr).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv from 'ajv';
import { CliIo, runCli } from '../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'cli', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));

interface Run { code: number; stdout: string; stderr: string; bytes: Buffer }

async function run(args: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const chunks: Buffer[] = [];
  const code = await runCli(args, {
    stdout: (s) => { stdout += s; chunks.push(Buffer.from(s)); },
    stdoutBytes: (b) => { chunks.push(b); },
    stderr: (s) => { stderr += s; },
    ...extra,
  });
  return { code, stdout, stderr, bytes: Buffer.concat(chunks) };
}

function canParse(s: string, base?: string): boolean {
  try { new URL(s, base); return true; } catch { return false; }
}

function sarifValidator() {
  // The vendored schema is draft-04; its only draft-04-specific keyword is the top-level `id`.
  const { id, $schema: _draft04, ...rest } = SCHEMA;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && canParse(s));
  ajv.addFormat('uri-reference', (s: string) => canParse(s, 'http://base.example/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ $id: id, ...rest });
}

let tmp: string;
beforeEach(() => { tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-sarif-'))); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, content: string): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** `helm template` output: every document after `---` and a `# Source:` comment. */
const HELM_CLEAN = [
  '---',
  '# Source: chart/templates/namespace.yaml',
  'apiVersion: v1',
  'kind: Namespace',
  'metadata:',
  '  name: shop',
  '  labels:',
  '    istio-injection: enabled',
  '---',
  '# Source: chart/templates/peerauthentication.yaml',
  'apiVersion: security.istio.io/v1',
  'kind: PeerAuthentication',
  'metadata:',
  '  name: default',
  '  namespace: shop',
  'spec:',
  '  mtls:',
  '    mode: STRICT',
  '',
].join('\n');

const HELM_BROKEN = HELM_CLEAN.replace('    mode: STRICT', '    mode: STRICTT');
const MODE_LINE = HELM_CLEAN.split('\n').indexOf('    mode: STRICT') + 1; // 18

describe('SARIF locations', () => {
  test('a finding on spec.mtls.mode points at the line and column of mode, relative to the root given', async () => {
    write('charts/shop/rendered.yaml', HELM_BROKEN);
    const before = process.cwd();
    process.chdir(tmp); // a relative input, as a user in the checkout types it
    let r: Run;
    try {
      r = await run(['analyze', path.join('charts', 'shop', 'rendered.yaml'), '--format', 'sarif', '--source-root', '.'], { cwd: tmp });
    } finally {
      process.chdir(before);
    }
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const run0 = sarif.runs[0];
    expect(run0.originalUriBaseIds).toEqual({ SRCROOT: { uri: `${pathToFileURL(tmp).href}/` } });
    const result = run0.results.find((x: any) => x.ruleId === 'IMT1003');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'charts/shop/rendered.yaml', uriBaseId: 'SRCROOT' },
      region: { startLine: MODE_LINE, startColumn: 5 },
    });
    expect(result.properties.field).toBe('spec.mtls.mode');

    const validate = sarifValidator();
    expect(validate(sarif)).toBe(true);
    expect(validate.errors ?? null).toBeNull();
  });

  test('a file under --source-root is relative to it; a file outside it gets an absolute file URI', async () => {
    const inside = write('repo/manifests/pa.yaml', HELM_BROKEN);
    const outside = write('elsewhere/pa.yaml', HELM_BROKEN.replace('name: default', 'name: other').replace('name: shop\n  labels', 'name: shop2\n  labels').replace(/namespace: shop$/m, 'namespace: shop2'));
    const r = await run(['analyze', inside, outside, '--format', 'sarif', '--source-root', path.join(tmp, 'repo')], { cwd: ROOT });
    const sarif = JSON.parse(r.stdout);
    expect(sarif.runs[0].originalUriBaseIds.SRCROOT.uri).toBe(`${pathToFileURL(path.join(tmp, 'repo')).href}/`);
    const locations = sarif.runs[0].results.filter((x: any) => x.ruleId === 'IMT1003').map((x: any) => x.locations[0].physicalLocation.artifactLocation);
    expect(locations).toEqual(expect.arrayContaining([
      { uri: 'manifests/pa.yaml', uriBaseId: 'SRCROOT' },
      { uri: pathToFileURL(outside).href },
    ]));
    expect(sarifValidator()(sarif)).toBe(true);
  });

  test("each rule's helpUri is the rule's anchor in the docs/RULES.md the package ships, and the help travels inline", async () => {
    const r = await run(['analyze', write('a.yaml', HELM_BROKEN), '--format', 'sarif'], { cwd: tmp });
    const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules;
    const rule = rules.find((x: any) => x.id === 'IMT1003');
    const url = new URL(rule.helpUri);
    expect(url.protocol).toBe('file:');
    expect(url.hash).toBe('#imt1003');
    const doc = fs.readFileSync(url, 'utf8');
    expect(doc).toContain('<a id="imt1003"></a>');
    expect(rule.help.text).toContain('mtls.mode');
    expect(rule.help.markdown).toContain('**IMT1003**');
  });

  test('JSON output gives the field line and column where the field is known', async () => {
    const r = await run(['analyze', '-', '--format', 'json'], { stdin: () => HELM_BROKEN });
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ code: 'IMT1003', file: '<stdin>', line: MODE_LINE, column: 5 })]);
  });
});

describe('analyze --passthrough', () => {
  test('writes clean input to stdout byte for byte and exits 0', async () => {
    const input = Buffer.from(HELM_CLEAN.replace(/\n/g, '\r\n').replace('name: shop\r\n', 'name: shop   \r\n'), 'utf8');
    const r = await run(['analyze', '--passthrough', '-'], { stdin: () => input });
    expect(r.code).toBe(0);
    expect(r.bytes.equals(input)).toBe(true);
    expect(r.stderr).toBe('');
  });

  test('passes warnings through with the manifests and reports them on stderr', async () => {
    const input = HELM_CLEAN.replace('mode: STRICT', 'mode: PERMISSIVE');
    const r = await run(['analyze', '--passthrough', '-'], { stdin: () => Buffer.from(input) });
    expect(r.code).toBe(0);
    expect(r.bytes.toString('utf8')).toBe(input);
    expect(r.stderr).toMatch(/^warning\s+IMT1010/m);
  });

  test('exits 1 with the findings on stderr and nothing on stdout when there is an error finding', async () => {
    const r = await run(['analyze', '--passthrough', '-'], { stdin: () => Buffer.from(HELM_BROKEN) });
    expect(r.code).toBe(1);
    expect(r.bytes.length).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^error\\s+IMT1003\\s+PeerAuthentication/shop/default\\s+<stdin>:${MODE_LINE}\\s`, 'm'));
  });

  test('writes the report to --output instead of stderr', async () => {
    const out = path.join(tmp, 'report.json');
    const r = await run(['analyze', '--passthrough', '-', '--format', 'json', '--output', out], { stdin: () => Buffer.from(HELM_BROKEN) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).findings[0].code).toBe('IMT1003');
  });

  test('is a usage error (exit 2) without stdin as the only input; unusable input exits 2 with nothing on stdout', async () => {
    const file = write('x.yaml', HELM_CLEAN);
    const usage = await run(['analyze', '--passthrough', file]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("'--passthrough' reads standard input only");
    const malformed = await run(['analyze', '--passthrough', '-'], { stdin: () => Buffer.from('a: [\n') });
    expect(malformed.code).toBe(2);
    expect(malformed.bytes.length).toBe(0);
  });
});
