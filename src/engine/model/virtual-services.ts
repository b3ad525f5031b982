/**
 * networking.istio.io VirtualService, as far as mTLS checks need it: which ports a route sends traffic from and to.
 * A route that rewrites the port (match port 80, destination port 443) is how Istio's egress TLS origination works
 * (istio/istio samples/bookinfo/networking/egress-rule-google-apis.yaml; istio.io tasks/traffic-management/egress/
 * egress-tls-origination).
 * @internal
 */
import { K8sObject } from '../types';
import { isObject, toPort } from '../values';
import { Located } from './records';

export interface VirtualServiceRoute {
  /** The port the route matches (`match[].port`), when it names one. */
  readonly matchPort?: number;
  readonly destinationHost: string;
  readonly destinationPort?: number;
}

export interface VirtualServiceModel extends Located {
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly routes: readonly VirtualServiceRoute[];
}

/** The routes of a VirtualService's http, tls and tcp sections, one per (match port, destination). */
export function virtualServiceRoutes(spec: K8sObject): VirtualServiceRoute[] {
  const out: VirtualServiceRoute[] = [];
  for (const section of ['http', 'tls', 'tcp']) {
    for (const r of Array.isArray(spec[section]) ? spec[section] : []) {
      if (!isObject(r)) continue;
      const matches = Array.isArray(r.match) ? r.match.filter(isObject) : [];
      const ports = matches.length > 0 ? matches.map((m: K8sObject) => toPort(m.port)) : [undefined];
      for (const d of Array.isArray(r.route) ? r.route : []) {
        const dest = isObject(d) && isObject(d.destination) ? d.destination : undefined;
        if (!dest || typeof dest.host !== 'string') continue;
        const destinationPort = isObject(dest.port) ? toPort(dest.port.number) : undefined;
        for (const matchPort of ports) out.push({ matchPort, destinationHost: dest.host, destinationPort });
      }
    }
  }
  return out;
}
