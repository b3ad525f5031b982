import { Rule } from '../rule';
import { Severity } from '../types';
import { drName, policyName, reportTraffic } from './_traffic-report';
import { reportScopeConflicts } from './_scope-conflicts';
import { displayRef } from '../values';

/** IMT5006: ISTIO_MUTUAL sent to a server whose PeerAuthentication is DISABLE. */
export const istioMutualToDisabled: Rule = {
  code: 'IMT5006',
  name: 'istio-mutual-to-disabled',
  severity: Severity.ERROR,
  summary: 'ISTIO_MUTUAL toward a server whose PeerAuthentication is DISABLE fails',
  source: 'Kiali KIA0505/KIA0506 (kiali business/checkers disabled namespace-wide/mesh-wide mTLS checkers: a DISABLE policy with an mTLS DestinationRule of the same scope); RULES.md Part B 11',
  check(ctx) {
    reportTraffic(ctx, 'mtls-to-disabled', (f) => ({
      field: f.client?.field,
      message: `${drName(f)} sends ISTIO_MUTUAL but the server accepts only plaintext (DISABLE, decided by ${policyName(f)})`,
      fix: 'make the server PERMISSIVE or STRICT, or change the DestinationRule tls to DISABLE for this host',
    }));
    // Without a topology: a rule for a whole namespace (or the mesh) that sends mTLS where its policy is DISABLE.
    reportScopeConflicts(ctx, 'mtls-to-disabled', (mode, tls) => mode === 'DISABLE' && tls === 'ISTIO_MUTUAL', (s, server) => ({
      message: `${displayRef(s.dr.ref)} sends ISTIO_MUTUAL to ${s.dr.host.startsWith('*') ? `every host of ${s.label} (${s.dr.rawHost})` : s.label}, but the servers there accept only plaintext (DISABLE, decided by ${displayRef(server.policy!.ref)}): every sidecar client using this rule fails`,
      fix: `set the rule's tls mode to DISABLE to match ${displayRef(server.policy!.ref)}, or make the policy PERMISSIVE or STRICT`,
    }));
  },
};
