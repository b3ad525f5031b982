/**
 * Random meshes for property tests: namespaces with and without injection, Services with one or two ports (numeric
 * and named target ports), workloads with sidecar annotations and excluded ports, declared calls in every host form,
 * modern and legacy peer policies (mesh, namespace, workload, port-level, legacy targets), DestinationRules (exact,
 * short, namespace and mesh wildcards, exportTo, workloadSelector, subsets, port-level tls) and ServiceEntries.
 *
 * Deterministic in its seed (mulberry32), so a failing seed reproduces.
 */
import { prng } from '../../bench/prng';

type Obj = Record<string, any>;

export interface RandomMesh {
  readonly objects: Obj[];
  readonly options: { rootNamespace: string; autoMtls?: boolean };
}

export function randomMesh(seed: number): RandomMesh {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const root = chance(0.8) ? 'istio-system' : 'mesh-root';
  const nss = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, i) => `ns${i}`);
  const objects: Obj[] = [];
  const modes = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET'];
  const tlsModes = ['ISTIO_MUTUAL', 'DISABLE', 'SIMPLE', 'MUTUAL'];
  const created = (): Obj => (chance(0.3) ? { creationTimestamp: `2024-01-0${1 + Math.floor(r() * 3)}T00:00:00Z` } : {});

  for (const ns of nss) {
    if (!chance(0.85)) continue;
    const labels = pick([{ 'istio-injection': 'enabled' }, { 'istio-injection': 'disabled' }, {}, { 'istio.io/rev': 'canary' }]);
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } });
  }

  // Services and their workloads; up to 14, so some namespaces have enough workloads for the resolver's label index.
  const services: Array<{ name: string; ns: string }> = [];
  for (let i = 0, n = 1 + Math.floor(r() * 14); i < n; i++) {
    const ns = pick([...nss, ...nss, 'kube-system']);
    const name = pick(['a', 'b', 'c', 'd', 'web', 'db', 'api']);
    const ports = chance(0.5) ? [80] : [80, 443];
    services.push({ name, ns });
    objects.push({
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns },
      spec: {
        selector: chance(0.9) ? (chance(0.15) ? { component: name } : { app: name, ...(chance(0.2) ? { tier: 'x' } : {}) }) : undefined,
        ports: ports.map((p) => ({ name: p === 80 ? 'http' : 'https', port: p, ...(chance(0.7) ? { targetPort: chance(0.3) ? (p === 80 ? 'http' : 'https') : p + 8000 } : {}) })),
      },
    });
    for (let k = 0, m = chance(0.3) ? 2 : 1; k < m; k++) {
      const annotations: Obj = {};
      if (chance(0.15)) annotations['sidecar.istio.io/inject'] = pick(['true', 'false']);
      if (chance(0.1)) annotations['traffic.sidecar.istio.io/excludeInboundPorts'] = pick(['8080', '80', '8443']);
      objects.push({
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${name}${k ? '-v2' : ''}`, namespace: ns, annotations: {} },
        spec: {
          template: {
            // component repeats app's value: one workload under two keys of the same value.
            metadata: { labels: { app: name, ...(chance(0.3) ? { component: name } : {}), ...(chance(0.3) ? { tier: 'x' } : {}), ...(k ? { v: '2' } : chance(0.3) ? { v: '1' } : {}) }, annotations },
            spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080, name: 'http' }, ...(chance(0.5) ? [{ containerPort: 8443, name: 'https' }] : []), ...(chance(0.3) ? [{ containerPort: 80 }] : [])] }] },
          },
        },
      });
    }
  }

  // Declared calls (sometimes none at all: then the analysis considers every possible caller).
  if (chance(0.7)) {
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      if (!chance(0.7)) continue;
      const calls: string[] = [];
      for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) {
        const s = pick(services);
        const host = pick([s.name, `${s.name}.${s.ns}`, `${s.name}.${s.ns}.svc`, `${s.name}.${s.ns}.svc.cluster.local`, `${s.name}.${s.ns}`,
          pick(['kubernetes.default', 'api.example.com', 'missing.nowhere'])]);
        calls.push(host + (chance(0.4) ? `:${pick([80, 443, 8080])}` : ''));
      }
      d.metadata.annotations['istio-mtls.cdk8s.io/calls'] = calls.join(',');
    }
  }
  if (chance(0.3)) {
    objects.push({
      apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: pick(nss) },
      spec: { hosts: ['api.example.com'], location: pick(['MESH_EXTERNAL', 'MESH_INTERNAL']), ports: [{ number: 443, name: 'https', protocol: 'TLS' }], resolution: 'DNS' },
    });
  }

  if (!chance(0.15)) {
    if (chance(0.6)) objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: root, ...created() }, spec: { mtls: { mode: pick(modes) } } });
    for (const ns of nss) {
      if (chance(0.4)) objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: pick(['default', 'other']), namespace: ns, ...created() }, spec: { mtls: { mode: pick(modes) } } });
    }
    // Up to 7 workload policies: namespaces with many of them cache the policies per labels object.
    for (let i = 0, n = Math.floor(r() * 8); i < n; i++) {
      const s = pick(services);
      const spec: Obj = { selector: { matchLabels: chance(0.8) ? { app: s.name } : pick([{ v: '2' }, { tier: 'x' }]) }, mtls: { mode: pick(modes) } };
      if (chance(0.4)) spec.portLevelMtls = { [pick([8080, 8443, 80])]: { mode: pick(modes) } };
      objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: `w${i}`, namespace: pick([s.ns, s.ns, s.ns, nss[0]]), ...created() }, spec });
    }
  } else {
    objects.push({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'MeshPolicy', metadata: { name: 'default' }, spec: chance(0.7) ? { peers: [{ mtls: chance(0.5) ? { mode: 'PERMISSIVE' } : {} }] } : {} });
    for (const ns of nss) if (chance(0.3)) objects.push({ apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'default', namespace: ns }, spec: { peers: [{ mtls: {} }] } });
    if (chance(0.5)) {
      const s = pick(services);
      objects.push({
        apiVersion: 'authentication.istio.io/v1alpha1', kind: 'Policy', metadata: { name: 'tgt', namespace: s.ns },
        spec: { targets: [{ name: s.name, ...(chance(0.5) ? { ports: [{ number: 80 }] } : {}) }], ...(chance(0.5) ? { peers: [{ mtls: {} }] } : {}) },
      });
    }
  }

  for (let i = 0, n = Math.floor(r() * 7); i < n; i++) {
    const s = pick(services);
    const ns = pick([s.ns, s.ns, root, pick([...nss, root, 'kube-system'])]);
    const host = pick([`${s.name}.${s.ns}.svc.cluster.local`, s.name, `*.${s.ns}.svc.cluster.local`, '*.local', '*', `${s.name}.${s.ns}.svc.cluster.local`]);
    const trafficPolicy: Obj = {};
    if (chance(0.8)) trafficPolicy.tls = { mode: pick(tlsModes), ...(chance(0.2) ? { sni: 'x' } : {}) };
    if (chance(0.3)) trafficPolicy.portLevelSettings = [{ port: { number: pick([80, 443]) }, ...(chance(0.7) ? { tls: { mode: pick(tlsModes) } } : {}) }];
    const spec: Obj = { host, ...(chance(0.9) ? { trafficPolicy } : {}) };
    if (chance(0.2)) spec.exportTo = [pick(['.', '*', ...nss])];
    if (chance(0.1)) spec.workloadSelector = { matchLabels: { app: pick(services).name } };
    if (chance(0.2)) spec.subsets = [{ name: 'v1', labels: { v: '1' }, ...(chance(0.5) ? { trafficPolicy: { tls: { mode: pick(tlsModes) } } } : {}) }];
    objects.push({
      apiVersion: pick(['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3']), kind: 'DestinationRule',
      metadata: { name: `dr${i}`, namespace: ns, ...created() }, spec,
    });
  }

  for (let i = objects.length - 1; i > 0; i--) {
    if (!chance(0.2)) continue;
    const j = Math.floor(r() * (i + 1));
    [objects[i], objects[j]] = [objects[j], objects[i]];
  }
  return { objects, options: { rootNamespace: root, ...(chance(0.2) ? { autoMtls: chance(0.5) } : {}) } };
}
