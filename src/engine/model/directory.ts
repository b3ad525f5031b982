/**
 * Finds the Service behind a host as a client writes it: `name` (read in the client's namespace), `name.namespace`,
 * `name.namespace.svc` and the FQDN (Kubernetes DNS: a pod's search path is `<ns>.svc.<domain>`, `svc.<domain>`,
 * `<domain>`).
 * @internal
 */
import { ServiceModel } from './records';
import { resolveHost } from './hosts';

export class ServiceDirectory {
  constructor(
    private readonly byHost: ReadonlyMap<string, ServiceModel>,
    private readonly byName: ReadonlyMap<string, ReadonlyMap<string, ServiceModel>>,
    private readonly domain: string,
  ) {}

  /** The Service behind `host` as written by a client in `clientNs` (the first Service of a name wins). */
  public lookup(host: string, clientNs: string): ServiceModel | undefined {
    const parts = host.split('.');
    if (parts.length === 1) return this.named(clientNs, host);
    if (parts.length === 2) return this.named(parts[1], parts[0]);
    const direct = this.byHost.get(resolveHost(host, clientNs, this.domain));
    if (direct) return direct;
    return parts.length === 3 && parts[2] === 'svc' ? this.named(parts[1], parts[0]) : undefined;
  }

  private named(ns: string, name: string): ServiceModel | undefined {
    return this.byName.get(ns)?.get(name);
  }
}
