/**
 * The files cdk8s writes beside the manifests, and what the CLI and the plugin read from them:
 *
 * - cdk8s' own `construct-metadata.json` (`{"version":"1.0.0","resources":{"<name>":{"path":"..."}}}`), written
 *   whenever a validation plugin is configured: not Kubernetes objects, skipped by that shape;
 * - this library's `istio-mtls-metadata.json`, written by the synth-time check at the same time: the app's mesh
 *   scopes and MigrationPlan phases, and each object's construct path, so that the plugin and
 *   `istio-mtls analyze dist/` analyze the app as synth does ({@link analyzeApp}).
 * @internal
 */
import * as path from 'path';
import { AppMesh } from '../engine/app';
import { AnalyzeOptions } from '../engine/types';
import { isObject } from '../engine/values';
import type { SourcedObject } from './load';

/** cdk8s' construct metadata file name. */
export const CDK8S_METADATA_FILE = 'construct-metadata.json';
/** This library's file beside the manifests. */
export const APP_METADATA_FILE = 'istio-mtls-metadata.json';
/** The `generator` of {@link APP_METADATA_FILE}. */
export const APP_METADATA_GENERATOR = 'cdk8s-istio-mtls';

/** One object of the app, as the synth-time check saw it. */
export interface AppMetadataObject {
  /** The id of its chart (the manifest file is `<chart id>.k8s.yaml`, or `NNNN-<chart id>.k8s.yaml`). */
  readonly chart: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** The construct path (the construct of this library that emits it, else the ApiObject). */
  readonly path: string;
  /** Index into `meshes`. */
  readonly mesh: number;
  /** The phase of a MigrationPlan this object is part of (with `plan`). */
  readonly phase?: number;
  readonly plan?: string;
  /** Codes acknowledged with `IstioMtls.acknowledge` (the annotation carries the reason). */
  readonly acknowledgedByConstruct?: readonly string[];
}

/** The content of {@link APP_METADATA_FILE}. */
export interface AppMetadata {
  readonly generator: typeof APP_METADATA_GENERATOR;
  readonly version: '1';
  readonly meshes: ReadonlyArray<{
    readonly id: string;
    readonly options: AnalyzeOptions;
    readonly failOnWarnings: boolean;
    readonly phases: ReadonlyArray<{ readonly plan: string; readonly index: number; readonly options: AnalyzeOptions }>;
  }>;
  readonly objects: readonly AppMetadataObject[];
}

/** Whether a parsed JSON document is cdk8s' construct metadata (its known shape), by file name and content. */
export function isCdk8sConstructMetadata(file: string, doc: unknown): boolean {
  return path.basename(file) === CDK8S_METADATA_FILE && isObject(doc) && typeof doc.version === 'string' && isObject(doc.resources)
    && !('kind' in doc) && !('apiVersion' in doc);
}

/** Whether a parsed JSON document is this library's app metadata. */
export function isAppMetadata(file: string, doc: unknown): doc is AppMetadata {
  return path.basename(file) === APP_METADATA_FILE && isObject(doc) && doc.generator === APP_METADATA_GENERATOR
    && Array.isArray(doc.meshes) && Array.isArray(doc.objects);
}

/** An object's place in the app, found in the metadata. */
export interface ObjectPlace {
  readonly entry: AppMetadataObject;
}

/** The chart id a manifest file was written for, among `charts` (longest match; undefined when none). */
function chartOfFile(file: string, charts: ReadonlySet<string>): string | undefined {
  const base = path.basename(file).replace(/^\d{4}-/, '');
  let best: string | undefined;
  for (const c of charts) if (base.startsWith(`${c}.`) && (!best || c.length > best.length)) best = c;
  return best;
}

/** The metadata entry of every loaded object (undefined where none matches). */
export function placeObjects(objects: readonly SourcedObject[], metadata: AppMetadata): Array<AppMetadataObject | undefined> {
  const charts = new Set(metadata.objects.map((o) => o.chart));
  const key = (apiVersion: unknown, kind: unknown, ns: unknown, name: unknown) => `${apiVersion}|${kind}|${ns ?? ''}|${name}`;
  const byChart = new Map<string, AppMetadataObject>();
  const byKey = new Map<string, AppMetadataObject[]>();
  for (const o of metadata.objects) {
    const k = key(o.apiVersion, o.kind, o.namespace, o.name);
    byChart.set(`${o.chart}\u0000${k}`, o);
    byKey.set(k, [...(byKey.get(k) ?? []), o]);
  }
  return objects.map((s) => {
    const md = isObject(s.object.metadata) ? s.object.metadata : {};
    const k = key(s.object.apiVersion, s.object.kind, md.namespace, md.name);
    const chart = chartOfFile(s.file, charts);
    if (chart !== undefined) return byChart.get(`${chart}\u0000${k}`);
    const candidates = byKey.get(k) ?? [];
    return candidates.length === 1 ? candidates[0] : undefined;
  });
}

/**
 * The meshes of the loaded objects: those the metadata places, as the synth-time check grouped them; the others by
 * `fallback` (one mesh, or one per file).
 */
export function meshesFromMetadata(objects: readonly SourcedObject[], metadata: AppMetadata | undefined, fallback: { readonly perFile: boolean; readonly options: AnalyzeOptions }): { meshes: AppMesh[]; places: Array<AppMetadataObject | undefined>; failOnWarnings: boolean[] } {
  const places = metadata ? placeObjects(objects, metadata) : objects.map(() => undefined);
  const meshes: AppMesh[] = [];
  const failOnWarnings: boolean[] = [];
  if (metadata) {
    const groups = metadata.meshes.map(() => ({ objects: [] as number[], phases: new Map<string, number[]>() }));
    places.forEach((p, i) => {
      if (!p || !groups[p.mesh]) return;
      if (p.phase !== undefined && p.plan !== undefined) {
        const k = `${p.plan}\u0000${p.phase}`;
        groups[p.mesh].phases.set(k, [...(groups[p.mesh].phases.get(k) ?? []), i]);
      } else groups[p.mesh].objects.push(i);
    });
    metadata.meshes.forEach((m, mi) => {
      const g = groups[mi];
      if (g.objects.length === 0 && g.phases.size === 0) return;
      meshes.push({
        id: m.id, objects: g.objects, options: { ...fallback.options, ...m.options },
        phases: m.phases.map((p) => ({ plan: p.plan, index: p.index, objects: g.phases.get(`${p.plan}\u0000${p.index}`) ?? [], options: { ...fallback.options, ...p.options } })),
      });
      failOnWarnings.push(m.failOnWarnings);
    });
  }
  const rest = new Map<string, number[]>();
  places.forEach((p, i) => {
    if (p && metadata && metadata.meshes[p.mesh]) return;
    const k = fallback.perFile ? objects[i].file : '';
    rest.set(k, [...(rest.get(k) ?? []), i]);
  });
  for (const [file, indices] of rest) { meshes.push({ id: file || '(manifests)', objects: indices, options: fallback.options }); failOnWarnings.push(false); }
  return { meshes, places, failOnWarnings };
}

/** Findings suppressed by an annotation the construct API wrote are reported as kind `construct`, as at synth. */
export function relabelConstructAcknowledgements<F extends { readonly code: string; readonly objectIndex: number; readonly suppressed?: { readonly kind: string; readonly reason: string } }>(findings: F[], acknowledgedByConstruct: (objectIndex: number) => readonly string[] | undefined): F[] {
  return findings.map((f) => (f.suppressed && f.suppressed.kind === 'annotation' && acknowledgedByConstruct(f.objectIndex)?.includes(f.code)
    ? { ...f, suppressed: { ...f.suppressed, kind: 'construct' } } : f));
}
