import { Rule } from '../rule';
import { Severity } from '../types';
import { VirtualServiceModel, hostMatches } from '../model';
import { displayRef } from '../values';

const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);

/** A VirtualService route for one of `hosts` that sends traffic matched on another port to `port`. */
function rewritesTo(vss: readonly VirtualServiceModel[], hosts: readonly string[], port: number): { vs: VirtualServiceModel; from: number } | undefined {
  for (const vs of vss) {
    if (!vs.hosts.some((h) => hosts.includes(h))) continue;
    const r = vs.routes.find((x) => x.destinationPort === port && hosts.includes(x.destinationHost) && x.matchPort !== undefined && x.matchPort !== port);
    if (r) return { vs, from: r.matchPort! };
  }
  return undefined;
}

/** IMT5011: TLS originated toward a port where the application already speaks TLS. */
export const doubleTls: Rule = {
  code: 'IMT5011',
  name: 'double-tls',
  severity: Severity.ERROR,
  summary: 'SIMPLE/MUTUAL toward a port whose application already speaks TLS wraps TLS twice (a warning where a VirtualService routes plain traffic to that port from another: Istio\'s TLS origination)',
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
          // Istio's TLS origination: a VirtualService sends plain HTTP from another port to this one, where the rule
          // originates TLS (samples/bookinfo/networking/egress-rule-google-apis.yaml). That path works; only clients
          // that send TLS to this port themselves get it twice.
          const rewrite = rewritesTo(ctx.model.virtualServices, se.hosts, tlsPort.number);
          ctx.report({
            at: dr, field: b.field, severity: rewrite ? Severity.WARNING : undefined,
            message: rewrite
              ? `${displayRef(dr.ref)} originates TLS (${b.mode}) to ${dr.rawHost}:${tlsPort.number}, where ${displayRef(rewrite.vs.ref)} routes plain traffic from port ${rewrite.from}: that path works, but ${displayRef(se.ref)} declares port ${tlsPort.number} as ${tlsPort.protocol}, so a client that sends TLS to it itself gets TLS twice`
              : `${displayRef(dr.ref)} originates TLS (${b.mode}) to ${dr.rawHost}:${tlsPort.number}, but ${displayRef(se.ref)} declares that port as ${tlsPort.protocol}: the application already sends TLS, so it would be wrapped twice`,
            fix: rewrite
              ? `send plain HTTP to port ${rewrite.from} only (the VirtualService rewrites it), or declare port ${tlsPort.number} as HTTP in the ServiceEntry when no client sends TLS to it`
              : `let the application's TLS pass through (remove the tls block or set DISABLE), or declare the port as HTTP in the ServiceEntry if you want the sidecar to originate TLS`,
          });
          break;
        }
      }
    }
  },
};
