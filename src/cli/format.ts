/**
 * Output formats of the CLI: findings as a text table, JSON or SARIF 2.1.0; the status table as text or JSON; the
 * rule list as text, JSON or Markdown.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { RuleInfo } from '../engine/analyze';
import { renderRulesDoc } from '../engine/rules-doc';
import { StatusRow } from '../engine/status';
import { Finding, ResourceRef } from '../engine/types';
import { escapeTerminal } from './terminal';

/** A finding and where its object is in the input. */
export interface LocatedFinding extends Finding {
  /** File as the user named it, or `<stdin>`. */
  readonly file: string;
  /** 1-based line of the finding's field when it is found in the input, else of the object's document. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) of the finding's field, when it is found in the input. */
  readonly column?: number;
}

/** What `analyze` found, ready to print. */
export interface AnalysisReport {
  readonly findings: readonly LocatedFinding[];
  /** Objects read (after flattening `kind: List`). */
  readonly objects: number;
  /** Files read (`<stdin>` counts as one). */
  readonly files: number;
  /** Objects of kinds the engine does not check, by kind. */
  readonly ignored: ReadonlyMap<string, number>;
  /** Files in directories that held no object. */
  readonly skippedEmptyFiles: readonly string[];
  /**
   * Files in directories that are known non-manifests cdk8s writes beside the manifests (its
   * `construct-metadata.json`, this library's `istio-mtls-metadata.json`), skipped by their shape.
   *
   * @default - none
   */
  readonly skippedMetadataFiles?: readonly string[];
  /**
   * Print what was skipped and why (`--verbose`).
   *
   * @default false
   */
  readonly verbose?: boolean;
}

/** Formatting context. */
export interface FormatOptions {
  /** ANSI colours. */
  readonly color?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// text helpers

const ANSI = { red: 31, yellow: 33, cyan: 36, green: 32, bold: 1, dim: 2 } as const;

function paint(on: boolean | undefined, code: keyof typeof ANSI, s: string): string {
  return on ? `\x1b[${ANSI[code]}m${s}\x1b[0m` : s;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Lays out rows as columns separated by two spaces; the last column is not padded. `paintCell` colours after padding.
 * Cells are data (names from the input): control and bidi characters in them are shown escaped.
 */
function table(header: string[], dataRows: string[][], paintCell?: (row: number, col: number, padded: string) => string, color?: boolean): string {
  const rows = dataRows.map((r) => r.map(escapeTerminal));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[], r: number) => cells
    .map((c, i) => {
      const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]);
      return r >= 0 && paintCell ? paintCell(r, i, padded) : padded;
    })
    .join('  ')
    .trimEnd();
  return [paint(color, 'bold', line(header, -1)), ...rows.map((r, i) => line(r, i))].join('\n') + '\n';
}

/** `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
export function resourceLabel(r: ResourceRef): string {
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name || '(no name)'}`;
}

function countsLine(report: AnalysisReport): string {
  let errors = 0; let warnings = 0; let info = 0; let suppressed = 0;
  for (const f of report.findings) {
    if (f.suppressed) suppressed++;
    else if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else info++;
  }
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${info} info${suppressed > 0 ? `, ${suppressed} suppressed` : ''} in ${plural(report.objects, 'object')} from ${plural(report.files, 'file')}`;
}

function ignoredLine(ignored: ReadonlyMap<string, number>): string | undefined {
  let total = 0;
  for (const n of ignored.values()) total += n;
  if (total === 0) return undefined;
  const kinds = [...ignored.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => (ignored.size > 1 ? `${k} (${n})` : k));
  return `ignored ${plural(total, 'object')} of kinds the engine does not check: ${kinds.join(', ')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// findings

/** The findings as a table (severity, code, resource, file:line, message) and a summary line. */
export function formatText(report: AnalysisReport, options: FormatOptions = {}): string {
  const { color } = options;
  let out = '';
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  if (active.length > 0) {
    const rows = active.map((f) => [
      f.severity, f.code, resourceLabel(f.resource), `${f.file}:${f.line}`, f.message,
    ]);
    out += table(['SEVERITY', 'CODE', 'RESOURCE', 'LOCATION', 'MESSAGE'], rows, (r, c, padded) => {
      if (c !== 0) return padded;
      const sev = active[r].severity;
      return paint(color, sev === 'error' ? 'red' : sev === 'warning' ? 'yellow' : 'cyan', padded);
    }, color);
    out += '\n';
  } else {
    out += suppressed.length > 0 ? 'No findings (besides the suppressed ones below).\n' : 'No findings.\n';
  }
  if (suppressed.length > 0) {
    out += `${suppressed.length === 1 ? 'Suppressed finding' : 'Suppressed findings'} (accepted on purpose; they fail nothing):\n`;
    out += table(['SEVERITY', 'CODE', 'RESOURCE', 'LOCATION', 'SUPPRESSED BY', 'REASON'], suppressed.map((f) => [
      f.severity, f.code, resourceLabel(f.resource), `${f.file}:${f.line}`, f.suppressed!.kind, f.suppressed!.reason,
    ]), undefined, color);
    out += '\n';
  }
  out += `${countsLine(report)}\n`;
  const ignored = ignoredLine(report.ignored);
  if (ignored) out += `${escapeTerminal(ignored)}\n`;
  if (report.skippedEmptyFiles.length > 0) out += `skipped ${plural(report.skippedEmptyFiles.length, 'file')} without objects: ${escapeTerminal(report.skippedEmptyFiles.join(', '))}\n`;
  const metadata = report.skippedMetadataFiles ?? [];
  if (report.verbose && metadata.length > 0) out += `skipped ${plural(metadata.length, 'file')} cdk8s writes beside the manifests (construct metadata, not Kubernetes objects): ${escapeTerminal(metadata.join(', '))}\n`;
  return out;
}

/** `{"findings":[...],"summary":{...}}`. */
export function formatJson(report: AnalysisReport): string {
  const summary = { errors: 0, warnings: 0, info: 0, suppressed: 0 };
  for (const f of report.findings) {
    if (f.suppressed) summary.suppressed++;
    else if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.info++;
  }
  const ignoredKinds: Record<string, number> = {};
  let ignoredObjects = 0;
  for (const [k, n] of [...report.ignored.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) { ignoredKinds[k] = n; ignoredObjects += n; }
  const entry = (f: LocatedFinding) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    resource: { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespace ?? null, name: f.resource.name },
    ...(f.field !== undefined ? { field: f.field } : {}),
    ...(f.fix !== undefined ? { fix: f.fix } : {}),
    file: f.file,
    line: f.line,
    ...(f.column !== undefined ? { column: f.column } : {}),
    ...(f.suppressed ? { suppressed: { kind: f.suppressed.kind, reason: f.suppressed.reason } } : {}),
  });
  const suppressed = report.findings.filter((f) => f.suppressed);
  const { suppressed: suppressedCount, ...counts } = summary;
  const json = {
    // Suppressed findings are listed apart, so that a consumer counting `findings` counts what is active.
    findings: report.findings.filter((f) => !f.suppressed).map(entry),
    ...(suppressed.length > 0 ? { suppressed: suppressed.map(entry) } : {}),
    summary: {
      ...counts,
      ...(suppressedCount > 0 ? { suppressed: suppressedCount } : {}),
      objects: report.objects,
      files: report.files,
      ignored: { objects: ignoredObjects, kinds: ignoredKinds },
      skippedEmptyFiles: report.skippedEmptyFiles,
    },
  };
  return `${JSON.stringify(json, undefined, 2)}\n`;
}

/** Context for SARIF output. */
export interface SarifOptions {
  /** Every rule the engine runs (`listRules()`). */
  readonly rules: readonly RuleInfo[];
  /** Tool version. */
  readonly version: string;
  /** Tool home page. */
  readonly informationUri: string;
  /** The rule documentation page; each rule's helpUri is `<rulesDocUrl>#<code in lower case>`. */
  readonly rulesDocUrl: string;
  /** Relative paths in the findings are relative to this directory. */
  readonly cwd: string;
  /**
   * Artifact URIs are relative to this directory, the `SRCROOT` base (`originalUriBaseIds`); files outside it get
   * absolute `file:` URIs.
   * @default - cwd
   */
  readonly sourceRoot?: string;
}

/** The `uriBaseId` of artifact locations: the scanned root (GitHub code scanning's name for the checkout). */
export const SARIF_ROOT_BASE_ID = 'SRCROOT';

const SARIF_LEVEL: Record<string, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0: one run, the rules from `listRules()`, one result per finding. */
export function formatSarif(report: AnalysisReport, options: SarifOptions): string {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.code, i]));
  const root = path.resolve(options.cwd, options.sourceRoot ?? '.');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'istio-mtls',
          version: options.version,
          semanticVersion: options.version,
          informationUri: options.informationUri,
          rules: options.rules.map((r) => ({
            id: r.code,
            name: r.name,
            shortDescription: { text: r.summary },
            helpUri: `${options.rulesDocUrl}#${r.code.toLowerCase()}`,
            help: {
              text: `${r.summary}. Source: ${r.source}. Incorrect and correct examples: docs/RULES.md#${r.code.toLowerCase()} in the cdk8s-istio-mtls package.`,
              markdown: `**${r.code}** \`${r.name}\` (${r.severity}): ${r.summary}.\n\nSource: ${r.source}\n\nIncorrect and correct examples: [docs/RULES.md#${r.code.toLowerCase()}](${options.rulesDocUrl}#${r.code.toLowerCase()}) in the cdk8s-istio-mtls package.`,
            },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            properties: { source: r.source, severity: r.severity },
          })),
        },
      },
      originalUriBaseIds: { [SARIF_ROOT_BASE_ID]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
      results: report.findings.map((f) => {
        const location = artifactLocation(f.file, options.cwd, root);
        const index = ruleIndex.get(f.code);
        return {
          ruleId: f.code,
          ...(index !== undefined ? { ruleIndex: index } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [{
            ...(location !== undefined ? {
              physicalLocation: {
                artifactLocation: location,
                region: { startLine: Math.max(1, f.line), ...(f.column !== undefined ? { startColumn: Math.max(1, f.column) } : {}) },
              },
            } : {}),
            logicalLocations: [{
              name: f.resource.name,
              fullyQualifiedName: resourceLabel(f.resource),
              kind: 'resource',
              properties: { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespace ?? null, name: f.resource.name },
            }],
          }],
          ...(f.field !== undefined || f.fix !== undefined ? { properties: { ...(f.field !== undefined ? { field: f.field } : {}), ...(f.fix !== undefined ? { fix: f.fix } : {}) } } : {}),
          // SARIF 2.1.0 §3.35: an accepted finding stays a result, with a suppression; the annotation and the construct
          // API are in the source (inSource), a run's --ignore is not (external).
          ...(f.suppressed ? {
            suppressions: [{
              kind: f.suppressed.kind === 'cli' ? 'external' : 'inSource',
              status: 'accepted',
              justification: f.suppressed.reason,
              properties: { acknowledgedBy: f.suppressed.kind },
            }],
          } : {}),
        };
      }),
      columnKind: 'utf16CodeUnits',
    }],
  };
  return `${JSON.stringify(sarif, undefined, 2)}\n`;
}

/**
 * A percent-encoded URI relative to the `SRCROOT` base for a file under `root`, an absolute `file:` URI for a file
 * outside it; undefined for stdin.
 */
function artifactLocation(file: string, cwd: string, root: string): { uri: string; uriBaseId?: string } | undefined {
  if (file === '<stdin>') return undefined;
  const abs = path.resolve(cwd, file);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map((seg) => encodeURIComponent(seg)).join('/'), uriBaseId: SARIF_ROOT_BASE_ID };
}

// ---------------------------------------------------------------------------------------------------------------
// status

/** The status table. */
export function formatStatusText(rows: readonly StatusRow[], options: FormatOptions = {}): string {
  const { color } = options;
  if (rows.length === 0) return 'No Services or DestinationRules in the input.\n';
  const cells = rows.map((r) => [`${r.host}:${r.port}`, r.status, r.dataplane, r.server, r.client, r.plaintextCallers, r.ambientCallers, r.policy, r.destinationRule, r.note ?? '']);
  let out = table(['HOST:PORT', 'STATUS', 'DATAPLANE', 'SERVER', 'CLIENT', 'PLAIN CALLERS', 'AMBIENT CALLERS', 'POLICY', 'DESTINATION RULE', 'NOTE'], cells, (r, c, padded) => {
    if (c !== 1) return padded;
    return paint(color, rows[r].status === 'CONFLICT' ? 'red' : 'green', padded);
  }, color);
  const conflicts = rows.filter((r) => r.status === 'CONFLICT').length;
  out += `\n${plural(rows.length, 'host:port', 'host:ports')}, ${plural(conflicts, 'conflict')}\n`;
  return out;
}

/** `{"rows":[...]}`. */
export function formatStatusJson(rows: readonly StatusRow[]): string {
  return `${JSON.stringify({ rows, summary: { rows: rows.length, conflicts: rows.filter((r) => r.status === 'CONFLICT').length } }, undefined, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// rules

/** The rule list as a table. */
export function formatRulesText(rules: readonly RuleInfo[], options: FormatOptions = {}): string {
  return table(['CODE', 'SEVERITY', 'NAME', 'SUMMARY'], rules.map((r) => [r.code, r.severity, r.name, r.summary]), undefined, options.color);
}

/** `{"rules":[...]}`. */
export function formatRulesJson(rules: readonly RuleInfo[], docUrl: string): string {
  return `${JSON.stringify({ rules: rules.map((r) => ({ ...r, helpUri: `${docUrl}#${r.code.toLowerCase()}` })) }, undefined, 2)}\n`;
}

/** The rules reference as Markdown: the same page as docs/RULES.md (an `id` anchor per code, in lower case). */
export function formatRulesMarkdown(rules: readonly RuleInfo[]): string {
  return renderRulesDoc(rules);
}
