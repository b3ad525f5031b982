/**
 * Names in the input are data: the text outputs and stderr show control and bidi characters as visible escapes, so
 * a resource or file name cannot hide the rest of the table (ESC[8m), forge rows (a newline) or reorder text (U+202E).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { escapeTerminal } from '../../src/cli/terminal';
import { runIn } from './_child';

const run = runIn;

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-term-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Nothing a terminal would act on: C0 (but the line feed), DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- the test looks for control characters on purpose
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HIDE = '\u001b[8m';

const pa = (name: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${JSON.stringify(name)}
  namespace: foo
spec:
  mtls:
    mode: STRICTT
`;

test('escapeTerminal shows C0, DEL, C1 and bidi controls as escapes and leaves other text alone', () => {
  expect(escapeTerminal(`a${HIDE}b\nc\td\u007fe\u009bf\u202eg\u2066h\u200ei\u061cj`)).toBe('a\\x1b[8mb\\nc\\td\\x7fe\\x9bf\\u202eg\\u2066h\\u200ei\\u061cj');
  expect(escapeTerminal('café 中文 ✓ "quoted" back\\slash')).toBe('café 中文 ✓ "quoted" back\\slash');
});

test('analyze text output: a name with ESC[8m and a newline neither hides the summary nor adds rows', async () => {
  const f = path.join(tmp, 'pa.yaml');
  fs.writeFileSync(f, pa(`evil${HIDE}\nERROR  FAKE  forged row\u202e`));
  const r = await run(['analyze', f]);
  expect(r.code).toBe(1);
  expect(r.stdout).not.toMatch(CONTROL);
  expect(r.stdout).toContain('evil\\x1b[8m\\nERROR  FAKE  forged row\\u202e');
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(4); // header, one finding, blank line, summary
  expect(lines[3]).toMatch(/^1 error, /);
});

test('status text output escapes host names', async () => {
  const f = path.join(tmp, 'svc.yaml');
  fs.writeFileSync(f, `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${JSON.stringify(`web${HIDE}\u202e`)}\n  namespace: foo\nspec:\n  ports:\n  - port: 80\n`);
  const r = await run(['status', f]);
  expect(r.stdout).not.toMatch(CONTROL);
  expect(r.stdout).toContain('web\\x1b[8m\\u202e');
});

test('stderr: a file name and an object name with control characters stay on one visible line', async () => {
  const f = path.join(tmp, `bad${HIDE}\nname\u202e.yaml`);
  fs.writeFileSync(f, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [unclosed\n');
  const r = await run(['analyze', f]);
  expect(r.code).toBe(2);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.slice(0, -1)).not.toMatch(CONTROL);
  expect(r.stderr.slice(0, -1)).not.toContain('\n');
  expect(r.stderr).toContain('bad\\x1b[8m\\nname\\u202e.yaml');

  const g = path.join(tmp, 'noversion.yaml');
  fs.writeFileSync(g, `kind: Namespace\nmetadata:\n  name: ${JSON.stringify(`x${HIDE}\u202e`)}\n`);
  const s = await run(['analyze', g]);
  expect(s.code).toBe(2);
  expect(s.stderr.slice(0, -1)).not.toMatch(CONTROL);
  expect(s.stderr).toContain('x\\x1b[8m\\u202e has no apiVersion');
});

test('JSON output is unchanged: it escapes by itself and keeps the names exact', async () => {
  const f = path.join(tmp, 'pa.yaml');
  const name = `evil${HIDE}\u202e`;
  fs.writeFileSync(f, pa(name));
  const r = await run(['analyze', f, '--format', 'json']);
  expect(JSON.parse(r.stdout).findings[0].resource.name).toBe(name);
});
