/**
 * The `istio-mtls` command line: argument parsing, dispatch and exit codes.
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
import { runAcknowledgements } from '../engine/acknowledge';
import { analyzeDetailed, listRules } from '../engine/analyze';
import { analyzeApp } from '../engine/app';
import { meshesFromMetadata, relabelConstructAcknowledgements } from '../input/app-metadata';
import { status } from '../engine/status';
import { AnalyzeOptions, K8sObject } from '../engine/types';
import { istioMinorVersion } from '../engine/vocabulary';
import { runInspectCert } from '../certs/inspect-cert-cli';
import { GRAPH_HELP, runGraph } from './graph';
import {
  AnalysisReport, LocatedFinding, formatJson, formatRulesJson, formatRulesMarkdown, formatRulesText, formatSarif,
  formatStatusJson, formatStatusText, formatText,
} from './format';
import { isCheckedKind } from './kinds';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES, formatBytes, readFile } from '../input/files';
import { InputError, describeError } from '../input/input-error';
import { LoadResult, STDIN_NAME, SourcedObject, loadInputs } from '../input/load';
import { withDefaultNamespace } from '../input/namespace';
import { locateField } from '../input/positions';
import { packageInfo } from './package-info';
import { escapeTerminalLines } from './terminal';
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

const BIN = 'istio-mtls';

const HELP = `Usage: ${BIN} <command> [options]

Checks Istio mutual TLS configuration (PeerAuthentication, DestinationRule, legacy MeshPolicy/Policy) together
with the Services, workloads and namespaces it applies to, and predicts which calls will fail.

Commands:
  analyze <file|dir|->...   run every rule over the manifests; print the findings
  status <file|dir|->...    one row per service host:port: server mode, client TLS, OK/CONFLICT
                            (what 'istioctl authn tls-check' used to print)
  rules                     list the rules
  inspect-cert <pem|->      show the identity and validity of a certificate
  graph <file|dir|->...     draw the mesh (Mermaid or DOT): dataplanes, modes, calls, broken calls in red

Options:
  -h, --help                show help (also: ${BIN} <command> --help)
  --version                 print the version

Exit codes: 0 no error findings, 1 error findings, 2 unusable input or usage.
`;

const ENGINE_OPTIONS = `  --root-namespace NS       Istio's root namespace, where mesh-wide policies live (default: istio-system)
  --auto-mtls true|false    whether auto mTLS is on (default: true, false when the input has legacy
                            authentication.istio.io/v1alpha1 policies)
  --cluster-domain DOMAIN   the cluster's DNS suffix (default: cluster.local)
  --migration               the input is a migration phase: PERMISSIVE is expected
  -n, --namespace NS        the namespace of objects that name none, as 'kubectl apply -n NS' (cluster-scoped
                            kinds keep none)
  --sidecar-hbone true|false
                            sidecars injected later take HBONE from ambient callers (the ambient profile's
                            ISTIO_META_ENABLE_HBONE; default: false)
  --sidecars-send-hbone true|false
                            sidecars send HBONE to ambient pods (istiod's PILOT_ENABLE_SENDING_HBONE; default: true)
  --istio-version X.Y       the Istio release of the mesh (default: 1.30); before 1.24, DestinationRules for
                            one host merge regardless of exportTo
  --max-input-mib N         refuse inputs larger than N MiB in total (default: ${MAX_TOTAL_BYTES / (1024 * 1024)}; 64 MiB per file)`;

const INPUTS = `Inputs: YAML files (several documents each), JSON files, 'kind: List' objects, directories (every .yaml,
.yml and .json file, recursively, in sorted order) and '-' for standard input. All inputs are analyzed together.`;

const ANALYZE_HELP = `Usage: ${BIN} analyze <file|dir|->... [options]

Runs every rule over all the objects of all inputs together and prints the findings.

${INPUTS}

Options:
  --format text|json|sarif  output format (default: text)
  --fail-on error|warning   exit 1 on error findings (default), or on warnings too (for pipelines)
  --ignore 'CODE: reason'   accept every finding of CODE on purpose (repeatable; the reason is required): it is
                            listed as suppressed and fails nothing (per object: the istio-mtls.cdk8s.io/accept
                            annotation)
${ENGINE_OPTIONS}
  --output FILE             write the output to FILE (atomically) instead of standard output
  --source-root DIR         SARIF artifact URIs are relative to DIR (the 'SRCROOT' base; default: the current
                            directory)
  --passthrough             with '-' as the only input: copy standard input unchanged to standard output when
                            there is no error finding, the findings go to standard error (or --output); for
                            'helm install --post-renderer' and pipelines
  --verbose                 also say which files were skipped and why (cdk8s' construct-metadata.json)
  -h, --help                show this help

A directory 'cdk8s synth' wrote is analyzed as the app's synth-time check analyzed it: cdk8s' construct-metadata.json
is skipped, and istio-mtls-metadata.json (written when a validation plugin is configured) gives the mesh scopes and
MigrationPlan phases.

Exit codes:
  0  no error findings (warnings and info do not fail, unless --fail-on warning)
  1  at least one error finding (or warning, with --fail-on warning)
  2  usage error, or unusable input (unreadable, binary, empty or malformed file, an object without apiVersion
     or kind, a field of the wrong type in an Istio object): one line on stderr, nothing on stdout
`;

const STATUS_HELP = `Usage: ${BIN} status <file|dir|->... [options]

Prints one row per Service host:port (and per DestinationRule host without a Service): the server mode its
endpoints accept, the TLS a sidecar client (in a namespace without DestinationRules of its own) sends, the
deciding PeerAuthentication and DestinationRule, and OK or CONFLICT: what 'istioctl authn tls-check' used to print.

${INPUTS}

Options:
  --format text|json        output format (default: text)
${ENGINE_OPTIONS}
  --output FILE             write the output to FILE (atomically) instead of standard output
  -h, --help                show this help

Exit codes: 0 no CONFLICT, 1 at least one CONFLICT, 2 usage error or unusable input.
`;

const RULES_HELP = `Usage: ${BIN} rules [--format text|json|markdown] [--output FILE]

Lists every rule: code, severity, name, summary (and source, in json and markdown).
`;

type FlagKind = 'value' | 'boolean' | 'list';
interface Parsed {
  readonly positionals: string[];
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
  /** Values of repeatable options (`--ignore`), in order. */
  readonly lists: Map<string, string[]>;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[], spec: Readonly<Record<string, FlagKind>>): Parsed {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') { flags.add('--help'); continue; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = SHORT[arg] !== undefined && spec[SHORT[arg]] !== undefined ? SHORT[arg] : eq > 0 ? arg.slice(0, eq) : arg;
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option '${name}'`);
    if (kind === 'boolean') {
      if (eq > 0) throw new UsageError(`option '${name}' takes no value`);
      flags.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`option '${name}' needs a value`);
    if (kind === 'list') { lists.set(name, [...(lists.get(name) ?? []), value]); continue; }
    if (values.has(name)) throw new UsageError(`option '${name}' given more than once`);
    values.set(name, value);
  }
  return { positionals, values, flags, lists };
}

function choice(parsed: Parsed, name: string, allowed: readonly string[], fallback: string): string {
  const v = parsed.values.get(name) ?? fallback;
  if (!allowed.includes(v)) throw new UsageError(`unknown ${name.replace(/^--/, '')} '${v}': use ${allowed.map((a) => `'${a}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
  return v;
}

/** A `true|false` option; undefined when not given. */
function booleanValue(parsed: Parsed, name: string): boolean | undefined {
  const v = parsed.values.get(name);
  if (v !== undefined && v !== 'true' && v !== 'false') throw new UsageError(`'${name}' must be 'true' or 'false' (got '${v}')`);
  return v === undefined ? undefined : v === 'true';
}

function engineOptions(parsed: Parsed): AnalyzeOptions {
  return {
    rootNamespace: parsed.values.get('--root-namespace'),
    autoMtls: booleanValue(parsed, '--auto-mtls'),
    clusterDomain: parsed.values.get('--cluster-domain'),
    migration: parsed.flags.has('--migration') || undefined,
    sidecarHbone: booleanValue(parsed, '--sidecar-hbone'),
    sidecarsSendHbone: booleanValue(parsed, '--sidecars-send-hbone'),
    istioVersion: istioVersionFlag(parsed.values.get('--istio-version')),
    ...ignoreFlag(parsed),
  };
}

/** `--ignore 'CODE: reason'` (repeatable): every finding of CODE is listed as suppressed; a reason is required. */
function ignoreFlag(parsed: Parsed): { ignore?: string[] } {
  const values = parsed.lists.get('--ignore');
  if (!values) return {};
  for (const v of values) {
    const code = /^\s*([A-Z]{3}\d{4})\s*$/.exec(v);
    if (code) throw new UsageError(`'--ignore ${code[1]}' needs a reason: an acknowledgement without one is refused; write --ignore '${code[1]}: <why it is accepted>'`);
    try {
      runAcknowledgements({ ignore: [v] });
    } catch (e) {
      throw new UsageError(`'--ignore': ${(e as Error).message.replace(/^ignore entry/, 'entry')}`);
    }
  }
  return { ignore: values };
}

function istioVersionFlag(v: string | undefined): string | undefined {
  if (v !== undefined && !istioMinorVersion(v)) throw new UsageError(`'--istio-version' must be an Istio release like '1.24' or '1.24.3' (got '${v}')`);
  return v;
}

/** The input objects, with `--namespace` applied to those that name no namespace. */
function objectsOf(parsed: Parsed, loaded: LoadResult): K8sObject[] {
  const ns = parsed.values.get('--namespace');
  if (ns !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) throw new UsageError(`'--namespace' must be a namespace name (DNS-1123 label), got '${ns}'`);
  return loaded.objects.map((o) => (ns === undefined ? o.object : withDefaultNamespace(o.object, ns)));
}

const ENGINE_FLAGS: Record<string, FlagKind> = {
  '--help': 'boolean', '--format': 'value', '--output': 'value', '--root-namespace': 'value', '--auto-mtls': 'value',
  '--cluster-domain': 'value', '--migration': 'boolean', '--max-input-mib': 'value', '--namespace': 'value',
  '--sidecar-hbone': 'value', '--sidecars-send-hbone': 'value', '--istio-version': 'value',
};

/** Short options and the long ones they stand for. */
const SHORT: Readonly<Record<string, string>> = { '-n': '--namespace' };

/** `--max-input-mib` in bytes, or undefined for the default. */
function maxInputBytes(parsed: Parsed): number | undefined {
  const v = parsed.values.get('--max-input-mib');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`'--max-input-mib' must be a positive number of MiB (got '${v}')`);
  return Math.floor(n * 1024 * 1024);
}

const ANALYZE_FLAGS: Record<string, FlagKind> = { ...ENGINE_FLAGS, '--source-root': 'value', '--passthrough': 'boolean', '--fail-on': 'value' };

/**
 * Where a finding is: its field's line and column when the finding names a field found in the object's text
 * (../input/positions), else the line of the object's document.
 */
function findingPosition(loaded: LoadResult, src: SourcedObject | undefined, field: string | undefined): { line: number; column?: number } {
  if (!src) return { line: 1 };
  const source = field !== undefined ? loaded.sources.get(src.file) : undefined;
  if (source && field !== undefined) {
    const at = locateField(source, src.line, src.object, field);
    if (at) return at;
  }
  return { line: src.line };
}

function useColor(io: CliIo, output: string | undefined): boolean {
  const env = io.env ?? {};
  return output === undefined && io.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/**
 * The CLI's own view of the outside world: stderr messages are escaped as a whole (a name cannot forge a line), and a
 * report whose cells the formatter already escaped (`analyze --passthrough`) goes to stderr as it is, lines intact.
 */
interface ReportIo extends CliIo {
  readonly stderrReport?: (s: string) => void;
}

/**
 * Writes the output to --output or stdout (`--output -` is stdout). Never over one of `inputs` (the files read).
 * Returns false (after reporting) when the file cannot be written.
 */
function emit(io: CliIo, command: string, output: string | undefined, content: string, inputs: readonly string[] = []): boolean {
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

async function load(io: CliIo, command: string, inputs: string[], maxTotalBytes: number | undefined): Promise<LoadResult | undefined> {
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
function progressReporter(io: CliIo, objects: number): (msg: string) => void {
  const env = io.env ?? {};
  const on = io.stderrIsTTY === true && !env.CI && objects >= PROGRESS_MIN_OBJECTS;
  return on ? (msg: string) => io.stderr(`${BIN}: ${msg}\n`) : () => undefined;
}

async function analyzeCommand(args: string[], io: ReportIo): Promise<number> {
  const parsed = parseArgs(args, { ...ANALYZE_FLAGS, '--ignore': 'list', '--verbose': 'boolean' });
  if (parsed.flags.has('--help')) { io.stdout(ANALYZE_HELP); return 0; }
  const format = choice(parsed, '--format', ['text', 'json', 'sarif'], 'text');
  const failOn = choice(parsed, '--fail-on', ['error', 'warning'], 'error');
  const options = engineOptions(parsed);
  const output = parsed.values.get('--output');
  const passthrough = parsed.flags.has('--passthrough');
  if (passthrough && (parsed.positionals.length !== 1 || parsed.positionals[0] !== '-')) {
    throw new UsageError("'--passthrough' reads standard input only: give '-' as the only input");
  }
  const started = Date.now();
  // --passthrough writes back the very bytes it read
  let raw: Buffer | string | undefined;
  const readStdin = io.stdin;
  const loadIo: CliIo = passthrough && readStdin ? { ...io, stdin: async (maxBytes: number) => (raw = await readStdin(maxBytes)) } : io;
  const loaded = await load(loadIo, 'analyze', parsed.positionals, maxInputBytes(parsed));
  if (!loaded) return 2;

  const progress = progressReporter(io, loaded.objects.length);
  progress(`read ${loaded.objects.length.toLocaleString('en-US')} objects from ${loaded.files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; analyzing`);
  const analyzing = Date.now();
  const inputObjects = objectsOf(parsed, loaded);
  let detailed: ReturnType<typeof analyzeDetailed>;
  if (loaded.appMetadata) {
    // A directory `cdk8s synth` wrote: its mesh scopes and MigrationPlan phases, as the synth-time check analyzed them.
    const layout = meshesFromMetadata(loaded.objects, loaded.appMetadata, { perFile: false, options });
    detailed = relabelConstructAcknowledgements(analyzeApp(inputObjects, layout.meshes), (i) => layout.places[i]?.acknowledgedByConstruct);
  } else {
    detailed = analyzeDetailed(inputObjects, options, { crd: loaded.crd });
  }
  progress(`analyzed in ${((Date.now() - analyzing) / 1000).toFixed(1)} s`);
  const findings: LocatedFinding[] = detailed.map(({ objectIndex, ...f }) => {
    const src = loaded.objects[objectIndex];
    return { ...f, file: src?.file ?? '', ...findingPosition(loaded, src, f.field) };
  });
  const ignored = new Map<string, number>();
  for (let i = 0; i < loaded.objects.length; i++) {
    const object = loaded.objects[i].object;
    if (!isCheckedKind(object.apiVersion, object.kind)) ignored.set(object.kind, (ignored.get(object.kind) ?? 0) + 1);
  }
  const report: AnalysisReport = {
    findings, objects: loaded.objects.length, files: loaded.files.length, ignored, skippedEmptyFiles: loaded.skippedEmptyFiles,
    skippedMetadataFiles: loaded.skippedMetadataFiles, verbose: parsed.flags.has('--verbose'),
  };
  let content: string;
  if (format === 'json') content = formatJson(report);
  else if (format === 'sarif') {
    const info = packageInfo();
    content = formatSarif(report, {
      rules: listRules(), version: info.version, informationUri: info.homepage, rulesDocUrl: info.rulesDocUrl,
      cwd: io.cwd ?? process.cwd(), sourceRoot: parsed.values.get('--source-root'),
    });
  } else content = formatText(report, { color: useColor(io, output) && !passthrough });
  const failed = findings.some((f) => !f.suppressed && (f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning')));
  if (passthrough) {
    // The report goes to --output or, when there is something to say, to stderr; stdout carries only the manifests,
    // and only when they may be applied.
    if (output !== undefined) { if (!emit(io, 'analyze', output, content, loaded.files)) return 2; } else if (findings.length > 0) (io.stderrReport ?? io.stderr)(content);
    if (!failed && raw !== undefined) {
      const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      if (io.stdoutBytes) io.stdoutBytes(bytes); else io.stdout(bytes.toString('utf8'));
    }
    return failed ? 1 : 0;
  }
  if (!emit(io, 'analyze', output, content, loaded.files)) return 2;
  return failed ? 1 : 0;
}

async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ENGINE_FLAGS);
  if (parsed.flags.has('--help')) { io.stdout(STATUS_HELP); return 0; }
  const format = choice(parsed, '--format', ['text', 'json'], 'text');
  const options = engineOptions(parsed);
  const output = parsed.values.get('--output');
  const loaded = await load(io, 'status', parsed.positionals, maxInputBytes(parsed));
  if (!loaded) return 2;
  const rows = status(objectsOf(parsed, loaded), options);
  const content = format === 'json' ? formatStatusJson(rows) : formatStatusText(rows, { color: useColor(io, output) });
  if (!emit(io, 'status', output, content, loaded.files)) return 2;
  return rows.some((r) => r.status === 'CONFLICT') ? 1 : 0;
}

function rulesCommand(args: string[], io: CliIo): number {
  const parsed = parseArgs(args, { '--help': 'boolean', '--format': 'value', '--output': 'value' });
  if (parsed.flags.has('--help')) { io.stdout(RULES_HELP); return 0; }
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
  const format = choice(parsed, '--format', ['text', 'json', 'markdown'], 'text');
  const output = parsed.values.get('--output');
  const rules = listRules();
  const content = format === 'json' ? formatRulesJson(rules, packageInfo().rulesDocUrl)
    : format === 'markdown' ? formatRulesMarkdown(rules)
      : formatRulesText(rules, { color: useColor(io, output) });
  return emit(io, 'rules', output, content) ? 0 : 2;
}

const COMMAND_HELP: Record<string, string> = { analyze: ANALYZE_HELP, status: STATUS_HELP, rules: RULES_HELP, graph: GRAPH_HELP };

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
        return await runGraph(rest, io);
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

/** Certificate files larger than this are refused: a PEM chain of a few certificates is a few KiB. */
export const MAX_CERT_BYTES = 256 * 1024;

const CERT_OVER_LIMIT = `over the ${formatBytes(MAX_CERT_BYTES)} limit of a certificate file: is this a PEM certificate?`;

function inspectCert(args: string[], io: CliIo): Promise<number> {
  return runInspectCert(args, {
    stdin: async () => {
      if (!io.stdin) throw new Error('cannot read standard input here');
      let data: Buffer | string;
      try {
        data = await io.stdin(MAX_CERT_BYTES);
      } catch (e) {
        if ((e as { code?: string }).code === 'EOVERLIMIT') throw new InputError(CERT_OVER_LIMIT, STDIN_NAME);
        throw e;
      }
      if ((typeof data === 'string' ? Buffer.byteLength(data) : data.length) > MAX_CERT_BYTES) throw new InputError(CERT_OVER_LIMIT, STDIN_NAME);
      return typeof data === 'string' ? data : data.toString('utf8');
    },
    stdout: io.stdout,
    stderr: io.stderr,
    readFile: io.readFile ?? ((p) => readFile(p, { max: MAX_CERT_BYTES, overLimit: CERT_OVER_LIMIT, what: 'certificate file', give: "give a PEM file, or '-' for standard input" }).toString('utf8')),
    now: io.now,
  });
}

/** Reads all of process.stdin, refusing more than `max` bytes (an error with code EOVERLIMIT). */
function readProcessStdin(max: number): Promise<Buffer> {
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
