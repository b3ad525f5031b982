/**
 * The order Istio gives configs of one kind, which decides "the oldest wins" (PeerAuthentications, merged
 * DestinationRules), and the order findings name workloads in.
 * @internal
 */
import { Located, PeerPolicy, Workload } from '../model';
import { timestampOf } from '../values';

/** Oldest wins: by creationTimestamp when present, then by input order (the order `kubectl apply` creates them). */
export function oldest<T extends PeerPolicy>(ps: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const p of ps) {
    if (!best) { best = p; continue; }
    const a = p.created ?? '';
    const b = best.created ?? '';
    if ((a && b && a < b) || (a === b && p.index < best.index) || (a && !b)) best = p;
  }
  return best;
}

/** creationTimestamp as a comparable ISO instant ('' when absent). */
function createdAt(l: Located): string {
  const md = l.obj.metadata;
  return timestampOf(md !== null && typeof md === 'object' ? md.creationTimestamp : undefined) ?? '';
}

/**
 * Istio's order among configs of one kind (pilot/pkg/model/config.go sortConfigByCreationTime): the oldest
 * creationTimestamp first, then by name, then by namespace (creation times have one-second resolution, so objects
 * applied together usually tie). An object without a creationTimestamp is not created yet and sorts after those that
 * have one. Input order only separates objects with the same name and namespace.
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
