/**
 * Child process of bench/bench.ts: analyzes one YAML file through the CLI path once and prints its peak RSS.
 * Also the target for profiling: `node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/analyze-child.ts FILE`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { analyze } from '../src';

async function main(): Promise<void> {
  const file = process.argv[2];
  const cliMain = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
  let findings = 0;
  const t0 = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled CLI, only when it exists
  const mod = fs.existsSync(cliMain) ? require(cliMain) : undefined;
  if (mod && typeof mod.runCli === 'function') {
    let out = '';
    await mod.runCli(['analyze', file, '--format', 'json'], { stdout: (s: string) => { out += s; }, stderr: () => undefined, stdin: () => '', isTTY: false, env: {}, cwd: process.cwd() });
    findings = out.length;
  } else {
    findings = analyze(yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]).length;
  }
  console.log(JSON.stringify({ findings, seconds: (Date.now() - t0) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e) => { console.error(e); process.exit(1); });
