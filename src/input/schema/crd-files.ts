/**
 * The vendored Istio CRDs: finding `crds/`, reading its files (the JSON copies, else the YAML) and the served versions
 * of each `apiVersion` and `kind`.
 *
 * Follows the apiextensions.k8s.io CustomResourceDefinition API (v1 `spec.versions[].schema.openAPIV3Schema`,
 * v1beta1 `spec.validation` and `preserveUnknownFields`) as the API server serves it; the files are Istio's
 * manifests/charts/base/files/crd-all.gen.yaml (istio@86c9f01, see crds/SOURCE.md).
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';

/** CRD file (under `crds/`) for each `group/Kind` we vendor. */
const CRD_FILES: Readonly<Record<string, string>> = {
  'security.istio.io/PeerAuthentication': 'peerauthentication.yaml',
  'networking.istio.io/DestinationRule': 'destinationrule.yaml',
  'authentication.istio.io/MeshPolicy': 'legacy-authentication-v1alpha1.yaml',
  'authentication.istio.io/Policy': 'legacy-authentication-v1alpha1.yaml',
};

const MAX_LEVELS_UP = 5;

let crdDir: string | undefined;

/**
 * Finds the vendored `crds/` directory by walking up from this module: `src/input/schema/` under jest or ts-node,
 * `lib/src/input/schema/` once compiled, both inside the installed package.
 *
 * @internal
 */
export function _findCrdDir(start: string = __dirname): string {
  let dir = start;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = path.join(dir, 'crds');
    if (fs.existsSync(path.join(candidate, 'peerauthentication.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `cdk8s-istio-mtls: cannot find the vendored Istio CRDs ('crds/peerauthentication.yaml') in '${start}' or up to ` +
      `${MAX_LEVELS_UP} directories above it; the package is incomplete: make sure 'crds/' is shipped next to 'lib/'`,
  );
}

/** The vendored `crds/` directory, found on first use. */
export function crdDirectory(): string {
  crdDir ??= _findCrdDir();
  return crdDir;
}

/** One served version of a vendored CRD. */
export interface CrdVersion {
  /** `group/version/Kind`. */
  readonly key: string;
  readonly schema: Record<string, any>;
  /** apiextensions v1 (and v1beta1 with `preserveUnknownFields: false`): unknown fields are rejected. */
  readonly pruneUnknown: boolean;
}

/** `group/version/Kind` to version, filled per file on first use. */
const versions = new Map<string, CrdVersion>();
const loadedFiles = new Set<string>();

/** The vendored CRD files (under `crds/`), each once. @internal */
export function vendoredCrdFiles(): string[] {
  return [...new Set(Object.values(CRD_FILES))];
}

/**
 * The documents of a CRD YAML file as the JSON text `crds/<name>.json` holds (scripts/crd-json.ts writes it; a test
 * checks that every JSON file equals this for its YAML). @internal
 */
export function crdJsonText(yamlText: string): string {
  return `${JSON.stringify(yaml.loadAll(yamlText))}\n`;
}

/** The documents of a vendored CRD file: its JSON copy when there is one (parsed ~20x faster), else the YAML. @internal */
export function readCrdDocs(dir: string, file: string): unknown[] {
  const json = path.join(dir, file.replace(/\.yaml$/, '.json'));
  if (fs.existsSync(json)) return JSON.parse(fs.readFileSync(json, 'utf8'));
  return yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8'));
}

function loadCrdFile(file: string): void {
  if (loadedFiles.has(file)) return;
  const docs = readCrdDocs(crdDirectory(), file);
  for (const doc of docs as Array<Record<string, any> | null | undefined>) {
    if (!doc || doc.kind !== 'CustomResourceDefinition') continue;
    const spec = doc.spec;
    const pruneUnknown = doc.apiVersion === 'apiextensions.k8s.io/v1' || spec.preserveUnknownFields === false;
    const crdVersions: Array<Record<string, any>> = spec.versions ?? (spec.version ? [{ name: spec.version, served: true }] : []);
    for (const v of crdVersions) {
      if (v.served === false) continue;
      const schema = v.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
      if (!schema) continue;
      const key = `${spec.group}/${v.name}/${spec.names.kind}`;
      versions.set(key, { key, schema, pruneUnknown });
    }
  }
  loadedFiles.add(file);
}

/** Every served version of every vendored CRD, sorted by `group/version/Kind` (all files are read). */
export function allCrdVersions(): CrdVersion[] {
  for (const file of vendoredCrdFiles()) loadCrdFile(file);
  return [...versions.keys()].sort().map((key) => versions.get(key)!);
}

/** The schema of each `apiVersion\0kind` (null: none), found once: every object of the input is looked up. */
const byApiVersionAndKind = new Map<string, CrdVersion | null>();

/** The served CRD version of `apiVersion` and `kind`, or undefined when we vendor none. */
export function crdVersionOf(apiVersion: unknown, kind: unknown): CrdVersion | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const key = `${apiVersion}\u0000${kind}`;
  let version = byApiVersionAndKind.get(key);
  if (version === undefined) {
    version = findCrdVersion(apiVersion, kind);
    byApiVersionAndKind.set(key, version);
  }
  return version ?? undefined;
}

function findCrdVersion(apiVersion: string, kind: string): CrdVersion | null {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return null; // core group: never an Istio CRD
  const file = CRD_FILES[`${apiVersion.slice(0, slash)}/${kind}`];
  if (file === undefined) return null;
  loadCrdFile(file);
  return versions.get(`${apiVersion}/${kind}`) ?? null;
}

/**
 * Whether `apiVersion` + `kind` is a served version of one of the vendored Istio CRDs (PeerAuthentication,
 * DestinationRule, legacy MeshPolicy and Policy).
 */
export function isSchemaKnown(apiVersion: string, kind: string): boolean {
  return crdVersionOf(apiVersion, kind) !== undefined;
}
