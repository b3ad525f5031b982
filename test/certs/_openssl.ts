/**
 * Certificates made at test time with openssl (no key material is committed): one temporary folder per test file.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** A certificate and its key, as files and as PEM text. */
export interface Pair {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

/** openssl arguments for a P-256 key (fast; used where the key type does not matter). */
export const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

export class TestCertificates {
  public readonly dir: string;
  private seq = 0;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Runs openssl in the folder and returns its stdout. */
  public openssl(...args: string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  }

  /** Reads `<name>.crt` and `<name>.key` from the folder. */
  public read(name: string): Pair {
    const certFile = join(this.dir, `${name}.crt`);
    const keyFile = join(this.dir, `${name}.key`);
    return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  }

  /** `openssl req -x509` as in the seed's nginx example; extra args e.g. `-addext`. */
  public selfSigned(subj: string, days: number, keyArgs: string[] = EC, ...extra: string[]): Pair {
    const name = `c${this.seq++}`;
    this.openssl('req', '-x509', '-nodes', '-days', String(days), ...keyArgs, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', subj, ...extra);
    return this.read(name);
  }

  /** A self-signed certificate with an explicit validity window (YYYYMMDDHHMMSSZ), via `openssl ca -selfsign`. */
  public withWindow(subj: string, start: string, end: string): Pair {
    const name = `w${this.seq++}`;
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'ca.cnf'), [
      '[ca]', 'default_ca = ca_default',
      '[ca_default]', 'database = index.txt', 'new_certs_dir = .', 'default_md = sha256', 'serial = serial',
      'policy = any', 'unique_subject = no', 'copy_extensions = copy',
      '[any]', 'commonName = supplied',
    ].join('\n'));
    this.openssl('req', '-new', '-nodes', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj);
    this.openssl('ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', `${name}.key`, '-in', `${name}.csr`,
      '-out', `${name}.crt`, '-startdate', start, '-enddate', end, '-rand_serial', '-notext');
    return this.read(name);
  }

  /** Removes the folder. */
  public dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
