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

/** Answers by `apiVersion\0kind`: a large input has few distinct pairs. */
const answers = new Map<string, boolean>();

/** Whether the engine reads objects of this apiVersion and kind. */
export function isCheckedKind(apiVersion: string, kind: string): boolean {
  const key = `${apiVersion}\u0000${kind}`;
  let checked = answers.get(key);
  if (checked === undefined) {
    checked = computeChecked(apiVersion, kind);
    answers.set(key, checked);
  }
  return checked;
}

function computeChecked(apiVersion: string, kind: string): boolean {
  if (WORKLOAD_KINDS.has(kind)) return true;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (group === '' && apiVersion !== 'v1') return false;
  return CHECKED.has(`${group}/${kind}`);
}
