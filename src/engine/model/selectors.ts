/**
 * Label selectors as Istio and Kubernetes match them (`matchLabels`: every label present with the same value).
 * @internal
 */

/** True when every label of `selector` is present with the same value in `labels`. Empty selector = false. */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
