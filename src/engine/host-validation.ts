/**
 * Istio's check of a DestinationRule host, restated once for the engine (rule IMT2001) and the constructs
 * (ClientTlsPolicy throws on the same hosts).
 *
 * Source: `agent.ValidateWildcardDomain` (istio@86c9f01 pkg/config/validation/agent/validation.go), which the
 * webhook's ValidateDestinationRule calls for `spec.host`.
 * @internal
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;
const WILDCARD_LABEL = /^(\*|\*-?[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/i;

/** Istio's agent.ValidateWildcardDomain; returns the problem or undefined. */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'empty domain name not allowed';
  if (host.length > 255) return `domain name ${JSON.stringify(host)} too long (max 255)`;
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = h.split('.');
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    // IsWildcardDNS1123Label caps the first label at 63 characters, wildcard or not (pkg/config/labels/instance.go).
    const ok = (i === 0 ? WILDCARD_LABEL.test(l) || LABEL.test(l) : LABEL.test(l)) && l.length <= 63;
    if (!ok) {
      return i > 0 && l.includes('*')
        ? `domain name ${JSON.stringify(host)} invalid (label ${JSON.stringify(l)} invalid): a wildcard is only allowed as the first label`
        : `domain name ${JSON.stringify(host)} invalid (label ${JSON.stringify(l)} invalid)`;
    }
  }
  // ValidateDNS1123Labels takes the last label as written for the top-level domain: before a trailing dot it is the
  // empty one, so `1.1.1.1.` passes where `1.1.1.1` does not.
  const tld = host.endsWith('.') ? '' : labels[labels.length - 1];
  if (labels.length > 1 && /^[0-9]+$/.test(tld)) return `domain name ${JSON.stringify(host)} invalid (top level domain ${JSON.stringify(tld)} cannot be all-numeric)`;
  return undefined;
}
