import { Rule } from '../rule';
import { Severity } from '../types';
import { isSet, drTlsBlocks } from './_helpers';

const OTHER = ['clientCertificate', 'privateKey', 'caCertificates', 'credentialName', 'subjectAltNames', 'sni', 'insecureSkipVerify', 'caCrl'];

/** IMT2005: ISTIO_MUTUAL with any other TLS field (our stricter rule). */
export const drIstioMutualExtraFields: Rule = {
  code: 'IMT2005',
  name: 'dr-istio-mutual-extra-fields',
  severity: Severity.ERROR,
  summary: 'ISTIO_MUTUAL means every other TLS field is empty',
  source: 'proto ClientTLSSettings ISTIO_MUTUAL: "all other fields in ClientTLSSettings should be empty" (api@b8f8791 networking/v1alpha3/destination_rule.proto); not enforced by the webhook, and cluster_tls.go still honours sni/subjectAltNames/insecureSkipVerify; seed article',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if (tls.mode !== 'ISTIO_MUTUAL') continue;
        const extra = OTHER.filter((k) => isSet(tls[k]) && !(k === 'insecureSkipVerify' && tls[k] === false));
        if (extra.length === 0) continue;
        ctx.report({
          at: dr, field: `${field}.${extra[0]}`,
          message: `'${field}' is ISTIO_MUTUAL but also sets ${extra.map((k) => `'${k}'`).join(', ')}: with ISTIO_MUTUAL Istio supplies the certificates and every other TLS field must be empty`,
          fix: `remove ${extra.join(', ')}, or use MUTUAL/SIMPLE if you really bring your own certificates`,
        });
      }
    }
  },
};
