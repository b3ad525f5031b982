/**
 * The phases of a sidecar -> ambient migration, in the order of Istio's migration guide (istio.io
 * docs/ambient/migrate/: install-ambient-components, migrate-policies, then enable-ambient-mode steps 1-5 per
 * namespace), as plain objects: what each phase applies, what the user does after it, and what the plan noted.
 * @internal
 */
import { principalOf } from '../engine/authz-ambient';
import { AuthzPolicy, MeshModel, ServiceModel, Workload, buildModel } from '../engine/model';
import { Resolver } from '../engine/resolve';
import { K8sObject } from '../engine/types';
import { ACCEPT_ANNOTATION, WAYPOINT_CLASS } from '../engine/vocabulary';
import { AmbientStep, keyOf } from './_ambient-states';

/** A phase of the plan. */
export interface PlannedPhase extends AmbientStep {
  readonly description: string;
  /** What the user does after applying (restart), with how to check it. */
  readonly userAction?: string;
  /** The namespace the phase migrates (undefined: every namespace). */
  readonly namespace?: string;
}

/** What the plan noted for the report. */
export interface PlanNotes {
  /** L7 policies moved to targetRefs: `ns/name -> targets`. */
  readonly l7: string[];
  /** DestinationRule subsets and the per-version Services that replace them. */
  readonly subsets: string[];
  /** Waypoint-bypass DENY policies, or why a Service has none. */
  readonly bypass: string[];
}

export interface PhaseOptions {
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  readonly waypointName: string;
  readonly hboneSidecars: boolean;
}

const INJECTION_LABELS = ['istio-injection', 'istio.io/rev'];
const SIDECAR_ONLY = { 'security.istio.io/tlsMode': 'istio' };

/** Whether ztunnel cannot enforce a policy bound to pods: L7 attributes, or CUSTOM / AUDIT (migrate-policies). */
function needsWaypoint(ap: AuthzPolicy): boolean {
  return ap.targetRefs.length === 0 && (ap.l7Fields.length > 0 || ap.action === 'CUSTOM' || ap.action === 'AUDIT');
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x));
}

/** The plan for `order` (namespaces moved one after another). */
export function planAmbientPhases(topology: readonly K8sObject[], order: readonly string[], opts: PhaseOptions): { phases: PlannedPhase[]; notes: PlanNotes } {
  const model = buildModel(topology, { rootNamespace: opts.rootNamespace, clusterDomain: opts.clusterDomain, migration: true });
  const r = new Resolver(model);
  const notes: PlanNotes = { l7: [], subsets: [], bypass: [] };
  const desired = new Map<string, K8sObject>();
  const put = (o: K8sObject) => { desired.set(keyOf(o), o); };
  const phases: PlannedPhase[] = [];
  const phase = (p: Omit<PlannedPhase, 'objects'>) => phases.push({ ...p, objects: [...desired.values()].map(clone) });
  const nsObject = (ns: string) => {
    const o = desired.get(`|Namespace||${ns}`) ?? model.namespaces.get(ns)?.obj;
    if (!o) throw new Error(`namespace ${ns} is not in the topology: add its Namespace object (with its injection label)`);
    return clone(o);
  };
  /** The Namespace with changed labels, and annotations set (a value) or removed (undefined). */
  const relabel = (ns: string, change: (labels: Record<string, string>) => void, annotations: Record<string, string | undefined> = {}) => {
    const o = nsObject(ns);
    o.metadata.labels = { ...(o.metadata.labels ?? {}) };
    change(o.metadata.labels);
    const a: Record<string, string> = { ...(o.metadata.annotations ?? {}) };
    for (const [k, v] of Object.entries(annotations)) { if (v === undefined) delete a[k]; else a[k] = v; }
    if (Object.keys(a).length > 0) o.metadata.annotations = a; else delete o.metadata.annotations;
    put(o);
  };
  for (const ns of order) put(nsObject(ns));

  const l7 = (ns: string) => model.authorizationPolicies.filter((ap) => ap.namespace === ns && needsWaypoint(ap));
  const subsetRules = (ns: string) => model.destinationRules.filter((dr) => dr.subsets.length > 0 && model.servicesByHost.get(dr.host)?.namespace === ns);
  const withWaypoint = order.filter((ns) => l7(ns).length > 0 || subsetRules(ns).length > 0);

  // install-ambient-components: the ambient profile (ztunnel, CNI, HBONE in sidecars after a restart); waypoints
  // deployed but not activated.
  for (const ns of withWaypoint) {
    put({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
      metadata: { name: opts.waypointName, namespace: ns, labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: WAYPOINT_CLASS, listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    });
  }
  const sidecarNamespaces = [...new Set(model.workloads.filter((w) => w.dataplane === 'sidecar').map((w) => w.namespace))].sort();
  phase({
    name: 'install', restart: opts.hboneSidecars ? sidecarNamespaces : [], hbone: opts.hboneSidecars,
    description: `Install the ambient components (istio.io ambient/migrate/install-ambient-components): upgrade Istio to the ambient profile (ztunnel, istio-cni, ISTIO_META_ENABLE_HBONE for sidecars), then apply this file: waypoints deployed but not activated (${withWaypoint.join(', ') || 'none needed'}).`,
    userAction: opts.hboneSidecars
      ? `\`istioctl upgrade --set profile=ambient\` (or the Helm equivalent) before applying; after applying, restart the sidecar namespaces so the sidecars take HBONE: ${sidecarNamespaces.map((n) => `\`kubectl rollout restart deployment -n ${n}\``).join(', ') || 'none'}. Check: \`kubectl get gateway -A\` shows the waypoints READY; a restarted pod has ISTIO_META_ENABLE_HBONE=true on its istio-proxy container.`
      : '`istioctl upgrade --set profile=ambient` before applying. Sidecars are not restarted for HBONE (hboneSidecars: false): ambient callers reach them only where the topology says they take HBONE.',
  });

  // migrate-policies: L7 policies to targetRefs, the selector originals narrowed to pods that still have a sidecar,
  // subsets replaced by per-version Services.
  const narrowed = new Map<string, string[]>();
  for (const ns of withWaypoint) {
    for (const dr of subsetRules(ns)) {
      const svc = model.servicesByHost.get(dr.host)!;
      const created: string[] = [];
      for (const s of dr.subsets) {
        if (!s.name || !s.labels) continue;
        const name = `${svc.name}-${s.name}`;
        created.push(name);
        put({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { ...(svc.selector ?? {}), ...s.labels }, ports: clone(svc.obj.spec?.ports ?? []) } });
      }
      notes.subsets.push(`DestinationRule ${dr.namespace}/${dr.ref.name} (host ${dr.rawHost}) has subsets ${dr.subsets.map((s) => s.name).join(', ')}: waypoints do not support subsets, so the plan creates the Services ${created.join(', ')}; route to them with an HTTPRoute (parentRefs: the Service ${svc.name}) and delete the DestinationRule and its VirtualService after the restart`);
    }
    for (const ap of l7(ns)) {
      const targets = servicesOf(model, r, ap);
      const spec = clone(ap.obj.spec ?? {});
      delete spec.selector;
      spec.targetRefs = targets.length > 0 ? targets.map((s) => ({ kind: 'Service', group: '', name: s.name })) : [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: opts.waypointName }];
      put({ apiVersion: ap.obj.apiVersion, kind: 'AuthorizationPolicy', metadata: { name: `${ap.ref.name}-waypoint`, namespace: ns }, spec });
      const original = clone(ap.obj);
      original.spec = { ...(original.spec ?? {}), selector: { matchLabels: { ...(ap.selector ?? {}), ...SIDECAR_ONLY } } };
      put(original);
      narrowed.set(ns, [...(narrowed.get(ns) ?? []), keyOf(original)]);
      notes.l7.push(`AuthorizationPolicy ${ns}/${ap.ref.name} (${ap.l7Fields.join(', ') || ap.action}) -> ${ns}/${ap.ref.name}-waypoint with targetRefs ${targets.map((s) => `Service ${s.name}`).join(', ') || `Gateway ${opts.waypointName}`}; the original is narrowed to pods that still have a sidecar (security.istio.io/tlsMode: istio) until it is deleted`);
    }
  }
  if (withWaypoint.length > 0) {
    phase({ name: 'policies', description: 'Migrate policies (istio.io ambient/migrate/migrate-policies): L7 AuthorizationPolicies copied to targetRefs on the waypoint\'s Services (not enforced until the pods are ambient), the selector originals narrowed to pods that still have a sidecar, per-version Services for DestinationRule subsets.' });
  }

  // enable-ambient-mode, per namespace.
  const done = new Set<string>();
  const bypassed = new Map<string, ServiceModel>();
  // Without declared calls, any workload may call any Service.
  const anyCaller = model.workloads.every((w) => w.calls.length === 0);
  const callersOf = (svc: ServiceModel): Workload[] => model.workloads.filter((w) => anyCaller || w.calls.some((c) => c.service === svc));
  const denyBypass = (svc: ServiceModel, stillSidecar: (w: Workload) => boolean) => {
    const principals = [principalOf(svc.namespace, opts.waypointName), ...[...new Set(callersOf(svc).filter(stillSidecar).map((w) => principalOf(w.namespace, w.serviceAccount)))].sort()];
    put({
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy',
      metadata: { name: `${svc.name}-deny-waypoint-bypass`, namespace: svc.namespace },
      spec: { selector: { matchLabels: { ...(svc.selector ?? {}) } }, action: 'DENY', rules: [{ from: [{ source: { notPrincipals: principals } }] }] },
    });
  };
  for (const ns of order) {
    const policies = l7(ns);
    if (withWaypoint.includes(ns)) {
      relabel(ns, (l) => { l['istio.io/use-waypoint'] = opts.waypointName; });
      for (const svc of [...new Set(policies.flatMap((ap) => servicesOf(model, r, ap)))]) {
        const outside = callersOf(svc).filter((w) => w.dataplane !== 'sidecar' && w.dataplane !== 'ambient');
        if (outside.length > 0 || !svc.selector) {
          notes.bypass.push(`${svc.name}.${ns}: no waypoint-bypass DENY, because ${outside.length > 0 ? `${outside.map((w) => `${w.name}.${w.namespace}`).join(', ')} call${outside.length === 1 ? 's' : ''} it from outside the mesh (plaintext has no principal to except); L7 policies are not enforced for ${outside.length === 1 ? 'that caller' : 'those callers'}` : 'the Service has no selector'}`);
          continue;
        }
        bypassed.set(`${ns}/${svc.name}`, svc);
        denyBypass(svc, () => true);
      }
      phase({ name: `${ns}-waypoint`, namespace: ns, description: `Activate the waypoint of ${ns} (enable-ambient-mode step 1: label the namespace istio.io/use-waypoint=${opts.waypointName}) and prevent waypoint bypass (migrate-policies): a DENY for every principal but the waypoint's and those of the callers that still reach the pods directly (every caller, while the pods keep their sidecars).` });
    }
    relabel(ns, (l) => { l['istio.io/dataplane-mode'] = 'ambient'; }, { [ACCEPT_ANNOTATION]: `IMT7005: the migration guide's step 2; the next phase removes the injection label of ${ns}` });
    phase({ name: `${ns}-ambient`, namespace: ns, description: `Enable ambient mode for ${ns} (step 2: label the namespace istio.io/dataplane-mode=ambient). Pods keep their sidecars, which take precedence over ztunnel.`, userAction: `Check: \`istioctl ztunnel-config workloads -n istio-system | grep ${ns}\` lists the workloads with protocol HBONE.` });
    relabel(ns, (l) => { for (const k of INJECTION_LABELS) delete l[k]; }, { [ACCEPT_ANNOTATION]: undefined });
    phase({ name: `${ns}-injection`, namespace: ns, description: `Remove sidecar injection from ${ns} (step 3: \`kubectl label namespace ${ns} istio-injection- istio.io/rev-\`). Running pods keep their sidecars until they restart; a pod that restarts now comes up in ambient mode.` });
    phase({
      name: `${ns}-restart`, namespace: ns, restart: [ns], description: `Restart the workloads of ${ns} (step 4): nothing to apply, this file is the previous one.`,
      userAction: `\`kubectl rollout restart deployment -n ${ns}\` (and statefulset, daemonset), then \`kubectl rollout status deployment -n ${ns}\`. Check: \`kubectl get pods -n ${ns}\` shows no istio-proxy container (1/1 READY), and \`istioctl ztunnel-config workloads -n istio-system | grep ${ns}\` lists them.`,
    });
    done.add(ns);
    for (const k of narrowed.get(ns) ?? []) desired.delete(k);
    for (const svc of bypassed.values()) denyBypass(svc, (w) => w.dataplane === 'sidecar' && !done.has(w.namespace));
    phase({ name: `${ns}-cleanup`, namespace: ns, description: `Remove the old sidecar policies of ${ns} (step 5, right after the restart): the selector-bound L7 AuthorizationPolicies are deleted (ztunnel would deny all traffic for them); the bypass DENY lists now hold the waypoint and the callers still on sidecars only.` });
  }
  for (const svc of bypassed.values()) {
    const still = callersOf(svc).filter((w) => w.dataplane === 'sidecar' && !done.has(w.namespace));
    notes.bypass.push(`${svc.name}.${svc.namespace}: DENY ${svc.name}-deny-waypoint-bypass for all but the waypoint${still.length > 0 ? ` and the callers that stay on sidecars (${still.map((w) => `${w.name}.${w.namespace}`).join(', ')}; remove each from notPrincipals once it moves to ambient)` : ''}`);
  }
  return { phases, notes };
}

/** The Services of its namespace whose pods a pod-bound policy selects (all of them for a namespace-wide policy). */
function servicesOf(model: MeshModel, r: Resolver, ap: AuthzPolicy): ServiceModel[] {
  const sel = ap.selector && Object.keys(ap.selector).length > 0 ? ap.selector : undefined;
  return (model.servicesByNamespace.get(ap.namespace) ?? []).filter((s) => {
    const ws = r.workloadsOf(s);
    return ws.length > 0 && (!sel || ws.some((w) => Object.keys(sel).every((k) => w.podLabels[k] === sel[k])));
  });
}
