import { Located, groupOf } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { display } from './_helpers';

/** IMT4004: two objects of one input with the same API group, kind, namespace and name. */
export const duplicateObject: Rule = {
  code: 'IMT4004',
  name: 'duplicate-object',
  severity: Severity.ERROR,
  summary: 'two objects with the same API group, kind, namespace and name in one input are one object to Kubernetes: kubectl apply keeps only the last, so the other is silently lost',
  source: 'Kubernetes object identity (group, kind, namespace, name; the version is only a representation); kubectl apply updates an existing object of that identity in place',
  check(ctx) {
    // kind -> namespace -> name -> the object with that name, or the objects when several share it (other API groups
    // of the kind, rare): no key strings and no array per object. Kinds first, since a Deployment and its Service
    // usually share namespace and name.
    const byKind = new Map<string, Map<string, Map<string, Located | Located[]>>>();
    const objects = ctx.model.objects;
    for (let i = 0; i < objects.length; i++) {
      const loc = objects[i];
      const { apiVersion, kind, namespace, name } = loc.ref;
      if (!apiVersion || !kind || !name) continue; // unidentifiable (generateName, broken objects): other rules report it
      let byNamespace = byKind.get(kind);
      if (!byNamespace) { byNamespace = new Map(); byKind.set(kind, byNamespace); }
      let byName = byNamespace.get(namespace ?? '');
      if (!byName) { byName = new Map(); byNamespace.set(namespace ?? '', byName); }
      const found = byName.get(name);
      if (!found) { byName.set(name, loc); continue; }
      const same = Array.isArray(found) ? found : [found];
      const group = groupOf(apiVersion);
      const earlier = same.find((o) => groupOf(o.ref.apiVersion) === group);
      if (!earlier) {
        same.push(loc);
        if (same !== found) byName.set(name, same);
        continue;
      }
      const versions = earlier.ref.apiVersion === apiVersion ? '' : ` (${earlier.ref.apiVersion} and ${apiVersion} are two versions of one resource)`;
      ctx.report({
        at: loc, field: 'metadata.name',
        message: `${display(loc.ref)} appears twice in the input${versions}: Kubernetes keeps one object per kind, namespace and name, so kubectl apply keeps only the last of them and the other's settings are lost`,
        fix: 'give each object its own name, or remove the copy',
      });
    }
  },
};
