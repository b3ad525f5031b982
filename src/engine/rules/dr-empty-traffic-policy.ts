import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { trafficPolicies } from './_helpers';

const FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];

/** IMT2002: a trafficPolicy with no field set. */
export const drEmptyTrafficPolicy: Rule = {
  code: 'IMT2002',
  name: 'dr-empty-traffic-policy',
  severity: Severity.ERROR,
  summary: 'a trafficPolicy must set at least one field',
  source: 'webhook validateTrafficPolicy "traffic policy must have at least one field" (istio@86c9f01 pkg/config/validation/validation.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, policy } of trafficPolicies(dr.obj.spec)) {
        if (isObject(policy) && FIELDS.some((f) => policy[f] !== undefined && policy[f] !== null)) continue;
        ctx.report({ at: dr, field, message: `'${field}' is empty: Istio rejects a traffic policy without fields ("traffic policy must have at least one field")`, fix: `remove '${field}' or set e.g. 'tls.mode: ISTIO_MUTUAL'` });
      }
    }
  },
};
