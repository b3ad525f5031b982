/**
 * The model's indexes give the same answers as a scan: the wildcard DestinationRules matching a host (by suffix) and
 * the workload PeerAuthentications selecting a pod (by selector label), which the resolver reads instead of scanning
 * (docs/performance.md, the pathological shapes).
 */
import { K8sObject } from '../../src/engine';
import { buildModel, hostMatches, selectorMatches, wildcardsMatching } from '../../src/engine/model';
import { Resolver } from '../../src/engine/resolve';

const OPTS = { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', migration: false };
const dr = (name: string, host: string): K8sObject => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: 'istio-system' }, spec: { host } });
const pa = (name: string, matchLabels: Record<string, string>): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: 'shop' }, spec: { selector: { matchLabels }, mtls: { mode: 'STRICT' } } });

describe('model indexes', () => {
  test('wildcardsMatching finds exactly the wildcard rules hostMatches accepts, irregular and catch-all ones included', () => {
    const patterns = ['*', '*.local', '*.cluster.local', '*.svc.cluster.local', '*.shop.svc.cluster.local', '*.other.svc.cluster.local', '*hop.svc.cluster.local', '*.a.b', '*b.c'];
    const model = buildModel(patterns.map((h, i) => dr(`r${i}`, h)), OPTS);
    const idx = model.drIndexByNamespace.get('istio-system')!;
    expect(idx.irregularWildcard.map((d) => d.host)).toEqual(['*hop.svc.cluster.local', '*b.c']);
    for (const host of ['cart.shop.svc.cluster.local', 'x.other.svc.cluster.local', 'a.b', 'x.a.b', 'b.c', 'ab.c', 'x.b.c', '*.a.b', '*.shop.svc.cluster.local', 'local', '']) {
      const scan = model.destinationRules.filter((d) => d.host.startsWith('*') && hostMatches(d.host, host)).map((d) => d.ref.name).sort();
      expect({ host, names: wildcardsMatching(idx, host).map((d) => d.ref.name).sort() }).toEqual({ host, names: scan });
    }
  });

  test('workloadPoliciesFor finds exactly the workload policies whose selector matches, whatever label comes first', () => {
    const policies = [pa('a', { app: 'cart' }), pa('b', { version: 'v2', app: 'cart' }), pa('c', { app: 'cart', tier: 'web' }), pa('d', { tier: 'web' }), pa('e', { app: 'other' })];
    const model = buildModel(policies, OPTS);
    expect([...model.workloadPeerByLabel.get('shop')!.keys()].sort()).toEqual(['app', 'tier', 'version']);
    const r = new Resolver(model);
    const cases: Array<Record<string, string>> = [{ app: 'cart' }, { app: 'cart', version: 'v2' }, { tier: 'web', app: 'cart' }, { tier: 'web' }, { app: 'none' }, {}];
    for (const labels of cases) {
      const scan = model.peerPolicies.filter((p) => selectorMatches(p.selector, labels)).map((p) => p.ref.name).sort();
      expect({ labels, names: r.workloadPoliciesFor('shop', labels).map((p) => p.ref.name) }).toEqual({ labels, names: scan });
    }
    expect(r.workloadPoliciesFor('elsewhere', { app: 'cart' })).toEqual([]);
  });
});
