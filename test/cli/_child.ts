import { CliIo, runCli } from '../../src/cli/main';
/**
 * Runs the CLI from the TypeScript sources in a child process, with a timeout guard (and optionally a memory cap),
 * for tests of what only a real process shows: blocking opens, signals, memory growth.
 */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');

// The peak resident memory goes to fd 3 at exit.
const ENTRY = [
  "process.on('exit', () => { try { require('fs').writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });",
  "require('./src/cli/main').main(process.argv.slice(1)).then((c) => { process.exitCode = c; });",
].join('\n');

/** What a child run ended with. */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory in MiB, when the child exited normally. */
  readonly maxRssMib?: number;
  /** Whether the timeout guard killed it. */
  readonly timedOut: boolean;
}

/** Options of {@link runChild}. */
export interface ChildOptions {
  /** Kill the child (SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** Virtual memory cap (ulimit -v), in MiB: a guard for the machine, not the measure (see maxRssMib). */
  readonly memoryMib?: number;
  /** Written to the child's stdin, which is then closed; default: stdin is closed at once. */
  readonly input?: string | Buffer;
  /** Called once the child is running. */
  readonly started?: (child: ChildProcess) => void;
  readonly cwd?: string;
}

/** Runs `istio-mtls <args>` (the sources, through ts-node) in a child process. Never hangs: see `timeoutMs`. */
export function runChild(args: readonly string[], options: ChildOptions): Promise<ChildRun> {
  const node = [process.execPath, '-r', 'ts-node/register/transpile-only', '-e', ENTRY, '--', ...args];
  const command = options.memoryMib !== undefined ? '/bin/sh' : node[0];
  const argv = options.memoryMib !== undefined
    ? ['-c', `ulimit -v ${options.memoryMib * 1024} && exec "$@"`, 'sh', ...node]
    : node.slice(1);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let rss = '';
    child.stdio[3]?.on('data', (d) => { rss += d; });
    child.stdin.on('error', () => undefined); // the child may exit before reading everything
    const guard = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, timedOut, maxRssMib: rss ? Number(rss) / 1024 : undefined });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    options.started?.(child);
  });
}

/** What an in-process CLI run printed and returned. */
export interface Run { code: number; stdout: string; stderr: string }

/** Runs the CLI in this process (runCli) with its output collected, from the repository root. */
export async function runIn(args: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: ROOT, ...extra });
  return { code, stdout, stderr };
}
