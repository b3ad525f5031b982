/**
 * The CLI's view of the outside world (standard streams, terminal, environment), where its output goes (--output
 * or stdout, never over an input) and how it reads its inputs.
 */
import { UsageError } from './args';
import { formatBytes } from '../input/files';
import { InputError, describeError } from '../input/input-error';
import { LoadResult, STDIN_NAME, loadInputs } from '../input/load';
import { writeOutput } from './write';
/** The outside world as {@link runCli} sees it, so that it runs the same in tests and in the binary. */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (s: string) => void;
  /**
   * Writes bytes to standard output unchanged (`analyze --passthrough`).
   *
   * @default - the bytes decoded as UTF-8, through `stdout`
   */
  readonly stdoutBytes?: (b: Buffer) => void;
  /** Writes to standard error (whole lines). */
  readonly stderr: (s: string) => void;
  /**
   * Reads all of standard input (for the argument `-`), at most `maxBytes` bytes: past it, reject with an error
   * whose `code` is `'EOVERLIMIT'` (or return more, which is then refused).
   *
   * @default - `-` is an error
   */
  readonly stdin?: (maxBytes: number) => Promise<Buffer | string> | Buffer | string;
  /**
   * Whether standard output is a terminal (colours are used only then, and only when NO_COLOR is not set).
   *
   * @default false
   */
  readonly isTTY?: boolean;
  /**
   * Whether standard error is a terminal: long runs (many objects) then report progress there, unless CI is set.
   *
   * @default false
   */
  readonly stderrIsTTY?: boolean;
  /**
   * Environment variables (NO_COLOR, TERM).
   *
   * @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Directory SARIF artifact URIs are relative to.
   *
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Reads a file as UTF-8 (for `inspect-cert`).
   *
   * @default fs.readFileSync
   */
  readonly readFile?: (p: string) => string;
  /**
   * The current time (for `inspect-cert`).
   *
   * @default - now
   */
  readonly now?: Date;
}

export const BIN = 'istio-mtls';

export function useColor(io: CliIo, output: string | undefined): boolean {
  const env = io.env ?? {};
  return output === undefined && io.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * The CLI's own view of the outside world: stderr messages are escaped as a whole (a name cannot forge a line), and a
 * report whose cells the formatter already escaped (`analyze --passthrough`) goes to stderr as it is, lines intact.
 */
export interface ReportIo extends CliIo {
  readonly stderrReport?: (s: string) => void;
}

/**
 * Writes the output to --output or stdout (`--output -` is stdout). Never over one of `inputs` (the files read).
 * Returns false (after reporting) when the file cannot be written.
 */
export function emit(io: CliIo, command: string, output: string | undefined, content: string, inputs: readonly string[] = []): boolean {
  if (output === undefined || output === '-') {
    io.stdout(content);
    return true;
  }
  try {
    writeOutput(output, content, { inputs: inputs.filter((f) => f !== STDIN_NAME) });
    return true;
  } catch (e) {
    io.stderr(`${BIN} ${command}: cannot write '${output}': ${describeError(e)}\n`);
    return false;
  }
}

export async function load(io: CliIo, command: string, inputs: string[], maxTotalBytes: number | undefined): Promise<LoadResult | undefined> {
  if (inputs.length === 0) throw new UsageError("give at least one file, directory, or '-' for standard input");
  try {
    return await loadInputs(inputs, { stdin: io.stdin, maxTotalBytes, totalLimitHint: 'raise it with --max-input-mib, or give fewer files' });
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`${BIN} ${command}: ${e.message}\n`);
      return undefined;
    }
    throw e;
  }
}

/** Objects from which a run counts as long and reports progress (on a terminal, outside CI). */
export const PROGRESS_MIN_OBJECTS = 10000;

/** A progress printer for long runs: stderr on a TTY, never in CI or for small inputs, never on stdout. */
export function progressReporter(io: CliIo, objects: number): (msg: string) => void {
  const env = io.env ?? {};
  const on = io.stderrIsTTY === true && !env.CI && objects >= PROGRESS_MIN_OBJECTS;
  return on ? (msg: string) => io.stderr(`${BIN}: ${msg}\n`) : () => undefined;
}

/** Reads all of process.stdin, refusing more than `max` bytes (an error with code EOVERLIMIT). */
export function readProcessStdin(max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stdin = process.stdin;
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > max) {
        cleanup();
        stdin.pause();
        reject(Object.assign(new Error(`input is over the ${formatBytes(max)} limit`), { code: 'EOVERLIMIT' }));
        return;
      }
      chunks.push(b);
    };
    const onEnd = () => { cleanup(); resolve(Buffer.concat(chunks)); };
    const onError = (e: Error) => { cleanup(); reject(e); };
    const cleanup = () => {
      stdin.off('data', onData); stdin.off('end', onEnd); stdin.off('error', onError);
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
  });
}
