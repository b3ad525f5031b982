import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { TlsSecret } from '../../src/certs';
import { Pair, TestCertificates } from './_openssl';

// Certificates are generated at run time with openssl (test/certs/_openssl.ts); no key material is committed.

const certs = new TestCertificates('tls-secret-test-');
const dir = certs.dir;
const selfSigned = certs.selfSigned.bind(certs);
const withWindow = certs.withWindow.bind(certs);

let nginx: Pair; // the seed: openssl req -x509 -nodes -days 365 -newkey rsa:2048 -subj "/CN=my-nginx/O=my-nginx"
let other: Pair;
let soon: Pair;
let expired: Pair;
let future: Pair;

beforeAll(() => {
  nginx = selfSigned('/CN=my-nginx/O=my-nginx', 365, ['-newkey', 'rsa:2048']);
  other = selfSigned('/CN=other', 365);
  soon = selfSigned('/CN=soon', 5);
  expired = withWindow('/CN=expired', '20200101000000Z', '20210101000000Z');
  future = withWindow('/CN=future', '20990101000000Z', '20991231000000Z');
});

afterAll(() => {
  certs.dispose();
});

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
});

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

/** Everything that would leak the key if it showed up in a message or a log line. */
function keyFragments(key: string): string[] {
  const body = key.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
  return [...body, b64(key).slice(0, 40)];
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('TlsSecret', () => {
  test('synthesizes a kubernetes.io/tls Secret named after the construct id, like kubectl create secret tls', () => {
    const chart = Testing.chart();
    new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.cert, privateKeyPem: nginx.key });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'nginxsecret' },
      data: { 'tls.crt': b64(nginx.cert), 'tls.key': b64(nginx.key) },
    }]);
  });

  test('stores certificate and key byte for byte (base64 round-trips)', () => {
    const chart = Testing.chart();
    new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.cert, privateKeyPem: nginx.key });
    const [secret] = Testing.synth(chart);
    expect(unb64(secret.data['tls.crt'])).toEqual(nginx.cert);
    expect(unb64(secret.data['tls.key'])).toEqual(nginx.key);
  });

  test('uses name and namespace when given', () => {
    const chart = Testing.chart();
    const secret = new TlsSecret(chart, 'Nginx', { certificatePem: other.cert, privateKeyPem: other.key, name: 'nginx-tls', namespace: 'web' });
    expect(secret.name).toEqual('nginx-tls');
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'nginx-tls', namespace: 'web' });
  });

  test("takes the chart's namespace when none is given", () => {
    const app = Testing.app();
    const chart = new Chart(app, 'web', { namespace: 'web' });
    new TlsSecret(chart, 'nginxsecret', { certificatePem: other.cert, privateKeyPem: other.key });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'nginxsecret', namespace: 'web' });
  });

  test('is a child ApiObject called Resource and exposes the certificate', () => {
    const chart = Testing.chart();
    const secret = new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.cert, privateKeyPem: nginx.key });
    expect(secret.node.defaultChild).toBe(secret.apiObject);
    expect(secret.apiObject.node.id).toEqual('Resource');
    expect(secret.certificate.subject).toEqual('CN=my-nginx, O=my-nginx');
    expect(secret.certificate.validNow).toBe(true);
    expect(secret.warnings).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  test('accepts a certificate chain whose leaf matches the key', () => {
    const chart = Testing.chart();
    const secret = new TlsSecret(chart, 'chain', { certificatePem: other.cert + nginx.cert, privateKeyPem: other.key });
    expect(secret.certificate.chainLength).toBe(2);
    expect(unb64(Testing.synth(chart)[0].data['tls.crt'])).toEqual(other.cert + nginx.cert);
  });

  test('is recognised by isTlsSecret', () => {
    const chart = Testing.chart();
    const secret = new TlsSecret(chart, 'nginxsecret', { certificatePem: other.cert, privateKeyPem: other.key });
    expect(TlsSecret.isTlsSecret(secret)).toBe(true);
    expect(TlsSecret.isTlsSecret(chart)).toBe(false);
    expect(TlsSecret.isTlsSecret(undefined)).toBe(false);
  });

  describe('fromFiles', () => {
    test('reads the certificate and key files like kubectl create secret tls --cert --key', () => {
      const chart = Testing.chart();
      TlsSecret.fromFiles(chart, 'nginxsecret', { certFile: nginx.certFile, keyFile: nginx.keyFile, namespace: 'default' });
      expect(Testing.synth(chart)).toEqual([{
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/tls',
        metadata: { name: 'nginxsecret', namespace: 'default' },
        data: { 'tls.crt': b64(nginx.cert), 'tls.key': b64(nginx.key) },
      }]);
    });

    test('fails naming the construct path, the prop and the file that cannot be read', () => {
      const chart = Testing.chart();
      const missing = join(dir, 'nginx.crt');
      expect(() => TlsSecret.fromFiles(chart, 'nginxsecret', { certFile: missing, keyFile: nginx.keyFile }))
        .toThrow(`[test/nginxsecret] cannot read 'certFile' file '${missing}' (ENOENT): check the path`);
    });

    test('names the file when it holds the wrong thing', () => {
      const chart = Testing.chart();
      expect(() => TlsSecret.fromFiles(chart, 'nginxsecret', { certFile: nginx.keyFile, keyFile: nginx.certFile }))
        .toThrow(`[test/nginxsecret] 'certFile' ${nginx.keyFile} is not a certificate: expected a PEM certificate`);
    });

    test('names the key file when the key does not match', () => {
      const chart = Testing.chart();
      expect(() => TlsSecret.fromFiles(chart, 'nginxsecret', { certFile: nginx.certFile, keyFile: other.keyFile }))
        .toThrow(`[test/nginxsecret] 'keyFile' ${other.keyFile} does not belong to the certificate 'CN=my-nginx, O=my-nginx'`);
    });
  });

  describe('checks', () => {
    test('fails if the certificate does not parse, naming the construct path and the prop', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: 'not a certificate', privateKeyPem: nginx.key }))
        .toThrow("[test/nginxsecret] 'certificatePem' is not a certificate: expected a PEM certificate beginning with '-----BEGIN CERTIFICATE-----', found no PEM block");
    });

    test('fails if the key does not parse', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.cert, privateKeyPem: 'garbage' }))
        .toThrow("[test/nginxsecret] 'privateKeyPem' is not a private key: expected an unencrypted PEM private key beginning with '-----BEGIN PRIVATE KEY-----'");
    });

    test('fails if certificate and key are swapped', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.key, privateKeyPem: nginx.cert }))
        .toThrow(/^\[test\/nginxsecret\] 'certificatePem' is not a certificate: .*this is a private key; pass the certificate instead \(were certificate and key swapped\?\)$/);
    });

    test('fails if the key does not belong to the certificate, and says how to fix it', () => {
      const chart = Testing.chart();
      const err = errorOf(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.cert, privateKeyPem: other.key }));
      expect(err.message).toMatch(/^\[test\/nginxsecret\] 'privateKeyPem' does not belong to the certificate 'CN=my-nginx, O=my-nginx' \(SHA-256 [0-9A-F:]{95}\): .*pass the key that was generated together with this certificate$/);
    });

    test('fails if the certificate has expired, saying when', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: expired.cert, privateKeyPem: expired.key, now: new Date('2021-01-03T12:00:00Z') }))
        .toThrow("[test/nginxsecret] certificate 'CN=expired' expired on 2021-01-01T00:00:00.000Z (3 day(s) ago): issue a new certificate and key and pass those");
    });

    test('fails for an expired certificate at the real current time', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: expired.cert, privateKeyPem: expired.key }))
        .toThrow(/^\[test\/nginxsecret\] certificate 'CN=expired' expired on 2021-01-01T00:00:00.000Z/);
    });

    test('fails if the certificate is not valid yet', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: future.cert, privateKeyPem: future.key }))
        .toThrow("[test/nginxsecret] certificate 'CN=future' is not valid before 2099-01-01T00:00:00.000Z: check the clock");
    });

    test('checks validity at the injected now', () => {
      const chart = Testing.chart();
      const secret = new TlsSecret(chart, 'nginxsecret', { certificatePem: expired.cert, privateKeyPem: expired.key, now: new Date('2020-03-01T00:00:00Z'), expiryWarningDays: 0 });
      expect(secret.certificate.validNow).toBe(true);
      expect(secret.warnings).toEqual([]);
    });

    test('fails if the construct id is not a valid Secret name and no name is given', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'Nginx_Secret', { certificatePem: other.cert, privateKeyPem: other.key }))
        .toThrow("[test/Nginx_Secret] the construct id (used as the Secret name) 'Nginx_Secret' is not a valid Secret name: use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit; change the id or pass 'name'");
    });

    test('fails if name is not a valid Secret name', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: other.cert, privateKeyPem: other.key, name: 'nginx-' }))
        .toThrow("[test/nginxsecret] 'name' 'nginx-' is not a valid Secret name");
    });

    test('fails if namespace is not a valid namespace name', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: other.cert, privateKeyPem: other.key, namespace: 'my.ns' }))
        .toThrow("[test/nginxsecret] 'namespace' 'my.ns' is not a valid namespace name");
    });

    test('fails if expiryWarningDays is negative', () => {
      const chart = Testing.chart();
      expect(() => new TlsSecret(chart, 'nginxsecret', { certificatePem: other.cert, privateKeyPem: other.key, expiryWarningDays: -1 }))
        .toThrow("[test/nginxsecret] 'expiryWarningDays' must be a non-negative number of days, got -1");
    });

    test('never puts key material into an error message or the console', () => {
      const chart = Testing.chart();
      const damagedKey = nginx.key.replace(/\n[A-Za-z0-9+/]{8}/, '\n%%%%%%%%');
      const attempts: Array<() => unknown> = [
        () => new TlsSecret(chart, 'a', { certificatePem: nginx.cert, privateKeyPem: damagedKey }),
        () => new TlsSecret(chart, 'b', { certificatePem: nginx.cert, privateKeyPem: other.key }),
        () => new TlsSecret(chart, 'c', { certificatePem: nginx.key, privateKeyPem: nginx.key }),
        () => new TlsSecret(chart, 'd', { certificatePem: expired.cert, privateKeyPem: expired.key }),
        () => new TlsSecret(chart, 'e', { certificatePem: nginx.cert, privateKeyPem: nginx.cert }),
      ];
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        const messages = attempts.map((attempt) => errorOf(attempt).message);
        new TlsSecret(chart, 'f', { certificatePem: soon.cert, privateKeyPem: soon.key });
        const logged = [...warn.mock.calls, ...log.mock.calls].flat().map(String);
        expect(messages).toHaveLength(5);
        expect(logged).toHaveLength(1);
        for (const text of [...messages, ...logged]) {
          for (const fragment of [...keyFragments(nginx.key), ...keyFragments(damagedKey), ...keyFragments(other.key), ...keyFragments(expired.key), ...keyFragments(soon.key)]) {
            expect(text).not.toContain(fragment);
          }
        }
      } finally {
        log.mockRestore();
      }
    });
  });

  describe('expiry warning', () => {
    test('warns when the certificate expires within 30 days, and still synthesizes', () => {
      const chart = Testing.chart();
      const secret = new TlsSecret(chart, 'nginxsecret', { certificatePem: soon.cert, privateKeyPem: soon.key });
      const expected = `[test/nginxsecret] certificate 'CN=soon' expires on ${secret.certificate.notAfter.toISOString()} (in 4 day(s), less than expiryWarningDays=30): renew it before then`;
      expect(secret.warnings).toEqual([expected]);
      expect(secret.node.metadata.map((m) => ({ type: m.type, data: m.data }))).toEqual([{ type: 'warning', data: expected }]);
      expect(warn).toHaveBeenCalledWith(`Warning: ${expected}`);
      expect(Testing.synth(chart)).toHaveLength(1);
    });

    test('honours a custom expiryWarningDays', () => {
      const chart = Testing.chart();
      const wide = new TlsSecret(chart, 'wide', { certificatePem: nginx.cert, privateKeyPem: nginx.key, expiryWarningDays: 400 });
      expect(wide.warnings).toEqual([expect.stringContaining('less than expiryWarningDays=400')]);
      const off = new TlsSecret(chart, 'off', { certificatePem: soon.cert, privateKeyPem: soon.key, expiryWarningDays: 0 });
      expect(off.warnings).toEqual([]);
    });

    test('does not warn for a certificate valid for another year', () => {
      const chart = Testing.chart();
      const secret = new TlsSecret(chart, 'nginxsecret', { certificatePem: nginx.cert, privateKeyPem: nginx.key });
      expect(secret.warnings).toEqual([]);
      expect(secret.node.metadata).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    });
  });
});
