/**
 * Makes sure the compiled lib/ exists and is not older than the TypeScript sources, for tests that run the compiled
 * CLI or pack the package.
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

/**
 * Builds lib/ when it is missing or older than src/ or imports/ (a working copy edited since the last build). On a
 * fresh clone `npm ci` has built it already (the `prepare` script), so CI does not compile twice.
 */
export function ensureBuilt(): void {
  const marker = path.join(ROOT, 'lib', 'src', 'index.js');
  const sources = Math.max(newestTs(path.join(ROOT, 'src')), newestTs(path.join(ROOT, 'imports')));
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= sources) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  } catch (e) {
    // tsc emits despite type errors (a working copy mid-edit; `npm ci` and `npx tsc --noEmit` report those): only a
    // build that produced nothing is fatal here.
    if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < sources) throw e;
  }
}

