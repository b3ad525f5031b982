/**
 * Inputs that are not plain files of a sane size: FIFOs without a writer, endless sources, devices, too much input in
 * total, an empty standard input. What could hang or exhaust memory runs in a child process with a timeout guard
 * and a memory cap; device nodes are private copies made with mknod in a temp dir (root only), never the real /dev.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, runChild, runIn } from './_child';

const PRODUCTPAGE = path.join(ROOT, 'test', 'fixtures', 'cli', 'productpage.yaml');
const IS_ROOT = process.getuid?.() === 0;
const asRoot = IS_ROOT ? test : test.skip;

const run = runIn;

let tmp: string;
const children: ChildProcess[] = [];
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-input-')); });
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

function fifo(name: string): string {
  const p = path.join(tmp, name);
  execFileSync('mkfifo', [p]);
  return p;
}

/** One stderr line naming `file`, nothing on stdout, exit 2. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, file: string, reason: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(reason);
  expect(r.code).toBe(2);
}

describe('a FIFO named on the command line without a writer does not hang the CLI', () => {
  test('analyze, status and inspect-cert give up with one message saying to use standard input', async () => {
    const p = fifo('manifests.fifo');
    const runs = await Promise.all([['analyze', p], ['status', p], ['inspect-cert', p]].map((args) => runChild(args, { timeoutMs: 40_000 })));
    for (const r of runs) {
      expect(r.timedOut).toBe(false);
      expectRefused(r, p, /no process is writing to this pipe .*standard input/);
    }
  }, 60_000);
});

describe('inspect-cert reads at most a few hundred KiB, whatever the source', () => {
  asRoot('a character device (a private copy of /dev/zero) is refused at once', async () => {
    const zero = path.join(tmp, 'zero');
    execFileSync('mknod', [zero, 'c', '1', '5']);
    const r = await runChild(['inspect-cert', zero], { timeoutMs: 30_000, memoryMib: 2048 });
    expect(r.timedOut).toBe(false);
    expectRefused(r, zero, /a character device, not a file: give a PEM file, or '-' for standard input/);
    expect(r.maxRssMib).toBeLessThan(1024);
  }, 40_000);

  test('an endless FIFO stops at the limit, with little memory, quickly', async () => {
    const p = fifo('endless.fifo');
    const feeder = spawn('sh', ['-c', `exec yes MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA > ${JSON.stringify(p)}`], { stdio: 'ignore' });
    children.push(feeder);
    const r = await runChild(['inspect-cert', p], { timeoutMs: 30_000, memoryMib: 2048 });
    expect(r.timedOut).toBe(false);
    expectRefused(r, p, /over the 256 KiB limit of a certificate file/);
    expect(r.maxRssMib).toBeLessThan(1024);
    expect(r.ms).toBeLessThan(20_000);
  }, 40_000);

  test('standard input is bounded the same way', async () => {
    const big = 'A'.repeat(300 * 1024);
    const r = await run(['inspect-cert', '-'], { stdin: () => big });
    expectRefused(r, '<stdin>', /over the 256 KiB limit of a certificate file/);
  });

  test('a directory is named as such', async () => {
    expectRefused(await run(['inspect-cert', tmp]), tmp, /is a directory, not a certificate file/);
  });
});

describe('the total input is capped (--max-input-mib)', () => {
  const bigManifest = (name: string) => {
    const p = path.join(tmp, name);
    const doc = fs.readFileSync(PRODUCTPAGE, 'utf8');
    fs.writeFileSync(p, `${doc}\n---\n# ${'x'.repeat(600 * 1024)}\n`);
    return p;
  };

  test('files that are each under the per-file limit but together over the cap are refused, naming the flag', async () => {
    const a = bigManifest('a.yaml');
    const b = bigManifest('b.yaml');
    expect((await run(['analyze', a, '--max-input-mib', '1'])).code).toBe(0);
    const r = await run(['analyze', a, b, '--max-input-mib', '1']);
    expectRefused(r, b, /inputs are over the 1 MiB total limit: raise it with --max-input-mib/);
    expectRefused(await run(['status', path.join(tmp), '--max-input-mib', '1']), 'b.yaml', /--max-input-mib/);
  });

  test('standard input counts towards the cap', async () => {
    const a = bigManifest('a.yaml');
    const stdin = () => fs.readFileSync(a);
    expectRefused(await run(['analyze', a, '-', '--max-input-mib', '1'], { stdin }), '<stdin>', /over the 1 MiB total limit/);
  });

  test('--max-input-mib must be a positive number', async () => {
    const r = await run(['analyze', PRODUCTPAGE, '--max-input-mib', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'--max-input-mib' must be a positive number of MiB/);
  });
});

describe('what is empty says what it is', () => {
  test('an empty or closed standard input is not called an empty file', async () => {
    const r = await run(['analyze', '-'], { stdin: () => Buffer.alloc(0) });
    expectRefused(r, '<stdin>', /standard input is empty/);
    expect(r.stderr).not.toMatch(/empty file/);
  });
});
