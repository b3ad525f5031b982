/**
 * Performance benchmark: `npx ts-node --transpile-only bench/bench.ts [--quick]`.
 *
 * Measures (synth: 5 reps at S, 3 at L; analyze: 7 reps at both; --quick: 1 rep, S only):
 *  - synth through the library's constructs (all checks) vs the floor (imports/ classes + plain ApiObject);
 *  - analyze of the synthesized YAML through the CLI path vs the floor (js-yaml loadAll only);
 *  - scaling L/S of both paths; peak RSS;
 *  - the pathological shapes of bench/shapes.ts (many wildcard DestinationRules in the root namespace, many workload
 *    policies in one namespace, many DestinationRules for one host): analyze() at n and 4n, and the time ratio, which
 *    a linear analysis keeps near 4 (goal <= 5). `--shapes-only` measures just these.
 * Prints a table, then as its last line one JSON object.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { analyze } from '../src';
import { analyzeFloor, gc, median, seconds, secondsAsync } from './measure';
import { buildFloor, buildWithConstructs, generateMesh, MeshSpec } from './mesh';
import { SHAPES } from './shapes';

const quick = process.argv.includes('--quick');
const shapesOnly = process.argv.includes('--shapes-only');
/** The shapes' sizes (n and 4n; about 3n objects each) and repetitions (the median counts). */
const SHAPE_N = 2000;
const SHAPE_REPS = quick ? 1 : 3;
const SHAPE_GOAL = 5;
const progressOn = Boolean(process.stderr.isTTY) && !process.env.CI;
function progress(msg: string): void {
  if (progressOn) process.stderr.write(`[bench] ${msg}\n`);
}

interface Size { readonly label: 'S' | 'L'; readonly ns: number; readonly svc: number; readonly calls: number; readonly reps: number; readonly analyzeReps: number }
const SIZES: Size[] = quick
  ? [{ label: 'S', ns: 200, svc: 2000, calls: 4000, reps: 1, analyzeReps: 1 }]
  // analyze reps are cheap (seconds at L): more of them, since one noisy pair moves a median of three
  : [{ label: 'S', ns: 200, svc: 2000, calls: 4000, reps: 5, analyzeReps: 7 }, { label: 'L', ns: 2000, svc: 20000, calls: 40000, reps: 3, analyzeReps: 7 }];

// The CLI entry point, if it exists yet; otherwise the CLI path is js-yaml loadAll + analyze() + JSON output.
type Io = { stdout: (s: string) => void; stderr: (s: string) => void; [k: string]: unknown };
let runCli: ((args: string[], io: any) => unknown) | undefined;
const cliMain = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
if (fs.existsSync(cliMain)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(cliMain);
  if (typeof mod.runCli === 'function') runCli = mod.runCli;
}
const analyzeVia = runCli ? "runCli(['analyze', file, '--format', 'json'])" : 'readFile + js-yaml loadAll + analyze() + JSON.stringify (src/cli/main.ts runCli not present)';

async function analyzeCli(file: string): Promise<number> {
  if (runCli) {
    let out = 0;
    let err = '';
    const io: Io = {
      stdout: (s: string) => { out += s.length; },
      stderr: (s: string) => { err += s; },
      stdin: () => '',
      isTTY: false,
      env: {},
      cwd: process.cwd(),
    };
    const rc = await runCli(['analyze', file, '--format', 'json'], io);
    if (out === 0 || (typeof rc === 'number' && rc > 1)) throw new Error(`runCli exit ${String(rc)}, ${out} chars of output: ${err.slice(0, 500)}`);
    return out;
  }
  const text = fs.readFileSync(file, 'utf8');
  const findings = analyze(yaml.loadAll(text) as any[]);
  return JSON.stringify({ findings }, null, 2).length;
}

interface Result {
  synth: number; synthFloor: number; analyze: number; analyzeFloor: number;
  /** Median over repetitions of ours / floor measured back to back (drift of the machine's load cancels within a pair). */
  synthPairRatio: number; analyzePairRatio: number;
  objects: number; yamlMiB: number; file: string;
}

async function measure(size: Size, tmp: string): Promise<Result> {
  progress(`${size.label}: generating ${size.ns} namespaces / ${size.svc} services / ${size.calls} calls`);
  const mesh: MeshSpec = generateMesh(size.ns, size.svc, size.calls);
  if (mesh.calls !== size.calls) throw new Error(`generator made ${mesh.calls} calls, wanted ${size.calls}`);
  const synthT: number[] = [];
  const floorT: number[] = [];
  let text = '';
  let floorText = '';
  for (let r = 0; r < size.reps; r++) {
    // Alternate order so warm-up and GC pressure fall on both sides alike.
    const runOurs = () => { gc(); synthT.push(seconds(() => { text = buildWithConstructs(mesh).synthYaml(); })); };
    const runFloor = () => { gc(); floorT.push(seconds(() => { floorText = buildFloor(mesh).synthYaml(); })); };
    if (r % 2 === 0) { runOurs(); runFloor(); } else { runFloor(); runOurs(); }
    progress(`${size.label}: synth rep ${r + 1}/${size.reps}: ours ${synthT[r].toFixed(2)} s, floor ${floorT[r].toFixed(2)} s`);
  }
  if (text.length !== floorText.length) throw new Error(`${size.label}: constructs and floor synthesized different YAML (${text.length} vs ${floorText.length} chars)`);
  floorText = '';
  const file = path.join(tmp, `mesh-${size.label}.yaml`);
  fs.writeFileSync(file, text);
  const objects = text.split(/^---$/m).length;
  const yamlMiB = Buffer.byteLength(text) / 1048576;
  text = '';
  const anT: number[] = [];
  const anFloorT: number[] = [];
  for (let r = 0; r < size.analyzeReps; r++) {
    const runOurs = async () => { gc(); anT.push(await secondsAsync(() => analyzeCli(file))); };
    const runFloor = async () => { gc(); anFloorT.push(seconds(() => analyzeFloor(file))); };
    if (r % 2 === 0) { await runOurs(); await runFloor(); } else { await runFloor(); await runOurs(); }
    progress(`${size.label}: analyze rep ${r + 1}/${size.analyzeReps}: ours ${anT[r].toFixed(2)} s, floor ${anFloorT[r].toFixed(2)} s`);
  }
  return {
    synth: median(synthT), synthFloor: median(floorT), analyze: median(anT), analyzeFloor: median(anFloorT),
    synthPairRatio: median(synthT.map((t, i) => t / floorT[i])), analyzePairRatio: median(anT.map((t, i) => t / anFloorT[i])),
    objects, yamlMiB, file,
  };
}

interface ShapeResult { readonly objects: [number, number]; readonly seconds: [number, number]; readonly scaling: number }

/** analyze() of each pathological shape at n and 4n (median of SHAPE_REPS), and the ratio of the two times. */
function measureShapes(): Record<string, ShapeResult> {
  const out: Record<string, ShapeResult> = {};
  for (const [name, make] of Object.entries(SHAPES)) {
    analyze(make(SHAPE_N)); // warm-up, untimed: otherwise the JIT's start is billed to n and flatters the ratio
    const sizes = [SHAPE_N, 4 * SHAPE_N].map((n) => {
      const objects = make(n);
      const ts: number[] = [];
      for (let r = 0; r < SHAPE_REPS; r++) { gc(); ts.push(seconds(() => analyze(objects))); }
      progress(`shape ${name} n=${n}: ${objects.length} objects, ${ts.map((t) => t.toFixed(2)).join(' / ')} s`);
      return { objects: objects.length, seconds: median(ts) };
    });
    out[name] = { objects: [sizes[0].objects, sizes[1].objects], seconds: [sizes[0].seconds, sizes[1].seconds], scaling: sizes[1].seconds / sizes[0].seconds };
  }
  return out;
}

function shapeRows(shapes: Record<string, ShapeResult>, mark: (ok: boolean | null) => string): string[][] {
  return Object.entries(shapes).flatMap(([name, r]) => [
    [`shape ${name}: analyze (s) at ${r.objects[0]} / ${r.objects[1]} objects`, fmt(r.seconds[0]), fmt(r.seconds[1]), '', ''],
    [`shape ${name}: scaling 4n/n`, '', fmt(r.scaling), `<= ${SHAPE_GOAL}`, mark(r.scaling <= SHAPE_GOAL)],
  ]);
}

/** Peak RSS of the L analyze alone, in a fresh child process. */
function childAnalyzeRssMiB(file: string): number | undefined {
  try {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'analyze-child.ts'), file],
      { cwd: path.join(__dirname, '..'), encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, maxBuffer: 1 << 30 });
    const last = out.trim().split('\n').pop()!;
    return JSON.parse(last).maxRssMiB;
  } catch (e) {
    progress(`child analyze failed: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function fmt(x: number | undefined, d = 2): string {
  return x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d);
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  if (shapesOnly) {
    const shapes = measureShapes();
    const mark = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
    const rows = [['measure', 'n', '4n', 'goal', 'status'], ...shapeRows(shapes, mark)];
    printTable(`cdk8s-istio-mtls benchmark, pathological shapes only (median of ${SHAPE_REPS}; node ${process.version}, ${os.cpus().length} CPUs)`, rows, loadBefore);
    const shapeScaling = Object.fromEntries(Object.entries(shapes).map(([k, r]) => [k, r.scaling <= SHAPE_GOAL]));
    console.log(JSON.stringify({ shapes, goals: { shapeScaling } }));
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-bench-'));
  const results: Partial<Record<'S' | 'L', Result>> = {};
  try {
    for (const size of SIZES) results[size.label] = await measure(size, tmp);
    const big = results.L ?? results.S!;
    progress('peak RSS of the analyze alone (child process)');
    const analyzeRss = quick ? undefined : childAnalyzeRssMiB(big.file);
    const shapes = measureShapes();
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const S = results.S!;
    const L = results.L;
    const json = {
      // Each ratio is the median over repetitions of ours / floor measured back to back; the ratio of the two medians
      // is kept beside it (the two agree on a quiet machine; on a busy one the pairs cancel the load's drift).
      synthRatio: big.synthPairRatio,
      analyzeRatio: big.analyzePairRatio,
      synthRatioOfMedians: big.synth / big.synthFloor,
      analyzeRatioOfMedians: big.analyze / big.analyzeFloor,
      synthScaling: L ? L.synth / S.synth : null,
      analyzeScaling: L ? L.analyze / S.analyze : null,
      peakRssMiB: Math.round(peakRssMiB),
      analyzePeakRssMiB: analyzeRss === undefined ? null : Math.round(analyzeRss),
      synthSecondsL: L ? L.synth : null,
      synthFloorSecondsL: L ? L.synthFloor : null,
      analyzeSecondsL: L ? L.analyze : null,
      analyzeFloorSecondsL: L ? L.analyzeFloor : null,
      synthSecondsS: S.synth,
      synthFloorSecondsS: S.synthFloor,
      analyzeSecondsS: S.analyze,
      analyzeFloorSecondsS: S.analyzeFloor,
      objectsS: S.objects,
      objectsL: L ? L.objects : null,
      yamlMiBL: L ? Number(L.yamlMiB.toFixed(1)) : null,
      reps: { S: SIZES[0].reps, L: L ? SIZES[1].reps : 0 },
      analyzeReps: { S: SIZES[0].analyzeReps, L: L ? SIZES[1].analyzeReps : 0 },
      quick,
      analyzePath: runCli ? 'runCli' : 'loadAll+analyze',
      node: process.version,
      cpus: os.cpus().length,
      // 1-minute load average before and after: above ~1 on 2 CPUs, something else competed for the CPU.
      loadAvg: [Number(loadBefore.toFixed(2)), Number(os.loadavg()[0].toFixed(2))],
      shapes,
    };
    const goals = {
      synthRatio: json.synthRatio <= 2.0,
      analyzeRatio: json.analyzeRatio <= 1.8,
      synthScaling: json.synthScaling === null ? null : json.synthScaling <= 11,
      analyzeScaling: json.analyzeScaling === null ? null : json.analyzeScaling <= 11,
      peakRssMiB: json.peakRssMiB < 2048,
      synthSecondsL: json.synthSecondsL === null ? null : json.synthSecondsL < 20,
      shapeScaling: Object.fromEntries(Object.entries(shapes).map(([k, r]) => [k, r.scaling <= SHAPE_GOAL])),
    };
    const mark = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
    const rows: string[][] = [
      ['measure', 'S', 'L', 'goal', 'status'],
      ['objects', String(S.objects), L ? String(L.objects) : '-', '', ''],
      ['synth, constructs + checks (s)', fmt(S.synth), fmt(L?.synth), 'L < 20 s', mark(goals.synthSecondsL)],
      ['synth, floor (s)', fmt(S.synthFloor), fmt(L?.synthFloor), '', ''],
      ['synthRatio (median of pairs)', fmt(S.synthPairRatio), fmt(L?.synthPairRatio), '<= 2.0', mark(goals.synthRatio)],
      ['synth, ratio of medians', fmt(S.synth / S.synthFloor), fmt(L && L.synth / L.synthFloor), '', ''],
      ['analyze, CLI path (s)', fmt(S.analyze), fmt(L?.analyze), '', ''],
      ['analyze, floor: loadAll (s)', fmt(S.analyzeFloor), fmt(L?.analyzeFloor), '', ''],
      ['analyzeRatio (median of pairs)', fmt(S.analyzePairRatio), fmt(L?.analyzePairRatio), '<= 1.8', mark(goals.analyzeRatio)],
      ['analyze, ratio of medians', fmt(S.analyze / S.analyzeFloor), fmt(L && L.analyze / L.analyzeFloor), '', ''],
      ['synthScaling L/S', '', fmt(json.synthScaling ?? undefined), '<= 11', mark(goals.synthScaling)],
      ['analyzeScaling L/S', '', fmt(json.analyzeScaling ?? undefined), '<= 11', mark(goals.analyzeScaling)],
      ['peak RSS, whole run (MiB)', '', String(json.peakRssMiB), '< 2048', mark(goals.peakRssMiB)],
      ['peak RSS, L analyze alone (MiB)', '', json.analyzePeakRssMiB === null ? 'n/a' : String(json.analyzePeakRssMiB), '', ''],
      ...shapeRows(shapes, mark),
    ];
    printTable(`cdk8s-istio-mtls benchmark (${quick ? 'quick: 1 rep, S only' : 'synth: median of 5 reps at S, 3 at L; analyze: 7 reps each'}; node ${process.version}, ${os.cpus().length} CPUs)\nanalyze path: ${analyzeVia}`, rows, loadBefore);
    console.log(JSON.stringify({ ...json, goals }));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function printTable(title: string, rows: string[][], loadBefore: number): void {
  const loadAvg = [Number(loadBefore.toFixed(2)), Number(os.loadavg()[0].toFixed(2))];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(title);
  console.log(`1-min load average before/after: ${loadAvg.join(' / ')}${Math.max(...loadAvg) > 1.5 ? ' (other processes competed for the CPU: timings are noisy)' : ''}`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
