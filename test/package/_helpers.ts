/**
 * Shared by the package tests (test/package/*.test.ts): they install, pack and compile for real, so they take tens of
 * seconds and need the npm cache; they run only in CI (`CI` set, as .ci/run does) or on request
 * (`RUN_PACKAGE_TEST=1 npx jest test/package`, or `npm run test:package`).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

export const maybe = process.env.CI || process.env.RUN_PACKAGE_TEST ? describe : describe.skip;

/**
 * The environment for child npm/npx commands: ours without the variables npm sets for a running script (`npm test`
 * exports npm_package_*, npm_lifecycle_*, npm_config_local_prefix... pointing at this repository), which would make a
 * nested npm act on this repository instead of the fresh app. The cache, registry and user config stay.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const lower = k.toLowerCase();
    if ((lower.startsWith('npm_') && !keep.has(lower)) || lower === 'init_cwd') continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', CDK8S_CHECK_UPGRADE: 'false', ...extra };
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for messages and for assertions that do not care which stream. */
  readonly output: string;
}

/** Runs a command (no shell) and returns its exit status and output; never throws on a non-zero exit. */
export function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}, timeoutMs = 300_000): RunResult {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    cwd, env: childEnv(extraEnv), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

/** Like run, but throws with the command's output when it exits non-zero. */
export function runOk(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}, timeoutMs = 300_000): RunResult {
  const r = run(cmd, args, cwd, extraEnv, timeoutMs);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.output}`);
  return r;
}

export { ensureBuilt } from '../_build';

/** The installed version of one of this repository's dependencies (so the fresh app hits the npm cache). */
export function installedVersion(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}
