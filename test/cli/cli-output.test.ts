/**
 * `--output` against what a path can be besides a regular file: device nodes, symlinks, FIFOs, the inputs of the
 * run, setuid files, `-`. Device nodes are private copies (same major/minor) made with mknod in a temp dir, never the
 * real /dev; the tests that need mknod run only as root.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, Run, runChild, runIn } from './_child';

const PRODUCTPAGE = path.join(ROOT, 'test', 'fixtures', 'cli', 'productpage.yaml');
const IS_ROOT = process.getuid?.() === 0;
const asRoot = IS_ROOT ? test : test.skip;

const run = runIn;

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-output-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

/** A character device like /dev/null (1:3), private to the test. */
function privateNull(name = 'null'): string {
  const p = path.join(tmp, name);
  execFileSync('mknod', ['-m', '666', p, 'c', '1', '3']);
  return p;
}

describe('--output writes through to what is not a regular file', () => {
  asRoot('a character device stays the device (a private /dev/null): written to, not replaced', async () => {
    const dev = privateNull();
    const before = fs.statSync(dev);
    const r = await run(['analyze', PRODUCTPAGE, '--output', dev]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const after = fs.lstatSync(dev);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    expect(after.rdev).toBe(before.rdev);
    expect(fs.readdirSync(tmp)).toEqual(['null']);
  });

  asRoot('a symlink to a device (like /dev/stdout) stays a symlink, and the device stays a device', async () => {
    const dev = privateNull();
    const link = path.join(tmp, 'stdout');
    fs.symlinkSync(dev, link);
    const r = await run(['analyze', PRODUCTPAGE, '--output', link]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(fs.readdirSync(tmp).sort()).toEqual(['null', 'stdout']);
  });

  test('a FIFO stays a FIFO and its reader gets the report', async () => {
    const fifo = path.join(tmp, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let got = '';
    reader.stdout.on('data', (d) => { got += d; });
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const guard = setTimeout(() => reader.kill('SIGKILL'), 20_000);
    try {
      // The reader may not have opened the FIFO yet: a FIFO without reader is refused (no blocking), so retry.
      let r: Run | undefined;
      for (let i = 0; i < 100; i++) {
        r = await run(['analyze', PRODUCTPAGE, '--output', fifo]);
        if (!/no process reads/.test(r.stderr)) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      await done;
      expect(got).toMatch(/^No findings\.\n/);
      expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
      expect(fs.readdirSync(tmp)).toEqual(['report.fifo']);
    } finally {
      clearTimeout(guard);
      reader.kill('SIGKILL');
    }
  });

  test('a FIFO nobody reads is refused at once, not waited on', async () => {
    const fifo = path.join(tmp, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['analyze', PRODUCTPAGE, '--output', fifo]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot write '.*report\.fifo': a pipe that no process reads/);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  test("'-' is standard output, not a file named '-'", async () => {
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      const r = await run(['analyze', PRODUCTPAGE, '--output', '-']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^No findings\.\n/);
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('--output replaces regular files atomically', () => {
  test('through a symlink: the link stays, its target gets the report', async () => {
    const real = write('reports/real.txt', 'old');
    const link = path.join(tmp, 'link.txt');
    fs.symlinkSync(path.join('reports', 'real.txt'), link);
    const r = await run(['analyze', PRODUCTPAGE, '--output', link]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toMatch(/^No findings\./);
    expect(fs.readdirSync(path.join(tmp, 'reports'))).toEqual(['real.txt']);
  });

  test('keeps the permission bits but never setuid, setgid or sticky', async () => {
    const out = write('report.txt', 'old');
    fs.chmodSync(out, 0o6755);
    const r = await run(['analyze', PRODUCTPAGE, '--output', out]);
    expect(r.code).toBe(0);
    expect(fs.statSync(out).mode & 0o7777).toBe(0o755);
  });
});

describe('--output refuses to overwrite an input (exit 2, input untouched)', () => {
  const manifest = () => write('in.yaml', fs.readFileSync(PRODUCTPAGE, 'utf8'));

  test('the input file itself', async () => {
    const input = manifest();
    const before = fs.readFileSync(input, 'utf8');
    const r = await run(['analyze', input, '--output', input]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^istio-mtls analyze: cannot write '.*in\.yaml': it is an input of this run/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(input, 'utf8')).toBe(before);
    expect(fs.readdirSync(tmp)).toEqual(['in.yaml']);
  });

  test('the input through a symlink, and the input named through a symlink', async () => {
    const input = manifest();
    const before = fs.readFileSync(input, 'utf8');
    const link = path.join(tmp, 'link.yaml');
    fs.symlinkSync(input, link);
    expect((await run(['analyze', input, '--output', link])).code).toBe(2);
    expect((await run(['status', link, '--output', input])).code).toBe(2);
    expect(fs.readFileSync(input, 'utf8')).toBe(before);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test('a hard link to the input (same device and inode)', async () => {
    const input = manifest();
    const hard = path.join(tmp, 'hard.txt');
    fs.linkSync(input, hard);
    const r = await run(['analyze', input, '--output', hard]);
    expect(r.code).toBe(2);
    expect(fs.readFileSync(input, 'utf8')).toBe(fs.readFileSync(PRODUCTPAGE, 'utf8'));
  });

  test('a file inside an input directory', async () => {
    const a = write('mesh/a.yaml', fs.readFileSync(PRODUCTPAGE, 'utf8'));
    const r = await run(['analyze', path.join(tmp, 'mesh'), '--format', 'json', '--output', a]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/it is an input of this run/);
    expect(fs.readFileSync(a, 'utf8')).toBe(fs.readFileSync(PRODUCTPAGE, 'utf8'));
    expect(fs.readdirSync(path.join(tmp, 'mesh'))).toEqual(['a.yaml']);
  });
});

describe('--output and signals', () => {
  test('SIGTERM while the temporary file exists: the process still dies by the signal, no temporary file is left', async () => {
    const out = write('report.txt', 'old');
    const script = [
      "const w = require('./src/cli/write');",
      `w.writeFileAtomic(${JSON.stringify(out)}, 'new', { onTempFile: () => process.kill(process.pid, 'SIGTERM') });`,
      'setTimeout(() => {}, 5000);',
    ].join('\n');
    const r = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, stdio: 'ignore' });
      const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', (code, signal) => { clearTimeout(guard); resolve({ code, signal }); });
    });
    expect(r.signal).toBe('SIGTERM');
    expect(fs.readdirSync(tmp)).toEqual(['report.txt']);
  }, 30_000);

  test('SIGINT while a run waits for input still ends it by the signal (the handlers come with the write, not before)', async () => {
    const fifo = path.join(tmp, 'in.fifo');
    execFileSync('mkfifo', [fifo]);
    // A shell holds the FIFO open without writing: the run waits for input until interrupted.
    const holder = spawn('sh', ['-c', `exec 3>${JSON.stringify(fifo)}; sleep 30`], { stdio: 'ignore' });
    try {
      const r = await runChild(['analyze', fifo, '--output', path.join(tmp, 'out.txt')], {
        timeoutMs: 25_000,
        started: (child) => setTimeout(() => child.kill('SIGINT'), 4000),
      });
      expect(r.timedOut).toBe(false);
      expect(r.signal).toBe('SIGINT');
      expect(fs.readdirSync(tmp)).toEqual(['in.fifo']);
    } finally {
      holder.kill('SIGKILL');
    }
  }, 30_000);
});
