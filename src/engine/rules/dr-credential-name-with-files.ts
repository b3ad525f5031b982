import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';
import { isSet, drTlsBlocks } from './_helpers';

/** IMT2007: credentialName together with file certificates, CA or CRL. */
export const drCredentialNameWithFiles: Rule = {
  code: 'IMT2007',
  name: 'dr-credential-name-with-files',
  severity: Severity.ERROR,
  summary: 'credentialName excludes clientCertificate, privateKey, caCertificates and caCrl',
  source: 'webhook agent.ValidateTLS "cannot specify client certificates or CA certificate or CA CRL If credentialName is set" (istio@86c9f01)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if ((tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') || !isSet(tls.credentialName)) continue;
        const files = ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl'].filter((k) => isSet(tls[k]));
        if (files.length === 0) continue;
        ctx.report({
          at: dr, field: `${field}.credentialName`,
          message: `'${field}' sets 'credentialName' (${show(tls.credentialName)}) and also ${files.map((k) => `'${k}'`).join(', ')}: Istio rejects both together`,
          fix: `keep either 'credentialName' or the file paths (${files.join(', ')}), not both`,
        });
      }
    }
  },
};
