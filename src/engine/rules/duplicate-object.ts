import { Located, groupOf } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { displayRef } from '../values';

/** Objects of one kind and name: one, a few, or (past BUCKET_MAX) a few per namespace. */
type Bucket = Located | Located[] | Map<string, Located[]>;

/** Objects of one kind and name kept in one list before they are split by namespace. */
export const BUCKET_MAX = 16;

/** The first of `list` with the API group of `apiVersion` (and in namespace `ns`, when given). */
function sameResource(list: readonly Located[], apiVersion: string, ns?: string): Located | undefined {
  const group = groupOf(apiVersion);
  for (const o of list) if ((ns === undefined || (o.ref.namespace ?? '') === ns) && groupOf(o.ref.apiVersion) === group) return o;
  return undefined;
}

function byNamespace(list: readonly Located[]): Map<string, Located[]> {
  const m = new Map<string, Located[]>();
  for (const o of list) {
    const ns = o.ref.namespace ?? '';
    const same = m.get(ns);
    if (same) same.push(o); else m.set(ns, [o]);
  }
  return m;
}

/** IMT4004: two objects of one input with the same API group, kind, namespace and name. */
export const duplicateObject: Rule = {
  code: 'IMT4004',
  name: 'duplicate-object',
  severity: Severity.ERROR,
  summary: 'two objects with the same API group, kind, namespace and name in one input are one object to Kubernetes: kubectl apply keeps only the last, so the other is silently lost',
  source: 'Kubernetes object identity (group, kind, namespace, name; the version is only a representation); kubectl apply updates an existing object of that identity in place',
  check(ctx) {
    // kind -> name -> the object with that name, the objects when several share it (other namespaces or API groups),
    // or, past BUCKET_MAX of them (e.g. a 'default' policy in every namespace), those objects by namespace. No key
    // strings, and no map per namespace: most names occur once per kind.
    const byKind = new Map<string, Map<string, Bucket>>();
    const objects = ctx.model.objects;
    for (let i = 0; i < objects.length; i++) {
      const loc = objects[i];
      const { apiVersion, kind, namespace, name } = loc.ref;
      if (!apiVersion || !kind || !name) continue; // unidentifiable (generateName, broken objects): other rules report it
      let byName = byKind.get(kind);
      if (!byName) { byName = new Map(); byKind.set(kind, byName); }
      const ns = namespace ?? '';
      const bucket = byName.get(name);
      if (bucket === undefined) { byName.set(name, loc); continue; }
      let earlier: Located | undefined;
      if (bucket instanceof Map) {
        const same = bucket.get(ns);
        earlier = same && sameResource(same, apiVersion);
        if (!earlier) { if (same) same.push(loc); else bucket.set(ns, [loc]); }
      } else {
        const list = Array.isArray(bucket) ? bucket : [bucket];
        earlier = sameResource(list, apiVersion, ns);
        if (!earlier) {
          list.push(loc);
          byName.set(name, list.length > BUCKET_MAX ? byNamespace(list) : list);
        }
      }
      if (!earlier) continue;
      const versions = earlier.ref.apiVersion === apiVersion ? '' : ` (${earlier.ref.apiVersion} and ${apiVersion} are two versions of one resource)`;
      ctx.report({
        at: loc, field: 'metadata.name',
        message: `${displayRef(loc.ref)} appears twice in the input${versions}: Kubernetes keeps one object per kind, namespace and name, so kubectl apply keeps only the last of them and the other's settings are lost`,
        fix: 'give each object its own name, or remove the copy',
      });
    }
  },
};
