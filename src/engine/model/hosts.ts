/**
 * Host names as Istio reads them: short names expanded to FQDNs, wildcard matching and specificity, the namespace of
 * a Service host, and the kube-apiserver's host.
 * @internal
 */

/** Istio's ResolveShortnameToFQDN: a name without a dot gets `.<ns>.svc.<domain>` appended. */
export function resolveHost(host: string, namespace: string, domain: string): string {
  if (host === '*' || host.includes('.') || /^[0-9.:]+$/.test(host)) return host.replace(/\.$/, '');
  return serviceFqdn(host, namespace, domain);
}

/**
 * `name.namespace.svc.<domain>` as one flat string. A template literal builds a tree of concatenations that stays in
 * memory with every Service (three extra objects each) and makes every comparison of the host walk the tree
 * (docs/performance.md, "Service hosts as flat strings").
 */
export function serviceFqdn(name: string, namespace: string, domain: string): string {
  return [name, namespace, 'svc', domain].join('.');
}

/** Whether a DR host (possibly wildcard) matches a concrete FQDN. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1));
  return false;
}

/** Specificity of a host pattern: exact hosts beat wildcards, longer wildcards beat shorter. */
export function hostSpecificity(pattern: string): number {
  return pattern.startsWith('*') ? pattern.length : 100000 + pattern.length;
}

/** `name.ns.svc.<domain>` (or `*.ns.svc.<domain>`) -> ns; undefined for any other host. */
export function namespaceOfHost(host: string, domain: string): string | undefined {
  const suffix = `.svc.${domain}`;
  if (!host.endsWith(suffix)) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  if (parts.length !== 2) return undefined;
  return !parts[0].startsWith('*') || parts[0] === '*' ? parts[1] : undefined;
}

/** The FQDN of the kube-apiserver Service. */
export function kubeApiHost(domain: string): string {
  return `kubernetes.default.svc.${domain}`;
}

/** Whether a host as a client writes it names the kube-apiserver Service (kubernetes.default[.svc[.<domain>]]). */
export function isKubeApiHost(host: string, domain: string): boolean {
  const h = host.replace(/\.$/, '');
  return h === 'kubernetes.default' || h === 'kubernetes.default.svc' || h === kubeApiHost(domain);
}
