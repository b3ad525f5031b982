import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROGRESS_MIN_OBJECTS, runCli } from '../../src/cli/main';

/** A file with enough objects to count as a long run. */
function bigFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-'));
  const file = path.join(dir, 'big.yaml');
  const docs: string[] = [];
  for (let i = 0; i < PROGRESS_MIN_OBJECTS; i++) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n`);
  fs.writeFileSync(file, docs.join('---\n'));
  return file;
}

async function run(file: string, stderrIsTTY: boolean, env: Record<string, string | undefined>) {
  let out = '';
  let err = '';
  const code = await runCli(['analyze', file, '--format', 'json'], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stderrIsTTY, env });
  return { code, out, err };
}

describe('progress on long runs', () => {
  const file = bigFile();
  afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

  test('is printed on a terminal, on stderr only, and stdout stays valid JSON', async () => {
    const r = await run(file, true, {});
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^istio-mtls: read 10,000 objects from 1 file\(s\) in [\d.]+ s; analyzing\nistio-mtls: analyzed in [\d.]+ s\n$/);
    expect(JSON.parse(r.out).findings).toEqual([]);
  });

  test('stays quiet in CI and when stderr is not a terminal', async () => {
    expect((await run(file, true, { CI: 'true' })).err).toBe('');
    expect((await run(file, false, {})).err).toBe('');
  });
});
