import { Rule } from '../rule';
import { Severity } from '../types';
import { isSet, drTlsBlocks } from './_helpers';

/** IMT2008: insecureSkipVerify together with CA certificates or SANs. */
export const drInsecureSkipVerify: Rule = {
  code: 'IMT2008',
  name: 'dr-insecure-skip-verify',
  severity: Severity.ERROR,
  summary: 'insecureSkipVerify: true excludes caCertificates and subjectAltNames (and credentialName with SIMPLE)',
  source: 'webhook agent.ValidateTLS "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true" (istio@86c9f01)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if (tls.insecureSkipVerify !== true) continue;
        const keys = tls.mode === 'SIMPLE' ? ['caCertificates', 'credentialName', 'subjectAltNames'] : tls.mode === 'MUTUAL' ? ['caCertificates', 'subjectAltNames'] : [];
        const bad = keys.filter((k) => isSet(tls[k]));
        if (bad.length === 0) continue;
        ctx.report({
          at: dr, field: `${field}.insecureSkipVerify`,
          message: `'${field}' sets 'insecureSkipVerify: true' together with ${bad.map((k) => `'${k}'`).join(', ')}: Istio rejects verification settings when verification is skipped`,
          fix: `remove 'insecureSkipVerify' (recommended) or remove ${bad.join(', ')}`,
        });
      }
    }
  },
};
