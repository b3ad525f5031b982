/**
 * The traffic analysis takes shortcuts to stay linear at mesh scale: Services whose host no DestinationRule matches
 * skip the DR lookup, each service port is judged once per client resolution, endpoints carry their server mode,
 * selectors are looked up through a label index, client namespaces without DestinationRules share one view. This
 * property checks that those shortcuts never change an answer: on random meshes, the failures the analysis reports
 * equal a brute-force reference that asks the resolver's general lookups (clientTls by host, serverMode by labels)
 * for every call, every endpoint and every client namespace.
 *
 * Seeded: a failure prints its seed, and re-running reproduces it.
 */
import * as fc from 'fast-check';
import { Located, ServiceModel, ServicePort, Workload, modelOf, selectorMatches } from '../../src/engine/model';
import { Resolver, byWorkloadName } from '../../src/engine/resolve';
import { RuleContext } from '../../src/engine/rule';
import { CallerKind, FailureKind, TrafficAnalysis, callerKind, judge, workloadName } from '../../src/engine/traffic';
import { randomMesh } from './_random-mesh';
import { CrdValidations } from '../../src/input/schema';

function contextFor(objects: any[], options: any): { ctx: RuleContext; resolver: Resolver } {
  const model = modelOf(objects, options);
  const resolver = new Resolver(model);
  const memo = new Map<string, unknown>();
  const ctx: RuleContext = {
    model, resolver, crd: new CrdValidations(),
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    report: () => undefined,
  };
  return { ctx, resolver };
}

/** Endpoints by brute force: every workload of the namespace, no index, no cache. */
function endpointsOf(r: Resolver, svc: ServiceModel, sp: ServicePort): Array<{ w: Workload; cp: number; dataplane: Workload['dataplane'] }> {
  const out: Array<{ w: Workload; cp: number; dataplane: Workload['dataplane'] }> = [];
  for (const w of r.model.workloads) {
    if (w.namespace !== svc.namespace || !selectorMatches(svc.selector, w.podLabels)) continue;
    const cp = r.containerPortFor(sp, w);
    if (cp === undefined) continue;
    out.push({ w, cp, dataplane: w.dataplane === 'sidecar' && w.excludeInboundPorts.has(cp) ? 'none' : w.dataplane });
  }
  return out.sort((a, b) => byWorkloadName(a.w, b.w) || a.cp - b.cp);
}

/** The kind of the first endpoint that fails for this client, judged through the general lookups. */
function firstFailure(r: Resolver, caller: CallerKind, clientNs: string, labels: Record<string, string> | undefined, svc: ServiceModel, sp: ServicePort): FailureKind | undefined {
  const cr = caller === 'sidecar' ? r.clientTls(clientNs, svc.host, sp.port, labels) : undefined;
  const eps = endpointsOf(r, svc, sp);
  // Auto mTLS toward a headless Service: mTLS only when every endpoint has a sidecar and the namespace/mesh mode is not DISABLE.
  const headlessAuto = svc.headless ? (eps.every((e) => e.dataplane === 'sidecar') && r.levels(svc.namespace).base.mode !== 'DISABLE' ? 'mtls' : 'plaintext') : undefined;
  for (const ep of eps) {
    const server = r.serverMode(svc.namespace, ep.w.podLabels, ep.cp, svc, sp);
    const endpoint = { workload: ep.w, containerPort: ep.cp, dataplane: ep.dataplane, sidecar: ep.dataplane === 'unknown' ? undefined : ep.dataplane === 'sidecar', hbone: ep.w.hbone, server };
    const kind = judge(caller, cr, endpoint, server, { sendHbone: r.model.options.sidecarsSendHbone, headlessAuto });
    if (kind) return kind;
  }
  return undefined;
}

/** Service behind a declared host, by brute force over every Service. */
function serviceFor(r: Resolver, host: string, clientNs: string): ServiceModel | undefined {
  const h = host.replace(/\.$/, '');
  const parts = h.split('.');
  const domain = r.model.options.clusterDomain;
  return r.model.services.find((s) => (parts.length === 1 ? s.name === h && s.namespace === clientNs
    : (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc')) ? s.name === parts[0] && s.namespace === parts[1]
      : s.host === h || h === `${s.name}.${s.namespace}.svc.${domain}`));
}

const seeds = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('traffic analysis shortcuts agree with a brute-force reference', () => {
  test('declared calls: the same callers, callees and kinds of failure', () => {
    let compared = 0;
    fc.assert(fc.property(seeds, (seed) => {
      const { objects, options } = randomMesh(seed);
      const { ctx, resolver: fast } = contextFor(objects, options);
      const reported = new Set(new TrafficAnalysis(ctx).failures
        .filter((f) => f.declared && f.kind !== 'mtls-to-external')
        .map((f) => `${f.caller.replace(/ \((no sidecar|ambient|outbound .*)\)$/, '')} -> ${f.callee}: ${f.kind}`));

      // A second model and resolver: nothing the analysis cached is reused by the reference.
      const r = contextFor(objects, options).resolver;
      const expected = new Set<string>();
      for (const w of r.model.workloads) {
        for (const call of w.calls) {
          const svc = serviceFor(r, call.host, w.namespace);
          if (!svc) continue;
          for (const sp of svc.ports) {
            if (call.port !== undefined && sp.port !== call.port) continue;
            const caller = callerKind(w, sp.port);
            if (!caller) continue;
            const kind = firstFailure(r, caller, w.namespace, w.podLabels, svc, sp);
            if (kind) expected.add(`${workloadName(w)} -> ${svc.host}:${sp.port}: ${kind}`);
          }
        }
      }
      compared += expected.size;
      expect([...reported].sort()).toEqual([...expected].sort());
      expect(fast.model.services.length).toBe(r.model.services.length);
    }), { seed: 5151, numRuns: 400 });
    expect(compared).toBeGreaterThan(100); // the meshes do produce failures to compare
  });

  test('possible calls (nothing declared): the same service ports and kinds, whichever namespace the client is in', () => {
    let compared = 0;
    fc.assert(fc.property(seeds, (seed) => {
      const { objects, options } = randomMesh(seed);
      for (const o of objects) if (o.kind === 'Deployment') delete o.metadata.annotations['istio-mtls.cdk8s.io/calls'];
      const { ctx } = contextFor(objects, options);
      const reported = new Set(new TrafficAnalysis(ctx).failures.filter((f) => !f.declared).map((f) => `${f.callee}: ${f.kind}`));

      const r = contextFor(objects, options).resolver;
      const namespaces = new Set<string>(['\u0000any-namespace']);
      // Every namespace the input names: where objects live, Namespace objects, and DestinationRule exportTo entries.
      for (const l of r.model.objects as Located[]) if (l.ref.namespace) namespaces.add(l.ref.namespace);
      for (const ns of r.model.namespaces.keys()) namespaces.add(ns);
      for (const d of r.model.destinationRules) for (const e of d.exportTo ?? []) if (e !== '.' && e !== '*' && e !== '~') namespaces.add(e);
      const plainCallers = r.model.workloads.some((w) => w.dataplane === 'none');
      const ambientCallers = r.model.workloads.some((w) => w.dataplane === 'ambient');
      const expected = new Set<string>();
      for (const svc of r.model.services) {
        if (endpointsOf(r, svc, svc.ports[0] ?? { port: 0 }).length === 0 && !r.model.workloads.some((w) => w.namespace === svc.namespace && selectorMatches(svc.selector, w.podLabels))) continue;
        for (const sp of svc.ports) {
          if (plainCallers) {
            const kind = firstFailure(r, 'plain', '\u0000any-namespace', undefined, svc, sp);
            if (kind) expected.add(`${svc.host}:${sp.port}: ${kind}`);
          }
          if (ambientCallers) {
            const kind = firstFailure(r, 'ambient', '\u0000any-namespace', undefined, svc, sp);
            if (kind) expected.add(`${svc.host}:${sp.port}: ${kind}`);
          }
          for (const ns of namespaces) {
            const kind = firstFailure(r, 'sidecar', ns, undefined, svc, sp);
            if (kind) expected.add(`${svc.host}:${sp.port}: ${kind}`);
          }
        }
      }
      compared += expected.size;
      expect([...reported].sort()).toEqual([...expected].sort());
    }), { seed: 6262, numRuns: 400 });
    expect(compared).toBeGreaterThan(100);
  });
});

describe('DestinationRule candidates per Service (the host index behind the shortcut)', () => {
  /** What a brute force finds: every rule whose host matches the Service's, in input order. */
  function bruteForce(r: Resolver, svc: ServiceModel): number[] {
    return r.model.destinationRules.filter((dr) => dr.host && hostMatchesForTest(dr.host, svc.host)).map((dr) => dr.index);
  }
  function hostMatchesForTest(pattern: string, host: string): boolean {
    return pattern === host || pattern === '*' || (pattern.startsWith('*') && host.endsWith(pattern.slice(1)));
  }
  const check = (objects: any[]) => {
    const r = new Resolver(modelOf(objects, {}));
    for (const svc of r.model.services) {
      const found = r.drCandidates(svc).map((dr) => dr.index);
      expect({ svc: svc.host, candidates: found }).toEqual({ svc: svc.host, candidates: bruteForce(r, svc) });
      // cached: the same answer again
      expect(r.drCandidates(svc).map((dr) => dr.index)).toEqual(found);
    }
  };

  test('the host index finds what a brute force finds, on random meshes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => { check(randomMesh(seed).objects); }), { numRuns: 150, seed: 11 });
  });

  test('duplicate Services, dotted names, namespace and other wildcards', () => {
    const svc = (ns: string, name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports: [{ port: 80 }] } });
    const dr = (ns: string, name: string, host: string) => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: ns }, spec: { host } });
    check([
      svc('a', 'web'), svc('a', 'web'), svc('a.b', 'x'), svc('b', 'x.a'), svc('c', 'api'),
      dr('a', 'exact', 'web.a.svc.cluster.local'), dr('a', 'ns-wild', '*.a.svc.cluster.local'), dr('c', 'other-ns-wild', '*.b.svc.cluster.local'),
      dr('istio-system', 'local', '*.local'), dr('a', 'short', 'web'), dr('c', 'dotted-ns-wild', '*.a.b.svc.cluster.local'), dr('c', 'empty', ''),
      dr('istio-system', 'all', '*'), dr('c', 'exact-dotted', 'x.a.b.svc.cluster.local'),
    ]);
  });
});
