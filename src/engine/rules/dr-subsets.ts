import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** IMT2011: subsets must have unique DNS-1123 names. */
export const drSubsets: Rule = {
  code: 'IMT2011',
  name: 'dr-subsets',
  severity: Severity.ERROR,
  summary: 'each subset needs a unique DNS-1123 label name',
  source: 'CRD subsets[].required [name]; webhook validateSubset "subset name cannot be empty" / "subset name is invalid" and "duplicate subset names" (istio@86c9f01)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const subsets = isObject(dr.obj.spec) ? dr.obj.spec.subsets : undefined;
      if (!Array.isArray(subsets)) continue;
      const seen = new Set<string>();
      subsets.forEach((s: unknown, i: number) => {
        const f = `spec.subsets[${i}]`;
        if (!isObject(s)) { ctx.report({ at: dr, field: f, message: `'${f}' is ${show(s)}: subset may not be null`, fix: 'remove the entry' }); return; }
        const n = s.name;
        if (typeof n !== 'string' || n === '') ctx.report({ at: dr, field: `${f}.name`, message: `'${f}.name' is required (subset name cannot be empty)`, fix: "name the subset, e.g. 'v1'" });
        else if (!DNS1123_LABEL.test(n)) ctx.report({ at: dr, field: `${f}.name`, message: `'${f}.name' ${show(n)} is not a DNS-1123 label (subset name is invalid)`, fix: 'use lower-case letters, digits and dashes' });
        else if (seen.has(n)) ctx.report({ at: dr, field: `${f}.name`, message: `'${f}.name' ${show(n)} is used twice (duplicate subset names)`, fix: 'give every subset its own name' });
        if (typeof n === 'string') seen.add(n);
      });
    }
  },
};
