import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { drTlsBlocks, isSet } from './_helpers';
import { show } from '../values';

/** IMT2020: credentialName in a DestinationRule without a workloadSelector, which sidecars ignore. */
export const drCredentialNameWithoutSelector: Rule = {
  code: 'IMT2020',
  name: 'dr-credential-name-without-selector',
  severity: Severity.WARNING,
  summary: 'credentialName (top level, port level or in a subset) applies at sidecars only when the DestinationRule has a workloadSelector; otherwise only gateways read it',
  source: 'proto ClientTLSSettings.credential_name: "This field is applicable at sidecars only if DestinationRule has a workloadSelector specified. Otherwise the field will be applicable only at gateways, and sidecars will continue to use the certificate paths." (api@b8f8791 networking/v1alpha3/destination_rule.proto)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const spec = dr.obj.spec;
      if (isObject(spec) && isObject(spec.workloadSelector)) continue;
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if ((tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') || !isSet(tls.credentialName)) continue;
        ctx.report({
          at: dr, field: `${field}.credentialName`,
          message: `'${field}.credentialName' is ${show(tls.credentialName)} but the DestinationRule has no workloadSelector: sidecars ignore credentialName then (it applies only at gateways) and keep using the certificate paths`,
          fix: "add 'spec.workloadSelector' for the client workloads that should use the secret; if the rule is meant for an egress gateway only, this warning does not apply",
        });
      }
    }
  },
};
