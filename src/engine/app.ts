/**
 * The analysis of a whole cdk8s app: its objects split into meshes (the scopes `IstioMtls.configure` draws), and a
 * MigrationPlan's phases as alternative states of their topology's mesh. The synth-time check, the cdk8s plugin and
 * the CLI (on a directory `cdk8s synth` wrote) all call {@link analyzeApp}, so they report the same findings.
 *
 * - Each mesh is analyzed once, in its steady state (its objects that belong to no phase).
 * - Each phase N of a plan is analyzed as the mesh's topology (its objects that are not mTLS policies:
 *   PeerAuthentication, DestinationRule, legacy MeshPolicy/Policy) plus phase N, with the phase's options
 *   (`migration: true`): the phases replace the mTLS state, they are not added to it (no IMT4004 duplicates, no
 *   IMT4001 between a phase's exception and the steady state's).
 * - Across meshes: a declared call whose target only another mesh holds (IMT8002), and a mesh with mTLS policies but
 *   no workloads while another holds the workloads of their namespaces (IMT8003), both warnings.
 * @internal
 */
import { DetailedFinding, analyzeDetailed, ruleInfo } from './analyze';
import { modelOf } from './model';
import { Resolver } from './resolve';
import { AnalyzeOptions, K8sObject } from './types';

/** One phase of a migration plan over a mesh. */
export interface AppPhase {
  /** The plan (its construct path). */
  readonly plan: string;
  /** 1-based position in apply order. */
  readonly index: number;
  /** Indices (into the app's objects) of the phase's objects, in apply order. */
  readonly objects: readonly number[];
  /** Options the phase is analyzed with (a phase is a migration state: `migration: true`). */
  readonly options: AnalyzeOptions;
}

/** One mesh of the app. */
export interface AppMesh {
  /** Names the mesh in messages (the configured scope's construct path, or the file). */
  readonly id: string;
  /** Indices of its objects that belong to no phase. */
  readonly objects: readonly number[];
  readonly options: AnalyzeOptions;
  /** Phases of migration plans whose topology is in this mesh. */
  readonly phases?: readonly AppPhase[];
}

const POLICY_KINDS = new Set(['PeerAuthentication', 'DestinationRule', 'MeshPolicy', 'Policy']);

/** Whether an object is mTLS state a migration phase replaces. */
export function isMtlsPolicy(o: K8sObject | undefined): boolean {
  return !!o && typeof o.kind === 'string' && POLICY_KINDS.has(o.kind) && typeof o.apiVersion === 'string' && o.apiVersion.includes('istio.io/');
}

/** Analyzes every mesh (and phase) of an app; findings carry indices into `objects`, in input order. */
export function analyzeApp(objects: readonly K8sObject[], meshes: readonly AppMesh[]): DetailedFinding[] {
  const out: DetailedFinding[] = [];
  const seen = new Set<string>();
  const add = (f: DetailedFinding) => {
    const key = `${f.code}|${f.objectIndex}|${f.field ?? ''}|${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  const run = (indices: readonly number[], options: AnalyzeOptions) => {
    for (const f of analyzeDetailed(indices.map((i) => objects[i]), options)) add({ ...f, objectIndex: indices[f.objectIndex] });
  };
  for (const mesh of meshes) {
    run(mesh.objects, mesh.options);
    const topology = mesh.objects.filter((i) => !isMtlsPolicy(objects[i]));
    for (const phase of [...(mesh.phases ?? [])].sort((a, b) => (a.plan < b.plan ? -1 : a.plan > b.plan ? 1 : a.index - b.index))) {
      run([...topology, ...phase.objects], phase.options);
    }
  }
  if (meshes.length > 1) for (const f of acrossMeshes(objects, meshes)) add(f);
  const order = new Map<DetailedFinding, number>(out.map((f, i) => [f, i]));
  return out.sort((a, b) => a.objectIndex - b.objectIndex || order.get(a)! - order.get(b)!);
}

/** IMT8002 and IMT8003: what no single mesh's analysis can see. */
function acrossMeshes(objects: readonly K8sObject[], meshes: readonly AppMesh[]): DetailedFinding[] {
  const out: DetailedFinding[] = [];
  const models = meshes.map((m) => {
    const indices = [...m.objects, ...(m.phases ?? []).flatMap((p) => p.objects)];
    const model = modelOf(indices.map((i) => objects[i]), m.options);
    return { mesh: m, indices, model, resolver: new Resolver(model) };
  });
  const callRule = ruleInfo('IMT8002');
  const splitRule = ruleInfo('IMT8003');
  const fix = 'configure the App instead of each chart (IstioMtls.configure(app, {...})), or put the topology and its policies in one configured scope';
  for (const a of models) {
    for (const w of a.model.workloads) {
      for (const c of w.calls) {
        if (a.resolver.serviceForHost(c.host, w.namespace)) continue;
        const other = models.find((b) => b !== a && b.resolver.serviceForHost(c.host, w.namespace));
        if (!other) continue;
        const svc = other.resolver.serviceForHost(c.host, w.namespace)!;
        out.push(finding(callRule.code, a.indices[w.index], objects, `declared call ${w.name}.${w.namespace} -> ${c.host}${c.port ? `:${c.port}` : ''}: Service ${svc.namespace}/${svc.name} is in another mesh scope (${other.mesh.id}) than the caller (${a.mesh.id}), so this call is checked in neither`, fix));
      }
    }
    if (a.model.workloads.length > 0) continue;
    const policies = [...a.model.peerPolicies, ...a.model.destinationRules].filter((p) => p.ref.namespace && p.ref.namespace !== a.model.options.rootNamespace);
    for (const p of policies) {
      const other = models.find((b) => b !== a && (b.model.workloadsByNamespace.get(p.ref.namespace!) ?? []).length > 0);
      if (!other) continue;
      out.push(finding(splitRule.code, a.indices[p.index], objects, `${p.ref.kind} ${p.ref.namespace}/${p.ref.name} is in mesh scope ${a.mesh.id}, which holds no workloads, while the workloads of namespace ${p.ref.namespace} are in ${other.mesh.id}: its effect on their calls is never checked`, fix));
      break;
    }
  }
  return out;
}

function finding(code: string, objectIndex: number, objects: readonly K8sObject[], message: string, fix: string): DetailedFinding {
  const o = objects[objectIndex] ?? {};
  const md = o.metadata ?? {};
  return {
    code, severity: ruleInfo(code).severity, message: `${message}; fix: ${fix}`, fix, objectIndex,
    resource: { apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? ''), ...(md.namespace ? { namespace: String(md.namespace) } : {}), name: String(md.name ?? '') },
  };
}
