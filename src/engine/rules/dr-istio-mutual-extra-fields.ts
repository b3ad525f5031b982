import { isObject } from '../model';
import { Rule } from '../rule';
import { K8sObject, Severity } from '../types';
import { acceptEntriesOf } from '../acknowledge';
import { ACCEPT_ANNOTATION } from '../vocabulary';
import { isSet, drTlsBlocks } from './_helpers';

const OTHER = ['clientCertificate', 'privateKey', 'caCertificates', 'credentialName', 'subjectAltNames', 'sni', 'insecureSkipVerify', 'caCrl'];

/**
 * The fields Istio still honours with ISTIO_MUTUAL (istio@86c9f01 pilot/pkg/networking/core/cluster_tls.go
 * buildUpstreamTLSSettings: "Use client provided SNI if set", user SubjectAltNames over the service accounts). Only
 * these can be accepted with the annotation; certificate, key and CA paths are replaced by Istio's own and stay errors.
 */
const HONOURED = ['sni', 'subjectAltNames'];

const CODE = 'IMT2005';

/**
 * What the accept annotation says about this rule: absent, accepted with a reason, or present without one. The
 * suppression itself is the engine's (acknowledge.ts); this rule only reports an IMT2005 entry without a reason.
 */
function acceptance(obj: K8sObject): { readonly state: 'none' } | { readonly state: 'accepted' } | { readonly state: 'no-reason'; readonly value: string } {
  const entries = acceptEntriesOf(obj).filter((e) => e.code === CODE);
  if (entries.length === 0) return { state: 'none' };
  const bare = entries.find((e) => e.reason === '');
  if (bare && entries.every((e) => e.reason === '')) {
    const v = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? String(obj.metadata.annotations[ACCEPT_ANNOTATION]) : bare.text;
    return { state: 'no-reason', value: v };
  }
  return { state: 'accepted' };
}

/** IMT2005: ISTIO_MUTUAL with any other TLS field (our stricter rule). */
export const drIstioMutualExtraFields: Rule = {
  code: CODE,
  name: 'dr-istio-mutual-extra-fields',
  severity: Severity.ERROR,
  summary: `ISTIO_MUTUAL means every other TLS field is empty; sni or subjectAltNames (which Istio honours with ISTIO_MUTUAL) can be accepted with a reason in the ${ACCEPT_ANNOTATION} annotation ("IMT2005: <reason>")`,
  source: 'proto ClientTLSSettings ISTIO_MUTUAL: "all other fields in ClientTLSSettings should be empty" (api@b8f8791 networking/v1alpha3/destination_rule.proto); not enforced by the webhook, and istio@86c9f01 pilot/pkg/networking/core/cluster_tls.go buildUpstreamTLSSettings still honours sni/subjectAltNames/insecureSkipVerify, which Istio\'s egress-gateway task and tests/integration (e.g. pilot/testdata/tunneling/gateway/tls/istio-mutual/mtls.tmpl.yaml) use; seed article',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      const accept = acceptance(dr.obj);
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        if (tls.mode !== 'ISTIO_MUTUAL') continue;
        const extra = OTHER.filter((k) => isSet(tls[k]) && !(k === 'insecureSkipVerify' && tls[k] === false));
        if (extra.length === 0) continue;
        const honouredOnly = extra.every((k) => HONOURED.includes(k));
        // Accepted with a reason: reported, and the engine marks it suppressed (kind 'annotation'); fields Istio
        // replaces cannot be accepted.
        const list = extra.map((k) => `'${k}'`).join(', ');
        ctx.report({
          at: dr, field: `${field}.${extra[0]}`,
          message: honouredOnly
            ? `'${field}' is ISTIO_MUTUAL but also sets ${list}: with ISTIO_MUTUAL Istio supplies the certificates and every other TLS field should be empty (the proto's rule, which this library enforces). Istio itself still honours sni and subjectAltNames with ISTIO_MUTUAL (cluster_tls.go buildUpstreamTLSSettings), and its egress-gateway task and integration tests set sni this way`
            : `'${field}' is ISTIO_MUTUAL but also sets ${list}: with ISTIO_MUTUAL Istio supplies the certificates and every other TLS field must be empty`,
          fix: honouredOnly
            ? `remove ${extra.join(', ')}; or, if the gateway needs it, accept the deviation with the annotation '${ACCEPT_ANNOTATION}: "IMT2005: <why this DestinationRule needs ${extra.join(' and ')}>"'`
            : `remove ${extra.join(', ')}, or use MUTUAL/SIMPLE if you really bring your own certificates`,
          ...(honouredOnly ? {} : { acknowledgeable: false }),
        });
      }
      if (accept.state === 'no-reason') {
        ctx.report({
          at: dr, field: `metadata.annotations.${ACCEPT_ANNOTATION}`,
          message: `'metadata.annotations.${ACCEPT_ANNOTATION}' is ${JSON.stringify(accept.value)}: accepting IMT2005 needs a reason after the code`,
          fix: `write the reason after the code, e.g. "IMT2005: the egress gateway routes on this SNI"`,
        });
      }
    }
  },
};
