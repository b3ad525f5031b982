/**
 * Builds Istio objects with the classes `cdk8s import` generated in imports/ (never hand-written types), for each
 * API flavour. One code path for every construct.
 * @internal
 */
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshPolicy, Policy } from '../../imports/authentication.istio.io';
import { DestinationRule, DestinationRuleV1Alpha3, DestinationRuleV1Beta1 } from '../../imports/networking.istio.io';
import { PeerAuthentication, PeerAuthenticationV1Beta1 } from '../../imports/security.istio.io';
import { REASON_ANNOTATION } from '../engine/rules/pa-disable-without-reason';
import { ApiFlavor, MtlsMode } from './mtls-mode';

export { REASON_ANNOTATION };

export function metadata(name: string, namespace: string | undefined, reason: string | undefined): ApiObjectMetadata {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(reason ? { annotations: { [REASON_ANNOTATION]: reason } } : {}),
  };
}

/** Modern PeerAuthentication (v1 or v1beta1), spec rendered lazily. */
export function peerAuthentication(scope: Construct, flavor: ApiFlavor, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
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
  return new MeshPolicy(scope, 'Resource', { metadata: md, spec: Lazy.any({ produce: spec }) });
}

export function legacyPolicy(scope: Construct, id: string, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
  return new Policy(scope, id, { metadata: md, spec: Lazy.any({ produce: spec }) });
}

/** DestinationRule in the flavour's API version (v1, v1beta1, or v1alpha3 for legacy). */
export function destinationRule(scope: Construct, id: string, flavor: ApiFlavor, md: ApiObjectMetadata, spec: () => Record<string, unknown>): ApiObject {
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

/** Throws on selector labels Istio rejects. */
export function checkLabels(scope: Construct, what: string, labels: Record<string, string>): void {
  const keys = Object.keys(labels);
  if (keys.length === 0) throw new Error(`[${scope.node.path}] '${what}' is empty: a workload selector needs at least one label (an empty one makes the policy namespace-wide); pass the pod labels, e.g. { app: 'httpbin' }`);
  for (const k of keys) {
    if (k.trim() === '') throw new Error(`[${scope.node.path}] '${what}' has an empty label key: Istio rejects it ("key must not be empty")`);
    if (k.includes('*') || String(labels[k]).includes('*')) throw new Error(`[${scope.node.path}] '${what}' entry ${JSON.stringify(k)}: ${JSON.stringify(labels[k])} contains '*': Istio rejects wildcards in selectors; use exact pod labels`);
    if (String(labels[k]).length > 63) throw new Error(`[${scope.node.path}] '${what}' value for ${JSON.stringify(k)} is longer than 63 characters`);
  }
}
