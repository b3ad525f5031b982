/**
 * The sample workloads the examples deploy (Istio's samples/httpbin and samples/sleep, as the seed article uses
 * them), built with cdk8s-plus. Not an example itself: a helper shared by the example charts.
 *
 * Pods get the plain `app: <name>` label that Services and workload PeerAuthentications select; cdk8s-plus adds its
 * own `cdk8s.io/metadata.addr` label for the Deployment's selector, which does no harm.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { Calls } from '../src';

/** How a workload gets (or does not get) its sidecar. */
export enum Injection {
  /** Whatever the namespace says (`istio-injection=enabled` label, or nothing). */
  NAMESPACE = 'namespace',
  /** The pod label `sidecar.istio.io/inject: "true"` (the seed's `istioctl kube-inject` of sleep in ngtest). */
  FORCE = 'true',
  /** The pod label `sidecar.istio.io/inject: "false"`. */
  NEVER = 'false',
}

/** Props for {@link SampleNamespace}. */
export interface SampleNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * Whether the namespace carries `istio-injection=enabled`.
   *
   * @default false
   */
  readonly injection?: boolean;
}

/** A Namespace, labelled `istio-injection=enabled` when its pods get sidecars automatically. */
export class SampleNamespace extends Construct {
  /** The Namespace. */
  public readonly namespace: kplus.Namespace;
  /** Its name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SampleNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = new kplus.Namespace(this, 'Resource', {
      metadata: { name: props.name, ...(props.injection ? { labels: { 'istio-injection': 'enabled' } } : {}) },
    });
  }
}

/** Props shared by the sample workloads. */
export interface SampleProps {
  /** Namespace of every object. */
  readonly namespace: string;
  /**
   * How the pod gets its sidecar.
   *
   * @default Injection.NAMESPACE
   */
  readonly injection?: Injection;
}

const SMALL: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
  memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
};

/** Props for {@link SampleWorkload}. */
export interface SampleWorkloadProps extends SampleProps {
  /** The container. Its name is also the Deployment's, the ServiceAccount's and the `app` label's. */
  readonly container: kplus.ContainerProps & { readonly name: string };
  /**
   * Service ports; no Service when omitted.
   *
   * @default - no Service
   */
  readonly servicePorts?: kplus.ServicePort[];
  /**
   * Mount the ServiceAccount token, for workloads that call the kube-apiserver.
   *
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
}

/**
 * A one-replica Deployment with its own ServiceAccount (its SPIFFE identity in the mesh), the pod label
 * `app: <name>`, and optionally a Service of the same name selecting that label.
 *
 * The pod-level security context stays permissive (`runAsNonRoot: false`): with sidecar injection and no Istio CNI,
 * the injected `istio-init` container runs as root; each app container sets its own.
 */
export class SampleWorkload extends Construct {
  /** The Deployment (what `Calls.declare` takes). */
  public readonly deployment: kplus.Deployment;
  /** The Service, when the workload serves. */
  public readonly service?: kplus.Service;

  constructor(scope: Construct, id: string, props: SampleWorkloadProps) {
    super(scope, id);
    const name = props.container.name;
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name, namespace: props.namespace },
      automountToken: props.automountServiceAccountToken ?? false,
    });
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name, namespace: props.namespace },
      replicas: 1,
      serviceAccount,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      securityContext: { ensureNonRoot: false },
      containers: [{ resources: SMALL, ...props.container }],
    });
    this.deployment.podMetadata.addLabel('app', name);
    const injection = props.injection ?? Injection.NAMESPACE;
    if (injection !== Injection.NAMESPACE) this.deployment.podMetadata.addLabel('sidecar.istio.io/inject', injection);
    if (props.servicePorts) {
      this.service = new kplus.Service(this, 'Service', { metadata: { name, namespace: props.namespace }, ports: props.servicePorts });
      this.service.selectLabel('app', name);
    }
  }
}

/**
 * Istio's httpbin sample: container port 80 behind the Service port 8000 (`http`), as in the seed's test1..test3.
 */
export class Httpbin extends SampleWorkload {
  constructor(scope: Construct, id: string, props: SampleProps) {
    super(scope, id, {
      ...props,
      container: {
        name: 'httpbin',
        image: 'docker.io/kennethreitz/httpbin',
        portNumber: 80,
        // The image runs gunicorn as root and writes to /tmp.
        securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
      },
      servicePorts: [{ name: 'http', port: 8000, targetPort: 80 }],
    });
  }
}

/**
 * Istio's sleep sample: a curl client that serves nothing (no Service), used to call the other services.
 */
export class Sleep extends SampleWorkload {
  constructor(scope: Construct, id: string, props: SampleProps) {
    super(scope, id, {
      ...props,
      container: {
        name: 'sleep',
        image: 'curlimages/curl',
        command: ['/bin/sleep', 'infinity'],
        // curlimages/curl runs as curl_user (uid 100).
        securityContext: { ensureNonRoot: true, user: 100, group: 101 },
      },
    });
  }
}

/**
 * The Istio docs' mTLS migration mesh: namespaces foo and bar (injected) with httpbin and sleep, and legacy with a
 * sleep that has no sidecar; the docs' calls are declared (every sleep in foo/bar calls both httpbins, sleep.legacy
 * calls httpbin.bar only). Returns the sleeps by namespace.
 */
export function fooBarLegacyMesh(scope: Construct): Record<string, Sleep> {
  const sleeps: Record<string, Sleep> = {};
  for (const ns of ['foo', 'bar']) {
    const scopeNs = new Construct(scope, ns);
    new SampleNamespace(scopeNs, 'Namespace', { name: ns, injection: true });
    new Httpbin(scopeNs, 'httpbin', { namespace: ns });
    sleeps[ns] = new Sleep(scopeNs, 'sleep', { namespace: ns });
  }
  const legacy = new Construct(scope, 'legacy');
  new SampleNamespace(legacy, 'Namespace', { name: 'legacy' });
  // The docs deploy it without `istioctl kube-inject`; the pod label makes "no sidecar" explicit.
  sleeps.legacy = new Sleep(legacy, 'sleep', { namespace: 'legacy', injection: Injection.NEVER });
  for (const from of ['foo', 'bar']) {
    for (const to of ['foo', 'bar']) Calls.declare(sleeps[from].deployment, `httpbin.${to}`, 8000);
  }
  Calls.declare(sleeps.legacy.deployment, 'httpbin.bar', 8000);
  return sleeps;
}
