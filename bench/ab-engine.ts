/**
 * A/B of the engine alone (`analyzeDetailed`: model and rules, no YAML parse, no output) between two compiled trees,
 * in one process, taking turns: `npx ts-node --transpile-only bench/ab-engine.ts <mesh.yaml> <libA> <libB> [pairs]`.
 *
 * A tree is a `lib/` compiled from a checkout (`npx tsc -p tsconfig.build.json --outDir /tmp/x/lib` in a worktree of
 * the revision, with `crds/`, `package.json` and `node_modules` linked beside `/tmp/x/lib`). Each pair runs both after
 * a full GC; the script prints each side's median wall and CPU milliseconds and the median of the paired CPU
 * differences (B - A), which holds up on a shared machine where absolute times do not (docs/performance.md,
 * session 7). The mesh is any YAML file, e.g. the bench's L mesh (bench/mesh.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { gc, median } from './measure';

type Analyze = (objects: unknown[], options: object) => unknown[];

function main(): void {
  const [file, libA, libB, pairsArg] = process.argv.slice(2);
  if (!file || !libA || !libB) {
    console.error('usage: ts-node --transpile-only bench/ab-engine.ts <mesh.yaml> <libA> <libB> [pairs]');
    process.exit(2);
  }
  const objects = yaml.loadAll(fs.readFileSync(file, 'utf8')) as unknown[];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (lib: string): Analyze => require(path.resolve(lib, 'src', 'engine', 'analyze.js')).analyzeDetailed;
  const sides = { A: load(libA), B: load(libB) };
  const run = (f: Analyze) => {
    gc();
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const findings = f(objects, {}).length;
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const used = process.cpuUsage(cpu);
    return { wall, cpu: (used.user + used.system) / 1000, findings };
  };
  run(sides.A);
  run(sides.B);
  const a: ReturnType<typeof run>[] = [];
  const b: ReturnType<typeof run>[] = [];
  for (let i = 0; i < Number(pairsArg ?? 8); i++) {
    if (i % 2 === 0) { a.push(run(sides.A)); b.push(run(sides.B)); } else { b.push(run(sides.B)); a.push(run(sides.A)); }
    if (a[i].findings !== b[i].findings) console.log(`pair ${i}: the two trees found ${a[i].findings} and ${b[i].findings} findings`);
  }
  const ms = (xs: number[]) => median(xs).toFixed(0);
  console.log(`A wall ${ms(a.map((r) => r.wall))} ms, cpu ${ms(a.map((r) => r.cpu))} ms | B wall ${ms(b.map((r) => r.wall))} ms, cpu ${ms(b.map((r) => r.cpu))} ms | median paired CPU difference B - A: ${ms(a.map((r, i) => b[i].cpu - r.cpu))} ms`);
}

main();
