import { Rule } from '../rule';
import { Severity } from '../types';
import { hostMatches } from '../model';
import { displayRef } from '../values';

const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);

/** IMT5011: TLS originated toward a port where the application already speaks TLS. */
export const doubleTls: Rule = {
  code: 'IMT5011',
  name: 'double-tls',
  severity: Severity.ERROR,
  summary: 'SIMPLE/MUTUAL toward a port whose application already speaks TLS wraps TLS twice',
  source: 'istio.io network-issues "Double TLS (TLS origination for a TLS request)"; seed: external HTTPS passes the sidecar at L4',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      if (!dr.host) continue;
      const blocks: Array<{ port?: number; mode?: string; field: string }> = [];
      if (dr.policy.tls) blocks.push({ mode: dr.policy.tls.mode, field: 'spec.trafficPolicy.tls' });
      for (const [port, t] of dr.policy.portTls) blocks.push({ port, mode: t.mode, field: `spec.trafficPolicy.portLevelSettings[${port}].tls` });
      for (const b of blocks) {
        if (b.mode !== 'SIMPLE' && b.mode !== 'MUTUAL') continue;
        // ServiceEntries whose hosts this DR covers, with TLS protocols on the port.
        for (const se of ctx.model.serviceEntries) {
          if (!se.hosts.some((h) => hostMatches(dr.host, h) || h === dr.rawHost)) continue;
          const tlsPort = se.ports.find((p) => TLS_PROTOCOLS.has((p.protocol ?? '').toUpperCase()) && (b.port === undefined || p.number === b.port));
          if (!tlsPort) continue;
          ctx.report({
            at: dr, field: b.field,
            message: `${displayRef(dr.ref)} originates TLS (${b.mode}) to ${dr.rawHost}:${tlsPort.number}, but ${displayRef(se.ref)} declares that port as ${tlsPort.protocol}: the application already sends TLS, so it would be wrapped twice`,
            fix: `let the application's TLS pass through (remove the tls block or set DISABLE), or declare the port as HTTP in the ServiceEntry if you want the sidecar to originate TLS`,
          });
          break;
        }
      }
    }
  },
};
