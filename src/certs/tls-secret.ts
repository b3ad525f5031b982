import { readFileSync } from 'fs';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateError, CertificateInfo, inspectCertificate, keyMatchesCertificate } from './certificate';

const TLS_SECRET_SYMBOL = Symbol.for('cdk8s-istio-mtls.TlsSecret');
const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** File names behind props built by `TlsSecret.fromFiles()`, so that messages can name the files. */
const FILE_SOURCES = new WeakMap<TlsSecretProps, { readonly certFile: string; readonly keyFile: string }>();

/**
 * Options shared by `TlsSecret` and `TlsSecret.fromFiles()`.
 */
export interface TlsSecretOptions {
  /**
   * `metadata.name` of the Secret: a DNS subdomain (lower-case letters, digits, `-`, `.`; at most 253 characters).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * `metadata.namespace` of the Secret: a DNS label. It must be the namespace of the workload (or gateway)
   * that mounts it; Secrets are not visible across namespaces.
   *
   * @default - the chart's namespace, or none (the namespace `kubectl apply` targets)
   */
  readonly namespace?: string;

  /**
   * A certificate that expires within this many days still synthesizes, but the construct records a
   * warning (`warnings`, construct metadata of type `warning`, and `console.warn`).
   * Set to 0 to disable the warning.
   *
   * @default 30
   */
  readonly expiryWarningDays?: number;

  /**
   * The instant the validity checks are made for. Meant for tests and reproducible builds.
   *
   * @default - the current time at construction
   */
  readonly now?: Date;
}

/**
 * Properties of a `TlsSecret` built from PEM text.
 */
export interface TlsSecretProps extends TlsSecretOptions {
  /**
   * The server certificate in PEM, optionally followed by its intermediate certificates (leaf first).
   * Stored as `tls.crt`.
   */
  readonly certificatePem: string;

  /**
   * The unencrypted PEM private key of the leaf certificate. Stored as `tls.key`, and nowhere else.
   */
  readonly privateKeyPem: string;
}

/**
 * Properties of `TlsSecret.fromFiles()`.
 */
export interface TlsSecretFromFilesProps extends TlsSecretOptions {
  /**
   * Path of the PEM certificate file (the `--cert` of `kubectl create secret tls`).
   */
  readonly certFile: string;

  /**
   * Path of the PEM private key file (the `--key` of `kubectl create secret tls`).
   */
  readonly keyFile: string;
}

/**
 * A Kubernetes Secret of type `kubernetes.io/tls`, checked at synth time.
 *
 * The typed equivalent of `kubectl create secret tls nginxsecret --key /tmp/nginx.key --cert /tmp/nginx.crt`,
 * e.g. for an nginx that terminates its own TLS behind an Istio sidecar, or for a gateway's `credentialName`.
 * The constructor refuses a certificate or key that does not parse, a key that does not belong to the
 * certificate, and a certificate outside its validity window; it warns when the certificate expires
 * within `expiryWarningDays`.
 *
 * The key is written only into the Secret's `data`; it is never logged and never part of an error message.
 * Note that the synthesized manifest holds the key (base64 is not encryption): treat `dist/` as secret.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/
 */
export class TlsSecret extends Construct {
  /**
   * Builds a `TlsSecret` from a certificate file and a key file, read now (at synth time).
   *
   * Error messages name the file that could not be read or does not hold what was expected.
   *
   * @param scope parent construct
   * @param id construct id; also the Secret's name unless `name` is given
   * @param props the file paths and the `TlsSecretOptions`
   */
  public static fromFiles(scope: Construct, id: string, props: TlsSecretFromFilesProps): TlsSecret {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    const read = (file: string, prop: string): string => {
      try {
        return readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        throw new Error(`[${path}] cannot read '${prop}' file '${file}'${typeof code === 'string' ? ` (${code})` : ''}: check the path (relative paths resolve against ${process.cwd()})`);
      }
    };
    const { certFile, keyFile, ...options } = props;
    const pemProps: TlsSecretProps = {
      ...options,
      certificatePem: read(certFile, 'certFile'),
      privateKeyPem: read(keyFile, 'keyFile'),
    };
    FILE_SOURCES.set(pemProps, { certFile, keyFile });
    return new TlsSecret(scope, id, pemProps);
  }

  /**
   * Tells whether `x` is a `TlsSecret`, also across copies of this library.
   *
   * @param x any value
   */
  public static isTlsSecret(x: unknown): x is TlsSecret {
    return x !== null && typeof x === 'object' && TLS_SECRET_SYMBOL in x;
  }

  /**
   * `metadata.name` of the Secret.
   */
  public readonly name: string;

  /**
   * What was read from the certificate (the leaf, if `certificatePem` holds a chain).
   */
  public readonly certificate: CertificateInfo;

  /**
   * Warnings raised at construction, e.g. a certificate that expires within `expiryWarningDays`.
   * Each is also recorded as construct metadata of type `warning` and printed with `console.warn`.
   */
  public readonly warnings: string[] = [];

  /**
   * The generated `v1/Secret`.
   */
  public readonly apiObject: ApiObject;

  /**
   * Checks the certificate and key and defines the Secret.
   *
   * @param scope parent construct
   * @param id construct id; also the Secret's name unless `name` is given
   * @param props certificate, key and `TlsSecretOptions`
   * @throws Error prefixed with the construct path if the certificate or key does not parse, the key does not
   * belong to the certificate, the certificate is expired or not yet valid, or a name is invalid
   */
  constructor(scope: Construct, id: string, props: TlsSecretProps) {
    super(scope, id);
    Object.defineProperty(this, TLS_SECRET_SYMBOL, { value: true });

    const files = FILE_SOURCES.get(props);
    const certSource = files ? `'certFile' ${files.certFile}` : "'certificatePem'";
    const keySource = files ? `'keyFile' ${files.keyFile}` : "'privateKeyPem'";

    this.name = props.name ?? id;
    this.checkName(this.name, props.name === undefined);
    if (props.namespace !== undefined) {
      this.checkNamespace(props.namespace);
    }
    const warningDays = props.expiryWarningDays ?? 30;
    if (!Number.isFinite(warningDays) || warningDays < 0) {
      throw this.error(`'expiryWarningDays' must be a non-negative number of days, got ${warningDays}; pass e.g. 30, or 0 to disable the warning`);
    }
    const now = props.now ?? new Date();

    try {
      this.certificate = inspectCertificate(props.certificatePem, now);
    } catch (e) {
      throw this.error(`${certSource} is not a certificate: ${reasonOf(e)}`);
    }

    let matches: boolean;
    try {
      matches = keyMatchesCertificate(props.certificatePem, props.privateKeyPem);
    } catch (e) {
      throw this.error(`${keySource} is not a private key: ${reasonOf(e)}`);
    }
    if (!matches) {
      throw this.error(
        `${keySource} does not belong to the certificate '${this.certificate.subject}' `
        + `(SHA-256 ${this.certificate.fingerprint256}): a server loaded with this pair fails every TLS handshake; `
        + 'pass the key that was generated together with this certificate',
      );
    }

    const { notBefore, notAfter, subject } = this.certificate;
    if (now.getTime() > notAfter.getTime()) {
      throw this.error(
        `certificate '${subject}' expired on ${notAfter.toISOString()} `
        + `(${Math.ceil((now.getTime() - notAfter.getTime()) / MS_PER_DAY)} day(s) ago): `
        + 'issue a new certificate and key and pass those',
      );
    }
    if (now.getTime() < notBefore.getTime()) {
      throw this.error(
        `certificate '${subject}' is not valid before ${notBefore.toISOString()}: `
        + "check the clock of the machine that issued it, or wait until then (pass 'now' to check for a later instant)",
      );
    }
    if (this.certificate.expiresInDays < warningDays) {
      this.warn(
        `certificate '${subject}' expires on ${notAfter.toISOString()} `
        + `(in ${this.certificate.expiresInDays} day(s), less than expiryWarningDays=${warningDays}): renew it before then`,
      );
    }

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: this.name, namespace: props.namespace },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(props.certificatePem, 'utf8').toString('base64'),
        'tls.key': Buffer.from(props.privateKeyPem, 'utf8').toString('base64'),
      },
    });
  }

  private checkName(name: string, fromId: boolean): void {
    if (name.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
      const origin = fromId ? 'the construct id (used as the Secret name)' : "'name'";
      throw this.error(
        `${origin} '${name}' is not a valid Secret name: use at most 253 lower-case letters, digits, '-' and '.', `
        + `starting and ending with a letter or digit${fromId ? "; change the id or pass 'name'" : ''}`,
      );
    }
  }

  private checkNamespace(namespace: string): void {
    if (namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
      throw this.error(
        `'namespace' '${namespace}' is not a valid namespace name: use at most 63 lower-case letters, digits and '-', `
        + 'starting and ending with a letter or digit',
      );
    }
  }

  private error(message: string): Error {
    return new Error(`[${this.node.path}] ${message}`);
  }

  private warn(message: string): void {
    const full = `[${this.node.path}] ${message}`;
    this.warnings.push(full);
    this.node.addMetadata('warning', full);
    console.warn(`Warning: ${full}`);
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof CertificateError) {
    return e.reason;
  }
  // Never echo foreign error text here: it could quote input.
  return 'it could not be parsed';
}
