/**
 * Istio's bookinfo moved from sidecars to ambient mode with an AmbientMigrationPlan, in the order of Istio's migration
 * guide (istio.io docs/ambient/migrate/). The mesh: bookinfo (injected; an L7 AuthorizationPolicy lets only GETs
 * reach reviews, and a DestinationRule splits reviews into subsets v1 and v2), a sidecar caller namespace `sleep` that
 * stays on sidecars for now, and `outside`, a namespace without the mesh whose sleep calls productpage in plaintext
 * (productpage stays PERMISSIVE for it; the mesh is STRICT).
 *
 * The plan deploys a waypoint for bookinfo, moves the L7 policy to targetRefs on reviews, creates reviews-v1 and
 * reviews-v2 for the subsets, keeps sleep's principal in the waypoint-bypass DENY, and proves every phase, every
 * half-applied state and every mix of restarted pods with the engine. `cdk8s synth` writes one manifest per phase and
 * `bookinfo-ambient-plan.md`, which shows each phase as a Mermaid picture.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { AmbientMigrationPlan, Calls, IstioMtls, MeshWideMtls, MtlsMode, ServiceMtls } from '../src';
import { SampleNamespace, Sleep } from './_apps';

/** One bookinfo Deployment: its own ServiceAccount (bookinfo-<app>), labels app and version, container port 9080. */
function bookinfoWorkload(scope: Construct, app: string, version: string): kplus.Deployment {
  const name = version === 'v1' && app !== 'reviews' ? app : `${app}-${version}`;
  const saId = `bookinfo-${app}`;
  const serviceAccount = (scope.node.tryFindChild(saId) as kplus.ServiceAccount | undefined)
    ?? new kplus.ServiceAccount(scope, saId, { metadata: { name: saId, namespace: 'bookinfo' }, automountToken: false });
  const d = new kplus.Deployment(scope, name, {
    metadata: { name, namespace: 'bookinfo' }, replicas: 1, serviceAccount, automountServiceAccountToken: false,
    securityContext: { ensureNonRoot: false },
    containers: [{ name: app, image: `docker.io/istio/examples-bookinfo-${app}-${version}:1.20.2`, portNumber: 9080, securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false } }],
  });
  d.podMetadata.addLabel('app', app);
  d.podMetadata.addLabel('version', version);
  return d;
}

/** The mesh before the migration. */
export class BookinfoTopologyChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    IstioMtls.configure(this, {});
    new SampleNamespace(this, 'bookinfo', { name: 'bookinfo', injection: true });
    new SampleNamespace(this, 'sleep-ns', { name: 'sleep', injection: true });
    new SampleNamespace(this, 'outside-ns', { name: 'outside' });
    const productpage = bookinfoWorkload(this, 'productpage', 'v1');
    bookinfoWorkload(this, 'details', 'v1');
    bookinfoWorkload(this, 'reviews', 'v1');
    const reviewsV2 = bookinfoWorkload(this, 'reviews', 'v2');
    bookinfoWorkload(this, 'ratings', 'v1');
    for (const app of ['productpage', 'details', 'reviews', 'ratings']) {
      new kplus.Service(this, `${app}-svc`, { metadata: { name: app, namespace: 'bookinfo' }, ports: [{ name: 'http', port: 9080 }] }).selectLabel('app', app);
    }
    const sleep = new Sleep(this, 'sleep', { namespace: 'sleep' });
    const outside = new Sleep(this, 'curl', { namespace: 'outside' });
    Calls.declare(productpage, 'details', 9080);
    Calls.declare(productpage, 'reviews', 9080);
    Calls.declare(reviewsV2, 'ratings', 9080);
    Calls.declare(sleep.deployment, 'productpage.bookinfo', 9080);
    Calls.declare(sleep.deployment, 'reviews.bookinfo', 9080);
    Calls.declare(outside.deployment, 'productpage.bookinfo', 9080);
    new MeshWideMtls(this, 'mesh', { mode: MtlsMode.STRICT });
    new ServiceMtls(this, 'productpage-mtls', { namespace: 'bookinfo', serviceName: 'productpage', matchLabels: { app: 'productpage' }, mode: MtlsMode.PERMISSIVE, reason: 'sleep.outside calls productpage without a sidecar' });
    // The sidecar-era L7 policy: only GETs reach reviews, and only from productpage and sleep.
    new ApiObject(this, 'reviews-viewer', {
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'reviews-viewer', namespace: 'bookinfo' },
      spec: {
        selector: { matchLabels: { app: 'reviews' } }, action: 'ALLOW',
        rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage', 'cluster.local/ns/sleep/sa/sleep'] } }], to: [{ operation: { methods: ['GET'] } }] }],
      },
    });
    new ApiObject(this, 'reviews-subsets', {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    });
  }
}

/** Adds the topology chart and the plan's phase charts to the app. */
export function bookinfoAmbientMigration(app: App): AmbientMigrationPlan {
  const topology = new BookinfoTopologyChart(app, 'bookinfo-topology');
  return new AmbientMigrationPlan(app, 'bookinfo-ambient', {
    topology, namespaces: ['bookinfo'],
    exceptions: [{ namespace: 'sleep', reason: 'owned by another team, moves later; its principal stays in the bypass DENY until then' }],
  });
}
