/**
 * The `istio-mtls` command line: dispatch and exit codes (arguments in args.ts, commands in commands.ts and graph.ts,
 * help texts in help.ts, streams and output in io.ts).
 *
 *   istio-mtls analyze <file|dir|->... [--format text|json|sarif] [--root-namespace NS] [--auto-mtls true|false]
 *                                      [--cluster-domain D] [--migration] [--istio-version X.Y] [--output FILE]
 *   istio-mtls status <file|dir|->...  [--format text|json] [same engine options] [--output FILE]
 *   istio-mtls rules [--format text|json|markdown] [--output FILE]
 *   istio-mtls inspect-cert <pem file|-> [--expect-identity ID] [--format text|json]
 *   istio-mtls graph <file|dir|->...   [--format mermaid|dot] [--root-namespace NS] [--output FILE] (src/cli/graph.ts)
 *
 * Exit codes: 0 no error findings (no CONFLICT for `status`); 1 error findings (a CONFLICT row); 2 unusable input
 * or usage — one line on stderr naming the file (and line), nothing on stdout.
 */
import { describeError } from '../input/input-error';
import { MAX_FILE_BYTES } from '../input/files';
import { UsageError } from './args';
import { analyzeCommand, inspectCert, rulesCommand, statusCommand } from './commands';
import { COMMAND_HELP, HELP } from './help';
import { BIN, CliIo, ReportIo, readProcessStdin } from './io';
import { packageInfo } from './package-info';
import { escapeTerminalLines } from './terminal';

export { CliIo } from './io';
export { PROGRESS_MIN_OBJECTS } from './io';
export { MAX_CERT_BYTES } from './commands';

/**
 * Runs the `istio-mtls` command line.
 *
 * @param args the arguments after the program name
 * @param io standard streams and environment
 * @returns the exit code: 0 no error findings, 1 error findings, 2 unusable input or usage
 */
export async function runCli(args: readonly string[], cliIo: CliIo): Promise<number> {
  // Messages name files and objects from the input: their control and bidi characters are shown, not obeyed.
  const io: ReportIo = { ...cliIo, stderr: (s) => cliIo.stderr(escapeTerminalLines(s)), stderrReport: cliIo.stderr };
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
        io.stderr(`${BIN}: missing command (run '${BIN} --help' for usage)\n`);
        return 2;
      case '-h': case '--help':
        io.stdout(HELP);
        return 0;
      case 'help':
        if (rest[0] === undefined) { io.stdout(HELP); return 0; }
        if (rest[0] === 'inspect-cert') return await inspectCert(['--help'], io);
        if (COMMAND_HELP[rest[0]] === undefined) throw new UsageError(`unknown command '${rest[0]}'`);
        io.stdout(COMMAND_HELP[rest[0]]);
        return 0;
      case '--version': case 'version':
        io.stdout(`${packageInfo().version}\n`);
        return 0;
      case 'analyze':
        return await analyzeCommand(rest, io);
      case 'status':
        return await statusCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'inspect-cert':
        return await inspectCert(rest, io);
      case 'graph':
        // Loaded on use, like inspect-cert's X.509 code: most runs are analyze or status, and every start pays its imports.
        return await (await import('./graph')).runGraph(rest, io);
      default:
        throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const where = command && COMMAND_HELP[command] ? `${BIN} ${command}` : BIN;
      io.stderr(`${where}: ${e.message} (run '${where} --help' for usage)\n`);
      return 2;
    }
    // A bug, not the user's fault: still one line, no stack trace.
    io.stderr(`${BIN}${command ? ` ${command}` : ''}: internal error: ${describeError(e)} (please report it)\n`);
    return 2;
  }
}

/**
 * Entry point of the `istio-mtls` binary: {@link runCli} wired to the process.
 *
 * @param argv the arguments after the program name (`process.argv.slice(2)`)
 * @returns the exit code (the binary sets `process.exitCode`, so output is flushed before exiting)
 */
export async function main(argv: readonly string[]): Promise<number> {
  // `istio-mtls analyze . | head`: a closed pipe is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return runCli(argv, {
    stdout: (s) => { process.stdout.write(s); },
    stdoutBytes: (b) => { process.stdout.write(b); },
    stderr: (s) => { process.stderr.write(s); },
    stdin: (max) => readProcessStdin(max ?? MAX_FILE_BYTES),
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  });
}
