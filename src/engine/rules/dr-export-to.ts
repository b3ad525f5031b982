import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** IMT2010: invalid exportTo entries. */
export const drExportTo: Rule = {
  code: 'IMT2010',
  name: 'dr-export-to',
  severity: Severity.ERROR,
  summary: "exportTo entries must be '.', '*' or namespace names, without duplicates, '~' or '*' mixed with others",
  source: 'webhook validateExportTo and visibility.Instance.Validate (istio@86c9f01 pkg/config/validation/validation.go, pkg/config/visibility/visibility.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const spec = dr.obj.spec;
      if (!isObject(spec) || spec.exportTo === undefined) continue;
      const e = spec.exportTo;
      const bad = (message: string, fix: string) => ctx.report({ at: dr, field: 'spec.exportTo', message, fix });
      if (!Array.isArray(e)) { bad(`'spec.exportTo' must be a list, got ${show(e)}`, "write e.g. exportTo: ['.']"); continue; }
      const seen = new Set<string>();
      for (const x of e) {
        const v = typeof x === 'string' ? (x === dr.namespace ? '.' : x) : '';
        if (typeof x !== 'string') bad(`'spec.exportTo' entry ${show(x)} is not a string`, "use '.', '*' or a namespace name");
        else if (x === '~') bad("'spec.exportTo' contains '~': exportTo ~ (none) is not allowed for Istio configuration objects", "remove '~'; use '.' to keep the rule in its namespace");
        else if (x !== '.' && x !== '*' && !DNS1123_LABEL.test(x)) bad(`'spec.exportTo' entry ${show(x)} is invalid: only .,*, or a valid DNS 1123 label is allowed`, 'use a namespace name');
        if (v && seen.has(v)) bad(`'spec.exportTo' lists ${show(x)} twice (duplicate entries in exportTo)`, 'remove the duplicate');
        if (v) seen.add(v);
      }
      if (seen.has('*') && seen.size > 1) bad("'spec.exportTo' mixes '*' with other entries: cannot have both public (*) and non-public exportTo values for a resource", "use only '*' or only the namespaces");
      if (dr.workloadSelector) {
        if (e.length > 1) bad("'spec.exportTo': a destination rule with workload selector cannot have multiple entries in exportTo", "use exportTo: ['.']");
        else if (e.length === 1 && e[0] !== '.' && e[0] !== dr.namespace) bad("'spec.exportTo': a destination rule with workload selector cannot have exportTo beyond current namespace", "use exportTo: ['.']");
      }
    }
  },
};
