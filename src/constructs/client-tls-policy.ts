import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { hostProblem } from '../engine/host-validation';
import { DEFAULT_CLUSTER_DOMAIN, REASON_ANNOTATION } from '../engine/vocabulary';
import { apiObjectOf, checkExclusive, namespaceOf, servicePorts } from './_kube-objects';
import { checkEnum, checkLabels, checkName, checkPort, checkStringArray, checkStringMap, checkType, destinationRule, metadata } from './_emit';
import { markOwner, registerSynthCheck } from './_synth-check';
import { ClientTls, TlsMode } from './client-tls';
import { ApiFlavor } from './mtls-mode';
import { IstioMtls } from './istio-mtls';

/** A subset of a host's endpoints with its own TLS. */
export interface SubsetTls {
  /** Subset name (a DNS-1123 label). */
  readonly name: string;
  /** Pod labels of the subset (Kubernetes label keys, as for ServiceMtls `matchLabels`). */
  readonly labels: { [key: string]: string };
  /**
   * TLS toward the subset.
   *
   * @default - the host's TLS
   */
  readonly tls?: ClientTls;
}

/** TLS for one port of a host. */
export interface PortTls {
  /** The Service port. */
  readonly port: number;
  /** TLS on that port. */
  readonly tls: ClientTls;
  /**
   * Why this port's TLS is disabled; added to the reason annotation as `port <port>: <reason>`.
   *
   * @default - the policy's `reason` (required with DISABLE when the policy has none)
   */
  readonly reason?: string;
}

/** Props for {@link ClientTlsPolicy}. */
export interface ClientTlsPolicyProps {
  /**
   * The Service the rule is for: a Service from any cdk8s-plus version, an imports/ class or an ApiObject.
   *
   * Replaces `host`, which becomes `<name>.<namespace>.svc.<clusterDomain>` from the Service's object (its namespace,
   * else its chart's, else `default`; the app's cluster domain). Port-level settings must then name ports the Service
   * exposes, checked at synth time (IMT9005). Giving it with `host` is an error (IMT9001), so is a construct of
   * another kind (IMT9003).
   *
   * @default - none: pass `host` instead
   */
  readonly service?: IConstruct;
  /**
   * The host: a Service FQDN (`reviews.default.svc.cluster.local`) or a wildcard such as `*.local`.
   *
   * @default - required unless `service` is given (IMT9002), which gives the host
   */
  readonly host?: string;
  /**
   * Namespace of the DestinationRule.
   *
   * @default - no namespace (the chart's)
   */
  readonly namespace?: string;
  /**
   * TLS the client sidecars send to the host.
   *
   * Setting it turns auto mTLS off for this host; ISTIO_MUTUAL keeps mTLS, DISABLE sends plaintext.
   *
   * The legacy API (Istio <= 1.5) has no auto mTLS: a rule without `tls` replaces the mesh-wide `*.local`
   * ISTIO_MUTUAL rule for its host and makes clients send plaintext, which is why the Istio 1.4 docs ask every
   * specific rule to repeat `ISTIO_MUTUAL`. The legacy flavour does that by default.
   *
   * @default - ApiFlavor.LEGACY: ClientTls.istioMutual(); otherwise no `tls` block, so auto mTLS decides
   */
  readonly tls?: ClientTls;
  /**
   * Per-port TLS.
   *
   * @default - none
   */
  readonly portSettings?: PortTls[];
  /**
   * Subsets with their own TLS.
   *
   * @default - none
   */
  readonly subsets?: SubsetTls[];
  /**
   * Namespaces the rule is visible to (`.` = its own, `*` = all).
   *
   * @default - all namespaces
   */
  readonly exportTo?: string[];
  /**
   * Why TLS is disabled. Required when any TLS here is DISABLE.
   *
   * @default - none
   */
  readonly reason?: string;
  /**
   * Name of the DestinationRule.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Which Istio API to emit.
   *
   * @default - the app's setting, else ApiFlavor.MODERN
   */
  readonly flavor?: ApiFlavor;
}

/**
 * Client-side TLS for a host: a DestinationRule whose TLS comes from {@link ClientTls} factories, with subsets
 * and port-level settings.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export class ClientTlsPolicy extends Construct {
  /** The generated DestinationRule. */
  public readonly destinationRule: ApiObject;
  /** The host. */
  public readonly host: string;
  /** The Service the rule was built from, when `service` was given. */
  public readonly service?: IConstruct;
  private readonly serviceObject?: ApiObject;
  private readonly ports = new Map<number, ClientTls>();
  private readonly subsets: SubsetTls[] = [];
  private reason?: string;
  private readonly tls?: ClientTls;

  public constructor(scope: Construct, id: string, props: ClientTlsPolicyProps) {
    super(scope, id);
    markOwner(this);
    registerSynthCheck(this);
    for (const k of ['host', 'namespace', 'reason', 'name'] as const) checkType(this, k, props[k], 'string');
    checkEnum(this, 'flavor', props.flavor, 'ApiFlavor', ApiFlavor as unknown as Record<string, string>);
    checkStringArray(this, 'exportTo', props.exportTo);
    this.checkTls('tls', props.tls);
    checkExclusive(this, 'ClientTlsPolicy', 'service', props.service, { host: props.host }, true);
    if (props.service !== undefined) {
      const svc = apiObjectOf(this, 'ClientTlsPolicy', 'service', props.service, ['Service']);
      this.host = `${svc.name}.${namespaceOf(svc)}.svc.${IstioMtls.settingsOf(this).clusterDomain ?? DEFAULT_CLUSTER_DOMAIN}`;
      this.service = props.service;
      this.serviceObject = svc;
    } else {
      const problem = hostProblem(props.host!);
      if (problem) throw new Error(`[${this.node.path}] 'host': ${problem}; use a Service FQDN or a leading wildcard such as '*.local'`);
      this.host = props.host!;
    }
    if (props.namespace !== undefined) checkName(this, 'namespace', props.namespace, true);
    const name = props.name ?? id;
    checkName(this, 'name', name);
    this.reason = props.reason;
    const flavor = IstioMtls._flavor(this, props.flavor);
    this.tls = props.tls ?? (flavor === ApiFlavor.LEGACY ? ClientTls.istioMutual() : undefined);
    if (props.tls) this.requireReasonFor(props.tls, 'tls');
    const exportTo = props.exportTo ? [...props.exportTo] : undefined;
    this.destinationRule = destinationRule(this, 'Resource', flavor, metadata(name, props.namespace, props.reason), () => this.render(exportTo));
    for (const p of props.portSettings ?? []) this.addPortTls(p.port, p.tls, p.reason);
    for (const s of props.subsets ?? []) this.addSubset(s);
  }

  /** Throws unless `tls` is undefined or made by a ClientTls factory (JavaScript callers may pass anything). */
  private checkTls(what: string, tls: unknown): void {
    if (tls === undefined || (typeof tls === 'object' && tls !== null && typeof (tls as ClientTls)._toKube === 'function')) return;
    throw new Error(`[${this.node.path}] '${what}' must be a ClientTls (ClientTls.istioMutual(), .disable(), .simple({...}) or .mutual({...})) (got ${JSON.stringify(tls) ?? String(tls)}); fix: build it with a ClientTls factory`);
  }

  private requireReasonFor(tls: ClientTls, what: string, reason: string | undefined = this.reason): void {
    if (tls.mode === TlsMode.DISABLE && (!reason || reason.trim() === '')) {
      throw new Error(`[${this.node.path}] '${what}' is DISABLE, which sends plaintext: pass 'reason' (e.g. 'httpbin.test3 has no sidecar')`);
    }
  }

  /**
   * Sets the TLS of one Service port (`portLevelSettings`).
   *
   * @param port the Service port (1..65535)
   * @param tls the TLS clients send on that port
   * @param reason why the port's TLS is disabled; required for DISABLE unless the policy has a `reason`. It is added
   * to the reason annotation as `port <port>: <reason>`.
   */
  public addPortTls(port: number, tls: ClientTls, reason?: string): void {
    checkType(this, 'port', port, 'number');
    this.checkTls('tls', tls);
    if (tls === undefined) throw new Error(`[${this.node.path}] 'tls' of port ${port} is required; fix: pass a ClientTls`);
    checkType(this, 'reason', reason, 'string');
    checkPort(this, 'port', port);
    this.requireReasonFor(tls, `TLS of port ${port}`, reason ?? this.reason);
    if (this.ports.has(port)) throw new Error(`[${this.node.path}] port ${port} already has TLS ${this.ports.get(port)!.mode}; set each port once`);
    if (reason && tls.mode === TlsMode.DISABLE) {
      const all = [this.reason, `port ${port}: ${reason}`].filter((x): x is string => !!x);
      this.reason = all.join('; ');
      this.destinationRule.metadata.addAnnotation(REASON_ANNOTATION, this.reason);
    }
    this.ports.set(port, tls);
  }

  /** Adds a subset with optional TLS of its own. */
  public addSubset(subset: SubsetTls): void {
    checkType(this, 'subset name', subset.name, 'string');
    checkStringMap(this, `subsets[${subset.name}].labels`, subset.labels);
    this.checkTls(`subsets[${subset.name}].tls`, subset.tls);
    checkName(this, 'subset name', subset.name, true);
    if (this.subsets.some((s) => s.name === subset.name)) throw new Error(`[${this.node.path}] subset ${JSON.stringify(subset.name)} is defined twice; subset names must be unique`);
    checkLabels(this, `subsets[${subset.name}].labels`, subset.labels);
    if (subset.tls) this.requireReasonFor(subset.tls, `TLS of subset ${subset.name}`);
    this.subsets.push({ name: subset.name, labels: { ...subset.labels }, tls: subset.tls });
  }

  /** The TLS a client sends on a port (port-level, else host-level; undefined = auto mTLS). */
  public tlsFor(port?: number): ClientTls | undefined {
    return (port !== undefined ? this.ports.get(port) : undefined) ?? this.tls;
  }

  private render(exportTo: string[] | undefined): Record<string, unknown> {
    if (this.serviceObject && this.ports.size > 0) {
      // Read at synth time: cdk8s-plus Services get their ports from exposeViaService()/bind() after construction.
      const exposed = servicePorts(this.serviceObject);
      const missing = [...this.ports.keys()].filter((p) => !exposed.includes(p)).sort((a, b) => a - b);
      if (missing.length > 0) {
        throw new Error(`[${this.node.path}] IMT9005 ClientTlsPolicy: port-level TLS for port(s) ${missing.join(', ')}, which Service ${namespaceOf(this.serviceObject)}/${this.serviceObject.name} does not expose (its ports: ${exposed.join(', ') || 'none'}), so the setting would never apply; fix: use the Service port (not the container port), or add the port to the Service`);
      }
    }
    const spec: Record<string, unknown> = { host: this.host };
    const tp: Record<string, unknown> = {};
    if (this.tls) tp.tls = this.tls._toKube();
    if (this.ports.size > 0) {
      tp.portLevelSettings = [...this.ports].sort((a, b) => a[0] - b[0]).map(([port, tls]) => ({ port: { number: port }, tls: tls._toKube() }));
    }
    if (Object.keys(tp).length > 0) spec.trafficPolicy = tp;
    if (this.subsets.length > 0) {
      spec.subsets = this.subsets.map((s) => ({ name: s.name, labels: s.labels, ...(s.tls ? { trafficPolicy: { tls: s.tls._toKube() } } : {}) }));
    }
    if (exportTo) spec.exportTo = exportTo;
    return spec;
  }
}
