import { escapeTerminal } from '../cli/terminal';
import { InputError } from '../input/input-error';
import { CertificateError, CertificateInfo, inspectCertificate, parseSpiffeId } from './certificate';

const COMMAND = 'istio-mtls inspect-cert';

const USAGE = `Usage: ${COMMAND} <pem file|-> [--expect-identity <spiffe id>] [--format text|json]

Prints the subject, issuer, validity window, subject alternative names and SPIFFE identity of a
PEM certificate (the first one, if the file holds a chain). '-' reads the certificate from stdin.

Options:
  --expect-identity <id>  fail unless the certificate carries this URI SAN,
                          e.g. spiffe://cluster.local/ns/default/sa/bookinfo-productpage
  --format text|json      output format (default: text)
  -h, --help              show this help

Exit codes:
  0  the certificate is valid now (and carries the expected identity)
  1  the certificate is expired, not yet valid, or lacks the expected identity
  2  usage error, or the input cannot be read or is not a PEM certificate
`;

/**
 * The outside world as `runInspectCert()` sees it, so that it can run in tests and in the `istio-mtls` binary.
 */
export interface InspectCertIo {
  /**
   * Reads all of standard input (used for the file argument `-`).
   */
  readonly stdin: () => Promise<string> | string;

  /**
   * Writes to standard output. Receives whole lines, each ending in a newline.
   */
  readonly stdout: (s: string) => void;

  /**
   * Writes to standard error. Receives whole lines, each ending in a newline.
   */
  readonly stderr: (s: string) => void;

  /**
   * Reads a file as UTF-8 text; may throw (e.g. an error with `code: 'ENOENT'`).
   */
  readonly readFile: (p: string) => string;

  /**
   * The instant the validity window is checked against.
   *
   * @default - the current time
   */
  readonly now?: Date;
}

/**
 * Implements `istio-mtls inspect-cert <pem file|-> [--expect-identity <spiffe id>] [--format text|json]`.
 *
 * Shows what identity a certificate proves and whether it is usable now: subject, issuer, validity window
 * (ISO 8601), subject alternative names and the SPIFFE identity Istio reads from the URI SAN.
 *
 * Exit codes: 0 when the certificate is valid now (and carries `--expect-identity`, if given); 1 when it is
 * outside its validity window or lacks the expected identity (the details still go to stdout, the reasons to
 * stderr, and the JSON output lists them under `problems`); 2 for usage errors and unreadable or unparseable
 * input (one line on stderr naming the input, nothing on stdout). `--help` prints usage and exits 0.
 *
 * @param args the arguments after `inspect-cert`
 * @param io standard streams, file access and clock
 * @returns the process exit code
 * @see https://istio.io/latest/docs/concepts/security/#pki
 * @see https://istio.io/latest/docs/concepts/security/#istio-identity
 */
export async function runInspectCert(args: string[], io: InspectCertIo): Promise<number> {
  const usageError = (message: string): number => {
    io.stderr(`${COMMAND}: ${message} (run '${COMMAND} --help' for usage)\n`);
    return 2;
  };

  let file: string | undefined;
  let expectIdentity: string | undefined;
  let format = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--expect-identity' || flag === '--format') {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') {
        return usageError(`option '${flag}' needs a value`);
      }
      if (flag === '--format') {
        format = value;
      } else {
        expectIdentity = value;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return usageError(`unknown option '${arg}'`);
    } else if (file === undefined) {
      file = arg;
    } else {
      return usageError(`unexpected argument '${arg}': give exactly one certificate file (or '-' for stdin)`);
    }
  }
  if (file === undefined) {
    return usageError("missing the certificate file: give a PEM file, or '-' to read stdin");
  }
  if (format !== 'text' && format !== 'json') {
    return usageError(`unknown format '${format}': use 'text' or 'json'`);
  }
  if (expectIdentity !== undefined && parseSpiffeId(expectIdentity) === undefined) {
    return usageError(
      `'--expect-identity' '${expectIdentity}' is not an Istio SPIFFE ID: `
      + 'use spiffe://<trust domain>/ns/<namespace>/sa/<service account>, e.g. spiffe://cluster.local/ns/default/sa/default',
    );
  }

  const source = file === '-' ? '<stdin>' : file;
  let pem: string;
  try {
    pem = file === '-' ? await io.stdin() : io.readFile(file);
  } catch (e) {
    io.stderr(`${COMMAND}: cannot read '${source}': ${describeReadError(e)}\n`);
    return 2;
  }

  const now = io.now ?? new Date();
  let info: CertificateInfo;
  try {
    info = inspectCertificate(pem, now, `'${source}'`);
  } catch (e) {
    const reason = e instanceof CertificateError ? e.message : `'${source}' could not be parsed`;
    io.stderr(`${COMMAND}: ${reason}\n`);
    return 2;
  }

  const problems: string[] = [];
  if (now.getTime() > info.notAfter.getTime()) {
    problems.push(`certificate expired on ${info.notAfter.toISOString()}`);
  } else if (now.getTime() < info.notBefore.getTime()) {
    problems.push(`certificate is not valid before ${info.notBefore.toISOString()}`);
  }
  if (expectIdentity !== undefined && !info.spiffeIds.includes(expectIdentity)) {
    const carried = info.spiffeIds.length > 0 ? info.spiffeIds.join(', ') : 'no SPIFFE identity';
    problems.push(`certificate does not carry the expected identity ${expectIdentity} (it carries ${carried})`);
  }

  if (format === 'json') {
    io.stdout(JSON.stringify(toJson(source, info, now, expectIdentity, problems), undefined, 2) + '\n');
  } else {
    io.stdout(toText(source, info, problems));
  }
  for (const problem of problems) {
    io.stderr(`${COMMAND}: '${source}': ${problem}\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

function toText(source: string, info: CertificateInfo, problems: string[]): string {
  const identity = info.spiffeIds.length > 0
    ? info.spiffeIds.map((id) => {
      const parts = parseSpiffeId(id);
      return parts
        ? `${id} (trust domain ${parts.trustDomain}, namespace ${parts.namespace}, service account ${parts.serviceAccount})`
        : id;
    }).join('; ')
    : '(none: no spiffe:// URI SAN)';
  const expiry = info.expiresInDays >= 0
    ? `expires in ${info.expiresInDays} day(s)`
    : `expired ${-info.expiresInDays} day(s) ago`;
  const rows: Array<[string, string]> = [
    ['File', source],
    ['Subject', info.subject || '(empty)'],
    ['Issuer', info.issuer || '(empty)'],
    ['Serial', info.serialNumber],
    ['Not before', info.notBefore.toISOString()],
    ['Not after', info.notAfter.toISOString()],
    ['SANs', info.subjectAltNames.length > 0 ? info.subjectAltNames.join(', ') : '(none)'],
    ['SPIFFE identity', identity],
    ['CA', info.isCa ? 'yes' : 'no'],
    ['Chain', `${info.chainLength} certificate(s)`],
    ['SHA-256', info.fingerprint256],
    ['Status', problems.length === 0 ? `OK, valid now, ${expiry}` : `FAIL: ${problems.join('; ')}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 3; // "label:" and two spaces
  // Subjects, issuers and SANs come from the certificate: their control characters are shown, not obeyed.
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${escapeTerminal(value)}\n`).join('');
}

function toJson(
  source: string,
  info: CertificateInfo,
  now: Date,
  expectIdentity: string | undefined,
  problems: string[],
): Record<string, unknown> {
  return {
    file: source,
    ok: problems.length === 0,
    problems,
    checkedAt: now.toISOString(),
    subject: info.subject,
    issuer: info.issuer,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    validNow: info.validNow,
    expiresInDays: info.expiresInDays,
    subjectAltNames: info.subjectAltNames,
    spiffeIds: info.spiffeIds,
    identities: info.spiffeIds.map((id) => ({ id, ...parseSpiffeId(id) })),
    expectedIdentity: expectIdentity ?? null,
    isCa: info.isCa,
    chainLength: info.chainLength,
    fingerprint256: info.fingerprint256,
  };
}

function describeReadError(e: unknown): string {
  if (e instanceof InputError) return e.reason; // bounded reads: a device, a pipe without writer, over the size limit
  const code = (e as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file (ENOENT)';
    case 'EACCES': return 'permission denied (EACCES)';
    case 'EISDIR': return 'is a directory, not a file (EISDIR)';
    default: break;
  }
  if (typeof code === 'string') {
    return code;
  }
  // The first line only: no stack traces.
  return e instanceof Error ? e.message.split('\n')[0] : 'read failed';
}
