import { TLS_MODES } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { show } from '../values';
import { drTlsBlocks } from './_helpers';

/** IMT2004: a tls block whose mode is missing or not one of Istio's modes. */
export const drTlsMode: Rule = {
  code: 'IMT2004',
  name: 'dr-tls-mode',
  severity: Severity.ERROR,
  summary: 'tls.mode must be DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL (a tls block without mode means DISABLE)',
  source: 'CRD enum [DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL] (crds/destinationrule.yaml); proto ClientTLSSettings.TLSmode default DISABLE = 0',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, tls } of drTlsBlocks(ctx, dr)) {
        const m = tls.mode;
        if (m === undefined) {
          ctx.report({ at: dr, field: `${field}.mode`, severity: Severity.WARNING, message: `'${field}' has no mode, so Istio uses DISABLE (plaintext) and ignores the other TLS fields`, fix: "set 'mode' explicitly (ISTIO_MUTUAL for in-mesh hosts)" });
        } else if (typeof m !== 'string' || !TLS_MODES.includes(m)) {
          ctx.report({ at: dr, field: `${field}.mode`, message: `'${field}.mode' is ${show(m)}: allowed are ${TLS_MODES.join(', ')}`, fix: 'use ISTIO_MUTUAL for in-mesh hosts, SIMPLE or MUTUAL for external TLS, DISABLE for plaintext' });
        }
      }
    }
  },
};
