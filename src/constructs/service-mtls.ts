import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { REASON_ANNOTATION } from '../engine/vocabulary';
import { checkEnum, checkLabels, checkName, checkPort, checkStringMap, checkType, legacyPeers, legacyPolicy, metadata, peerAuthentication, requireReason } from './_emit';
import { WORKLOAD_KINDS, apiObjectOf, checkExclusive, namespaceOf, podSelectorLabels } from './_kube-objects';
import { markOwner, registerSynthCheck } from './_synth-check';
import { ApiFlavor, MtlsMode } from './mtls-mode';
import { IstioMtls } from './istio-mtls';

/** Props for {@link ServiceMtls}. */
export interface ServiceMtlsProps {
  /**
   * The workload whose pods the policy covers: a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod,
   * from any cdk8s-plus version, an imports/ class or an ApiObject.
   *
   * Replaces `namespace` and `matchLabels`, which are read from the workload's object: its namespace (else its chart's,
   * else `default`) at once, and at synth time the labels that select its pods (`spec.selector.matchLabels`, else the
   * pod template's labels; a Pod's own labels), so labels cdk8s-plus adds while synthesizing count. Giving it with
   * `namespace` or `matchLabels` is an error (IMT9001), so is a construct of another kind (IMT9003).
   *
   * @default - none: pass `namespace` (and `matchLabels` for the modern flavours) instead
   */
  readonly workload?: IConstruct;
  /**
   * Namespace of the workload.
   *
   * @default - required unless `workload` is given (IMT9002), which gives the namespace
   */
  readonly namespace?: string;
  /**
   * Pod labels of the workload (modern API: `selector.matchLabels`).
   *
   * Keys are Kubernetes label keys (an optional DNS subdomain prefix and '/', then a name of at most 63 letters,
   * digits, '-', '_' and '.'); a key no pod can carry would select nothing. `constructor` is a valid key that cdk8s
   * cannot render, so it is refused too.
   *
   * @default - required for the modern flavours unless `workload` is given (IMT9002); ignored by the legacy API,
   * which targets `serviceName`
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * The Kubernetes Service the policy targets (legacy API: `targets[].name`).
   *
   * @default - required for ApiFlavor.LEGACY
   */
  readonly serviceName?: string;
  /**
   * What the workload's sidecar accepts on all its ports.
   *
   * @default MtlsMode.STRICT
   */
  readonly mode?: MtlsMode;
  /**
   * Why mTLS is turned off or relaxed. Required when `mode` (or a port) is DISABLE; recommended for PERMISSIVE.
   *
   * @default - none (not allowed with DISABLE)
   */
  readonly reason?: string;
  /**
   * Name of the generated object.
   *
   * Not `default`: that is the namespace-wide policy (NamespaceMtls), and two objects with one name replace each
   * other. In the legacy flavour each port mode adds a Policy named `<name>-<port>`, which must fit in 253 characters.
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
 * Mutual TLS for one workload or service: a PeerAuthentication with a selector (legacy: a Policy with
 * `targets: [{name}]`). Port-level modes are added with {@link addPortMode} or {@link PortTlsOverride}.
 *
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export class ServiceMtls extends Construct {
  /** The generated policy. */
  public readonly policy: ApiObject;
  /** The workload's namespace. */
  public readonly namespace: string;
  /** The mode on all ports not overridden. */
  public readonly mode: MtlsMode;
  /** The API flavour used. */
  public readonly flavor: ApiFlavor;
  /** The pod labels selected (modern API), as given; undefined when built from `workload` (read at synth time). */
  public readonly matchLabels?: { [key: string]: string };
  /** The workload the policy was built from, when `workload` was given. */
  public readonly workload?: IConstruct;
  /** The Service targeted (legacy API). */
  public readonly serviceName?: string;
  private readonly portModes = new Map<number, MtlsMode>();
  private readonly legacyPorts: ApiObject[] = [];
  private readonly name: string;

  public constructor(scope: Construct, id: string, props: ServiceMtlsProps) {
    super(scope, id);
    markOwner(this);
    registerSynthCheck(this);
    // The boundary for JavaScript callers, who have no type checker: wrong types get a message, not a TypeError.
    for (const k of ['namespace', 'serviceName', 'reason', 'name'] as const) checkType(this, k, props[k], 'string');
    checkStringMap(this, 'matchLabels', props.matchLabels);
    checkEnum(this, 'mode', props.mode, 'MtlsMode', MtlsMode as unknown as Record<string, string>);
    checkEnum(this, 'flavor', props.flavor, 'ApiFlavor', ApiFlavor as unknown as Record<string, string>);
    this.flavor = IstioMtls._flavor(this, props.flavor);
    checkExclusive(this, 'ServiceMtls', 'workload', props.workload, { namespace: props.namespace, matchLabels: props.matchLabels }, true);
    const workload = props.workload !== undefined ? apiObjectOf(this, 'ServiceMtls', 'workload', props.workload, WORKLOAD_KINDS) : undefined;
    if (!workload && props.namespace === undefined) {
      throw new Error(`[${this.node.path}] IMT9002 ServiceMtls: 'matchLabels' is given without 'namespace'; fix: pass the workload's 'namespace', or pass 'workload' instead of both`);
    }
    if (!workload && !props.matchLabels && this.flavor !== ApiFlavor.LEGACY) {
      throw new Error(`[${this.node.path}] IMT9002 ServiceMtls: the ${this.flavor} API selects workloads by pod labels, and neither 'workload' nor 'matchLabels' is given; fix: pass 'workload' (e.g. the Deployment) or 'matchLabels' (e.g. { app: '${props.serviceName ?? 'httpbin'}' })`);
    }
    const namespace = workload ? namespaceOf(workload) : props.namespace!;
    checkName(this, 'namespace', namespace, true);
    this.namespace = namespace;
    this.workload = props.workload;
    this.mode = props.mode ?? MtlsMode.STRICT;
    this.name = props.name ?? id;
    checkName(this, 'name', this.name);
    requireReason(this, this.mode, props.reason);
    if (this.name === 'default' && this.flavor !== ApiFlavor.LEGACY) {
      throw new Error(`[${this.node.path}] a workload policy must not be named 'default': that is the name of the namespace-wide policy of '${namespace}' (NamespaceMtls emits PeerAuthentication ${namespace}/default), and kubectl apply would keep only one of the two; pass another 'name'`);
    }
    this.reason = props.reason;
    if (namespace === IstioMtls._rootNamespace(this)) {
      throw new Error(`[${this.node.path}] 'namespace' is the root namespace '${namespace}': Istio ignores workload policies there; put the policy in the workload's namespace`);
    }
    const md = metadata(this.name, namespace, props.reason);
    if (this.flavor === ApiFlavor.LEGACY) {
      if (!props.serviceName) throw new Error(`[${this.node.path}] the legacy API targets Services by name: pass 'serviceName'`);
      checkName(this, 'serviceName', props.serviceName, true);
      if (this.mode === MtlsMode.UNSET) throw new Error(`[${this.node.path}] 'mode' UNSET does not exist in the legacy API; use STRICT, PERMISSIVE or DISABLE`);
      if (this.name === 'default') throw new Error(`[${this.node.path}] a legacy Policy with targets must not be named 'default' (Istio: "authentication policy with name \\"default\\" must not have any target rules"); pass another 'name'`);
      this.serviceName = props.serviceName;
      this.policy = legacyPolicy(this, 'Resource', md, () => ({ targets: [{ name: props.serviceName }], ...legacyPeers(this.mode) }));
    } else {
      let labels: () => Record<string, string>;
      if (workload) {
        // Read at synth time: cdk8s-plus adds the selector label (cdk8s.io/metadata.addr) while synthesizing.
        labels = () => {
          const l = podSelectorLabels(this, 'ServiceMtls', workload);
          checkLabels(this, `labels of 'workload' ${workload.kind} ${namespace}/${workload.name}`, l);
          return l;
        };
      } else {
        const given = props.matchLabels!;
        checkLabels(this, 'matchLabels', given);
        this.matchLabels = { ...given };
        labels = () => ({ ...given });
      }
      this.policy = peerAuthentication(this, this.flavor, md, () => {
        const spec: Record<string, unknown> = { selector: { matchLabels: labels() }, mtls: { mode: this.mode } };
        if (this.portModes.size > 0) {
          const plm: Record<string, unknown> = {};
          for (const [p, m] of [...this.portModes].sort((a, b) => a[0] - b[0])) plm[String(p)] = { mode: m };
          spec.portLevelMtls = plm;
        }
        return spec;
      });
    }
  }

  private reason?: string;

  /**
   * Sets the mode of one port.
   *
   * Modern API: `portLevelMtls[port]`, where `port` is the **container (target) port**, not the Service port.
   * Legacy API: an extra Policy targeting `serviceName` on that **Service port** (the legacy API has no port-level
   * modes inside one policy).
   *
   * @param port the port (1..65535)
   * @param mode the mode on that port
   * @param reason required when `mode` is DISABLE
   */
  public addPortMode(port: number, mode: MtlsMode, reason?: string): void {
    checkType(this, 'port', port, 'number');
    checkEnum(this, 'mode', mode, 'MtlsMode', MtlsMode as unknown as Record<string, string>);
    checkType(this, 'reason', reason, 'string');
    checkPort(this, 'port', port);
    requireReason(this, mode, reason ?? this.reason, `mode of port ${port}`);
    if (this.portModes.has(port)) throw new Error(`[${this.node.path}] port ${port} already has a mode (${this.portModes.get(port)}); set each port once`);
    if (this.flavor === ApiFlavor.LEGACY) {
      if (mode === MtlsMode.UNSET) throw new Error(`[${this.node.path}] 'mode' UNSET does not exist in the legacy API`);
      const name = `${this.name}-${port}`;
      if (name.length > 253) {
        throw new Error(`[${this.node.path}] the legacy API sets port ${port}'s mode with an extra Policy named '<name>-<port>', which would be ${name.length} characters, over Kubernetes' 253; pass a 'name' of at most ${252 - String(port).length} characters`);
      }
      // A DISABLE port without its own reason inherits the policy's (requireReason above), and records it here: the port
      // Policy is an object of its own, read without the service-wide one.
      const md = metadata(name, this.namespace, reason ?? (mode === MtlsMode.DISABLE ? this.reason : undefined));
      this.legacyPorts.push(legacyPolicy(this, `Port${port}`, md, () => ({ targets: [{ name: this.serviceName, ports: [{ number: port }] }], ...legacyPeers(mode) })));
    } else if (reason && mode === MtlsMode.DISABLE) {
      const all = [this.reason, `port ${port}: ${reason}`].filter((x): x is string => !!x);
      this.policy.metadata.addAnnotation(REASON_ANNOTATION, all.join('; '));
      this.reason = all.join('; ');
    }
    this.portModes.set(port, mode);
  }

  /** The mode of a port (the port's own, else the workload's). */
  public modeOf(port: number): MtlsMode {
    return this.portModes.get(port) ?? this.mode;
  }
}
