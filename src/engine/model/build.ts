/**
 * Builds the mesh model: one pass over the input with one reader per kind (readers.ts), then the workloads' sidecar
 * presence and declared calls (they need every Namespace and Service), then the indexes (indexes.ts). The model is
 * not changed after this.
 * @internal
 */
import { DEFAULT_CLUSTER_DOMAIN, DEFAULT_ISTIO_VERSION, DEFAULT_ROOT_NAMESPACE, istioMinorVersion, modelKindOf } from '../vocabulary';
import { AnalyzeOptions, K8sObject, ResolvedOptions } from '../types';
import { isObject } from '../values';
import { Located, MeshModel } from './records';
import { ServiceDirectory } from './directory';
import { buildIndexes, serviceIndexes } from './indexes';
import { ModelParts, READERS } from './readers';
import { declaredCalls, settleDataplane } from './workloads';

/** The identity of an object as far as it has one (empty strings for a missing apiVersion, kind or name). */
export function refOf(obj: K8sObject): Located['ref'] {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  return {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    namespace: typeof md.namespace === 'string' && md.namespace !== '' ? md.namespace : undefined,
    name: typeof md.name === 'string' ? md.name : '',
  };
}

/** Options for {@link buildModel}: the engine options, with `autoMtls` left to the input when not given. */
export interface BuildOptions {
  readonly rootNamespace: string;
  readonly autoMtls?: boolean;
  readonly clusterDomain: string;
  readonly migration: boolean;
  readonly sidecarHbone?: boolean;
  readonly sidecarsSendHbone?: boolean;
  /** @default DEFAULT_ISTIO_VERSION */
  readonly istioVersion?: string;
}

/** Builds the mesh model. Never throws on malformed objects: what cannot be read is left out. */
export function buildModel(input: readonly K8sObject[], opts: BuildOptions): MeshModel {
  const parts: ModelParts = {
    namespaces: new Map(), peerPolicies: [], destinationRules: [], workloads: [], services: [], serviceEntries: [],
    webhooks: [], authorizationPolicies: [], waypoints: [], virtualServices: [], hasLegacy: false,
  };
  const objects: Located[] = [];
  for (let index = 0; index < input.length; index++) {
    const obj = input[index];
    if (!isObject(obj)) continue;
    const ref = refOf(obj);
    const kind = modelKindOf(ref.apiVersion, ref.kind);
    const record = kind && READERS[kind]({
      obj, ref, index, namespace: ref.namespace ?? 'default', spec: isObject(obj.spec) ? obj.spec : {},
      rootNamespace: opts.rootNamespace, clusterDomain: opts.clusterDomain,
    }, parts);
    objects.push(record ?? { ref, obj, index });
  }

  const services = serviceIndexes(parts.services, parts.serviceEntries);
  const directory = new ServiceDirectory(services.servicesByHost, services.servicesByName, opts.clusterDomain);
  const targets = { clusterDomain: opts.clusterDomain, lookup: (host: string, ns: string) => directory.lookup(host, ns), externalHosts: services.externalHosts };
  for (const w of parts.workloads) {
    settleDataplane(w, parts.namespaces.get(w.namespace), opts.sidecarHbone ?? false);
    w.calls = declaredCalls(w.callsValue, w.namespace, targets);
  }

  const options: ResolvedOptions = {
    rootNamespace: opts.rootNamespace,
    clusterDomain: opts.clusterDomain,
    migration: opts.migration,
    autoMtls: opts.autoMtls ?? !parts.hasLegacy,
    sidecarHbone: opts.sidecarHbone ?? false,
    sidecarsSendHbone: opts.sidecarsSendHbone ?? true,
    istioVersion: opts.istioVersion ?? DEFAULT_ISTIO_VERSION,
  };
  return {
    ...buildIndexes({ ...parts, clusterDomain: opts.clusterDomain }, services),
    options, objects, namespaces: parts.namespaces, peerPolicies: parts.peerPolicies, destinationRules: parts.destinationRules,
    workloads: parts.workloads, services: parts.services, serviceEntries: parts.serviceEntries, webhooks: parts.webhooks,
    authorizationPolicies: parts.authorizationPolicies, waypoints: parts.waypoints, virtualServices: parts.virtualServices, serviceDirectory: directory, hasLegacy: parts.hasLegacy,
  };
}

/** Builds the model with {@link AnalyzeOptions}' defaults filled in (one place for the defaults). */
export function modelOf(objects: readonly K8sObject[], options: AnalyzeOptions = {}): MeshModel {
  return buildModel(objects, {
    rootNamespace: options.rootNamespace ?? DEFAULT_ROOT_NAMESPACE,
    autoMtls: options.autoMtls,
    clusterDomain: options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    migration: options.migration ?? false,
    sidecarHbone: options.sidecarHbone,
    sidecarsSendHbone: options.sidecarsSendHbone,
    istioVersion: checkedIstioVersion(options.istioVersion),
  });
}

/** The istioVersion option, checked: a bad value is a programming error of the caller (the CLI checks it first). */
function checkedIstioVersion(v: string | undefined): string {
  if (v === undefined) return DEFAULT_ISTIO_VERSION;
  const p = typeof v === 'string' ? istioMinorVersion(v) : undefined;
  if (!p) throw new Error(`istioVersion must be an Istio release like '1.24' or '1.24.3' (got ${JSON.stringify(v)})`);
  return `${p.major}.${p.minor}`;
}
