import { isObject } from '../model';
import { Rule } from '../rule';
import { Severity } from '../types';
import { Problem, durationPrecisionProblem, isNegative, policyLevels } from './_helpers';
import { show } from '../values';

const HTTP_COUNTS = {
  http1MaxPendingRequests: 'http1 max pending requests',
  http2MaxRequests: 'http2 max requests',
  maxRequestsPerConnection: 'max requests per connection',
  maxRetries: 'max retries',
  maxConcurrentStreams: 'max concurrent streams',
} as const;

/** The webhook's validateConnectionPool on one `connectionPool` value (`f` is its field path). */
function poolProblems(pool: unknown, f: string): Problem[] {
  if (!isObject(pool)) return [];
  const http = isObject(pool.http) ? pool.http : undefined;
  const tcp = isObject(pool.tcp) ? pool.tcp : undefined;
  if (!http && !tcp) {
    return [{ field: f, message: `'${f}' sets neither 'http' nor 'tcp': Istio rejects it ("connection pool must have at least one field")`, fix: `remove '${f}' or set e.g. 'tcp: {maxConnections: 100}'` }];
  }
  const out: Problem[] = [];
  const duration = (v: unknown, field: string) => { const p = durationPrecisionProblem(v, field); if (p) out.push(p); };
  if (http) {
    for (const [k, words] of Object.entries(HTTP_COUNTS)) {
      if (isNegative(http[k])) out.push({ field: `${f}.http.${k}`, message: `'${f}.http.${k}' is ${show(http[k])}: Istio rejects it ("${words} must be non-negative")`, fix: `use 0 or more for '${k}'` });
    }
    duration(http.idleTimeout, `${f}.http.idleTimeout`);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      out.push({
        field: `${f}.http.useClientProtocol`,
        message: `'${f}.http' sets 'h2UpgradePolicy: UPGRADE' and 'useClientProtocol: true': Istio rejects both ("use client protocol must not be true when H2UpgradePolicy is UPGRADE")`,
        fix: "keep one: 'useClientProtocol: true' (the client's protocol) or 'h2UpgradePolicy: UPGRADE' (always HTTP/2)",
      });
    }
    if (isObject(http.http2KeepAlive)) {
      const ka = http.http2KeepAlive;
      for (const k of ['interval', 'timeout']) {
        if (ka[k] === undefined || ka[k] === null) out.push({ field: `${f}.http.http2KeepAlive.${k}`, message: `'${f}.http.http2KeepAlive' has no '${k}': Istio rejects it ("http2 keepalive ${k} is required")`, fix: `set '${k}', e.g. '${k === 'interval' ? '30s' : '10s'}'` });
        else duration(ka[k], `${f}.http.http2KeepAlive.${k}`);
      }
    }
  }
  if (tcp) {
    if (isNegative(tcp.maxConnections)) out.push({ field: `${f}.tcp.maxConnections`, message: `'${f}.tcp.maxConnections' is ${show(tcp.maxConnections)}: Istio rejects it ("max connections must be non-negative")`, fix: "use 0 or more for 'maxConnections'" });
    duration(tcp.connectTimeout, `${f}.tcp.connectTimeout`);
    duration(tcp.maxConnectionDuration, `${f}.tcp.maxConnectionDuration`);
    duration(tcp.idleTimeout, `${f}.tcp.idleTimeout`);
    if (isObject(tcp.tcpKeepalive)) {
      duration(tcp.tcpKeepalive.time, `${f}.tcp.tcpKeepalive.time`);
      duration(tcp.tcpKeepalive.interval, `${f}.tcp.tcpKeepalive.interval`);
    }
  }
  return out;
}

/** IMT2015: a connectionPool Istio's webhook rejects. */
export const drConnectionPool: Rule = {
  code: 'IMT2015',
  name: 'dr-connection-pool',
  severity: Severity.ERROR,
  summary: "a connectionPool must set 'http' or 'tcp', non-negative limits, durations in whole milliseconds, an http2KeepAlive with interval and timeout, and not both 'h2UpgradePolicy: UPGRADE' and 'useClientProtocol'",
  source: 'webhook validateConnectionPool, called by validateTrafficPolicy and validatePortTrafficPolicies, and agent.ValidateDuration (istio@86c9f01 pkg/config/validation/validation.go, pkg/config/validation/agent/validation.go)',
  check(ctx) {
    for (const dr of ctx.model.destinationRules) {
      for (const { field, policy } of policyLevels(dr.obj.spec)) {
        for (const p of poolProblems(policy.connectionPool, `${field}.connectionPool`)) ctx.report({ at: dr, ...p });
      }
    }
  },
};
