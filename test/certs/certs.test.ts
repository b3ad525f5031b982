import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
  CertificateError,
  inspectCertificate,
  InspectCertIo,
  keyMatchesCertificate,
  parseSpiffeId,
  runInspectCert,
} from '../../src/certs';
import { EC, Pair, TestCertificates } from './_openssl';

// Certificates are generated at run time with openssl (test/certs/_openssl.ts); no key material is committed.

const SPIFFE_PRODUCTPAGE = 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage';

const certs = new TestCertificates('certs-test-');
const dir = certs.dir;
const openssl = (...args: string[]): string => certs.openssl(...args);
const selfSigned = certs.selfSigned.bind(certs);
const withWindow = certs.withWindow.bind(certs);

let nginx: Pair; // RSA 2048, the seed's `openssl req -x509 ... -subj "/CN=my-nginx/O=my-nginx"`
let other: Pair;
let spiffe: Pair;
let dnsSans: Pair;
let quotedSan: Pair;
let soon: Pair;
let expired: Pair;
let future: Pair;
let encryptedKey: string;

beforeAll(() => {
  nginx = selfSigned('/CN=my-nginx/O=my-nginx', 365, ['-newkey', 'rsa:2048']);
  other = selfSigned('/CN=other', 365, EC);
  spiffe = selfSigned('/O=cluster.local', 1, EC, '-addext', `subjectAltName=URI:${SPIFFE_PRODUCTPAGE}`);
  dnsSans = selfSigned('/CN=my-nginx', 365, EC, '-addext', 'subjectAltName=DNS:my-nginx,DNS:my-nginx.default.svc.cluster.local,IP:10.0.0.1');
  writeFileSync(join(dir, 'quoted.cnf'), [
    '[req]', 'distinguished_name = dn', 'x509_extensions = ext', 'prompt = no',
    '[dn]', 'CN = odd', '[ext]', 'subjectAltName = @alt',
    '[alt]', 'DNS.1 = my-nginx', 'URI.1 = spiffe://cluster.local/ns/a,b/sa/c',
  ].join('\n'));
  quotedSan = selfSigned('/CN=odd', 1, EC, '-config', 'quoted.cnf');
  soon = selfSigned('/CN=soon', 5, EC);
  expired = withWindow('/CN=expired', '20200101000000Z', '20210101000000Z');
  future = withWindow('/CN=future', '20990101000000Z', '20991231000000Z');
  encryptedKey = openssl('pkey', '-in', other.keyFile, '-aes256', '-passout', 'pass:secret');
});

afterAll(() => {
  certs.dispose();
});

/** The base64 body lines of a PEM, which must never show up in messages. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
}

describe('inspectCertificate', () => {
  test('reads subject, issuer, serial and fingerprint as openssl prints them', () => {
    const info = inspectCertificate(nginx.cert);
    expect(info.subject).toEqual('CN=my-nginx, O=my-nginx');
    expect(info.issuer).toEqual('CN=my-nginx, O=my-nginx');
    expect(info.serialNumber).toEqual(openssl('x509', '-in', nginx.certFile, '-noout', '-serial').trim().replace('serial=', ''));
    expect(info.fingerprint256).toEqual(openssl('x509', '-in', nginx.certFile, '-noout', '-fingerprint', '-sha256').trim().replace(/^.*Fingerprint=/, ''));
    expect(info.isCa).toBe(true);
    expect(info.chainLength).toBe(1);
  });

  test('reads the validity window as dates and judges it against now', () => {
    const info = inspectCertificate(nginx.cert);
    const notAfter = new Date(openssl('x509', '-in', nginx.certFile, '-noout', '-enddate').trim().replace('notAfter=', ''));
    expect(info.notAfter).toEqual(notAfter);
    expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(365 * 24 * 3600 * 1000);
    expect(info.validNow).toBe(true);
    expect(info.expiresInDays).toBe(364);
  });

  test('computes validNow and expiresInDays for the instant passed as now', () => {
    const { notBefore, notAfter } = inspectCertificate(nginx.cert);
    const later = inspectCertificate(nginx.cert, new Date(notAfter.getTime() + 36 * 3600 * 1000));
    expect(later.validNow).toBe(false);
    expect(later.expiresInDays).toBe(-2);
    const atStart = inspectCertificate(nginx.cert, notBefore);
    expect(atStart.validNow).toBe(true);
    expect(atStart.expiresInDays).toBe(365);
    expect(inspectCertificate(nginx.cert, notAfter).validNow).toBe(true);
    expect(inspectCertificate(nginx.cert, new Date(notBefore.getTime() - 1)).validNow).toBe(false);
  });

  test('reports an expired certificate with its real notAfter and a negative expiresInDays', () => {
    const info = inspectCertificate(expired.cert, new Date('2021-01-11T00:00:00Z'));
    expect(info.notBefore).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(info.notAfter).toEqual(new Date('2021-01-01T00:00:00Z'));
    expect(info.validNow).toBe(false);
    expect(info.expiresInDays).toBe(-10);
  });

  test('reports a certificate that is not valid yet', () => {
    const info = inspectCertificate(future.cert);
    expect(info.notBefore).toEqual(new Date('2099-01-01T00:00:00Z'));
    expect(info.validNow).toBe(false);
    expect(info.expiresInDays).toBeGreaterThan(0);
  });

  test('lists a SPIFFE URI SAN and extracts it as the identity', () => {
    const info = inspectCertificate(spiffe.cert);
    expect(info.subjectAltNames).toEqual([`URI:${SPIFFE_PRODUCTPAGE}`]);
    expect(info.spiffeIds).toEqual([SPIFFE_PRODUCTPAGE]);
  });

  test('lists DNS and IP SANs and finds no SPIFFE identity in an nginx certificate', () => {
    const info = inspectCertificate(dnsSans.cert);
    expect(info.subjectAltNames).toEqual(['DNS:my-nginx', 'DNS:my-nginx.default.svc.cluster.local', 'IP Address:10.0.0.1']);
    expect(info.spiffeIds).toEqual([]);
  });

  test('returns no SANs for a certificate without the extension', () => {
    expect(inspectCertificate(nginx.cert).subjectAltNames).toEqual([]);
  });

  test('unquotes SAN values that node prints JSON-quoted because they contain a comma', () => {
    const info = inspectCertificate(quotedSan.cert);
    expect(info.subjectAltNames).toEqual(['DNS:my-nginx', 'URI:spiffe://cluster.local/ns/a,b/sa/c']);
    expect(info.spiffeIds).toEqual(['spiffe://cluster.local/ns/a,b/sa/c']);
  });

  test('inspects the leaf of a chain and counts the certificates', () => {
    const info = inspectCertificate(spiffe.cert + nginx.cert + other.cert);
    expect(info.spiffeIds).toEqual([SPIFFE_PRODUCTPAGE]);
    expect(info.chainLength).toBe(3);
  });

  test('ignores a private key block in a combined PEM', () => {
    const info = inspectCertificate(other.key + other.cert);
    expect(info.subject).toEqual('CN=other');
    expect(info.chainLength).toBe(1);
  });

  test('fails with a CertificateError that says what was expected and names the source', () => {
    const err = catchError(() => inspectCertificate('hello world\n', undefined, '/tmp/nginx.crt'));
    expect(err).toBeInstanceOf(CertificateError);
    expect(err.message).toEqual("/tmp/nginx.crt: expected a PEM certificate beginning with '-----BEGIN CERTIFICATE-----', found no PEM block");
    expect((err as CertificateError).source).toEqual('/tmp/nginx.crt');
  });

  test('fails without a source prefix when no source is given', () => {
    expect(() => inspectCertificate('')).toThrow(/^expected a PEM certificate beginning with '-----BEGIN CERTIFICATE-----', found empty input$/);
  });

  test('recognises a private key passed where the certificate belongs, without quoting it', () => {
    const err = catchError(() => inspectCertificate(other.key, undefined, 'cert.pem'));
    expect(err.message).toContain("found '-----BEGIN PRIVATE KEY-----': this is a private key; pass the certificate instead");
    for (const line of bodyLines(other.key)) {
      expect(err.message).not.toContain(line);
    }
  });

  test('recognises a signing request passed where the certificate belongs', () => {
    openssl('req', '-new', '-key', other.keyFile, '-subj', '/CN=csr', '-out', 'r.csr');
    expect(() => inspectCertificate(readFileSync(join(dir, 'r.csr'), 'utf8'))).toThrow(/this is a signing request; sign it/);
  });

  test('fails on damaged base64 inside a certificate block', () => {
    const damaged = nginx.cert.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const err = catchError(() => inspectCertificate(damaged));
    expect(err).toBeInstanceOf(CertificateError);
    expect(err.message).toMatch(/^expected a PEM certificate .*, but the certificate block does not decode/);
    expect(err.message).not.toContain('!!!!');
  });

  test('names the damaged certificate of a chain', () => {
    const damaged = other.cert.replace(/\n[A-Za-z0-9+/]{10}/, '\n##########');
    expect(() => inspectCertificate(nginx.cert + damaged)).toThrow(/certificate 2 of 2 does not decode/);
  });

  test('reports a truncated certificate block', () => {
    const truncated = nginx.cert.split('-----END')[0];
    expect(() => inspectCertificate(truncated)).toThrow(/without a matching '-----END CERTIFICATE-----' line/);
  });

  test('recognises binary DER and says how to convert it', () => {
    const der = execFileSync('openssl', ['x509', '-in', other.certFile, '-outform', 'der']).toString('latin1');
    expect(() => inspectCertificate(der)).toThrow(/found binary data \(DER\?\): convert it to PEM/);
  });
});

describe('parseSpiffeId', () => {
  test('splits an Istio workload identity into trust domain, namespace and service account', () => {
    expect(parseSpiffeId(SPIFFE_PRODUCTPAGE)).toEqual({ trustDomain: 'cluster.local', namespace: 'default', serviceAccount: 'bookinfo-productpage' });
  });

  test.each([
    ['https://cluster.local/ns/default/sa/x'],
    ['spiffe://cluster.local/ns/default'],
    ['spiffe://cluster.local/ns/default/sa/'],
    ['spiffe://cluster.local/ns//sa/x'],
    ['spiffe://cluster.local/ns/default/sa/x/extra'],
    ['spiffe://cluster.local/sa/x/ns/default'],
    ['spiffe://Cluster.Local/ns/default/sa/x'],
    ['spiffe:///ns/default/sa/x'],
    ['spiffe://cluster.local/ns/../sa/x'],
    [''],
  ])('returns undefined for the malformed id %j', (id) => {
    expect(parseSpiffeId(id)).toBeUndefined();
  });
});

describe('keyMatchesCertificate', () => {
  test('is true for the key generated with the certificate (RSA and EC)', () => {
    expect(keyMatchesCertificate(nginx.cert, nginx.key)).toBe(true);
    expect(keyMatchesCertificate(other.cert, other.key)).toBe(true);
  });

  test('is false for a key of another certificate', () => {
    expect(keyMatchesCertificate(nginx.cert, other.key)).toBe(false);
    expect(keyMatchesCertificate(other.cert, soon.key)).toBe(false);
  });

  test('checks the key against the leaf of a chain', () => {
    expect(keyMatchesCertificate(other.cert + nginx.cert, other.key)).toBe(true);
    expect(keyMatchesCertificate(nginx.cert + other.cert, other.key)).toBe(false);
  });

  test('accepts the traditional RSA PRIVATE KEY format', () => {
    const traditional = openssl('pkey', '-in', nginx.keyFile, '-traditional');
    expect(traditional).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(keyMatchesCertificate(nginx.cert, traditional)).toBe(true);
  });

  test('throws a CertificateError naming the private key when the key does not parse', () => {
    const err = catchError(() => keyMatchesCertificate(nginx.cert, 'not a key'));
    expect(err).toBeInstanceOf(CertificateError);
    expect(err.message).toMatch(/^private key: expected an unencrypted PEM private key beginning with '-----BEGIN PRIVATE KEY-----'.*found no PEM block$/);
  });

  test('says an encrypted key must be decrypted first', () => {
    expect(() => keyMatchesCertificate(other.cert, encryptedKey)).toThrow(/found an encrypted key: decrypt it first/);
  });

  test('recognises swapped arguments', () => {
    expect(() => keyMatchesCertificate(other.cert, other.cert)).toThrow(/^private key: .*this is a certificate; pass the private key instead/);
    expect(() => keyMatchesCertificate(other.key, other.key)).toThrow(/^certificate: .*this is a private key/);
  });

  test('never quotes a damaged key in the message', () => {
    const damaged = other.key.replace(/\n[A-Za-z0-9+/]{8}/, '\n%%%%%%%%');
    const err = catchError(() => keyMatchesCertificate(other.cert, damaged));
    expect(err.message).toMatch(/but the key block does not decode/);
    for (const line of bodyLines(damaged)) {
      expect(err.message).not.toContain(line);
    }
  });
});

describe('runInspectCert', () => {
  interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
  }

  async function run(args: string[], overrides: Partial<InspectCertIo> = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runInspectCert(args, {
      stdin: () => { throw new Error('stdin not expected'); },
      readFile: (p) => readFileSync(p, 'utf8'),
      ...overrides,
      stdout: (s) => { stdout += s; },
      stderr: (s) => { stderr += s; },
    });
    return { code, stdout, stderr };
  }

  test('prints subject, issuer, validity window and SANs and exits 0 for a valid certificate', async () => {
    const info = inspectCertificate(dnsSans.cert);
    const r = await run([dnsSans.certFile]);
    expect(r).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
    expect(r.stdout).toContain(`File:             ${dnsSans.certFile}\n`);
    expect(r.stdout).toContain('Subject:          CN=my-nginx\n');
    expect(r.stdout).toContain('Issuer:           CN=my-nginx\n');
    expect(r.stdout).toContain(`Not before:       ${info.notBefore.toISOString()}\n`);
    expect(r.stdout).toContain(`Not after:        ${info.notAfter.toISOString()}\n`);
    expect(r.stdout).toContain('SANs:             DNS:my-nginx, DNS:my-nginx.default.svc.cluster.local, IP Address:10.0.0.1\n');
    expect(r.stdout).toContain('SPIFFE identity:  (none: no spiffe:// URI SAN)\n');
    expect(r.stdout).toContain('Status:           OK, valid now, expires in 364 day(s)\n');
  });

  test('shows the SPIFFE identity broken into its parts', async () => {
    const r = await run([spiffe.certFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`SPIFFE identity:  ${SPIFFE_PRODUCTPAGE} (trust domain cluster.local, namespace default, service account bookinfo-productpage)\n`);
  });

  test('exits 0 when the certificate carries the expected identity, in both option spellings', async () => {
    expect((await run([spiffe.certFile, '--expect-identity', SPIFFE_PRODUCTPAGE])).code).toBe(0);
    expect((await run([`--expect-identity=${SPIFFE_PRODUCTPAGE}`, spiffe.certFile])).code).toBe(0);
  });

  test('exits 1 and names both identities when the certificate carries another identity', async () => {
    const wrong = 'spiffe://cluster.local/ns/default/sa/bookinfo-reviews';
    const r = await run([spiffe.certFile, '--expect-identity', wrong]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(`istio-mtls inspect-cert: '${spiffe.certFile}': certificate does not carry the expected identity ${wrong} (it carries ${SPIFFE_PRODUCTPAGE})\n`);
    expect(r.stdout).toContain('Status:           FAIL: certificate does not carry the expected identity');
  });

  test('exits 1 when an identity is expected from a certificate without any', async () => {
    const r = await run([nginx.certFile, '--expect-identity', SPIFFE_PRODUCTPAGE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(it carries no SPIFFE identity)');
  });

  test('exits 1 for an expired certificate and says when it expired', async () => {
    const r = await run([expired.certFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(`istio-mtls inspect-cert: '${expired.certFile}': certificate expired on 2021-01-01T00:00:00.000Z\n`);
    expect(r.stdout).toContain('Not after:        2021-01-01T00:00:00.000Z\n');
  });

  test('exits 1 for a certificate that is not valid yet', async () => {
    const r = await run([future.certFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('certificate is not valid before 2099-01-01T00:00:00.000Z');
  });

  test('judges validity at the injected now', async () => {
    expect((await run([expired.certFile], { now: new Date('2020-06-01T00:00:00Z') })).code).toBe(0);
    expect((await run([nginx.certFile], { now: new Date('2199-01-01T00:00:00Z') })).code).toBe(1);
  });

  test('prints machine-readable JSON with --format json', async () => {
    const r = await run([spiffe.certFile, '--format', 'json', '--expect-identity', SPIFFE_PRODUCTPAGE]);
    expect(r.code).toBe(0);
    const info = inspectCertificate(spiffe.cert);
    expect(JSON.parse(r.stdout)).toEqual({
      file: spiffe.certFile,
      ok: true,
      problems: [],
      checkedAt: expect.any(String),
      subject: 'O=cluster.local',
      issuer: 'O=cluster.local',
      serialNumber: info.serialNumber,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      validNow: true,
      expiresInDays: 0,
      subjectAltNames: [`URI:${SPIFFE_PRODUCTPAGE}`],
      spiffeIds: [SPIFFE_PRODUCTPAGE],
      identities: [{ id: SPIFFE_PRODUCTPAGE, trustDomain: 'cluster.local', namespace: 'default', serviceAccount: 'bookinfo-productpage' }],
      expectedIdentity: SPIFFE_PRODUCTPAGE,
      isCa: true,
      chainLength: 1,
      fingerprint256: info.fingerprint256,
    });
  });

  test('lists the problems in JSON output and exits 1', async () => {
    const r = await run([expired.certFile, '--format=json', '--expect-identity', SPIFFE_PRODUCTPAGE], { now: new Date('2022-01-01T00:00:00Z') });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.checkedAt).toEqual('2022-01-01T00:00:00.000Z');
    expect(out.problems).toEqual([
      'certificate expired on 2021-01-01T00:00:00.000Z',
      `certificate does not carry the expected identity ${SPIFFE_PRODUCTPAGE} (it carries no SPIFFE identity)`,
    ]);
  });

  test("reads the certificate from stdin for '-'", async () => {
    const r = await run(['-'], { stdin: () => Promise.resolve(spiffe.cert), readFile: () => { throw new Error('no files'); } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('File:             <stdin>\n');
    const sync = await run(['-', '--format', 'json'], { stdin: () => nginx.cert });
    expect(JSON.parse(sync.stdout).subject).toEqual('CN=my-nginx, O=my-nginx');
  });

  test('prints usage and exits 0 for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: istio-mtls inspect-cert <pem file\|-> \[--expect-identity <spiffe id>\] \[--format text\|json\]/);
    expect(r.stderr).toEqual('');
    expect((await run([nginx.certFile, '-h'])).stdout).toContain('Exit codes:');
  });

  test('exits 2 with one line naming a missing file and nothing on stdout', async () => {
    const missing = join(dir, 'missing.crt');
    const r = await run([missing]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `istio-mtls inspect-cert: cannot read '${missing}': no such file (ENOENT)\n` });
  });

  test('exits 2 for a directory without a stack trace', async () => {
    const r = await run([dir]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `istio-mtls inspect-cert: cannot read '${dir}': is a directory, not a file (EISDIR)\n` });
  });

  test('exits 2 with one line naming a file that is not a PEM certificate', async () => {
    const r = await run([nginx.keyFile]);
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual('');
    expect(r.stderr).toEqual(
      `istio-mtls inspect-cert: '${nginx.keyFile}': expected a PEM certificate beginning with '-----BEGIN CERTIFICATE-----', `
      + "found '-----BEGIN PRIVATE KEY-----': this is a private key; pass the certificate instead (were certificate and key swapped?)\n",
    );
  });

  test('exits 2 for malformed PEM on stdin', async () => {
    const r = await run(['-'], { stdin: async () => '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual('');
    expect(r.stderr).toMatch(/^istio-mtls inspect-cert: '<stdin>': expected a PEM certificate .* but the certificate block does not decode/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  test('exits 2 when stdin cannot be read', async () => {
    const r = await run(['-'], { stdin: async () => { throw new Error('stream closed\n    at somewhere'); } });
    expect(r).toEqual({ code: 2, stdout: '', stderr: "istio-mtls inspect-cert: cannot read '<stdin>': stream closed\n" });
  });

  test.each([
    [[], "missing the certificate file: give a PEM file, or '-' to read stdin"],
    [['a.crt', 'b.crt'], "unexpected argument 'b.crt': give exactly one certificate file (or '-' for stdin)"],
    [['a.crt', '--verbose'], "unknown option '--verbose'"],
    [['a.crt', '--format', 'yaml'], "unknown format 'yaml': use 'text' or 'json'"],
    [['a.crt', '--format'], "option '--format' needs a value"],
    [['a.crt', '--expect-identity='], "option '--expect-identity' needs a value"],
    [['a.crt', '--expect-identity', 'cluster.local/ns/default/sa/x'], "'--expect-identity' 'cluster.local/ns/default/sa/x' is not an Istio SPIFFE ID"],
  ])('exits 2 for the usage error %j', async (args, message) => {
    const r = await run(args, { readFile: () => { throw new Error('must not read'); } });
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual('');
    expect(r.stderr).toContain(`istio-mtls inspect-cert: ${message}`);
    expect(r.stderr).toMatch(/\(run 'istio-mtls inspect-cert --help' for usage\)\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
