/**
 * The states a sidecar -> ambient migration passes through, and their proof: every phase, every prefix of a phase's
 * objects applied over the previous phase, and for each of them the pods that a restart would change, restarted or not
 * (any pod may restart at any time: a rollout, an eviction, a scale-up). Each state is analyzed with the one engine.
 *
 * A pod is modelled as the engine reads it (docs/RULES.md, "How the dataplane is decided"): one that still runs with
 * the sidecar it was injected with carries the injector's signals (`sidecar.istio.io/status`,
 * `security.istio.io/tlsMode: istio`, and `networking.istio.io/tunnel: http` once the ambient profile's HBONE is on);
 * one restarted without a sidecar has them removed and `sidecar.istio.io/inject: "false"` (it was admitted without
 * one), so that the namespace's current `istio.io/dataplane-mode` label decides whether ztunnel serves it.
 * @internal
 */
import { analyze } from '../engine/analyze';
import { Dataplane, NamespaceModel, dataplaneOf } from '../engine/model';
import { Finding, K8sObject, Severity } from '../engine/types';
import { MigrationBreak } from './migration-plan';
import { TRAFFIC_CODES } from './_traffic-codes';

/** One step of the plan as the proof sees it. */
export interface AmbientStep {
  /** Short name, for messages. */
  readonly name: string;
  /** The complete desired state of the objects the plan manages, in apply order. */
  readonly objects: readonly K8sObject[];
  /** Namespaces whose workloads the user restarts after applying the objects. */
  readonly restart?: readonly string[];
  /** Whether the restart also picks up the ambient profile's HBONE (the install step). */
  readonly hbone?: boolean;
}

/** Options of {@link verifyAmbientMigration}. */
export interface AmbientProofOptions {
  readonly rootNamespace?: string;
  readonly clusterDomain?: string;
  /** No calls are declared: possible failures (traffic warnings) count as breaks too. */
  readonly anyCaller?: boolean;
  /** Called with the state after each phase (and its restart), pods as they run: for the report's pictures. */
  readonly visit?: (phase: number, objects: K8sObject[]) => void;
  /** Only visit the phases, without analyzing any state. */
  readonly visitOnly?: boolean;
}

/** The key of an object as `kubectl apply` matches it. */
export function keyOf(o: K8sObject): string {
  const v = String(o.apiVersion ?? '');
  return `${v.includes('/') ? v.split('/')[0] : ''}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod', 'ReplicationController', 'DeploymentConfig']);
const SIGNAL_LABELS = ['security.istio.io/tlsMode', 'networking.istio.io/tunnel'];

/** What a pod was started with: its namespace's labels then, and whether sidecars got HBONE. */
interface Start { readonly labels: Record<string, string>; readonly hbone: boolean }

function podTemplate(o: K8sObject): K8sObject | undefined {
  return o.kind === 'Pod' ? o : o.spec?.template;
}

/** The workload as it runs when its pods were started under `start`. */
export function podForm(w: K8sObject, start: Start): K8sObject {
  const copy: K8sObject = JSON.parse(JSON.stringify(w));
  const tpl = podTemplate(copy);
  if (!tpl) return copy;
  tpl.metadata = tpl.metadata ?? {};
  const labels: Record<string, string> = { ...(tpl.metadata.labels ?? {}) };
  const annotations: Record<string, string> = { ...(tpl.metadata.annotations ?? {}) };
  const hadTunnel = labels['networking.istio.io/tunnel'] === 'http';
  for (const l of SIGNAL_LABELS) delete labels[l];
  delete annotations['sidecar.istio.io/status'];
  const spec = tpl.spec ?? {};
  const strip = (cs: unknown) => (Array.isArray(cs) ? cs.filter((c) => c?.name !== 'istio-proxy') : cs);
  spec.containers = strip(spec.containers);
  if (spec.initContainers) spec.initContainers = strip(spec.initContainers);
  const ns = w.metadata?.namespace ?? 'default';
  const nsModel = { name: ns, labels: start.labels } as NamespaceModel;
  const decision = dataplaneOf({ namespace: ns, labels, annotations, spec, admittedPod: false }, nsModel, false);
  if (decision.dataplane === 'sidecar') {
    annotations['sidecar.istio.io/status'] = '{"containers":["istio-proxy"]}';
    labels['security.istio.io/tlsMode'] = 'istio';
    if (start.hbone || hadTunnel) labels['networking.istio.io/tunnel'] = 'http';
  } else if (labels['sidecar.istio.io/inject'] === undefined) {
    labels['sidecar.istio.io/inject'] = 'false';
  }
  tpl.metadata.labels = labels;
  tpl.metadata.annotations = annotations;
  return copy;
}

/** The dataplane a pod form gets (for naming restarted pods in steps). */
export function formDataplane(form: K8sObject, labels: Record<string, string>): Dataplane {
  const tpl = podTemplate(form) ?? {};
  const ns = form.metadata?.namespace ?? 'default';
  return dataplaneOf({ namespace: ns, labels: tpl.metadata?.labels ?? {}, annotations: tpl.metadata?.annotations ?? {}, spec: tpl.spec ?? {}, admittedPod: false }, { name: ns, labels } as NamespaceModel, false).dataplane;
}

/** Codes that break a step even as warnings: a waypoint policy that nothing enforces (IMT7010's warning case). */
const AMBIENT_WARNING_BREAKS = new Set(['IMT7010']);

/**
 * Checks a sidecar -> ambient migration: every step and every half-applied state, each with the pods a restart would
 * change restarted and not (none, all, each one alone, and all but each one: every pair of a caller and a server in
 * either state). Returns what breaks, at the first state where it does (empty = safe).
 */
export function verifyAmbientMigration(topology: readonly K8sObject[], steps: readonly AmbientStep[], options: AmbientProofOptions = {}): MigrationBreak[] {
  const managed = new Set<string>();
  for (const s of steps) for (const o of s.objects) managed.add(keyOf(o));
  const base = topology.filter((o) => !managed.has(keyOf(o)) && !WORKLOAD_KINDS.has(o.kind) && o.kind !== 'Namespace');
  const workloads = topology.filter((o) => WORKLOAD_KINDS.has(o.kind));
  const topoNs = new Map(topology.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata?.name as string, o]));
  const nsLabels = (state: Map<string, K8sObject>, ns: string): Record<string, string> => {
    const o = state.get(`|Namespace||${ns}`) ?? topoNs.get(ns);
    return { ...(o?.metadata?.labels ?? {}) };
  };
  // When each workload's pods were started: at first, under the topology's labels.
  const starts = new Map<K8sObject, Start>(workloads.map((w) => [w, { labels: nsLabels(new Map(), w.metadata?.namespace ?? 'default'), hbone: false }]));
  const breaks: MigrationBreak[] = [];
  const seen = new Set<string>();
  const compose = (state: Map<string, K8sObject>, pods: K8sObject[]): K8sObject[] => {
    const namespaces = [...new Set([...topoNs.keys(), ...[...state.values()].filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)])];
    return [...namespaces.map((n) => state.get(`|Namespace||${n}`) ?? topoNs.get(n)!), ...base, ...pods, ...[...state.values()].filter((o) => o.kind !== 'Namespace')];
  };
  const check = (step: string, state: Map<string, K8sObject>, hbone: boolean) => {
    if (options.visitOnly) return;
    const namespaces = [...new Set([...topoNs.keys(), ...[...state.values()].filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)])];
    const nsObjects = namespaces.map((n) => state.get(`|Namespace||${n}`) ?? topoNs.get(n)!);
    const running = workloads.map((w) => podForm(w, starts.get(w)!));
    const restarted = workloads.map((w) => podForm(w, { labels: nsLabels(state, w.metadata?.namespace ?? 'default'), hbone: hbone || starts.get(w)!.hbone }));
    const pending = workloads.map((_, i) => i).filter((i) => JSON.stringify(running[i]) !== JSON.stringify(restarted[i]));
    const variants: Array<{ label: string; set: Set<number> }> = [{ label: '', set: new Set() }];
    if (pending.length > 0) variants.push({ label: 'every pending pod restarted', set: new Set(pending) });
    if (pending.length > 1) {
      for (const i of pending) variants.push({ label: `only ${nameOf(workloads[i])} restarted`, set: new Set([i]) });
      if (pending.length > 2) for (const i of pending) variants.push({ label: `all but ${nameOf(workloads[i])} restarted`, set: new Set(pending.filter((j) => j !== i)) });
    }
    const other = [...state.values()].filter((o) => o.kind !== 'Namespace');
    for (const v of variants) {
      const pods = workloads.map((_, i) => (v.set.has(i) ? restarted[i] : running[i]));
      for (const f of analyze([...nsObjects, ...base, ...pods, ...other], { rootNamespace: options.rootNamespace, clusterDomain: options.clusterDomain, migration: true })) {
        if (!isBreak(f, options.anyCaller ?? false)) continue;
        const id = `${f.code}|${f.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        breaks.push({ step: v.label ? `${step}, with ${v.label}` : step, finding: f });
      }
    }
  };
  let state = new Map<string, K8sObject>();
  let hbone = false;
  steps.forEach((s, i) => {
    const next = new Map(state);
    const keys = new Set(s.objects.map(keyOf));
    const deletes = [...state.keys()].some((k) => !keys.has(k));
    s.objects.forEach((o, j) => {
      const k = keyOf(o);
      const same = JSON.stringify(next.get(k)) === JSON.stringify(o);
      next.set(k, o);
      // Re-applying an unchanged object changes nothing; the fully applied state before deletions only differs when some follow.
      if (!same && (j < s.objects.length - 1 || deletes)) check(`phase ${i + 1} (${s.name}), after applying ${j + 1} of ${s.objects.length} objects`, next, hbone);
    });
    state = new Map(s.objects.map((o) => [keyOf(o), o]));
    check(`phase ${i + 1} (${s.name})`, state, hbone || s.hbone === true);
    if (s.hbone) hbone = true;
    for (const ns of s.restart ?? []) {
      for (const w of workloads) if ((w.metadata?.namespace ?? 'default') === ns) starts.set(w, { labels: nsLabels(state, ns), hbone: hbone || starts.get(w)!.hbone });
    }
    if (s.restart && s.restart.length > 0) check(`phase ${i + 1} (${s.name}), after the restart`, state, hbone);
    options.visit?.(i, compose(state, workloads.map((w) => podForm(w, starts.get(w)!))));
  });
  return breaks;
}

function nameOf(w: K8sObject): string {
  return `${w.metadata?.name}.${w.metadata?.namespace ?? 'default'}`;
}

function isBreak(f: Finding, anyCaller: boolean): boolean {
  if (f.severity === Severity.ERROR) return true;
  if (f.severity !== Severity.WARNING) return false;
  return AMBIENT_WARNING_BREAKS.has(f.code) || (anyCaller && TRAFFIC_CODES.has(f.code));
}
