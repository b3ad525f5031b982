/**
 * The answers the resolver gives: the server mode in force for a workload and port, the TLS a sidecar client sends,
 * and the endpoints behind a Service port.
 * @internal
 */
import { ClientTls, Dataplane, DestinationRuleModel, PeerPolicy, Workload } from '../model';

export type EffectiveServerMode = 'DISABLE' | 'PERMISSIVE' | 'STRICT';

export interface ServerResolution {
  readonly mode: EffectiveServerMode;
  /** The policy that decided the mode (undefined: Istio's default PERMISSIVE). */
  readonly policy?: PeerPolicy;
  /** Whether the decision came from a port-level setting. */
  readonly portLevel: boolean;
}

export interface ClientResolution {
  /** What the client sidecar sends. AUTO = auto mTLS (mTLS to sidecars, plaintext otherwise). */
  readonly mode: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL' | 'AUTO';
  /** Whether a DestinationRule set tls explicitly. */
  readonly explicit: boolean;
  readonly dr?: DestinationRuleModel;
  /** The tls block that decided, with its field path inside the DR. */
  readonly tls?: ClientTls;
  readonly field?: string;
}

/** A server endpoint behind a service port. */
export interface Endpoint {
  readonly workload: Workload;
  readonly containerPort: number;
  /**
   * What serves this port: the workload's dataplane, except `none` for a sidecar port excluded from inbound capture
   * (`traffic.sidecar.istio.io/excludeInboundPorts`), where the app answers in plaintext.
   */
  readonly dataplane: Dataplane;
  /** true: sidecar intercepts this port; false: no sidecar (ambient, or a plaintext app); undefined: unknown. */
  readonly sidecar: boolean | undefined;
  /** Whether the endpoint takes HBONE (ambient, or an HBONE-capable sidecar). */
  readonly hbone: boolean;
  /** The server mode in force for this workload and container port, reached through this service port. */
  readonly server: ServerResolution;
}
