import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CALLS_ANNOTATION } from '../engine/vocabulary';
import { registerSynthCheck } from './_synth-check';

/**
 * Declares which services a workload calls, so the engine checks those calls (an error if one would fail)
 * instead of assuming any workload may call any service (warnings).
 *
 * The declaration is the workload annotation `istio-mtls.cdk8s.io/calls: "host[:port],..."`, the same format the
 * CLI and the cdk8s plugin read from raw YAML.
 */
export class Calls {
  /**
   * Declares that `workload` calls `host` (a Service name as the workload would write it — `httpbin`,
   * `httpbin.test1` or a FQDN — or an external host), optionally on one port.
   *
   * @param workload a construct whose default child is the workload ApiObject (e.g. a cdk8s-plus Deployment) or an ApiObject
   * @param host the host called
   * @param port the Service port called; all ports when omitted
   */
  public static declare(workload: IConstruct, host: string, port?: number): void {
    if (!host || /[\s,]/.test(host)) throw new Error(`[${workload.node.path}] Calls.declare: host ${JSON.stringify(host)} must be a non-empty name without spaces or commas`);
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error(`[${workload.node.path}] Calls.declare: port ${port} must be 1..65535`);
    const obj = ApiObject.of(workload);
    registerSynthCheck(obj);
    const entry = port !== undefined ? `${host}:${port}` : host;
    const existing = Calls.of(workload);
    if (existing.includes(entry)) return;
    obj.metadata.addAnnotation(CALLS_ANNOTATION, [...existing, entry].join(','));
  }

  /** The calls declared on a workload. */
  public static of(workload: IConstruct): string[] {
    const v: string | undefined = ApiObject.of(workload).metadata.toJson().annotations?.[CALLS_ANNOTATION];
    return v ? v.split(',').filter((x: string) => x !== '') : [];
  }

  private constructor() {}
}
