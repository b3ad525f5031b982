/**
 * The order Istio gives configs of one kind, which decides "the oldest wins" (PeerAuthentications, merged
 * DestinationRules), and the order findings name workloads in.
 * @internal
 */
import { Located, Workload } from '../model';
import { timestampOf } from '../values';

/**
 * The config Istio keeps of several that compete (one namespace-wide or mesh-wide PeerAuthentication, the workload
 * policy of a pod, the legacy Policy of a Service): the first in {@link istioOrder}. Istio sorts the list once and
 * keeps the first of each scope (pilot/pkg/model/authentication.go addPeerAuthentication; pilot/pkg/security/authn/
 * policy_applier.go ComposePeerAuthentication replaces its pick only with a strictly older one).
 */
export function oldest<T extends Located>(ps: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const p of ps) if (!best || istioOrder(p, best) < 0) best = p;
  return best;
}

/** creationTimestamp as a comparable ISO instant ('' when absent). */
function createdAt(l: Located): string {
  const md = l.obj.metadata;
  return timestampOf(md !== null && typeof md === 'object' ? md.creationTimestamp : undefined) ?? '';
}

/**
 * Istio's order among configs of one kind (istio@02262c5 pilot/pkg/model/authentication.go initAuthenticationPolicies
 * and DestinationRules alike call pilot/pkg/model/config.go sortConfigByCreationTime): the oldest creationTimestamp
 * first, then by name, then by namespace (`cmp.Compare(Name)`, then `cmp.Compare(Namespace)`; creation times have
 * one-second resolution, so objects applied together usually tie). An object without a creationTimestamp is not
 * created yet and sorts after those that have one. Input order only separates objects with the same name and
 * namespace (the same object given twice). The one order of the engine: every "oldest wins" uses it.
 */
export function istioOrder(a: Located, b: Located): number {
  const ca = createdAt(a);
  const cb = createdAt(b);
  if (ca !== cb) return !ca ? 1 : !cb ? -1 : ca < cb ? -1 : 1;
  if (a.ref.name !== b.ref.name) return a.ref.name < b.ref.name ? -1 : 1;
  const na = a.ref.namespace ?? '';
  const nb = b.ref.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.index - b.index;
}

/** Workloads by namespace, name and kind; input order only between objects with the same identity. */
export function byWorkloadName(a: Workload, b: Workload): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.ref.kind !== b.ref.kind) return a.ref.kind < b.ref.kind ? -1 : 1;
  return a.index - b.index;
}
