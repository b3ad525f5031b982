/**
 * How the synth-time check sees an app: its mesh scopes, the MigrationPlan phases attached to their topology's
 * scope, and the acknowledgements made with `IstioMtls.acknowledge`. The same layout is written beside the
 * manifests (`istio-mtls-metadata.json`) when cdk8s records construct metadata (cdk8s-cli does whenever a
 * validation plugin is configured), so that the plugin and `istio-mtls analyze dist/` analyze the app as synth does.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseAcceptValue } from '../engine/acknowledge';
import { AppMesh } from '../engine/app';
import { AnalyzeOptions, K8sObject } from '../engine/types';
import { ACCEPT_ANNOTATION } from '../engine/vocabulary';
import { APP_METADATA_FILE, AppMetadata, APP_METADATA_GENERATOR } from '../input/app-metadata';
import { meshScopeOf, settingsOf } from './_mesh-scope';
import { MtlsSettings } from './settings';

interface PhaseMark { readonly plan: IConstruct; readonly index: number; readonly topology: IConstruct }
const PHASES = new WeakMap<IConstruct, PhaseMark>();
const ACKS = new WeakMap<IConstruct, Map<string, string>>();

/** Marks `chart` as phase `index` of `plan`, over the topology `topology`. */
export function markPhase(chart: IConstruct, plan: IConstruct, index: number, topology: IConstruct): void {
  PHASES.set(chart, { plan, index, topology });
}

/** Records an acknowledgement on `scope` (applies to every object below it). */
export function recordAcknowledgement(scope: IConstruct, code: string, reason: string): void {
  const m = ACKS.get(scope) ?? new Map<string, string>();
  m.set(code, m.has(code) && m.get(code) !== reason ? `${m.get(code)}; ${reason}` : reason);
  ACKS.set(scope, m);
}

/** The acknowledgements in force for an object: its own construct's and its ancestors'. */
function acknowledgementsOf(obj: ApiObject): Map<string, string> {
  const out = new Map<string, string>();
  for (let c: IConstruct | undefined = obj; c; c = c.node.scope) {
    for (const [code, reason] of ACKS.get(c) ?? []) if (!out.has(code)) out.set(code, reason);
  }
  return out;
}

/**
 * Writes the construct acknowledgements into the objects' accept annotations (so the manifests carry them and the
 * plugin and the CLI see them); returns, per object, the codes acknowledged through the construct API.
 */
export function applyConstructAcknowledgements(objects: readonly ApiObject[]): Map<ApiObject, Set<string>> {
  const out = new Map<ApiObject, Set<string>>();
  for (const o of objects) {
    const acks = acknowledgementsOf(o);
    if (acks.size === 0) continue;
    const current: string | undefined = o.metadata.toJson().annotations?.[ACCEPT_ANNOTATION];
    const entries = current ? parseAcceptValue(current) : [];
    const missing = [...acks].filter(([code, reason]) => !entries.some((e) => e.code === code && e.reason === reason));
    if (missing.length > 0) o.metadata.addAnnotation(ACCEPT_ANNOTATION, [current, ...missing.map(([c, r]) => `${c}: ${r}`)].filter((x) => !!x).join('\n'));
    out.set(o, new Set(acks.keys()));
  }
  return out;
}

/** The mesh scope whose steady state a construct belongs to, and the phase it is part of. */
function placeOf(c: IConstruct): { mesh: IConstruct; phase?: PhaseMark & { chart: IConstruct } } {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    const mark = PHASES.get(s);
    if (mark) return { mesh: meshScopeOf(mark.topology), phase: { ...mark, chart: s } };
  }
  return { mesh: meshScopeOf(c) };
}

/** Engine options of a scope's settings (the settings minus what only the constructs read). */
export function engineOptions(settings: MtlsSettings): AnalyzeOptions {
  const { flavor: _f, failOnWarnings: _w, printWarnings: _p, ...options } = settings;
  return options;
}

/** The app's objects as meshes for {@link analyzeApp}, with the scope of each mesh. */
export function appLayout(root: IConstruct, apiObjects: readonly ApiObject[]): { meshes: AppMesh[]; scopes: IConstruct[]; phaseOf: Map<number, PhaseMark> } {
  const byMesh = new Map<IConstruct, { objects: number[]; phases: Map<IConstruct, { mark: PhaseMark; chart: IConstruct; objects: number[] }> }>();
  const phaseOf = new Map<number, PhaseMark>();
  apiObjects.forEach((o, i) => {
    const place = placeOf(o);
    let g = byMesh.get(place.mesh);
    if (!g) { g = { objects: [], phases: new Map() }; byMesh.set(place.mesh, g); }
    if (!place.phase) { g.objects.push(i); return; }
    phaseOf.set(i, place.phase);
    let p = g.phases.get(place.phase.chart);
    if (!p) { p = { mark: place.phase, chart: place.phase.chart, objects: [] }; g.phases.set(place.phase.chart, p); }
    p.objects.push(i);
  });
  const scopes = [...byMesh.keys()];
  const meshes = scopes.map((scope): AppMesh => {
    const g = byMesh.get(scope)!;
    return {
      id: scope === root ? '(app)' : scope.node.path,
      objects: g.objects,
      options: engineOptions(settingsOf(scope)),
      phases: [...g.phases.values()].map((p) => ({ plan: p.mark.plan.node.path, index: p.mark.index, objects: p.objects, options: engineOptions(settingsOf(p.chart)) })),
    };
  });
  return { meshes, scopes, phaseOf };
}

/**
 * Writes `istio-mtls-metadata.json` into the app's outdir when cdk8s records construct metadata (its
 * `construct-metadata.json` is keyed by object name only; this one by chart, kind, namespace and name).
 */
export function writeAppMetadata(root: IConstruct, apiObjects: readonly ApiObject[], json: readonly K8sObject[], layout: ReturnType<typeof appLayout>, pathOf: (o: ApiObject) => string, constructAcks: Map<ApiObject, Set<string>>): void {
  const app = root as unknown as { recordConstructMetadata?: boolean; outdir?: string };
  if (app.recordConstructMetadata !== true || typeof app.outdir !== 'string') return;
  const meshOf = new Map<number, number>();
  layout.meshes.forEach((m, mi) => { for (const i of m.objects) meshOf.set(i, mi); for (const p of m.phases ?? []) for (const i of p.objects) meshOf.set(i, mi); });
  const metadata: AppMetadata = {
    generator: APP_METADATA_GENERATOR,
    version: '1',
    meshes: layout.meshes.map((m, mi) => ({
      id: m.id, options: m.options, failOnWarnings: settingsOf(layout.scopes[mi]).failOnWarnings === true,
      phases: (m.phases ?? []).map((p) => ({ plan: p.plan, index: p.index, options: p.options })),
    })),
    objects: apiObjects.map((o, i) => {
      const md = json[i].metadata ?? {};
      const phase = layout.phaseOf.get(i);
      const acks = constructAcks.get(o);
      return {
        chart: Chart.of(o).node.id,
        apiVersion: String(json[i].apiVersion), kind: String(json[i].kind),
        ...(md.namespace ? { namespace: String(md.namespace) } : {}),
        name: String(md.name ?? ''),
        path: pathOf(o),
        mesh: meshOf.get(i)!,
        ...(phase ? { phase: phase.index, plan: phase.plan.node.path } : {}),
        ...(acks ? { acknowledgedByConstruct: [...acks].sort() } : {}),
      };
    }),
  };
  const content = `${JSON.stringify(metadata, undefined, 2)}\n`;
  const file = path.join(app.outdir, APP_METADATA_FILE);
  try { if (fs.readFileSync(file, 'utf8') === content) return; } catch { /* not written yet */ }
  fs.mkdirSync(app.outdir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
