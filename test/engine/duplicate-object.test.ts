/**
 * IMT4004 (duplicate-object) against a brute-force reference: an object is reported when an earlier object of the
 * input has the same API group, kind, namespace and name. The inputs mix API groups, versions, namespaces and
 * cluster-scoped objects, and one name in many namespaces.
 */
import { K8sObject } from '../../src/engine';
import { analyzeDetailed } from '../../src/engine/analyze';
import { prng } from '../../bench/mesh';

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Indexes of the objects IMT4004 must report: those whose identity an earlier object already has. */
function reference(objects: K8sObject[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  objects.forEach((o, i) => {
    const id = [groupOf(o.apiVersion), o.kind, o.metadata.namespace ?? '', o.metadata.name].join('\u0000');
    if (seen.has(id)) out.push(i);
    seen.add(id);
  });
  return out;
}

function reported(objects: K8sObject[]): number[] {
  return analyzeDetailed(objects, { autoMtls: true }).filter((f) => f.code === 'IMT4004').map((f) => f.objectIndex).sort((a, b) => a - b);
}

const API = { ConfigMap: ['v1'], PeerAuthentication: ['security.istio.io/v1', 'security.istio.io/v1beta1'], Widget: ['a.example.com/v1', 'b.example.com/v1'] } as const;

function randomInput(seed: number, size: number, names: number, namespaces: number): K8sObject[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: size }, () => {
    const kind = pick(Object.keys(API) as Array<keyof typeof API>);
    const namespace = r() < 0.1 ? undefined : `ns${Math.floor(r() * namespaces)}`;
    return { apiVersion: pick(API[kind]), kind, metadata: { name: `n${Math.floor(r() * names)}`, ...(namespace ? { namespace } : {}) } };
  });
}

describe('IMT4004 duplicate-object', () => {
  test('the same name in many namespaces is one object per namespace', () => {
    const n = 48;
    const objects: K8sObject[] = Array.from({ length: n }, (_, i) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: `ns${i}` } }));
    expect(reported(objects)).toEqual([]);
    objects.push({ apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'ns3' } }); // an early namespace, in another version
    objects.push({ apiVersion: 'a.example.com/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'ns4' } }); // another group
    objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: `ns${n - 1}` } });
    expect(reported(objects)).toEqual([n, n + 2]);
  });

  test.each([
    ['few names in many namespaces', 600, 4, 30],
    ['many names', 600, 300, 5],
    ['cluster-scoped and namespaced mixed', 400, 20, 3],
  ])('matches a brute-force reference on random inputs: %s', (_what, size, names, namespaces) => {
    for (let seed = 1; seed <= 8; seed++) {
      const objects = randomInput(seed * 7919 + size, size, names, namespaces);
      const expected = reference(objects);
      expect(expected.length).toBeGreaterThan(0);
      expect(reported(objects)).toEqual(expected);
    }
  });
});
