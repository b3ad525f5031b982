import { Construct } from 'constructs';
import { checkPort } from './_emit';
import { ClientTls } from './client-tls';
import { ClientTlsPolicy } from './client-tls-policy';
import { MtlsMode } from './mtls-mode';
import { ServiceMtls } from './service-mtls';

/** Props for {@link PortTlsOverride}. */
export interface PortTlsOverrideProps {
  /**
   * The port. On the server side it is the container (target) port in the modern API and the Service port in the
   * legacy API; on the client side it is the Service port.
   */
  readonly port: number;
  /**
   * The workload policy whose port mode changes. Port-level mTLS needs a workload selector, so only a
   * {@link ServiceMtls} can carry one.
   *
   * @default - no server-side change
   */
  readonly serviceMtls?: ServiceMtls;
  /**
   * The server-side mode on this port. Requires `serviceMtls`.
   *
   * @default - no server-side change
   */
  readonly serverMode?: MtlsMode;
  /**
   * The DestinationRule whose port setting changes. Requires `clientTls`.
   *
   * @default - no client-side change
   */
  readonly clientTlsPolicy?: ClientTlsPolicy;
  /**
   * The TLS clients send on this port. Requires `clientTlsPolicy`.
   *
   * @default - no client-side change
   */
  readonly clientTls?: ClientTls;
  /**
   * Why the port is relaxed. Required for DISABLE (server or client side) unless the ServiceMtls or ClientTlsPolicy
   * has a `reason` of its own; added to their reason annotation.
   *
   * @default - none
   */
  readonly reason?: string;
}

/**
 * One port's TLS, on the server side (PeerAuthentication `portLevelMtls`) and/or the client side (DestinationRule
 * `portLevelSettings`) — e.g. the seed's productpage: DISABLE by default, ISTIO_MUTUAL on 9080.
 */
export class PortTlsOverride extends Construct {
  /** The port. */
  public readonly port: number;

  public constructor(scope: Construct, id: string, props: PortTlsOverrideProps) {
    super(scope, id);
    checkPort(this, 'port', props.port);
    this.port = props.port;
    const server = props.serviceMtls !== undefined || props.serverMode !== undefined;
    const client = props.clientTlsPolicy !== undefined || props.clientTls !== undefined;
    if (!server && !client) throw new Error(`[${this.node.path}] nothing to override: pass 'serviceMtls' + 'serverMode' and/or 'clientTlsPolicy' + 'clientTls'`);
    if (server) {
      if (!props.serviceMtls || props.serverMode === undefined) {
        throw new Error(`[${this.node.path}] a server-side port override needs both 'serviceMtls' (port-level mTLS only works on a workload-specific policy) and 'serverMode'`);
      }
      props.serviceMtls.addPortMode(props.port, props.serverMode, props.reason);
    }
    if (client) {
      if (!props.clientTlsPolicy || !props.clientTls) throw new Error(`[${this.node.path}] a client-side port override needs both 'clientTlsPolicy' and 'clientTls'`);
      props.clientTlsPolicy.addPortTls(props.port, props.clientTls, props.reason);
    }
  }
}
