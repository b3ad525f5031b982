/**
 * Deterministic mesh generator for the benchmark (seeded PRNG, no Math.random), and the two ways of building it
 * in cdk8s: through the library's constructs (all checks on) and the floor (imports/ classes + plain ApiObject).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { DestinationRule } from '../imports/networking.istio.io';
import { PeerAuthentication } from '../imports/security.istio.io';
import { Calls, ClientTls, ClientTlsPolicy, IstioMtls, MeshWideMtls, MtlsMode, NamespaceMtls, ServiceMtls } from '../src';
import { prng } from './prng';

const CALLS_ANNOTATION = 'istio-mtls.cdk8s.io/calls';
const REASON_ANNOTATION = 'istio-mtls.cdk8s.io/reason';
const EXCEPTION_REASON = 'called by workloads without a sidecar';

export { prng } from './prng';

export interface MeshService {
  readonly name: string;
  readonly ns: number;
  /** Declared calls, `host[:port]`. */
  readonly calls: string[];
  /** Workload PeerAuthentication: none, STRICT, PERMISSIVE exception, or STRICT with port 8080 PERMISSIVE exception. */
  pa: 'none' | 'strict' | 'strict-port' | 'permissive' | 'port-permissive';
  /** DestinationRule: none, host-level ISTIO_MUTUAL, or host + port 80 ISTIO_MUTUAL. */
  dr: 'none' | 'host' | 'host-port';
}

export interface MeshNamespace {
  readonly name: string;
  readonly injected: boolean;
  readonly strictPolicy: boolean;
}

export interface MeshSpec {
  readonly namespaces: MeshNamespace[];
  readonly services: MeshService[];
  readonly calls: number;
}

/** A mesh of `nNs` namespaces, `nSvc` services and exactly `nCalls` declared calls (every workload declares >= 1). */
export function generateMesh(nNs: number, nSvc: number, nCalls: number, seed = 42): MeshSpec {
  const rnd = prng(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const namespaces: MeshNamespace[] = [];
  for (let i = 0; i < nNs; i++) {
    const injected = rnd() >= 0.1;
    namespaces.push({ name: `ns-${String(i).padStart(5, '0')}`, injected, strictPolicy: injected && rnd() < 0.3 });
  }
  const services: MeshService[] = [];
  for (let j = 0; j < nSvc; j++) services.push({ name: `svc-${String(j).padStart(6, '0')}`, ns: j % nNs, calls: [], pa: 'none', dr: 'none' });
  // Calls: one per workload, the rest spread at random; targets random, never the caller itself.
  const seen = new Set<string>();
  let made = 0;
  const addCall = (from: number): boolean => {
    let to = pick(nSvc);
    if (to === from) to = (to + 1) % nSvc;
    const t = services[to];
    const host = `${t.name}.${namespaces[t.ns].name}${rnd() < 0.5 ? ':80' : ''}`;
    const key = `${from}>${host}`;
    if (seen.has(key)) return false;
    seen.add(key);
    services[from].calls.push(host);
    made++;
    // Exceptions: a workload without a sidecar calls a sidecar'd service, which mesh-wide STRICT would refuse.
    if (!namespaces[services[from].ns].injected && namespaces[t.ns].injected) {
      if (t.pa !== 'permissive' && t.pa !== 'port-permissive') t.pa = to % 2 === 0 ? 'permissive' : 'port-permissive';
    }
    return true;
  };
  for (let j = 0; j < nSvc && made < nCalls; j++) while (!addCall(j));
  while (made < nCalls) addCall(pick(nSvc));
  for (let j = 0; j < nSvc; j++) {
    const s = services[j];
    if (!namespaces[s.ns].injected) continue;
    if (s.pa === 'none') {
      const r = rnd();
      if (r < 0.15) s.pa = 'strict';
      else if (r < 0.2) s.pa = 'strict-port';
    }
    const d = rnd();
    if (d < 0.1) s.dr = 'host';
    else if (d < 0.15) s.dr = 'host-port';
  }
  return { namespaces, services, calls: made };
}

function nsObject(ns: MeshNamespace): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: { 'istio-injection': ns.injected ? 'enabled' : 'disabled' } } };
}

function deploymentProps(s: MeshService, ns: string, withCalls: boolean): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, namespace: ns, ...(withCalls ? { annotations: { [CALLS_ANNOTATION]: s.calls.join(',') } } : {}) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: s.name } },
      template: {
        metadata: { labels: { app: s.name } },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

function serviceProps(s: MeshService, ns: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, namespace: ns },
    spec: { selector: { app: s.name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

function fqdn(s: MeshService, ns: string): string {
  return `${s.name}.${ns}.svc.cluster.local`;
}

/** Topology (Namespaces, Deployments, Services) — identical in both builds apart from how calls are declared. */
function topology(chart: Chart, mesh: MeshSpec, viaConstructs: boolean): void {
  for (const ns of mesh.namespaces) new ApiObject(chart, `ns-${ns.name}`, nsObject(ns));
  for (const s of mesh.services) {
    const ns = mesh.namespaces[s.ns].name;
    const dep = new ApiObject(chart, `dep-${ns}-${s.name}`, deploymentProps(s, ns, !viaConstructs));
    if (viaConstructs) {
      for (const c of s.calls) {
        const i = c.lastIndexOf(':');
        if (i > 0) Calls.declare(dep, c.slice(0, i), Number(c.slice(i + 1)));
        else Calls.declare(dep, c);
      }
    }
    new ApiObject(chart, `svc-${ns}-${s.name}`, serviceProps(s, ns));
  }
}

/** The mesh through the library's constructs: one chart, all synth-time checks on. */
export function buildWithConstructs(mesh: MeshSpec): App {
  const app = new App({ outdir: '/tmp/cdk8s-istio-mtls-bench-out' });
  const chart = new Chart(app, 'mesh');
  IstioMtls.configure(chart, { printWarnings: false });
  new MeshWideMtls(chart, 'mesh-wide', { mode: MtlsMode.STRICT });
  for (const ns of mesh.namespaces) if (ns.strictPolicy) new NamespaceMtls(chart, `nsmtls-${ns.name}`, { namespace: ns.name, mode: MtlsMode.STRICT });
  topology(chart, mesh, true);
  for (const s of mesh.services) {
    const ns = mesh.namespaces[s.ns].name;
    if (s.pa !== 'none') {
      const permissive = s.pa === 'permissive';
      const pa = new ServiceMtls(chart, `pa-${ns}-${s.name}`, {
        name: s.name, namespace: ns, matchLabels: { app: s.name },
        mode: permissive ? MtlsMode.PERMISSIVE : MtlsMode.STRICT,
        reason: permissive || s.pa === 'port-permissive' ? EXCEPTION_REASON : undefined,
      });
      if (s.pa === 'strict-port') pa.addPortMode(8080, MtlsMode.STRICT);
      if (s.pa === 'port-permissive') pa.addPortMode(8080, MtlsMode.PERMISSIVE);
    }
    if (s.dr !== 'none') {
      new ClientTlsPolicy(chart, `dr-${ns}-${s.name}`, {
        name: s.name, namespace: ns, host: fqdn(s, ns), tls: ClientTls.istioMutual(),
        portSettings: s.dr === 'host-port' ? [{ port: 80, tls: ClientTls.istioMutual() }] : undefined,
      });
    }
  }
  return app;
}

/** The floor: the same objects from imports/ classes and plain ApiObject, no library construct, no checks. */
export function buildFloor(mesh: MeshSpec): App {
  const app = new App({ outdir: '/tmp/cdk8s-istio-mtls-bench-out' });
  const chart = new Chart(app, 'mesh');
  new PeerAuthentication(chart, 'mesh-wide', { metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } as any });
  for (const ns of mesh.namespaces) {
    if (ns.strictPolicy) new PeerAuthentication(chart, `nsmtls-${ns.name}`, { metadata: { name: 'default', namespace: ns.name }, spec: { mtls: { mode: 'STRICT' } } as any });
  }
  topology(chart, mesh, false);
  for (const s of mesh.services) {
    const ns = mesh.namespaces[s.ns].name;
    if (s.pa !== 'none') {
      const permissive = s.pa === 'permissive';
      const reason = permissive || s.pa === 'port-permissive';
      const spec: any = { selector: { matchLabels: { app: s.name } }, mtls: { mode: permissive ? 'PERMISSIVE' : 'STRICT' } };
      if (s.pa === 'strict-port') spec.portLevelMtls = { 8080: { mode: 'STRICT' } };
      if (s.pa === 'port-permissive') spec.portLevelMtls = { 8080: { mode: 'PERMISSIVE' } };
      new PeerAuthentication(chart, `pa-${ns}-${s.name}`, {
        metadata: { name: s.name, namespace: ns, ...(reason ? { annotations: { [REASON_ANNOTATION]: EXCEPTION_REASON } } : {}) },
        spec,
      });
    }
    if (s.dr !== 'none') {
      const trafficPolicy: any = { tls: { mode: 'ISTIO_MUTUAL' } };
      if (s.dr === 'host-port') trafficPolicy.portLevelSettings = [{ port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL' } }];
      new DestinationRule(chart, `dr-${ns}-${s.name}`, { metadata: { name: s.name, namespace: ns }, spec: { host: fqdn(s, ns), trafficPolicy } as any });
    }
  }
  return app;
}
