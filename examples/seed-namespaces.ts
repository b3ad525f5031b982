/**
 * The seed article's three namespaces ("Namespace and Sidecar Scenarios"): test1 and test2 with automatic sidecar
 * injection (`istio-injection=enabled`), test3 without; httpbin (Service port 8000 -> container port 80) and sleep in
 * each, under mesh-wide mutual TLS.
 *
 * Legacy flavour (`SeedNamespacesChart`, the seed's Istio <= 1.5 API): MeshPolicy `default` + the `*.local`
 * ISTIO_MUTUAL DestinationRule + the kube-apiserver exemption (MeshWideMtls), and the seed's two fixes:
 * - the DISABLE DestinationRule for httpbin.test3.svc.cluster.local, so sleep.test1 (sidecar) can call httpbin.test3
 *   (no sidecar) — without it synth fails with IMT5002 (istio-mutual-to-plaintext-server);
 * - the PERMISSIVE Policy for httpbin in test1, so sleep.test3 (no sidecar) can call httpbin.test1 — without it synth
 *   fails with IMT5001 (strict-server-plaintext-client). It stays a documented exception: warning IMT1010.
 * sleep.test1 -> httpbin.test2 is sidecar to sidecar and needs nothing.
 *
 * Modern flavour (`SeedNamespacesModernChart`): PeerAuthentication STRICT mesh-wide, httpbin.test1 PERMISSIVE by pod
 * label; no DestinationRule at all, because auto mTLS sends plaintext to httpbin.test3 by itself.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, Calls, ClientTls, ClientTlsPolicy, IstioMtls, MeshWideMtls, MtlsMode, ServiceMtls } from '../src';
import { Httpbin, SampleNamespace, Sleep } from './_apps';

/** One of the seed's namespaces with its httpbin and sleep. */
export class SeedNamespace extends Construct {
  public readonly name: string;
  public readonly httpbin: Httpbin;
  public readonly sleep: Sleep;

  constructor(scope: Construct, id: string, props: { readonly injection: boolean }) {
    super(scope, id);
    this.name = id;
    new SampleNamespace(this, 'Namespace', { name: id, injection: props.injection });
    this.httpbin = new Httpbin(this, 'httpbin', { namespace: id });
    this.sleep = new Sleep(this, 'sleep', { namespace: id });
  }
}

/** test1 and test2 with injection, test3 without, and the three calls the seed tries. */
export class SeedTopology extends Construct {
  public readonly test1: SeedNamespace;
  public readonly test2: SeedNamespace;
  public readonly test3: SeedNamespace;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.test1 = new SeedNamespace(this, 'test1', { injection: true });
    this.test2 = new SeedNamespace(this, 'test2', { injection: true });
    this.test3 = new SeedNamespace(this, 'test3', { injection: false });
    // sidecar -> no sidecar: needs the DISABLE rule in the legacy API (IMT5002 otherwise).
    Calls.declare(this.test1.sleep.deployment, 'httpbin.test3', 8000);
    // no sidecar -> sidecar: needs httpbin.test1 PERMISSIVE (IMT5001 otherwise).
    Calls.declare(this.test3.sleep.deployment, 'httpbin.test1', 8000);
    // sidecar -> sidecar: mutual TLS, nothing to do.
    Calls.declare(this.test1.sleep.deployment, 'httpbin.test2', 8000);
  }
}

/** Props for {@link SeedNamespacesChart}: each fix can be left out to watch synth fail. */
export interface SeedNamespacesProps {
  /**
   * Emit the seed's DISABLE DestinationRule for httpbin.test3.
   *
   * @default true
   */
  readonly withTest3Disable?: boolean;
  /**
   * Emit the seed's PERMISSIVE Policy for httpbin in test1.
   *
   * @default true
   */
  readonly withHttpbinPermissive?: boolean;
}

/** The seed's scenario in the legacy API, with both of its fixes. */
export class SeedNamespacesChart extends Chart {
  public readonly topology: SeedTopology;

  constructor(scope: Construct, id: string, props: SeedNamespacesProps = {}) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.LEGACY });
    new MeshWideMtls(this, 'mesh');
    this.topology = new SeedTopology(this, 'apps');

    if (props.withTest3Disable ?? true) {
      new ClientTlsPolicy(this, 'httpbin-test3-plaintext', {
        name: 'httpbin',
        namespace: 'test3',
        host: 'httpbin.test3.svc.cluster.local',
        tls: ClientTls.disable(),
        reason: 'httpbin.test3 runs without a sidecar (test3 has no istio-injection label) and cannot terminate Istio mTLS',
      });
    }
    if (props.withHttpbinPermissive ?? true) {
      new ServiceMtls(this, 'httpbin-test1-permissive', {
        name: 'httpbin',
        namespace: 'test1',
        serviceName: 'httpbin',
        mode: MtlsMode.PERMISSIVE,
        reason: 'sleep.test3 has no sidecar and calls httpbin.test1 in plaintext; switch to STRICT once test3 is injected',
      });
    }
  }
}

/** The same scenario in today's API: auto mTLS makes the DestinationRules unnecessary. */
export class SeedNamespacesModernChart extends Chart {
  public readonly topology: SeedTopology;

  constructor(scope: Construct, id: string, props: Pick<SeedNamespacesProps, 'withHttpbinPermissive'> = {}) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.MODERN });
    new MeshWideMtls(this, 'mesh');
    this.topology = new SeedTopology(this, 'apps');
    if (props.withHttpbinPermissive ?? true) {
      new ServiceMtls(this, 'httpbin-test1-permissive', {
        name: 'httpbin',
        namespace: 'test1',
        matchLabels: { app: 'httpbin' },
        mode: MtlsMode.PERMISSIVE,
        reason: 'sleep.test3 has no sidecar and calls httpbin.test1 in plaintext; switch to STRICT once test3 is injected',
      });
    }
  }
}
