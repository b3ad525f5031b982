import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';
import { trafficPolicies } from './_helpers';

/** IMT2003: a portLevelSettings entry without a port, or without any setting. */
export const drPortLevelSettings: Rule = {
  code: 'IMT2003',
  name: 'dr-port-level-settings',
  severity: Severity.ERROR,
  summary: 'each portLevelSettings entry needs a port and at least one setting',
  source: 'webhook validatePortTrafficPolicies "portTrafficPolicy must have valid port" / "port traffic policy must have at least one field" (istio@86c9f01)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, policy } of trafficPolicies(dr.obj.spec)) {
        if (!isObject(policy) || !Array.isArray(policy.portLevelSettings)) continue;
        policy.portLevelSettings.forEach((s: unknown, i: number) => {
          const f = `${field}.portLevelSettings[${i}]`;
          if (!isObject(s)) {
            ctx.report({ at: dr, field: f, message: `'${f}' is ${show(s)}: Istio rejects it ("traffic policy may not be null")`, fix: 'remove the entry' });
            return;
          }
          const n = isObject(s.port) ? s.port.number : undefined;
          if (!isObject(s.port) || typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
            ctx.report({ at: dr, field: `${f}.port`, message: `'${f}.port.number' is ${show(n)}: each port-level setting needs a port 1..65535 ("portTrafficPolicy must have valid port")`, fix: "set 'port: {number: <service port>}'" });
          }
          if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((k) => isObject(s[k]))) {
            ctx.report({ at: dr, field: f, message: `'${f}' sets nothing for port ${show(n)} ("port traffic policy must have at least one field")`, fix: "add e.g. 'tls: {mode: ISTIO_MUTUAL}' or remove the entry" });
          }
        });
      }
    }
  },
};
