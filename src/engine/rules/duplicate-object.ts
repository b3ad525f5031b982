import { Located } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { groupOf } from '../vocabulary';
import { displayRef } from '../values';

/** IMT4004: two objects of one input with the same API group, kind, namespace and name. */
export const duplicateObject: Rule = {
  code: 'IMT4004',
  name: 'duplicate-object',
  severity: Severity.ERROR,
  summary: 'two objects with the same API group, kind, namespace and name in one input are one object to Kubernetes: kubectl apply keeps only the last, so the other is silently lost',
  source: 'Kubernetes object identity (group, kind, namespace, name; the version is only a representation); kubectl apply updates an existing object of that identity in place',
  check(ctx) {
    /** The first object of each identity. */
    const first = new Map<string, Located>();
    for (const loc of ctx.model.objects) {
      const { apiVersion, kind, namespace, name } = loc.ref;
      if (!apiVersion || !kind || !name) continue; // unidentifiable (generateName, broken objects): other rules report it
      const identity = `${groupOf(apiVersion)}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
      const earlier = first.get(identity);
      if (!earlier) { first.set(identity, loc); continue; }
      const versions = earlier.ref.apiVersion === apiVersion ? '' : ` (${earlier.ref.apiVersion} and ${apiVersion} are two versions of one resource)`;
      ctx.report({
        at: loc, field: 'metadata.name',
        message: `${displayRef(loc.ref)} appears twice in the input${versions}: Kubernetes keeps one object per kind, namespace and name, so kubectl apply keeps only the last of them and the other's settings are lost`,
        fix: 'give each object its own name, or remove the copy',
      });
    }
  },
};
