import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { durationPrecisionProblem, isNegative, policyLevels } from './_helpers';
import { show } from '../values';

/** uint32 wrappers of OutlierDetection: the CRD says minimum 0 (the schema check reports only types, so we do). */
const COUNTS = ['consecutive5xxErrors', 'consecutiveGatewayErrors', 'consecutiveLocalOriginFailures'];

/** IMT2016: an outlierDetection Istio's webhook rejects (or warns about: the deprecated consecutiveErrors). */
export const drOutlierDetection: Rule = {
  code: 'IMT2016',
  name: 'dr-outlier-detection',
  severity: Severity.ERROR,
  summary: "an outlierDetection needs maxEjectionPercent and minHealthPercent in 0..100, splitExternalLocalOriginErrors for consecutiveLocalOriginFailures, non-negative error counts and durations in whole milliseconds; the deprecated consecutiveErrors is a warning",
  source: 'webhook validateOutlierDetection and ValidatePercent (istio@86c9f01 pkg/config/validation/validation.go); CRD minimum 0 on consecutive5xxErrors, consecutiveGatewayErrors, consecutiveLocalOriginFailures (crd-all.gen.yaml)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, policy } of policyLevels(dr.obj.spec)) {
        const od = policy.outlierDetection;
        if (!isObject(od)) continue;
        const f = `${field}.outlierDetection`;
        for (const k of ['baseEjectionTime', 'interval']) {
          const p = durationPrecisionProblem(od[k], `${f}.${k}`);
          if (p) ctx.report({ at: dr, ...p });
        }
        if (typeof od.consecutiveErrors === 'number' && od.consecutiveErrors !== 0) {
          ctx.report({
            at: dr, field: `${f}.consecutiveErrors`, severity: Severity.WARNING,
            message: `'${f}.consecutiveErrors' is ${show(od.consecutiveErrors)}: Istio warns "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead"`,
            fix: "use 'consecutive5xxErrors' (or 'consecutiveGatewayErrors') instead",
          });
        }
        const local = od.consecutiveLocalOriginFailures;
        if (od.splitExternalLocalOriginErrors !== true && typeof local === 'number' && local > 0) {
          ctx.report({
            at: dr, field: `${f}.consecutiveLocalOriginFailures`,
            message: `'${f}.consecutiveLocalOriginFailures' is ${show(local)} but 'splitExternalLocalOriginErrors' is not true: Istio rejects it ("outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false")`,
            fix: "set 'splitExternalLocalOriginErrors: true', or remove 'consecutiveLocalOriginFailures'",
          });
        }
        for (const k of ['maxEjectionPercent', 'minHealthPercent']) {
          const v = od[k];
          if (typeof v === 'number' && (v < 0 || v > 100)) {
            ctx.report({ at: dr, field: `${f}.${k}`, message: `'${f}.${k}' is ${show(v)}: Istio rejects it ("percentage ${v} is not in range 0..100")`, fix: `use a percentage from 0 to 100 for '${k}'` });
          }
        }
        for (const k of COUNTS) {
          if (isNegative(od[k])) ctx.report({ at: dr, field: `${f}.${k}`, message: `'${f}.${k}' is ${show(od[k])}: the CRD requires 0 or more (an unsigned count); the API server rejects it`, fix: `use 0 or more for '${k}'` });
        }
      }
    }
  },
};
