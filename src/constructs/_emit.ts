/**
 * Builds Istio objects with the classes `cdk8s import` generated in imports/ (never hand-written types), for each
 * API flavour. One code path for every construct.
 * @internal
 */
import { ApiObject, ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { MeshPolicy, Policy } from '../../imports/authentication.istio.io';
import { DestinationRule, DestinationRuleV1Alpha3, DestinationRuleV1Beta1 } from '../../imports/networking.istio.io';
import { PeerAuthentication, PeerAuthenticationV1Beta1 } from '../../imports/security.istio.io';
import { REASON_ANNOTATION } from '../engine/vocabulary';
import { meshScopeOf } from './_mesh-scope';
import { ApiFlavor, MtlsMode } from './mtls-mode';

export function metadata(name: string, namespace: string | undefined, reason: string | undefined): ApiObjectMetadata {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(reason ? { annotations: { [REASON_ANNOTATION]: reason } } : {}),
  };
}

/** Object identities (group/kind/namespace/name) emitted per mesh scope, with the path of the construct emitting each. */
const CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `scope` emits an object; throws when another construct of the same mesh scope (the objects analyzed
 * and applied together) already emits one with the same API group, kind, namespace and name, which `kubectl apply`
 * would merge into one object.
 */
function claim(scope: Construct, group: string, kind: string, md: ApiObjectMetadata): void {
  const mesh = meshScopeOf(scope);
  let claims = CLAIMS.get(mesh);
  if (!claims) { claims = new Map(); CLAIMS.set(mesh, claims); }
  const ns = md.namespace ?? (kind === 'MeshPolicy' ? undefined : Chart.of(scope).namespace);
  const id = `${kind} ${ns ? `${ns}/` : ''}${md.name}`;
  const key = `${group}/${id}`;
  const other = claims.get(key);
  if (other !== undefined) {
    throw new Error(`[${scope.node.path}] ${id} is already emitted by [${other}]: Kubernetes keeps one object per kind, namespace and name, so kubectl apply would keep only one of them; give one of them another 'name'`);
  }
  claims.set(key, scope.node.path);
}

/** Modern PeerAuthentication (v1 or v1beta1), spec rendered lazily. */
export function peerAuthentication(scope: Construct, flavor: ApiFlavor, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
  claim(scope, 'security.istio.io', 'PeerAuthentication', md);
  const props = { metadata: md, spec: Lazy.any({ produce: spec }) };
  return flavor === ApiFlavor.V1BETA1 ? new PeerAuthenticationV1Beta1(scope, 'Resource', props) : new PeerAuthentication(scope, 'Resource', props);
}

/** Legacy peers block for a mode: STRICT = mtls {}, PERMISSIVE = mtls {mode: PERMISSIVE}, DISABLE = no peers. */
export function legacyPeers(mode: MtlsMode): Record<string, unknown> {
  if (mode === MtlsMode.STRICT) return { peers: [{ mtls: {} }] };
  if (mode === MtlsMode.PERMISSIVE) return { peers: [{ mtls: { mode: 'PERMISSIVE' } }] };
  return {};
}

export function legacyMeshPolicy(scope: Construct, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
  claim(scope, 'authentication.istio.io', 'MeshPolicy', md);
  return new MeshPolicy(scope, 'Resource', { metadata: md, spec: Lazy.any({ produce: spec }) });
}

export function legacyPolicy(scope: Construct, id: string, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
  claim(scope, 'authentication.istio.io', 'Policy', md);
  return new Policy(scope, id, { metadata: md, spec: Lazy.any({ produce: spec }) });
}

/** DestinationRule in the flavour's API version (v1, v1beta1, or v1alpha3 for legacy). */
export function destinationRule(scope: Construct, id: string, flavor: ApiFlavor, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
  claim(scope, 'networking.istio.io', 'DestinationRule', md);
  const props = { metadata: md, spec: Lazy.any({ produce: spec }) } as any;
  if (flavor === ApiFlavor.LEGACY) return new DestinationRuleV1Alpha3(scope, id, props);
  if (flavor === ApiFlavor.V1BETA1) return new DestinationRuleV1Beta1(scope, id, props);
  return new DestinationRule(scope, id, props);
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Throws `[path] ...` when a name or namespace is not a valid Kubernetes name. */
export function checkName(scope: Construct, what: string, value: string, label = false): void {
  const ok = (label ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(value) && value.length <= (label ? 63 : 253);
  if (!ok) {
    throw new Error(`[${scope.node.path}] '${what}' is ${JSON.stringify(value)}: it must be a DNS-1123 ${label ? 'label' : 'subdomain'} (lower-case letters, digits, '-'${label ? '' : " and '.'"}); pass a valid '${what}'`);
  }
}

/** Throws when DISABLE is asked for without a reason. */
export function requireReason(scope: Construct, mode: MtlsMode | undefined, reason: string | undefined, what = 'mode'): void {
  if (mode === MtlsMode.DISABLE && (!reason || reason.trim() === '')) {
    throw new Error(`[${scope.node.path}] '${what}' is DISABLE, which turns mutual TLS off: pass 'reason' explaining what protects this traffic instead (it is written to the ${REASON_ANNOTATION} annotation)`);
  }
}

/** Throws when a port is not 1..65535. */
export function checkPort(scope: Construct, what: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`[${scope.node.path}] '${what}' is ${JSON.stringify(port)}: ports are integers 1..65535`);
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Why a string is not a Kubernetes label key (apimachinery IsQualifiedName: an optional DNS-1123 subdomain prefix of
 * at most 253 characters and '/', then a name of at most 63 characters), or undefined when it is one.
 */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "it has more than one '/'";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && !(DNS1123_SUBDOMAIN.test(prefix) && prefix.length <= 253)) return `its prefix ${JSON.stringify(prefix)} is not a DNS-1123 subdomain of at most 253 characters`;
  if (!LABEL_NAME.test(name) || name.length > 63) return `its name ${JSON.stringify(name)} is not 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  return undefined;
}

/** Throws on selector labels Istio rejects, or that no pod can carry. */
export function checkLabels(scope: Construct, what: string, labels: Record<string, string>): void {
  const keys = Object.keys(labels);
  if (keys.length === 0) throw new Error(`[${scope.node.path}] '${what}' is empty: a workload selector needs at least one label (an empty one makes the policy namespace-wide); pass the pod labels, e.g. { app: 'httpbin' }`);
  for (const k of keys) {
    if (k === '') throw new Error(`[${scope.node.path}] '${what}' has an empty label key: Istio rejects it ("key must not be empty")`);
    if (k.includes('*') || String(labels[k]).includes('*')) throw new Error(`[${scope.node.path}] '${what}' entry ${JSON.stringify(k)}: ${JSON.stringify(labels[k])} contains '*': Istio rejects wildcards in selectors; use exact pod labels`);
    const problem = labelKeyProblem(k);
    if (problem) {
      throw new Error(`[${scope.node.path}] '${what}' label key ${JSON.stringify(k)} is not a Kubernetes label key (${problem}), so no pod can carry it and the selector would match nothing; use the pods' label key, e.g. 'app' or 'app.kubernetes.io/name'`);
    }
    if (k === 'constructor') {
      // cdk8s sanitizeValue() reads obj.constructor.name to refuse class instances; an own 'constructor' key hides it.
      throw new Error(`[${scope.node.path}] '${what}' label key "constructor" is a valid Kubernetes label key, but cdk8s cannot render an object with that key (its sanitizeValue fails with "can't render non-simple object"); select the pods by another label`);
    }
    if (String(labels[k]).length > 63) throw new Error(`[${scope.node.path}] '${what}' value for ${JSON.stringify(k)} is longer than 63 characters`);
    if (!isLabelValue(labels[k])) {
      throw new Error(`[${scope.node.path}] '${what}' value ${JSON.stringify(labels[k])} for ${JSON.stringify(k)} is not a Kubernetes label value (empty, or letters, digits, '-', '_' and '.' starting and ending with a letter or digit), so no pod can carry it; fix: use the pods' label value`);
    }
  }
}

/**
 * A Kubernetes label value (apimachinery pkg/util/validation/validation.go IsValidLabelValue: empty, or at most 63
 * characters of `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`).
 */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Whether a string is a Kubernetes label value (see LABEL_VALUE; at most 63 characters). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A value as messages show it. */
function shown(v: unknown): string {
  return typeof v === 'function' ? 'a function' : JSON.stringify(v) ?? String(v);
}

/**
 * Throws `[path] 'what' must be a <type> (got ...); fix: ...` when a JavaScript caller (no type checker) passes a value
 * of the wrong type; `undefined` passes (optional props are checked for presence where they are required).
 */
export function checkType(scope: Construct, what: string, value: unknown, type: 'string' | 'number'): void {
  if (value !== undefined && typeof value !== type) {
    throw new Error(`[${scope.node.path}] '${what}' must be a ${type} (got ${shown(value)}); fix: pass a ${type}`);
  }
}

/** Throws unless `value` is undefined or one of the enum's values. */
export function checkEnum(scope: Construct, what: string, value: unknown, enumName: string, values: Record<string, string>): void {
  if (value !== undefined && !Object.values(values).includes(value as string)) {
    const allowed = Object.keys(values).map((k) => `${enumName}.${k}`).join(', ');
    throw new Error(`[${scope.node.path}] '${what}' must be one of ${allowed} (got ${shown(value)}); fix: pass one of the ${enumName} values`);
  }
}

/** Throws unless `value` is undefined or an array of strings. */
export function checkStringArray(scope: Construct, what: string, value: unknown): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((x) => typeof x === 'string'))) {
    throw new Error(`[${scope.node.path}] '${what}' must be an array of strings (got ${shown(value)}); fix: pass e.g. ['.']`);
  }
}

/** Throws unless `value` is undefined or a plain object whose values are strings (a label map). */
export function checkStringMap(scope: Construct, what: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`[${scope.node.path}] '${what}' must be an object of label keys to string values (got ${shown(value)}); fix: pass e.g. { app: 'httpbin' }`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`[${scope.node.path}] '${what}' value for ${JSON.stringify(k)} must be a string (got ${shown(v)}); fix: quote the label value`);
  }
}
