/**
 * Pathological shapes for the benchmark's scaling check (bench.ts): inputs where one index entry grows with the input,
 * so that a scan per object would make the analysis quadratic. Each takes a size n and returns about 3n objects.
 *
 *  - wildcard-root-drs: n namespaces, each with a Service and its Deployment, and a wildcard DestinationRule
 *    `*.<ns>.svc.cluster.local` per namespace, all in the root namespace;
 *  - workload-policies-one-namespace: n workloads (Service + Deployment) in one namespace, each selected by its own
 *    workload PeerAuthentication;
 *  - drs-one-host: n DestinationRules for one host in one namespace, and n Services elsewhere calling it.
 */
import { K8sObject } from '../src/engine';

const pad = (i: number) => String(i).padStart(6, '0');
const ns = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });
const svc = (name: string, namespace: string): K8sObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});
const deploy = (name: string, namespace: string, calls?: string): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, ...(calls ? { annotations: { 'istio-mtls.cdk8s.io/calls': calls } } : {}) },
      spec: { containers: [{ name, image: `${name}:1`, ports: [{ containerPort: 8080 }] }] },
    },
  },
});
const dr = (name: string, namespace: string, host: string, mode = 'ISTIO_MUTUAL'): K8sObject => ({
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace }, spec: { host, trafficPolicy: { tls: { mode } } },
});
const pa = (name: string, namespace: string, app: string): K8sObject => ({
  apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { selector: { matchLabels: { app } }, mtls: { mode: 'STRICT' } },
});

export const SHAPES: Record<string, (n: number) => K8sObject[]> = {
  'wildcard-root-drs': (n) => {
    const out: K8sObject[] = [ns('istio-system')];
    for (let i = 0; i < n; i++) {
      const name = `ns-${pad(i)}`;
      out.push(ns(name), svc('web', name), deploy('web', name, `web.ns-${pad((i + 1) % n)}:80`), dr(`wild-${pad(i)}`, 'istio-system', `*.${name}.svc.cluster.local`));
    }
    return out;
  },
  'workload-policies-one-namespace': (n) => {
    const out: K8sObject[] = [ns('shop')];
    for (let i = 0; i < n; i++) {
      const name = `w-${pad(i)}`;
      out.push(svc(name, 'shop'), deploy(name, 'shop', `w-${pad((i + 1) % n)}:80`), pa(name, 'shop', name));
    }
    return out;
  },
  'drs-one-host': (n) => {
    const out: K8sObject[] = [ns('shop'), svc('cart', 'shop'), deploy('cart', 'shop')];
    for (let i = 0; i < n; i++) {
      const name = `c-${pad(i)}`;
      out.push(dr(`cart-${pad(i)}`, 'shop', 'cart.shop.svc.cluster.local'), svc(name, 'client'), deploy(name, 'client', 'cart.shop:80'));
    }
    out.push(ns('client'));
    return out;
  },
};
