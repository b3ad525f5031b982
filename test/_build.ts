/**
 * Makes sure the compiled lib/, the jsii assembly (.jsii) and the bundled CLI (lib/cli/istio-mtls.js) exist and are
 * not older than the TypeScript sources, for tests that run the compiled CLI, read the assembly or pack the package.
 * lib/ and .jsii come from one jsii compilation, the bundle from scripts/bundle-cli.js (`npm run build` runs both).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const MARKERS = [path.join(ROOT, 'lib', 'src', 'index.js'), path.join(ROOT, '.jsii'), path.join(ROOT, 'lib', 'cli', 'istio-mtls.js')];

function current(sources: number, markers = MARKERS): boolean {
  return markers.every((m) => fs.existsSync(m) && fs.statSync(m).mtimeMs >= sources);
}

/**
 * Builds lib/, .jsii and the bundle (what `npm run build` runs) when one is missing or older than src/ or imports/ (a
 * fresh clone, which `npm ci` does not build, or a working copy edited since the last build).
 */
export function ensureBuilt(): void {
  const sources = Math.max(newestTs(path.join(ROOT, 'src')), newestTs(path.join(ROOT, 'imports')), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs);
  if (current(sources)) return;
  try {
    execFileSync(process.execPath, [require.resolve('jsii/bin/jsii'), '--silence-warnings=reserved-word'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
  } catch (e) {
    // jsii emits despite type errors (a working copy mid-edit; `npm run build` and `npx tsc --noEmit` report those):
    // only a build that produced nothing is fatal here.
    if (!current(sources, MARKERS.slice(0, 2))) throw e;
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.js')], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
}

