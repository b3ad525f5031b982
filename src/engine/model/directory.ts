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
    const first = host.indexOf('.');
    if (first < 0) return this.named(clientNs, host);
    const second = host.indexOf('.', first + 1);
    if (second < 0) return this.named(host.slice(first + 1), host.slice(0, first));
    const direct = this.byHost.get(resolveHost(host, clientNs, this.domain));
    if (direct) return direct;
    // name.namespace.svc
    return host.slice(second + 1) === 'svc' ? this.named(host.slice(first + 1, second), host.slice(0, first)) : undefined;
  }

  private named(ns: string, name: string): ServiceModel | undefined {
    return this.byName.get(ns)?.get(name);
  }
}
