import { Rule } from '../rule';
import { Severity } from '../types';
import { isSet, drTlsBlocks } from './_helpers';

/** IMT2006: MUTUAL without credentialName needs clientCertificate and privateKey. */
export const drMutualNeedsCerts: Rule = {
  code: 'IMT2006',
  name: 'dr-mutual-needs-certs',
  severity: Severity.ERROR,
  summary: 'MUTUAL needs clientCertificate and privateKey (or credentialName)',
  source: 'webhook agent.ValidateTLS "client certificate required for mutual tls" / "private key required for mutual tls" (istio@86c9f01 pkg/config/validation/agent/validation.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if (tls.mode !== 'MUTUAL' || isSet(tls.credentialName)) continue;
        for (const k of ['clientCertificate', 'privateKey']) {
          if (isSet(tls[k])) continue;
          ctx.report({
            at: dr, field: `${field}.${k}`,
            message: `'${field}' is MUTUAL without '${k}': Istio rejects it ("${k === 'clientCertificate' ? 'client certificate' : 'private key'} required for mutual tls")`,
            fix: "set 'clientCertificate' and 'privateKey' file paths, or 'credentialName' naming a secret; for in-mesh hosts use ISTIO_MUTUAL instead",
          });
        }
      }
    }
  },
};
