/**
 * Which objects the engine looks at, so that the CLI can say which ones it ignored.
 *
 * Mirrors what `buildModel()` in src/engine/model.ts reads; keep the two in step when the model learns a kind.
 */

import { WORKLOAD_KINDS } from '../engine/model';
import { PairMemo } from '../engine/pair-memo';

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

/** Answers by apiVersion, then kind: a large input has few distinct pairs. */
const answers = new PairMemo(computeChecked);

/** Whether the engine reads objects of this apiVersion and kind. */
export function isCheckedKind(apiVersion: string, kind: string): boolean {
  return answers.get(apiVersion, kind);
}

function computeChecked(apiVersion: string, kind: string): boolean {
  if (WORKLOAD_KINDS.has(kind)) return true;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (group === '' && apiVersion !== 'v1') return false;
  return CHECKED.has(`${group}/${kind}`);
}
