/**
 * The TLS a client sidecar originates (DestinationRule `trafficPolicy.tls`), built by factories so that only the
 * combinations Istio accepts can be expressed.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
 */

/** Client TLS modes (Istio's wire values). */
export enum TlsMode {
  /** Plaintext. */
  DISABLE = 'DISABLE',
  /** TLS without a client certificate. */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with your own client certificate. */
  MUTUAL = 'MUTUAL',
  /** Mutual TLS with Istio's certificates: every other field stays empty. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Options shared by SIMPLE and MUTUAL TLS. */
export interface ServerVerificationOptions {
  /**
   * File path of the CA bundle that verifies the server certificate.
   *
   * @default - the proxy's OS CA bundle (the engine warns: IMT2009)
   */
  readonly caCertificates?: string;
  /**
   * Accepted server identities (SANs).
   *
   * @default - not checked beyond the CA
   */
  readonly subjectAltNames?: string[];
  /**
   * SNI sent in the TLS handshake.
   *
   * @default - taken from the request's host/authority
   */
  readonly sni?: string;
}

/** Options for {@link ClientTls.simple}. */
export interface SimpleTlsOptions extends ServerVerificationOptions {}

/** Options for {@link ClientTls.mutual}: your own client certificate from files in the proxy. */
export interface MutualTlsOptions extends ServerVerificationOptions {
  /** File path of the client certificate. */
  readonly clientCertificate: string;
  /** File path of the client private key. */
  readonly privateKey: string;
  /**
   * File path of a certificate revocation list.
   *
   * @default - none
   */
  readonly caCrl?: string;
}

/** Options for {@link ClientTls.simpleFromSecret} and {@link ClientTls.mutualFromSecret}. */
export interface SecretTlsOptions {
  /** Name of the Kubernetes secret holding the certificates (`credentialName`). */
  readonly credentialName: string;
  /**
   * Accepted server identities (SANs).
   *
   * @default - not checked beyond the CA
   */
  readonly subjectAltNames?: string[];
  /**
   * SNI sent in the TLS handshake.
   *
   * @default - taken from the request's host/authority
   */
  readonly sni?: string;
}

/** Options for {@link ClientTls.simpleWithoutVerification}. */
export interface InsecureTlsOptions {
  /**
   * SNI sent in the TLS handshake.
   *
   * @default - taken from the request's host/authority
   */
  readonly sni?: string;
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}

function nonEmpty(what: string, v: string | undefined): void {
  if (v !== undefined && v.trim() === '') throw new Error(`ClientTls: '${what}' is an empty string; omit it or give a value`);
}

/**
 * A client TLS setting. Create it with one of the static factories.
 */
export class ClientTls {
  /** Istio mutual TLS with Istio's certificates (what the mesh uses). */
  public static istioMutual(): ClientTls {
    return new ClientTls(TlsMode.ISTIO_MUTUAL, {});
  }

  /** Plaintext: for servers without a sidecar, or traffic that already carries its own TLS. */
  public static disable(): ClientTls {
    return new ClientTls(TlsMode.DISABLE, {});
  }

  /** Originate TLS (no client certificate), verifying the server with files in the proxy. */
  public static simple(options: SimpleTlsOptions = {}): ClientTls {
    nonEmpty('caCertificates', options.caCertificates); nonEmpty('sni', options.sni);
    return new ClientTls(TlsMode.SIMPLE, clean({ caCertificates: options.caCertificates, subjectAltNames: options.subjectAltNames, sni: options.sni }));
  }

  /** Originate TLS, taking the CA from a Kubernetes secret (`credentialName`). */
  public static simpleFromSecret(options: SecretTlsOptions): ClientTls {
    nonEmpty('credentialName', options.credentialName);
    if (!options.credentialName) throw new Error("ClientTls.simpleFromSecret: 'credentialName' is required");
    return new ClientTls(TlsMode.SIMPLE, clean({ credentialName: options.credentialName, subjectAltNames: options.subjectAltNames, sni: options.sni }));
  }

  /** Originate TLS without verifying the server (`insecureSkipVerify: true`). Avoid outside tests. */
  public static simpleWithoutVerification(options: InsecureTlsOptions = {}): ClientTls {
    nonEmpty('sni', options.sni);
    return new ClientTls(TlsMode.SIMPLE, clean({ insecureSkipVerify: true, sni: options.sni }));
  }

  /** Mutual TLS with your own client certificate and key (file paths in the proxy). */
  public static mutual(options: MutualTlsOptions): ClientTls {
    for (const k of ['clientCertificate', 'privateKey'] as const) {
      if (!options[k] || options[k].trim() === '') throw new Error(`ClientTls.mutual: '${k}' is required for MUTUAL (Istio: "${k === 'clientCertificate' ? 'client certificate' : 'private key'} required for mutual tls"); use ClientTls.mutualFromSecret() to take them from a secret`);
    }
    nonEmpty('caCertificates', options.caCertificates); nonEmpty('caCrl', options.caCrl); nonEmpty('sni', options.sni);
    return new ClientTls(TlsMode.MUTUAL, clean({
      clientCertificate: options.clientCertificate, privateKey: options.privateKey, caCertificates: options.caCertificates,
      caCrl: options.caCrl, subjectAltNames: options.subjectAltNames, sni: options.sni,
    }));
  }

  /** Mutual TLS with the client certificate, key and CA from a Kubernetes secret (`credentialName`). */
  public static mutualFromSecret(options: SecretTlsOptions): ClientTls {
    nonEmpty('credentialName', options.credentialName);
    if (!options.credentialName) throw new Error("ClientTls.mutualFromSecret: 'credentialName' is required");
    return new ClientTls(TlsMode.MUTUAL, clean({ credentialName: options.credentialName, subjectAltNames: options.subjectAltNames, sni: options.sni }));
  }

  private constructor(
    /** The TLS mode. */
    public readonly mode: TlsMode,
    private readonly fields: Record<string, unknown>,
  ) {}

  /** The `tls` block as Istio expects it. @internal */
  public _toKube(): Record<string, unknown> {
    return { mode: this.mode, ...this.fields };
  }
}
