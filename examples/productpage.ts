/**
 * The seed article's productpage ("Service-Level TLS Example" and "Port-Specific TLS Settings"), in the `bookinfo`
 * namespace (the seed's DestinationRule host is productpage.bookinfo.svc.cluster.local).
 *
 * Legacy flavour (`ProductpageLegacyChart`): the service-level Policy `productpage-tls` (targets productpage,
 * `peers: [{mtls: {}}]` = STRICT) and the port-level DestinationRule `productpage-2` (tls DISABLE for the host,
 * ISTIO_MUTUAL on port 9080), built with ServiceMtls, ClientTlsPolicy and PortTlsOverride. A sidecar client
 * (sleep.bookinfo) declares its call to productpage:9080. Rules exercised: without the port-level ISTIO_MUTUAL the
 * DISABLE would hit the STRICT server (IMT5005 tls-override-to-strict); without any ISTIO_MUTUAL rule the legacy
 * API's clients send plaintext to it (IMT5008 plaintext-without-auto-mtls).
 *
 * Modern flavour (`ProductpageModernChart`): the same intent on the server side — a workload PeerAuthentication for
 * productpage that is DISABLE by default and STRICT on port 9080 (ServiceMtls + PortTlsOverride; `portLevelMtls`
 * needs the workload selector, IMT1001, and is keyed by the container port, IMT4003). Auto mTLS makes the clients
 * follow, so no DestinationRule is needed.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, Calls, ClientTls, ClientTlsPolicy, IstioMtls, MtlsMode, PortTlsOverride, ServiceMtls } from '../src';
import { SampleNamespace, SampleWorkload, Sleep } from './_apps';

const NAMESPACE = 'bookinfo';

/** The bookinfo namespace (injected) with productpage (Service and container port 9080) and a sleep client. */
export class Bookinfo extends Construct {
  public readonly productpage: SampleWorkload;
  public readonly sleep: Sleep;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SampleNamespace(this, 'Namespace', { name: NAMESPACE, injection: true });
    this.productpage = new SampleWorkload(this, 'productpage', {
      namespace: NAMESPACE,
      container: {
        name: 'productpage',
        image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.2',
        portNumber: 9080,
        securityContext: { ensureNonRoot: true, user: 1000, readOnlyRootFilesystem: false },
      },
      servicePorts: [{ name: 'http', port: 9080, targetPort: 9080 }],
    });
    this.sleep = new Sleep(this, 'sleep', { namespace: NAMESPACE });
    Calls.declare(this.sleep.deployment, 'productpage', 9080);
  }
}

/** Props for {@link ProductpageLegacyChart}. */
export interface ProductpageLegacyProps {
  /**
   * Add the port-level ISTIO_MUTUAL for 9080 to `productpage-2`.
   *
   * @default true
   */
  readonly withPort9080Mutual?: boolean;
}

/** The seed's `productpage-tls` Policy and `productpage-2` DestinationRule (Istio <= 1.5). */
export class ProductpageLegacyChart extends Chart {
  public readonly bookinfo: Bookinfo;
  public readonly policy: ServiceMtls;
  public readonly clientTls: ClientTlsPolicy;

  constructor(scope: Construct, id: string, props: ProductpageLegacyProps = {}) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.LEGACY });
    this.bookinfo = new Bookinfo(this, 'bookinfo');

    // Seed: Policy productpage-tls, `targets: [{name: productpage}]`, `peers: [{mtls: {}}]`.
    this.policy = new ServiceMtls(this, 'productpage-tls', {
      namespace: NAMESPACE,
      serviceName: 'productpage',
      mode: MtlsMode.STRICT,
    });

    // Seed: DestinationRule productpage-2, DISABLE for the host, ISTIO_MUTUAL on 9080.
    this.clientTls = new ClientTlsPolicy(this, 'productpage-2', {
      namespace: NAMESPACE,
      host: 'productpage.bookinfo.svc.cluster.local',
      tls: ClientTls.disable(),
      reason: 'only port 9080 carries mesh traffic and is mutual TLS (port-level setting); other ports stay plaintext',
    });
    if (props.withPort9080Mutual ?? true) {
      new PortTlsOverride(this, 'productpage-9080', {
        port: 9080,
        clientTlsPolicy: this.clientTls,
        clientTls: ClientTls.istioMutual(),
      });
    }
  }
}

/** The modern equivalent: the port choice is made where it is enforced, on the server. */
export class ProductpageModernChart extends Chart {
  public readonly bookinfo: Bookinfo;
  public readonly policy: ServiceMtls;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.MODERN });
    this.bookinfo = new Bookinfo(this, 'bookinfo');

    this.policy = new ServiceMtls(this, 'productpage', {
      namespace: NAMESPACE,
      matchLabels: { app: 'productpage' },
      mode: MtlsMode.DISABLE,
      reason: 'as in the seed\'s productpage-2: no TLS by default, mutual TLS only on port 9080 (port-level STRICT)',
    });
    // portLevelMtls is keyed by the container port; here it equals the Service port.
    new PortTlsOverride(this, 'productpage-9080', {
      port: 9080,
      serviceMtls: this.policy,
      serverMode: MtlsMode.STRICT,
    });
  }
}
