/** The `istio-mtls` commands: analyze, status, rules, inspect-cert. */
import { analyzeDetailed, listRules } from '../engine/analyze';
import { analyzeApp } from '../engine/app';
import { status } from '../engine/status';
import { meshesFromMetadata, relabelConstructAcknowledgements } from '../input/app-metadata';
import { formatBytes, readFile } from '../input/files';
import { InputError } from '../input/input-error';
import { LoadResult, STDIN_NAME, SourcedObject } from '../input/load';
import { locateField } from '../input/positions';
import {
  AnalysisReport, LocatedFinding, formatJson, formatRulesJson, formatRulesMarkdown, formatRulesText, formatSarif,
  formatStatusJson, formatStatusText, formatText,
} from './format';
import { ANALYZE_FLAGS, ENGINE_FLAGS, choice, engineOptions, maxInputBytes, objectsOf, parseArgs, UsageError } from './args';
import { ANALYZE_HELP, RULES_HELP, STATUS_HELP } from './help';
import { CliIo, ReportIo, emit, load, progressReporter, useColor } from './io';
import { isCheckedKind } from './kinds';
import { packageInfo } from './package-info';
/**
 * Where a finding is: its field's line and column when the finding names a field found in the object's text
 * (../input/positions), else the line of the object's document.
 */
export function findingPosition(loaded: LoadResult, src: SourcedObject | undefined, field: string | undefined): { line: number; column?: number } {
  if (!src) return { line: 1 };
  const source = field !== undefined ? loaded.sources.get(src.file) : undefined;
  if (source && field !== undefined) {
    const at = locateField(source, src.line, src.object, field);
    if (at) return at;
  }
  return { line: src.line };
}

export async function analyzeCommand(args: string[], io: ReportIo): Promise<number> {
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

export async function statusCommand(args: string[], io: CliIo): Promise<number> {
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

export function rulesCommand(args: string[], io: CliIo): number {
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

/** Certificate files larger than this are refused: a PEM chain of a few certificates is a few KiB. */
export const MAX_CERT_BYTES = 256 * 1024;

export const CERT_OVER_LIMIT = `over the ${formatBytes(MAX_CERT_BYTES)} limit of a certificate file: is this a PEM certificate?`;

export async function inspectCert(args: string[], io: CliIo): Promise<number> {
  // The X.509 code is loaded on use: most runs are analyze or status.
  const { runInspectCert } = await import('../certs/inspect-cert-cli');
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
