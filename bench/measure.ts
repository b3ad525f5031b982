/**
 * Timing helpers shared by the benchmark (bench.ts) and the A/B tool (ab.ts), so that both measure the same floor
 * the same way.
 */
import * as fs from 'fs';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as yaml from 'js-yaml';

// A full GC before each timed step, so garbage of the previous step is not billed to the next one
// (exposed at runtime: the tools run under plain `ts-node`, without node flags).
v8.setFlagsFromString('--expose-gc');
const fullGc: (() => void) | undefined = (globalThis as any).gc ?? vm.runInNewContext('gc');

export function gc(): void {
  if (typeof fullGc === 'function') fullGc();
}

export function seconds(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function secondsAsync(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The analyze floor: reading the file and parsing it with js-yaml, nothing else. Returns the document count. */
export function analyzeFloor(file: string): number {
  return (yaml.loadAll(fs.readFileSync(file, 'utf8')) as unknown[]).length;
}
