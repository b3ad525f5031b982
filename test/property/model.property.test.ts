/**
 * Property tests for the mesh model: the same intent written in the legacy API (MeshPolicy / Policy) and in the
 * modern one (PeerAuthentication) resolves to the same effective server mode for every workload and port; the same
 * client TLS written as DestinationRule v1, v1beta1 or v1alpha3 resolves to the same client TLS; and UNSET means
 * "inherit", exactly like no policy.
 *
 * Every property is seeded: a failure prints its seed and counterexample, and re-running reproduces it.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { ApiFlavor, ClientTls, ClientTlsPolicy, IstioMtls, MeshWideMtls, MtlsMode, NamespaceMtls, ServiceMtls } from '../../src';
import { buildModel } from '../../src/engine/model';
import { Resolver } from '../../src/engine/resolve';

type Obj = { [key: string]: any };
const OPTIONS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };

// ---------------------------------------------------------------------------------------------------------------
// Topology: two namespaces; `web` (two ports, Service ports differ from container ports) and `db` in `app`,
// `web` in `other`.
// ---------------------------------------------------------------------------------------------------------------

function deployment(name: string, ns: string, labels: Record<string, string>, ports: number[]): Obj {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: name, ports: ports.map((containerPort) => ({ containerPort })) }] } } },
  };
}

function service(name: string, ns: string, selector: Record<string, string>, ports: Array<{ name: string; port: number; targetPort: number }>): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports } };
}

const TOPOLOGY: Obj[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: { 'istio-injection': 'enabled' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other', labels: { 'istio-injection': 'enabled' } } },
  deployment('web', 'app', { app: 'web', tier: 'front' }, [8080, 9090]),
  service('web', 'app', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 90, targetPort: 9090 }]),
  deployment('db', 'app', { app: 'db' }, [5432]),
  service('db', 'app', { app: 'db' }, [{ name: 'tcp', port: 5432, targetPort: 5432 }]),
  deployment('web', 'other', { app: 'web' }, [8080]),
  service('web', 'other', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
];

/** Every (workload, service port) of the topology, with the effective server mode the model resolves there. */
function serverModes(objects: Obj[]): Record<string, string> {
  const model = buildModel([...TOPOLOGY, ...objects], OPTIONS);
  const r = new Resolver(model);
  const out: Record<string, string> = {};
  for (const svc of model.services) {
    for (const w of r.workloadsOf(svc)) {
      for (const sp of svc.ports) {
        const port = r.containerPortFor(sp, w)!;
        out[`${w.name}.${w.namespace} svc port ${sp.port} -> ${port}`] = r.serverMode(w.namespace, w.podLabels, port, svc, sp).mode;
      }
    }
  }
  return out;
}

/** The objects of a chart as cdk8s renders them, without the synth-time checks (this file is about the model). */
function objectsOf(chart: Chart): Obj[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
}

// ---------------------------------------------------------------------------------------------------------------
// Property 3: legacy and modern forms of one intent give the same effective modes
// ---------------------------------------------------------------------------------------------------------------

type Mode = MtlsMode.STRICT | MtlsMode.PERMISSIVE | MtlsMode.DISABLE;
const modeArb = fc.constantFrom<Mode>(MtlsMode.STRICT, MtlsMode.PERMISSIVE, MtlsMode.DISABLE);
const optMode = fc.option(modeArb, { nil: undefined });

interface Intent {
  /** Mesh-wide mode (no mesh policy when undefined). */
  readonly mesh?: Mode;
  /** Namespace-wide modes. */
  readonly app?: Mode;
  readonly other?: Mode;
  /** Mode of the `web` workload/service in `app`. */
  readonly web?: Mode;
  /** Mode of `web`'s http port (Service port 80, container port 8080); only with `web`. */
  readonly webHttp?: Mode;
  /** Modern flavour to compare with. */
  readonly modern: ApiFlavor;
}

const intentArb = (withPorts: boolean): fc.Arbitrary<Intent> => fc.record({
  mesh: optMode, app: optMode, other: optMode, web: optMode, webHttp: withPorts ? optMode : fc.constant(undefined),
  modern: fc.constantFrom(ApiFlavor.MODERN, ApiFlavor.V1BETA1),
}).map((i) => (i.web === undefined ? { ...i, webHttp: undefined } : i));

/** Builds the intent with the constructs in one flavour. */
function build(intent: Intent, flavor: ApiFlavor): Obj[] {
  const chart = new Chart(new App(), 'chart');
  IstioMtls.configure(chart, { flavor, printWarnings: false });
  const legacy = flavor === ApiFlavor.LEGACY;
  const reason = 'property test';
  if (intent.mesh) new MeshWideMtls(chart, 'mesh', { mode: intent.mesh, reason, meshDestinationRule: false });
  if (intent.app) new NamespaceMtls(chart, 'app', { namespace: 'app', mode: intent.app, reason });
  if (intent.other) new NamespaceMtls(chart, 'other', { namespace: 'other', mode: intent.other, reason });
  if (intent.web) {
    const web = new ServiceMtls(chart, 'web-mtls', { namespace: 'app', serviceName: 'web', matchLabels: { app: 'web' }, mode: intent.web, reason });
    // The legacy API targets the Service port, the modern one the container port.
    if (intent.webHttp) web.addPortMode(legacy ? 80 : 8080, intent.webHttp, reason);
  }
  return objectsOf(chart);
}

describe('property 3: legacy and modern forms of one intent resolve alike', () => {
  test('mesh, namespace and service modes written as MeshPolicy/Policy and as PeerAuthentication give the same effective mode everywhere', () => {
    fc.assert(fc.property(intentArb(false), (intent) => {
      expect(serverModes(build(intent, ApiFlavor.LEGACY))).toEqual(serverModes(build(intent, intent.modern)));
    }), { seed: 3301, numRuns: 300 });
  });

  // FIXED (engine, Resolver.serverMode, legacy targets): among the legacy Policies targeting a Service, the resolver
  // took the oldest (input order), so the service-wide Policy that ServiceMtls emits first won over the port-level
  // Policy that addPortMode emits after it. Istio 1.4 (pilot/pkg/model/push_context.go authenticationPolicyForWorkload)
  // takes a Policy whose port selector matches the port over the service-wide one, whatever their order.
  test('a port-level mode written as a legacy Policy with target ports and as portLevelMtls gives the same effective mode', () => {
    fc.assert(fc.property(intentArb(true), (intent) => {
      expect(serverModes(build(intent, ApiFlavor.LEGACY))).toEqual(serverModes(build(intent, intent.modern)));
    }), { seed: 3302, numRuns: 300 });
  });

  test('the effective mode follows Istio precedence: port, then workload, then namespace, then mesh, else PERMISSIVE', () => {
    fc.assert(fc.property(intentArb(true), fc.constantFrom(ApiFlavor.MODERN, ApiFlavor.V1BETA1), (intent, flavor) => {
      const modes = serverModes(build(intent, flavor));
      const expected = (ns: 'app' | 'other', workload: string, containerPort: number) => {
        const fromWeb = ns === 'app' && workload === 'web' ? (containerPort === 8080 ? intent.webHttp ?? intent.web : intent.web) : undefined;
        return fromWeb ?? intent[ns] ?? intent.mesh ?? MtlsMode.PERMISSIVE;
      };
      expect(modes).toEqual({
        'web.app svc port 80 -> 8080': expected('app', 'web', 8080),
        'web.app svc port 90 -> 9090': expected('app', 'web', 9090),
        'db.app svc port 5432 -> 5432': expected('app', 'db', 5432),
        'web.other svc port 80 -> 8080': expected('other', 'web', 8080),
      });
    }), { seed: 3303, numRuns: 200 });
  });

  test('UNSET at any level resolves exactly like no policy at that level', () => {
    const arb = fc.record({ mesh: optMode, app: optMode, web: optMode, webHttp: optMode, unset: fc.subarray(['mesh', 'app', 'web', 'webHttp'] as const) });
    fc.assert(fc.property(arb, ({ unset, ...modes }) => {
      const pa = (name: string, ns: string, mode: string | undefined, extra: Obj = {}) => ({
        apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec: { ...(mode ? { mtls: { mode } } : {}), ...extra },
      });
      const objects = (withUnset: boolean) => {
        const m = (k: keyof typeof modes) => (unset.includes(k) ? (withUnset ? 'UNSET' : undefined) : modes[k]);
        const out: Obj[] = [];
        if (m('mesh')) out.push(pa('default', 'istio-system', m('mesh')));
        if (m('app')) out.push(pa('default', 'app', m('app')));
        const port = m('webHttp');
        if (m('web') || port) out.push(pa('web', 'app', m('web'), { selector: { matchLabels: { app: 'web' } }, ...(port ? { portLevelMtls: { 8080: { mode: port } } } : {}) }));
        return out;
      };
      expect(serverModes(objects(true))).toEqual(serverModes(objects(false)));
    }), { seed: 3304, numRuns: 200 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property 3, client side: DestinationRule v1, v1beta1 and v1alpha3 forms of one client TLS
// ---------------------------------------------------------------------------------------------------------------

const TLS: Record<string, () => ClientTls> = {
  istioMutual: () => ClientTls.istioMutual(),
  disable: () => ClientTls.disable(),
  simple: () => ClientTls.simple({ caCertificates: '/etc/ca.pem' }),
  simpleWithoutVerification: () => ClientTls.simpleWithoutVerification(),
  mutual: () => ClientTls.mutual({ clientCertificate: '/c.pem', privateKey: '/k.pem' }),
  mutualFromSecret: () => ClientTls.mutualFromSecret({ credentialName: 'cred' }),
};
const tlsArb = fc.constantFrom(...Object.keys(TLS));

const drArb = fc.record({
  host: fc.constantFrom('web.app.svc.cluster.local', 'web', '*.app.svc.cluster.local', '*.local', 'web.other.svc.cluster.local'),
  namespace: fc.constantFrom('app', 'other', 'istio-system'),
  tls: fc.option(tlsArb, { nil: undefined }),
  ports: fc.uniqueArray(fc.record({ port: fc.constantFrom(80, 90, 443), tls: tlsArb }), { maxLength: 2, selector: (p) => p.port }),
  subsetTls: fc.option(tlsArb, { nil: undefined }),
  exportTo: fc.option(fc.constantFrom(['.'], ['*'], ['app'], ['other']), { nil: undefined }),
});

describe('property 3, client side: DestinationRule API versions resolve alike', () => {
  test('the same client TLS as DestinationRule v1, v1beta1 and v1alpha3 gives the same client TLS for every client, host, port and subset', () => {
    // Without 'tls' the legacy flavour emits ISTIO_MUTUAL (its documented default: the legacy API has no auto mTLS), so
    // v1alpha3 is compared with v1 written with that tls, and v1beta1 with v1 as given.
    const variants: Array<[ApiFlavor, boolean]> = [[ApiFlavor.MODERN, false], [ApiFlavor.V1BETA1, false], [ApiFlavor.LEGACY, false], [ApiFlavor.MODERN, true]];
    fc.assert(fc.property(fc.array(drArb, { minLength: 1, maxLength: 3 }), (drs) => {
      const resolved = variants.map(([flavor, legacyDefault]) => {
        const chart = new Chart(new App(), 'chart');
        IstioMtls.configure(chart, { flavor, printWarnings: false });
        drs.forEach((d, i) => new ClientTlsPolicy(chart, `dr${i}`, {
          host: d.host, namespace: d.namespace, tls: d.tls ? TLS[d.tls]() : legacyDefault ? ClientTls.istioMutual() : undefined,
          reason: 'property test', exportTo: d.exportTo ? [...d.exportTo] : undefined,
          portSettings: d.ports.map((p) => ({ port: p.port, tls: TLS[p.tls]() })),
          subsets: [{ name: 'v1', labels: { version: 'v1' }, tls: d.subsetTls ? TLS[d.subsetTls]() : undefined }],
        }));
        const objects = objectsOf(chart);
        expect(new Set(objects.map((o) => o.apiVersion))).toEqual(new Set([`networking.istio.io/${flavor === ApiFlavor.LEGACY ? 'v1alpha3' : flavor}`]));
        const r = new Resolver(buildModel([...TOPOLOGY, ...objects], OPTIONS));
        const out: string[] = [];
        for (const clientNs of ['app', 'other', 'istio-system']) {
          for (const host of ['web.app.svc.cluster.local', 'web.other.svc.cluster.local', 'db.app.svc.cluster.local']) {
            for (const port of [80, 90, 443, undefined]) {
              for (const subset of [undefined, 'v1']) {
                const dr = r.destinationRule(clientNs, host);
                const c = r.clientTlsWith(dr, port, subset);
                out.push(`${clientNs} -> ${host}:${port} ${subset ?? ''}: ${c.mode} ${c.explicit} ${c.dr?.ref.name ?? '-'} ${c.field ?? '-'}`);
              }
            }
          }
        }
        return out;
      });
      expect(resolved[1]).toEqual(resolved[0]);
      expect(resolved[2]).toEqual(resolved[3]);
    }), { seed: 3401, numRuns: 150 });
  });
});
