/**
 * The seed article's `ngtest` namespace ("Interaction with External HTTPS Services" and "Environment Preparation
 * Commands"): an nginx that terminates its own TLS on 443 with the certificate of
 * `kubectl create secret tls nginxsecret` (here a TlsSecret, checked at synth time: key matches certificate, dates
 * valid), its `nginxconfigmap`, and a sleep with a sidecar (the seed's `istioctl kube-inject`, here the pod label
 * `sidecar.istio.io/inject: "true"`), under mesh-wide STRICT mutual TLS.
 *
 * The application's own TLS passes the sidecar at L4 whatever the mTLS configuration: sleep -> my-nginx:443 (nginx has
 * no sidecar, auto mTLS sends it as is) and sleep -> www.google.com:443, an external host declared by a ServiceEntry
 * with protocol TLS. There is deliberately no DestinationRule originating TLS (SIMPLE) toward it: the engine would fail
 * synth with IMT5011 (double-tls), since the application already speaks TLS. ISTIO_MUTUAL toward it would be IMT5003.
 *
 * The certificate and key are constructor props, never files in the repo (no private keys are committed):
 * `buildExamples()` creates them at synth time with {@link selfSignedCertificate}, the seed's `openssl req` command.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { ApiFlavor, Calls, IstioMtls, MeshWideMtls, TlsSecret } from '../src';
import { Injection, SampleNamespace, SampleWorkload, Sleep } from './_apps';

/** A PEM certificate and its private key. */
export interface PemPair {
  /** The certificate (PEM). */
  readonly certificatePem: string;
  /** Its unencrypted private key (PEM). */
  readonly privateKeyPem: string;
}

/**
 * The seed's `openssl req -x509 -nodes -days 365 -newkey rsa:2048 -subj "/CN=my-nginx/O=my-nginx"`, run now in a
 * temporary directory that is removed afterwards. Needs `openssl` on the PATH.
 */
export function selfSignedCertificate(subject = '/CN=my-nginx/O=my-nginx', days = 365): PemPair {
  const dir = mkdtempSync(join(tmpdir(), 'ngtest-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-nodes', '-days', String(days), '-newkey', 'rsa:2048',
      '-keyout', 'tls.key', '-out', 'tls.crt', '-subj', subject], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return { certificatePem: readFileSync(join(dir, 'tls.crt'), 'utf8'), privateKeyPem: readFileSync(join(dir, 'tls.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NAMESPACE = 'ngtest';

/** nginx's server block: TLS on 443 with the certificate mounted from `nginxsecret`. */
const NGINX_CONF = `server {
    listen 443 ssl;
    server_name my-nginx;
    ssl_certificate /etc/nginx/ssl/tls.crt;
    ssl_certificate_key /etc/nginx/ssl/tls.key;
    root /usr/share/nginx/html;
    index index.html;
}
`;

/** Props for {@link NgtestChart}. */
export interface NgtestProps extends PemPair {}

/** nginx with its own TLS and a sidecar client, calling it and an external HTTPS host. */
export class NgtestChart extends Chart {
  public readonly secret: TlsSecret;
  public readonly nginx: SampleWorkload;
  public readonly sleep: Sleep;
  public readonly serviceEntry: ApiObject;

  constructor(scope: Construct, id: string, props: NgtestProps) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.MODERN });
    new MeshWideMtls(this, 'mesh');
    // No istio-injection label: nginx runs without a sidecar, as `kubectl apply -f samples/https/nginx-app.yaml`.
    new SampleNamespace(this, 'Namespace', { name: NAMESPACE });

    // kubectl create secret tls nginxsecret --key /tmp/nginx.key --cert /tmp/nginx.crt
    this.secret = new TlsSecret(this, 'nginxsecret', { namespace: NAMESPACE, ...props });
    // kubectl create configmap nginxconfigmap --from-file=samples/https/default.conf
    const config = new kplus.ConfigMap(this, 'nginxconfigmap', {
      metadata: { name: 'nginxconfigmap', namespace: NAMESPACE },
      data: { 'default.conf': NGINX_CONF },
    });

    this.nginx = new SampleWorkload(this, 'my-nginx', {
      namespace: NAMESPACE,
      container: {
        name: 'my-nginx',
        image: 'nginx',
        portNumber: 443,
        // The nginx image's master process runs as root and writes its cache and pid file.
        securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
      },
      servicePorts: [{ name: 'https', port: 443, targetPort: 443 }],
    });
    const container = this.nginx.deployment.containers[0];
    container.mount('/etc/nginx/ssl', kplus.Volume.fromSecret(this, 'secret-volume',
      kplus.Secret.fromSecretName(this, 'nginxsecret-ref', this.secret.name)), { readOnly: true });
    container.mount('/etc/nginx/conf.d', kplus.Volume.fromConfigMap(this, 'configmap-volume', config), { readOnly: true });

    this.sleep = new Sleep(this, 'sleep', { namespace: NAMESPACE, injection: Injection.FORCE });

    // An external HTTPS host: the sidecar forwards the application's TLS at L4 (protocol TLS, no DestinationRule).
    this.serviceEntry = new ApiObject(this, 'google', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'google', namespace: NAMESPACE },
      spec: {
        hosts: ['www.google.com'],
        ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
        resolution: 'DNS',
        location: 'MESH_EXTERNAL',
      },
    });

    Calls.declare(this.sleep.deployment, 'my-nginx', 443);
    Calls.declare(this.sleep.deployment, 'www.google.com', 443);
  }
}
