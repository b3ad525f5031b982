import { Rule } from '../rule';
import { Severity } from '../types';
import { isSet, drTlsBlocks } from './_helpers';

/** IMT2009: SIMPLE/MUTUAL without caCertificates does not verify the server. */
export const drNoCaCertificates: Rule = {
  code: 'IMT2009',
  name: 'dr-no-ca-certificates',
  severity: Severity.WARNING,
  summary: 'SIMPLE or MUTUAL without caCertificates does not verify the server identity with a pinned CA',
  source: 'istioctl analyze IST0128/IST0129 NoServerCertificateVerification (istio@86c9f01 pkg/config/analysis/analyzers/destinationrule/ca-certificates.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') continue;
        if (isSet(tls.caCertificates) || tls.insecureSkipVerify === true) continue;
        if (isSet(tls.credentialName) && dr.workloadSelector) continue;
        ctx.report({
          at: dr, field: `${field}.caCertificates`,
          message: `'${field}' is ${tls.mode} for host ${JSON.stringify(dr.rawHost)} but sets no 'caCertificates' to validate the server's identity`,
          fix: "set 'caCertificates' (and 'subjectAltNames') to pin the server's CA",
        });
      }
    }
  },
};
