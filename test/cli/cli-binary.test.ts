/**
 * The real `istio-mtls` binary, as `npx istio-mtls` runs it: bin/istio-mtls.js -> lib/src/cli/main.js.
 *
 * `npm ci` does not build lib/ (the package builds in `prepack`; the binary falls back to ts-node without lib/). When
 * lib/ is missing or older than src/, the test builds it first (`jsii`, as `npm run build` does).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ensureBuilt } from '../_build';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'istio-mtls.js');

beforeAll(() => ensureBuilt(), 200_000);

test('the istio-mtls binary runs analyze with exit codes 1 and 2, JSON on stdout, one stderr line for bad stdin', () => {
  const run = (args: string[], input?: Buffer) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });

  const help = run(['--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: istio-mtls <command>');

  const findings = run(['analyze', path.join('test', 'fixtures', 'cli', 'invalid-mode.yaml'), '--format', 'json']);
  expect(findings.stderr).toBe('');
  expect(findings.status).toBe(1);
  expect(JSON.parse(findings.stdout).findings[0]).toEqual(expect.objectContaining({ code: 'IMT1003', file: 'test/fixtures/cli/invalid-mode.yaml', line: 17, column: 5 }));

  const binary = run(['analyze', '-'], Buffer.from([0x00, 0x01, 0x02, 0xff]));
  expect(binary.status).toBe(2);
  expect(binary.stdout).toBe('');
  expect(binary.stderr).toBe('istio-mtls analyze: <stdin>:1: binary file (it contains NUL bytes), not YAML or JSON\n');
}, 60_000);

test('the binary runs the bundled CLI (lib/cli/istio-mtls.js), which loads none of lib/src, and gives the same output', () => {
  // A preload that lists, at exit, the files of lib/ the process loaded.
  const hook = path.join(ROOT, 'test', 'cli', '_list-loaded.js');
  const run = (args: string[]) => spawnSync(process.execPath, ['--require', hook, BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
  const r = run(['analyze', path.join('test', 'fixtures', 'seed'), '--format', 'json']);
  expect(r.status).toBe(0);
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('loaded ')).map((l) => l.slice('loaded '.length));
  expect(loaded).toEqual([path.join('lib', 'cli', 'istio-mtls.js')]);
  // The same findings as the modules of lib/src, run in process.
  const direct = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(ROOT, 'lib', 'src', 'cli', 'main.js'))}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`,
    'analyze', path.join('test', 'fixtures', 'seed'), '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(direct.status).toBe(0);
  expect(r.stdout).toBe(direct.stdout);
  expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
}, 60_000);
