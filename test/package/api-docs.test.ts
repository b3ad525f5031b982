/**
 * API.md is what `npm run docgen` (scripts/api-docs.sh: jsii + jsii-docgen in a temporary copy) generates from the
 * current sources. Generating it also proves the public API compiles with jsii, the compiler behind cdk8s's
 * Python/Java/Go/.NET packages: a construct prop or export that jsii cannot represent fails here.
 *
 * Runs only in CI or with RUN_PACKAGE_TEST=1 (see ./_helpers.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, maybe, run } from './_helpers';

jest.setTimeout(300_000);

/** The first line where two texts differ, for the failure message. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  committed: ${JSON.stringify(a[i] ?? '<end of file>')}\n  generated: ${JSON.stringify(b[i] ?? '<end of file>')}`;
  }
  return 'no difference';
}

maybe('API.md', () => {
  let work: string;
  beforeAll(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-api-docs-test-')); });
  afterAll(() => { if (work) fs.rmSync(work, { recursive: true, force: true }); });

  test('the public API compiles with jsii and API.md is current', () => {
    const out = path.join(work, 'API.md');
    const started = Date.now();
    const r = run('bash', [path.join(ROOT, 'scripts', 'api-docs.sh'), out], ROOT);
    // eslint-disable-next-line no-console
    console.log(`api-docs generation took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (r.status !== 0) throw new Error(`scripts/api-docs.sh failed (jsii could not compile the public API?):\n${r.output}`);
    expect(r.stderr).toMatch(/Errors: 0/);

    const generated = fs.readFileSync(out, 'utf8');
    const committedPath = path.join(ROOT, 'API.md');
    const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : '';
    if (generated !== committed) {
      throw new Error(`API.md is stale: run npm run docgen\n(first difference at ${firstDifference(committed, generated)})`);
    }
  });
});
