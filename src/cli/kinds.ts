/**
 * Which objects the engine looks at, so that the CLI can say which ones it ignored.
 *
 * Mirrors what `buildModel()` in src/engine/model.ts reads; keep the two in step when the model learns a kind.
 */

import { WORKLOAD_KINDS } from '../engine/model';

/** `group/Kind` the model reads (core group: empty group). */
const CHECKED = new Set([
  'security.istio.io/PeerAuthentication',
  'security.istio.io/AuthorizationPolicy',
  'authentication.istio.io/MeshPolicy',
  'authentication.istio.io/Policy',
  'networking.istio.io/DestinationRule',
  'networking.istio.io/ServiceEntry',
  '/Service',
  '/Namespace',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
]);

/** Answers by apiVersion, then kind: a large input has few distinct pairs, and no key string is built per object. */
const answers = new Map<string, Map<string, boolean>>();
const MEMO_MAX = 256;

/** Whether the engine reads objects of this apiVersion and kind. */
export function isCheckedKind(apiVersion: string, kind: string): boolean {
  // Bounded: input with endless distinct apiVersions or kinds (garbage) computes instead of growing the memo.
  let byKind = answers.get(apiVersion);
  if (!byKind) {
    if (answers.size >= MEMO_MAX) return computeChecked(apiVersion, kind);
    byKind = new Map();
    answers.set(apiVersion, byKind);
  }
  let r = byKind.get(kind);
  if (r === undefined) {
    r = computeChecked(apiVersion, kind);
    if (byKind.size < MEMO_MAX) byKind.set(kind, r);
  }
  return r;
}

function computeChecked(apiVersion: string, kind: string): boolean {
  if (WORKLOAD_KINDS.has(kind)) return true;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (group === '' && apiVersion !== 'v1') return false;
  return CHECKED.has(`${group}/${kind}`);
}
