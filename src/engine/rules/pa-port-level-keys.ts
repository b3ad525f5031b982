import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';

/** IMT1002: `portLevelMtls` is empty or has a key that is not a port number 1..65535. */
export const paPortLevelKeys: Rule = {
  code: 'IMT1002',
  name: 'pa-port-level-keys',
  severity: Severity.ERROR,
  summary: 'portLevelMtls must have at least one entry, each keyed by a port 1..65535',
  source: 'CRD: minProperties 1 and CEL "port must be between 1-65535"; webhook "port level mTLS, if defined, must have at least one element" and "port must be in range 1..65535"',
  check(ctx) {
    for (const p of ctx.model.peerPolicies) {
      if (p.legacy) continue;
      const plm = isObject(p.obj.spec) ? p.obj.spec.portLevelMtls : undefined;
      if (plm === undefined || plm === null) continue;
      if (!isObject(plm)) {
        ctx.report({ at: p, field: 'spec.portLevelMtls', message: `'spec.portLevelMtls' must be a map from port to {mode}, got ${show(plm)}`, fix: "write it as 'portLevelMtls: {8080: {mode: STRICT}}'" });
        continue;
      }
      const keys = Object.keys(plm);
      if (keys.length === 0) {
        ctx.report({ at: p, field: 'spec.portLevelMtls', message: `'spec.portLevelMtls' is empty: Istio requires at least one port ("port level mTLS, if defined, must have at least one element")`, fix: "remove 'portLevelMtls' or add a port" });
      }
      for (const k of keys) {
        const n = /^[0-9]+$/.test(k) ? Number(k) : NaN;
        if (!(n >= 1 && n <= 65535)) {
          ctx.report({ at: p, field: `spec.portLevelMtls.${k}`, message: `'spec.portLevelMtls' key ${show(k)} is not a port: keys must be container port numbers 1..65535 ("port must be between 1-65535")`, fix: 'use the numeric container (target) port of the workload' });
        }
      }
    }
  },
};
