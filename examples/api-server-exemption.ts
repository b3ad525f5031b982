/**
 * The seed's last piece of advice: "When enabling mTLS, ensure that any component needing to reach the Kubernetes
 * API server has an appropriate policy."
 *
 * Modern API, but a mesh running with auto mTLS turned off (`meshConfig.enableAutoMtls: false`, or a mesh that kept its
 * pre-1.5 setup), so client sidecars send mTLS only because of the mesh-wide `*.local` ISTIO_MUTUAL DestinationRule
 * (`meshDestinationRule: true`). That rule also covers kubernetes.default.svc.cluster.local, where the kube-apiserver
 * answers without a sidecar, so MeshWideMtls adds the `api-server` DISABLE exemption (reason annotated). A sidecar
 * workload that lists pods (`pod-lister` in `apps`) is what would break without it.
 *
 * Rule exercised: IMT5004 (kube-apiserver-mtls). `ApiServerExemptionChart` with `{ kubeApiServerExemption: false }`
 * fails synth with IMT5004; that variant is therefore not part of `buildExamples()`.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApiFlavor, IstioMtls, MeshWideMtls } from '../src';
import { SampleNamespace, SampleWorkload } from './_apps';

/** Props for {@link ApiServerExemptionChart}. */
export interface ApiServerExemptionProps {
  /**
   * Emit the kube-apiserver DISABLE exemption next to the `*.local` rule.
   *
   * @default true
   */
  readonly kubeApiServerExemption?: boolean;
}

/** Mesh-wide STRICT + `*.local` ISTIO_MUTUAL without auto mTLS, and the kube-apiserver exemption. */
export class ApiServerExemptionChart extends Chart {
  public readonly mesh: MeshWideMtls;
  public readonly podLister: SampleWorkload;

  constructor(scope: Construct, id: string, props: ApiServerExemptionProps = {}) {
    super(scope, id);
    IstioMtls.configure(this, { flavor: ApiFlavor.MODERN, autoMtls: false });
    this.mesh = new MeshWideMtls(this, 'mesh', {
      meshDestinationRule: true,
      kubeApiServerExemption: props.kubeApiServerExemption ?? true,
    });

    new SampleNamespace(this, 'Namespace', { name: 'apps', injection: true });
    // Talks to the kube-apiserver (kubernetes.default.svc:443) through its sidecar.
    this.podLister = new SampleWorkload(this, 'pod-lister', {
      namespace: 'apps',
      automountServiceAccountToken: true,
      container: {
        name: 'pod-lister',
        image: 'bitnami/kubectl',
        command: ['kubectl', 'get', 'pods', '--watch'],
        securityContext: { ensureNonRoot: true, user: 1001 },
      },
    });
  }
}
