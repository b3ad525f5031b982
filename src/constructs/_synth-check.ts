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
import { constructHint } from './_hints';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DetailedFinding } from '../engine/analyze';
import { analyzeApp } from '../engine/app';
import { relabelConstructAcknowledgements } from '../input/app-metadata';
import { appLayout, applyConstructAcknowledgements, writeAppMetadata } from './_app-layout';
import { Severity } from '../engine/types';
import { meshScopeOf, settingsOf } from './_mesh-scope';

const OWNER = Symbol.for('cdk8s-istio-mtls.Owner');
const REGISTERED = new WeakSet<IConstruct>();
const HOOKED = new WeakSet<IConstruct>();

interface RunState {
  messages: Map<IConstruct, string[]>;
  printed: Set<string>;
  cache: { fingerprint: string; run: ReturnType<typeof analyzeAppConstructs> } | undefined;
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

/** Every finding of the app as the synth-time check computes it, with the mesh scope and owner of its object. */
export interface AppFinding extends DetailedFinding {
  /** The construct path cdk8s prefixes the message with. */
  readonly path: string;
}

/**
 * Analyzes the app as one {@link analyzeApp} run: its mesh scopes, MigrationPlan phases over their topology's scope,
 * construct acknowledgements (written into the objects' accept annotations first). @internal
 */
export function analyzeAppConstructs(root: IConstruct): { findings: AppFinding[]; apiObjects: ApiObject[]; failing: (f: DetailedFinding) => boolean; printable: (f: DetailedFinding) => boolean } {
  const apiObjects = root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  const constructAcks = applyConstructAcknowledgements(apiObjects);
  const json = apiObjects.map((o) => o.toJson());
  const layout = appLayout(root, apiObjects);
  const settingsAt = (i: number) => settingsOf(apiObjects[i]);
  const pathOf = (o: ApiObject) => ownerOf(o).node.path;
  writeAppMetadata(root, apiObjects, json, layout, pathOf, constructAcks);
  const findings = relabelConstructAcknowledgements(analyzeApp(json, layout.meshes), (i) => [...(constructAcks.get(apiObjects[i]) ?? [])])
    .map((f) => ({ ...f, path: pathOf(apiObjects[f.objectIndex]) }));
  return {
    findings, apiObjects,
    failing: (f) => !f.suppressed && (f.severity === Severity.ERROR || (settingsAt(f.objectIndex).failOnWarnings === true && f.severity === Severity.WARNING)),
    printable: (f) => !f.suppressed && f.severity === Severity.WARNING && settingsAt(f.objectIndex).printWarnings !== false,
  };
}

/** Registers the app-level engine run (once per app). */
export function registerSynthCheck(scope: IConstruct): void {
  const root = scope.node.root;
  if (REGISTERED.has(root)) return;
  REGISTERED.add(root);
  const state: RunState = { messages: new Map(), printed: new Set(), cache: undefined };
  STATE.set(root, state);
  root.node.addValidation({
    validate: () => {
      state.messages = new Map();
      const rootErrors: string[] = [];
      // cdk8s validates the whole app once per synth and again per chart; analyze again only if the objects (or
      // settings) changed since the last run.
      const apiObjects = root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
      applyConstructAcknowledgements(apiObjects);
      const fingerprint = JSON.stringify([apiObjects.map((o) => [o.node.path, meshScopeOf(o).node.path, settingsOf(o)]), apiObjects.map((o) => o.toJson())]);
      let run = state.cache?.fingerprint === fingerprint ? state.cache.run : undefined;
      if (!run) { run = analyzeAppConstructs(root); state.cache = { fingerprint, run }; }
      for (const f of run.findings) {
        const text = `${f.code} ${f.message}${constructHint(f.code)}`;
        if (!run.failing(f)) {
          if (run.printable(f)) {
            const line = `[${f.path}] ${text}`;
            if (!state.printed.has(line)) { state.printed.add(line); console.warn(`Warning: ${line}`); }
          }
          continue;
        }
        const owner = ownerOf(run.apiObjects[f.objectIndex]);
        if (owner === root) { rootErrors.push(text); continue; }
        hook(owner, state);
        const list = state.messages.get(owner) ?? [];
        if (!list.includes(text)) list.push(text);
        state.messages.set(owner, list);
      }
      return rootErrors;
    },
  });
}

/** All findings of the app `scope` belongs to, as the synth-time check computes them (suppressed ones included). */
export function findingsOf(scope: IConstruct): AppFinding[] {
  return analyzeAppConstructs(scope.node.root).findings;
}
