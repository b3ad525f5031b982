/**
 * Where settings apply: the settings recorded per configured scope (an App or a Chart), and the mesh scope of a
 * construct — the nearest configured ancestor, whose objects the synth-time check analyzes together.
 * @internal
 */
import { IConstruct } from 'constructs';
import { MtlsSettings } from './settings';

const SETTINGS = new WeakMap<IConstruct, MtlsSettings>();

/** Records `settings` for `scope` (replacing what it had). */
export function recordSettings(scope: IConstruct, settings: MtlsSettings): void {
  SETTINGS.set(scope, { ...settings });
}

/** The construct whose objects are analyzed together with `scope`'s: the nearest configured ancestor, else the app. */
export function meshScopeOf(scope: IConstruct): IConstruct {
  let c: IConstruct | undefined = scope;
  while (c) {
    if (SETTINGS.has(c)) return c;
    c = c.node.scope;
  }
  return scope.node.root;
}

/** The settings in force for `scope`: those of its mesh scope. */
export function settingsOf(scope: IConstruct): MtlsSettings {
  return SETTINGS.get(meshScopeOf(scope)) ?? {};
}

/**
 * The value of `key` in `scope`'s mesh: `own` (a construct's prop) is recorded in the mesh scope's settings when they
 * have none yet, so that the synth-time check and every other construct of the scope use it.
 *
 * @throws when the mesh scope already has another value: the synth-time check analyzes a mesh with one
 */
export function claimSetting(scope: IConstruct, key: 'rootNamespace' | 'clusterDomain', own: string | undefined, fallback: string): string {
  const mesh = meshScopeOf(scope);
  const current = SETTINGS.get(mesh);
  const set = current?.[key];
  if (own === undefined || own === set) return set ?? fallback;
  if (set !== undefined) {
    throw new Error(`[${scope.node.path}] '${key}' is ${JSON.stringify(own)}, but this mesh's ${key} is already ${JSON.stringify(set)} `
      + `(from IstioMtls.configure or another construct), and the synth-time check analyzes a mesh with one ${key}: set it once with `
      + `IstioMtls.configure(scope, { ${key}: ${JSON.stringify(own)} }) and drop the '${key}' prop`);
  }
  SETTINGS.set(mesh, { ...current, [key]: own });
  return own;
}
