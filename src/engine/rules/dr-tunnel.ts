import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { trafficPolicies } from './_helpers';
import { show } from '../values';

/**
 * node's `net.isIP`, loaded on first use: only DestinationRules with a tunnel need it, and loading `net` costs every
 * CLI start ~15 ms.
 */
function isIP(s: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load of a node built-in (see above)
  return (require('net') as typeof import('net')).isIP(s);
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;

/** agent.ValidateFQDN, simplified to what a DestinationRule can hold: 1..255 characters of DNS-1123 labels. */
function isFqdn(h: string): boolean {
  const name = h.endsWith('.') ? h.slice(0, -1) : h;
  return name.length > 0 && h.length <= 255 && name.split('.').every((l) => l.length <= 63 && DNS1123_LABEL.test(l));
}

/** IMT2018: trafficPolicy.tunnel that Istio's webhook rejects. */
export const drTunnel: Rule = {
  code: 'IMT2018',
  name: 'dr-tunnel',
  severity: Severity.ERROR,
  summary: "a trafficPolicy 'tunnel' must not come with 'proxyProtocol', and needs protocol CONNECT or POST, a targetHost that is an FQDN or IP, and a targetPort 1..65535",
  source: 'webhook validateTrafficPolicy "tunnel and proxyProtocol must not be set together" and validateTunnelSettings (istio@86c9f01 pkg/config/validation/validation.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, policy } of trafficPolicies(dr.obj.spec)) {
        if (!isObject(policy) || !isObject(policy.tunnel)) continue;
        const t = policy.tunnel;
        const f = `${field}.tunnel`;
        if (isObject(policy.proxyProtocol)) {
          ctx.report({ at: dr, field: f, message: `'${field}' sets both 'tunnel' and 'proxyProtocol': Istio rejects it ("tunnel and proxyProtocol must not be set together")`, fix: "keep one of 'tunnel' and 'proxyProtocol'" });
          continue; // the webhook returns here
        }
        if (t.protocol !== undefined && t.protocol !== '' && t.protocol !== 'CONNECT' && t.protocol !== 'POST') {
          ctx.report({ at: dr, field: `${f}.protocol`, message: `'${f}.protocol' is ${show(t.protocol)}: Istio rejects it ("tunnel protocol must be \\"CONNECT\\" or \\"POST\\"")`, fix: "use 'CONNECT' (the default) or 'POST'" });
        }
        const host = typeof t.targetHost === 'string' ? t.targetHost : '';
        if (isIP(host) === 0 && !isFqdn(host)) {
          ctx.report({ at: dr, field: `${f}.targetHost`, message: `'${f}.targetHost' is ${show(t.targetHost)}: Istio rejects it ("tunnel target host must be valid FQDN or IP address")`, fix: 'set the FQDN or IP address of the tunnel proxy' });
        }
        const port = t.targetPort;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
          ctx.report({ at: dr, field: `${f}.targetPort`, message: `'${f}.targetPort' is ${show(port)}: Istio rejects it ("tunnel target port is invalid")`, fix: 'set the port of the tunnel proxy, 1..65535' });
        }
      }
    }
  },
};
