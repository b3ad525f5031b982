/**
 * Synth-time enforcement: when an app contains any construct of this library, every synth of that app runs the
 * engine over every ApiObject of the app (raw objects, `imports/` classes and `addJsonPatch` edits included,
 * since we read `ApiObject.toJson()`), and errors fail synth as `[construct/path] CODE message`.
 *
 * cdk8s runs `node.validate()` over the app in pre-order, so the app root's validation runs first: it analyzes
 * the app once and hands each finding to the construct that owns the object (our construct, or the raw
 * ApiObject), whose own validation returns it — and cdk8s prefixes it with that construct's path.
 * @internal
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { analyzeDetailed } from '../engine/analyze';
import { Severity } from '../engine/types';
import { meshScopeOf, settingsOf } from './_mesh-scope';
import { MtlsSettings } from './settings';

const OWNER = Symbol.for('cdk8s-istio-mtls.Owner');
const REGISTERED = new WeakSet<IConstruct>();
const HOOKED = new WeakSet<IConstruct>();

interface RunState {
  messages: Map<IConstruct, string[]>;
  printed: Set<string>;
  cache: Map<IConstruct, { fingerprint: string; findings: ReturnType<typeof analyzeDetailed> }>;
}
const STATE = new WeakMap<IConstruct, RunState>();

/** Marks a construct as the owner of the ApiObjects below it (so findings name it, not `.../Resource`). */
export function markOwner(c: IConstruct): void {
  (c as any)[OWNER] = true;
}

function ownerOf(obj: ApiObject): IConstruct {
  let c: IConstruct | undefined = obj.node.scope;
  while (c) {
    if ((c as any)[OWNER]) return c;
    c = c.node.scope;
  }
  return obj;
}

function hook(c: IConstruct, state: RunState): void {
  if (HOOKED.has(c)) return;
  HOOKED.add(c);
  c.node.addValidation({ validate: () => state.messages.get(c) ?? [] });
}

/** Registers the app-level engine run (once per app). */
export function registerSynthCheck(scope: IConstruct): void {
  const root = scope.node.root;
  if (REGISTERED.has(root)) return;
  REGISTERED.add(root);
  const state: RunState = { messages: new Map(), printed: new Set(), cache: new Map() };
  STATE.set(root, state);
  root.node.addValidation({
    validate: () => {
      state.messages = new Map();
      const rootErrors: string[] = [];
      for (const [meshScope, apiObjects] of groupByMeshScope(root)) {
        const settings = settingsOf(meshScope);
        const json = apiObjects.map((o) => o.toJson());
        // cdk8s validates the whole app once per synth and again per chart; analyze a scope again only if its
        // objects (or settings) changed since the last run.
        const fingerprint = JSON.stringify([settings, json]);
        const last = state.cache.get(meshScope);
        let findings: ReturnType<typeof analyzeDetailed>;
        if (last && last.fingerprint === fingerprint) {
          findings = last.findings;
        } else {
          findings = analyzeDetailed(json, settings);
          state.cache.set(meshScope, { fingerprint, findings });
        }
        collect(findings, apiObjects, settings);
      }
      return rootErrors;

      function collect(findings: ReturnType<typeof analyzeDetailed>, apiObjects: ApiObject[], settings: MtlsSettings) {
      for (const f of findings) {
        const failing = f.severity === Severity.ERROR || (settings.failOnWarnings && f.severity === Severity.WARNING);
        const text = `${f.code} ${f.message}`;
        if (!failing) {
          if (f.severity === Severity.WARNING && settings.printWarnings !== false) {
            const owner = ownerOf(apiObjects[f.objectIndex]);
            const line = `[${owner.node.path}] ${text}`;
            if (!state.printed.has(line)) { state.printed.add(line); console.warn(`Warning: ${line}`); }
          }
          continue;
        }
        const owner = ownerOf(apiObjects[f.objectIndex]);
        if (owner === root) { rootErrors.push(text); continue; }
        hook(owner, state);
        const list = state.messages.get(owner) ?? [];
        if (!list.includes(text)) list.push(text);
        state.messages.set(owner, list);
      }
      }
    },
  });
}

/** The app's ApiObjects, grouped by the mesh scope they belong to (IstioMtls.configure boundaries). */
function groupByMeshScope(root: IConstruct): Map<IConstruct, ApiObject[]> {
  const groups = new Map<IConstruct, ApiObject[]>();
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const scope = meshScopeOf(c);
    const g = groups.get(scope);
    if (g) g.push(c); else groups.set(scope, [c]);
  }
  return groups;
}

/** All findings of the app that `scope` belongs to, as they would be reported at synth. */
export function findingsOf(scope: IConstruct) {
  const meshScope = meshScopeOf(scope);
  const apiObjects = groupByMeshScope(scope.node.root).get(meshScope) ?? [];
  const settings = settingsOf(meshScope);
  return analyzeDetailed(apiObjects.map((o) => o.toJson()), settings)
    .map((f) => ({ ...f, path: ownerOf(apiObjects[f.objectIndex]).node.path }));
}
