/**
 * Reads the Kubernetes constructs users already have (cdk8s-plus Deployments, Services and Namespaces of any
 * cdk8s-plus version, imports/ classes, plain ApiObjects) structurally: through `ApiObject.of()` and the object's
 * synthesized JSON, never through the classes of one `cdk8s-plus-XX` package.
 *
 * Names and namespaces are fixed when an ApiObject is constructed, so they are read at once; specs (pod labels,
 * Service ports) are read at synth time, because cdk8s-plus renders them lazily (a Deployment's selector label
 * `cdk8s.io/metadata.addr`, containers and ports added after construction).
 * @internal
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** The kinds whose pods a workload selector can select, as `workload` accepts them. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];

/**
 * Throws IMT9001 when both props are given, IMT9002 when `required` and neither is.
 *
 * @param construct the construct's class name, for the message
 * @param objectProp the prop taking a construct (e.g. `workload`)
 * @param stringProps the props it replaces, with their values
 */
export function checkExclusive(scope: Construct, construct: string, objectProp: string, object: unknown, stringProps: Record<string, unknown>, required: boolean): void {
  const given = Object.keys(stringProps).filter((k) => stringProps[k] !== undefined);
  const names = Object.keys(stringProps).map((k) => `'${k}'`).join(' and ');
  if (object !== undefined && given.length > 0) {
    throw new Error(`[${scope.node.path}] IMT9001 ${construct}: '${objectProp}' and ${given.map((k) => `'${k}'`).join(' and ')} are both given, but '${objectProp}' already determines ${names}, and two sources could disagree; fix: pass either '${objectProp}' or ${names}`);
  }
  if (required && object === undefined && given.length === 0) {
    throw new Error(`[${scope.node.path}] IMT9002 ${construct}: neither '${objectProp}' nor ${names} is given; fix: pass '${objectProp}' (the construct you already have) or ${names}`);
  }
}

/**
 * The ApiObject of `x` (itself, or its default child, as cdk8s-plus constructs have), which must be of one of `kinds`;
 * throws IMT9003 otherwise.
 */
export function apiObjectOf(scope: Construct, construct: string, prop: string, x: IConstruct, kinds: readonly string[]): ApiObject {
  const path = (x as Partial<IConstruct> | undefined)?.node?.path;
  let obj: ApiObject | undefined;
  try {
    obj = path !== undefined ? ApiObject.of(x) : undefined;
  } catch {
    obj = undefined;
  }
  if (!obj || !kinds.includes(obj.kind)) {
    const what = path === undefined ? `${JSON.stringify(typeof x)}, not a construct` : obj ? `[${path}], a ${obj.kind}` : `[${path}], which has no Kubernetes object (ApiObject) as itself or its default child`;
    const wanted = kinds.length === 1 ? `a ${kinds[0]}` : `a ${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
    throw new Error(`[${scope.node.path}] IMT9003 ${construct}: '${prop}' is ${what}; fix: pass ${wanted} (a cdk8s-plus construct, an imports/ class or an ApiObject)`);
  }
  return obj;
}

/** The namespace an object lands in: its own, else its chart's, else `default` (what kubectl applies it to). */
export function namespaceOf(obj: ApiObject): string {
  return obj.metadata.namespace ?? Chart.of(obj).namespace ?? 'default';
}

function nonEmpty(labels: unknown): Record<string, string> | undefined {
  return labels && typeof labels === 'object' && Object.keys(labels).length > 0 ? { ...(labels as Record<string, string>) } : undefined;
}

/**
 * The labels that select a workload's pods, read from its synthesized object: `spec.selector.matchLabels` when present,
 * else the pod template's labels (`spec.jobTemplate.spec` for a CronJob; a Pod's own `metadata.labels`). Throws IMT9004
 * when there are none.
 */
export function podSelectorLabels(scope: Construct, construct: string, obj: ApiObject): Record<string, string> {
  const json = obj.toJson();
  let labels: Record<string, string> | undefined;
  if (obj.kind === 'Pod') {
    labels = nonEmpty(json.metadata?.labels);
  } else {
    const spec = obj.kind === 'CronJob' ? json.spec?.jobTemplate?.spec : json.spec;
    labels = nonEmpty(spec?.selector?.matchLabels) ?? nonEmpty(spec?.template?.metadata?.labels);
  }
  if (!labels) {
    const where = obj.kind === 'Pod' ? 'metadata.labels' : 'spec.selector.matchLabels nor the pod template labels';
    throw new Error(`[${scope.node.path}] IMT9004 ${construct}: 'workload' ${obj.kind} ${namespaceOf(obj)}/${obj.name} has no ${where}, so no selector can pick its pods (an empty one would make the policy namespace-wide); fix: label the workload's pods, e.g. podMetadata.addLabel('app', '${obj.name}')`);
  }
  return labels;
}

/** The ports of a Service (`spec.ports[].port`), read from its synthesized object. */
export function servicePorts(obj: ApiObject): number[] {
  const ports = obj.toJson().spec?.ports;
  return Array.isArray(ports) ? ports.map((p: { port?: unknown }) => p.port).filter((p): p is number => typeof p === 'number') : [];
}
