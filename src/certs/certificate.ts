import { createPrivateKey, KeyObject, X509Certificate } from 'crypto';

const MS_PER_DAY = 24 * 60 * 60 * 1000;
const CERTIFICATE_LABEL = 'CERTIFICATE';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/**
 * Raised when certificate or private key material cannot be read.
 *
 * The message says what was expected, what was found instead (by PEM label only) and, when the
 * caller named the input, which input it was. It never contains PEM content, so it is safe to log.
 */
export class CertificateError extends Error {
  /**
   * Name of the input that failed (a file name, `<stdin>` or a prop name), if the caller gave one.
   *
   * @default - the caller did not name the input
   */
  public readonly source?: string;

  /**
   * What is wrong with the input, without the source prefix.
   */
  public readonly reason: string;

  /**
   * @param reason what is wrong and how to fix it; must not contain key or certificate content
   * @param source name of the input (file name, `<stdin>`, prop name)
   */
  constructor(reason: string, source?: string) {
    super(source === undefined ? reason : `${source}: ${reason}`);
    this.name = 'CertificateError';
    this.reason = reason;
    this.source = source;
  }
}

/**
 * A SPIFFE identity as Istio issues it to a workload.
 *
 * Istio's certificate authority puts exactly one URI SAN of the form
 * `spiffe://<trust domain>/ns/<namespace>/sa/<service account>` into every workload certificate; it is
 * the identity that `AuthorizationPolicy` principals and peer authentication match on.
 *
 * @see https://istio.io/latest/docs/concepts/security/#istio-identity
 */
export interface SpiffeIdentity {
  /**
   * Trust domain of the mesh, e.g. `cluster.local`.
   */
  readonly trustDomain: string;

  /**
   * Kubernetes namespace of the workload.
   */
  readonly namespace: string;

  /**
   * Kubernetes service account of the workload.
   */
  readonly serviceAccount: string;
}

/**
 * What `inspectCertificate()` found in a PEM certificate (the leaf, if the PEM holds a chain).
 *
 * Dates are absolute; `validNow` and `expiresInDays` are relative to the `now` given to
 * `inspectCertificate()`.
 *
 * @see https://istio.io/latest/docs/concepts/security/#pki
 */
export interface CertificateInfo {
  /**
   * Subject distinguished name, one `KEY=value` pair per attribute joined by `, `, e.g. `CN=my-nginx, O=my-nginx`.
   */
  readonly subject: string;

  /**
   * Issuer distinguished name, same format as `subject`. Equal to `subject` for a self-signed certificate.
   */
  readonly issuer: string;

  /**
   * Serial number as upper-case hex, as `openssl x509 -serial` prints it.
   */
  readonly serialNumber: string;

  /**
   * Start of the validity window.
   */
  readonly notBefore: Date;

  /**
   * End of the validity window.
   */
  readonly notAfter: Date;

  /**
   * Subject alternative names, each `TYPE:value` as node prints them,
   * e.g. `DNS:my-nginx`, `URI:spiffe://cluster.local/ns/default/sa/bookinfo-productpage`, `IP Address:10.0.0.1`.
   * Empty when the certificate has no SAN extension.
   */
  readonly subjectAltNames: string[];

  /**
   * The URI SANs that are SPIFFE IDs (start with `spiffe://`), without the `URI:` prefix.
   *
   * @see https://istio.io/latest/docs/concepts/security/#istio-identity
   */
  readonly spiffeIds: string[];

  /**
   * SHA-256 fingerprint, colon-separated upper-case hex.
   */
  readonly fingerprint256: string;

  /**
   * Whether the basic constraints extension marks the certificate as a CA.
   * `openssl req -x509` sets this on self-signed certificates by default.
   */
  readonly isCa: boolean;

  /**
   * Whether `now` lies inside `[notBefore, notAfter]`.
   */
  readonly validNow: boolean;

  /**
   * Whole days from `now` until `notAfter`, rounded down; negative once the certificate has expired.
   */
  readonly expiresInDays: number;

  /**
   * Number of certificates in the PEM: 1 for a lone certificate, more for a leaf followed by its chain.
   */
  readonly chainLength: number;
}

/**
 * Reads a PEM certificate (or a chain, leaf first) and reports its identity and validity.
 *
 * Every certificate in the chain must parse; the returned information is about the first (leaf) one.
 * Non-certificate blocks (for example a private key in a combined PEM) are ignored.
 *
 * @param pem PEM text with one or more `-----BEGIN CERTIFICATE-----` blocks
 * @param now the instant `validNow` and `expiresInDays` are computed for; defaults to the current time
 * @param source name of the input for error messages (file name, `<stdin>`); defaults to none
 * @throws CertificateError if the text holds no parseable certificate
 * @see https://istio.io/latest/docs/tasks/security/cert-management/plugin-ca-cert/
 */
export function inspectCertificate(pem: string, now?: Date, source?: string): CertificateInfo {
  const chain = parseCertificateChain(pem, source);
  const leaf = chain[0];
  const at = now ?? new Date();
  const notBefore = parseX509Date(leaf.validFrom);
  const notAfter = parseX509Date(leaf.validTo);
  const subjectAltNames = parseSubjectAltNames(leaf.subjectAltName);
  return {
    subject: formatDistinguishedName(leaf.subject),
    issuer: formatDistinguishedName(leaf.issuer),
    serialNumber: leaf.serialNumber,
    notBefore,
    notAfter,
    subjectAltNames,
    spiffeIds: subjectAltNames
      .filter((san) => san.startsWith('URI:spiffe://'))
      .map((san) => san.slice('URI:'.length)),
    fingerprint256: leaf.fingerprint256,
    isCa: leaf.ca,
    validNow: at.getTime() >= notBefore.getTime() && at.getTime() <= notAfter.getTime(),
    expiresInDays: Math.floor((notAfter.getTime() - at.getTime()) / MS_PER_DAY),
    chainLength: chain.length,
  };
}

/**
 * Splits an Istio SPIFFE ID into trust domain, namespace and service account.
 *
 * Accepts exactly `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`: a lower-case trust
 * domain (letters, digits, `.`, `-`, `_`) and non-empty path segments of letters, digits, `.`, `-`, `_`.
 *
 * @param id a SPIFFE ID such as `spiffe://cluster.local/ns/default/sa/bookinfo-productpage`
 * @returns the parts, or `undefined` if `id` is not of that form
 * @see https://istio.io/latest/docs/concepts/security/#istio-identity
 */
export function parseSpiffeId(id: string): SpiffeIdentity | undefined {
  const match = /^spiffe:\/\/([a-z0-9._-]+)\/ns\/([A-Za-z0-9._-]+)\/sa\/([A-Za-z0-9._-]+)$/.exec(id);
  if (!match) {
    return undefined;
  }
  const [, trustDomain, namespace, serviceAccount] = match;
  if ([namespace, serviceAccount].some((segment) => segment === '.' || segment === '..')) {
    return undefined;
  }
  return { trustDomain, namespace, serviceAccount };
}

/**
 * Tells whether a private key belongs to a certificate (the leaf, if the PEM holds a chain).
 *
 * A TLS server loaded with a certificate and a key that do not belong together fails every handshake;
 * `kubectl create secret tls` refuses such a pair.
 *
 * @param certPem PEM certificate (or chain, leaf first)
 * @param keyPem unencrypted PEM private key (PKCS#8 `PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`)
 * @throws CertificateError if either input does not parse; the message names which one
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 */
export function keyMatchesCertificate(certPem: string, keyPem: string): boolean {
  const leaf = parseCertificateChain(certPem, 'certificate')[0];
  const key = parsePrivateKey(keyPem, 'private key');
  return leaf.checkPrivateKey(key);
}

function parseCertificateChain(pem: string, source: string | undefined): X509Certificate[] {
  const expected = `expected a PEM certificate beginning with '-----BEGIN ${CERTIFICATE_LABEL}-----'`;
  const blocks = Array.from(pem.matchAll(PEM_BLOCK))
    .filter((m) => m[1] === CERTIFICATE_LABEL)
    .map((m) => m[0]);
  if (blocks.length === 0) {
    throw new CertificateError(`${expected}, ${describeFound(pem, CERTIFICATE_LABEL)}`, source);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (e) {
      const which = blocks.length === 1 ? 'the certificate block' : `certificate ${index + 1} of ${blocks.length}`;
      throw new CertificateError(
        `${expected}, but ${which} does not decode${errorCode(e)}: the base64 or DER inside is damaged; re-export the certificate`,
        source,
      );
    }
  });
}

function parsePrivateKey(pem: string, source: string | undefined): KeyObject {
  const expected = "expected an unencrypted PEM private key beginning with '-----BEGIN PRIVATE KEY-----' "
    + "(or 'RSA PRIVATE KEY' / 'EC PRIVATE KEY')";
  const labels = pemLabels(pem);
  if (labels.includes('ENCRYPTED PRIVATE KEY') || /Proc-Type:\s*4,\s*ENCRYPTED/.test(pem)) {
    throw new CertificateError(
      `${expected}, found an encrypted key: decrypt it first (openssl pkey -in <key> -out <plain key>)`,
      source,
    );
  }
  if (!labels.some((label) => label.endsWith('PRIVATE KEY'))) {
    throw new CertificateError(`${expected}, ${describeFound(pem, 'PRIVATE KEY')}`, source);
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new CertificateError(
      `${expected}, but the key block does not decode${errorCode(e)}: the base64 or DER inside is damaged; re-export the key`,
      source,
    );
  }
}

/** Describes, by PEM label only, what the input holds instead of the expected block. */
function describeFound(text: string, expectedLabel: string): string {
  if (text.trim().length === 0) {
    return 'found empty input';
  }
  const labels = pemLabels(text);
  if (labels.length === 0) {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x08\x0e-\x1f\x80-\uffff]/.test(text)) {
      return 'found binary data (DER?): convert it to PEM with openssl (e.g. openssl x509 -inform der -in <file> -out <file>.pem)';
    }
    return 'found no PEM block';
  }
  if (labels.includes(expectedLabel)) {
    return `found '-----BEGIN ${expectedLabel}-----' without a matching '-----END ${expectedLabel}-----' line (truncated?)`;
  }
  const found = `found ${unique(labels).map((l) => `'-----BEGIN ${l}-----'`).join(', ')}`;
  if (expectedLabel === CERTIFICATE_LABEL && labels.some((l) => l.endsWith('PRIVATE KEY'))) {
    return `${found}: this is a private key; pass the certificate instead (were certificate and key swapped?)`;
  }
  if (expectedLabel === CERTIFICATE_LABEL && labels.includes('CERTIFICATE REQUEST')) {
    return `${found}: this is a signing request; sign it to get a certificate`;
  }
  if (expectedLabel !== CERTIFICATE_LABEL && labels.includes(CERTIFICATE_LABEL)) {
    return `${found}: this is a certificate; pass the private key instead (were certificate and key swapped?)`;
  }
  return found;
}

function pemLabels(text: string): string[] {
  return Array.from(text.matchAll(PEM_BEGIN)).map((m) => m[1]);
}

function unique(values: string[]): string[] {
  return Array.from(new Set(values));
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}

/** Node prints X.509 dates as `Jan  1 00:00:00 2020 GMT`. */
function parseX509Date(value: string): Date {
  const match = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(value.trim());
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  if (match && months.includes(match[1])) {
    const [, month, day, hh, mm, ss, year] = match;
    return new Date(Date.UTC(Number(year), months.indexOf(month), Number(day), Number(hh), Number(mm), Number(ss)));
  }
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new CertificateError(`the certificate's validity date '${value}' could not be read`);
  }
  return parsed;
}

/** Node separates DN attributes with newlines; print them on one line. */
function formatDistinguishedName(dn: string): string {
  return dn.split('\n').filter((part) => part.length > 0).join(', ');
}

/**
 * Splits node's `subjectAltName` string (`DNS:a, URI:b`) into entries. Node JSON-quotes values that
 * contain separators (`DNS:"a, b"`), so a plain split on `, ` is not enough.
 */
function parseSubjectAltNames(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  const entries: string[] = [];
  let i = 0;
  while (i < value.length) {
    const colon = value.indexOf(':', i);
    if (colon < 0) {
      entries.push(value.slice(i).trim());
      break;
    }
    const type = value.slice(i, colon).trim();
    let j = colon + 1;
    let entryValue: string;
    if (value[j] === '"') {
      let k = j + 1;
      while (k < value.length && value[k] !== '"') {
        k += value[k] === '\\' ? 2 : 1;
      }
      const quoted = value.slice(j, k + 1);
      try {
        entryValue = JSON.parse(quoted) as string;
      } catch {
        entryValue = quoted;
      }
      j = k + 1;
    } else {
      const end = value.indexOf(', ', j);
      entryValue = value.slice(j, end < 0 ? value.length : end);
      j = end < 0 ? value.length : end;
    }
    entries.push(`${type}:${entryValue}`);
    // skip the ", " separator
    i = value.startsWith(', ', j) ? j + 2 : j;
  }
  return entries;
}
