/**
 * A/B of the analyze path against an older commit, in one process:
 * `npx ts-node --transpile-only bench/ab.ts <git-rev> [pairs]`.
 *
 * On a shared machine two runs of `npm run bench` differ by more than most changes gain. Here the old and the new
 * `runCli` take turns in one process, and each run is paired with a floor run (js-yaml `loadAll` of the same file).
 * The script prints the median pair ratio and the median seconds of each side. The old code comes from a temporary
 * `git worktree` of `<git-rev>`, which uses this checkout's node_modules. The input is the L mesh of bench/mesh.ts.
 *
 * Besides the ratios, each round's old and new run form a pair: the script prints the median of their paired
 * differences in wall time and in CPU time. `npm run bench:ab:cpu -- <git-rev> [pairs]` runs the same under
 * `node --single-threaded`, where V8's collector and compiler work on the main thread: there the CPU difference
 * resolved ~10 ms (session 5), where wall-clock ratios move by 0.05-0.15 between runs on this shared machine.
 *
 * Then the cold start, which the warm bench does not see: the first CRD validation of a process (a DestinationRule,
 * then a PeerAuthentication) compiles ajv's validators. Fresh processes of each side take turns; the median
 * milliseconds of that first validation are printed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeFloor, gc, median, seconds, secondsAsync } from './measure';
import { buildWithConstructs, generateMesh } from './mesh';

const [rev, pairsArg] = process.argv.slice(2);
if (!rev) {
  console.error('usage: ts-node --transpile-only bench/ab.ts <git-rev> [pairs]');
  process.exit(2);
}
const pairs = Number(pairsArg ?? 8);
const root = path.join(__dirname, '..');

/** Milliseconds of the first validateAgainstCrd of a DestinationRule and a PeerAuthentication, in a fresh process. */
function firstValidationMs(tree: string): number {
  // src/input/schema/ since the split of issue #14, src/engine/schema.ts before it
  const split = path.join(tree, 'src', 'input', 'schema', 'index.ts');
  const schema = JSON.stringify(fs.existsSync(split) ? split : path.join(tree, 'src', 'engine', 'schema.ts'));
  const script = `const { validateAgainstCrd } = require(${schema});
const t = process.hrtime.bigint();
validateAgainstCrd({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'r', namespace: 'a' }, spec: { host: 'web', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } });
validateAgainstCrd({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'p', namespace: 'a' }, spec: { mtls: { mode: 'STRICT' } } });
console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
  return Number(out.trim().split('\n').pop());
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mtls-ab-'));
  const tree = path.join(tmp, 'old');
  execFileSync('git', ['worktree', 'add', '--detach', tree, rev], { cwd: root, stdio: 'ignore' });
  try {
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
    const file = path.join(tmp, 'mesh-L.yaml');
    fs.writeFileSync(file, buildWithConstructs(generateMesh(2000, 20000, 40000)).synthYaml());
    const sides: Record<'old' | 'new', (args: string[], io: unknown) => Promise<number>> = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      old: require(path.join(tree, 'src', 'cli', 'main.ts')).runCli,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      new: require(path.join(root, 'src', 'cli', 'main.ts')).runCli,
    };
    const io = { stdout: () => undefined, stderr: () => undefined, stdin: () => '', isTTY: false, env: {}, cwd: root };
    const ratios = { old: [] as number[], new: [] as number[] };
    const secs = { old: [] as number[], new: [] as number[], floor: [] as number[] };
    // CPU time of each run, this process's threads together: under `node --single-threaded` (npm run bench:ab:cpu) the
    // collector and compiler run on the main thread, and other tenants' load moves CPU time less than wall time.
    const cpuMs = { old: [] as number[], new: [] as number[] };
    // One warm-up round each (JIT, CRD validators), then the pairs, alternating which side goes first.
    for (let i = -1; i < pairs; i++) {
      const order: Array<'old' | 'new'> = i % 2 === 0 ? ['new', 'old'] : ['old', 'new'];
      for (const side of order) {
        gc();
        let rc = 0;
        const cpu0 = process.cpuUsage();
        const ours = await secondsAsync(async () => { rc = await sides[side](['analyze', file, '--format', 'json'], io); });
        const cpu = process.cpuUsage(cpu0);
        if (rc > 1) throw new Error(`${side}: exit ${rc}`);
        gc();
        const floor = seconds(() => analyzeFloor(file));
        if (i < 0) continue;
        ratios[side].push(ours / floor);
        secs[side].push(ours);
        cpuMs[side].push((cpu.user + cpu.system) / 1000);
        secs.floor.push(floor);
      }
    }
    console.log(`analyze L, ${pairs} pairs per side, ${rev} (old) vs working tree (new); 1-min load average ${os.loadavg()[0].toFixed(2)}`);
    console.log(`median pair ratio: old ${median(ratios.old).toFixed(2)}, new ${median(ratios.new).toFixed(2)}`);
    console.log(`median seconds: old ${median(secs.old).toFixed(2)}, new ${median(secs.new).toFixed(2)}, floor ${median(secs.floor).toFixed(2)}`);
    // Both sides run in every round, so round i's old and new runs form a pair: the median of the differences cancels
    // what drifts from round to round.
    const paired = (xs: Record<'old' | 'new', number[]>, scale: number) => median(xs.new.map((x, i) => (x - xs.old[i]) * scale)).toFixed(1);
    console.log(`median of paired differences, new - old: wall ${paired(secs, 1000)} ms, CPU ${paired(cpuMs, 1)} ms (median CPU: old ${median(cpuMs.old).toFixed(0)}, new ${median(cpuMs.new).toFixed(0)} ms${process.execArgv.includes('--single-threaded') ? ', single-threaded V8' : ''})`);

    const cold = { old: [] as number[], new: [] as number[] };
    const coldPairs = Math.max(3, Math.ceil(pairs / 2));
    for (let i = 0; i < coldPairs; i++) {
      for (const side of (i % 2 === 0 ? ['new', 'old'] : ['old', 'new']) as Array<'old' | 'new'>) {
        cold[side].push(firstValidationMs(side === 'old' ? tree : root));
      }
    }
    console.log(`first CRD validation in a fresh process (${coldPairs} per side), median ms: old ${median(cold.old).toFixed(0)}, new ${median(cold.new).toFixed(0)}`);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: root, stdio: 'ignore' });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
