import * as fs from 'fs';
import * as path from 'path';
// Types only: ajv itself is loaded when a validator has to be compiled (newAjv), which a process that finds the
// generated crds/validators.js never needs (loading ajv's compiler takes ~40 ms).
import type Ajv from 'ajv';
import type { ErrorObject, KeywordCxt, ValidateFunction } from 'ajv';
import * as yaml from 'js-yaml';
import { PairMemo } from './pair-memo';

/**
 * One way an object breaks the vendored Istio CRD schema or one of its CEL rules.
 *
 * This is what the Kubernetes API server would reject on `kubectl apply`, found before the object leaves the
 * machine.
 */
export interface SchemaViolation {
  /**
   * Where the problem is, as a JSON path: `spec.portLevelMtls.8080.mode`, `spec.subsets[0].name`,
   * `spec.selector.matchLabels["app.kubernetes.io/name"]`.
   *
   * For CEL rules this is the node the rule is attached to in the CRD (as the API server reports it).
   */
  readonly path: string;

  /**
   * What is wrong and what is allowed, e.g. `must be one of UNSET, DISABLE, PERMISSIVE, STRICT (got "STRICTT")`.
   *
   * CEL violations start with the CRD's exact `message` (e.g. `port must be between 1-65535`), followed by the
   * offending key or value in parentheses when there is one.
   */
  readonly message: string;

  /** The kind of check that failed. */
  readonly rule: 'type' | 'enum' | 'required' | 'cel' | 'other';

  /**
   * The offending value (or map key, for CEL rules over map keys).
   *
   * @default - not set when there is no single offending value (a missing field, `portLevelMtls requires selector`)
   */
  readonly value?: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// CEL rules restated in TypeScript
// ---------------------------------------------------------------------------------------------------------------

/**
 * A CEL rule restated in TypeScript: pushes every offending map key or value onto `offenders` (`NO_OFFENDER` when
 * the rule fails as a whole), and nothing when the rule holds or its subject has the wrong type (the schema's type
 * check reports that).
 */
type CelCheck = (self: unknown, offenders: unknown[]) => void;

const NO_OFFENDER: unique symbol = Symbol('no offender');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** CEL `has(x.f)` on a Kubernetes object: the field is set (null fields are pruned by the API server). */
function has(obj: Record<string, unknown>, field: string): boolean {
  const v = obj[field];
  return v !== undefined && v !== null;
}

/** CEL `self.all(key, pred)` over a map, reporting every key that fails rather than the first. */
function allKeys(pred: (key: string) => boolean): CelCheck {
  return (self, offenders) => {
    if (!isPlainObject(self)) return;
    for (const key in self) {
      if (!pred(key)) offenders.push(key);
    }
  };
}

const CEL_INT = /^[+-]?[0-9]+$/;

/** CEL `int(string)` (Go `strconv.ParseInt(s, 10, 64)`); `undefined` where CEL raises an evaluation error. */
function celInt(s: string): number | undefined {
  if (!CEL_INT.test(s)) return undefined;
  const n = Number(s);
  return Math.abs(n) <= 9223372036854775807 ? n : undefined;
}

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  'ns': 1n,
  'us': 1_000n,
  '\u00b5s': 1_000n, // µ (micro sign)
  '\u03bcs': 1_000n, // μ (Greek mu)
  'ms': 1_000_000n,
  's': 1_000_000_000n,
  'm': 60_000_000_000n,
  'h': 3_600_000_000_000n,
};
const MAX_INT64 = (1n << 63n) - 1n;
const ONE_MS_NS = 1_000_000n;

/**
 * CEL `duration(string)`, which is Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-zµμ]+)+` or `0`.
 *
 * @returns nanoseconds, or `undefined` where Go returns an error (CEL then raises an evaluation error).
 */
function parseGoDuration(input: string): bigint | undefined {
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (!(c === '.' || (c >= '0' && c <= '9'))) return undefined;
    // integer part
    const intStart = i;
    let v = 0n;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > MAX_INT64 + 1n) return undefined; // Go: "invalid duration" on overflow
      i++;
    }
    const pre = i > intStart;
    // fraction part (Go keeps at most what fits in int64 and ignores the rest)
    let f = 0n;
    let scale = 1;
    let post = false;
    if (i < s.length && s[i] === '.') {
      i++;
      const fracStart = i;
      let overflow = false;
      while (i < s.length && s[i] >= '0' && s[i] <= '9') {
        if (!overflow) {
          if (f > MAX_INT64 / 10n) {
            overflow = true;
          } else {
            f = f * 10n + BigInt(s.charCodeAt(i) - 48);
            scale *= 10;
          }
        }
        i++;
      }
      post = i > fracStart;
    }
    if (!pre && !post) return undefined;
    // unit
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    if (i === unitStart) return undefined; // missing unit
    const unit = NS_PER_UNIT[s.slice(unitStart, i)];
    if (unit === undefined) return undefined;
    if (v > (1n << 63n) / unit) return undefined;
    v *= unit;
    if (f > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) return undefined;
    }
    total += v;
    if (total > 1n << 63n) return undefined;
  }
  if (neg) return -total;
  return total > MAX_INT64 ? undefined : total;
}

/**
 * The CEL rules found in the vendored CRDs, keyed by their exact rule text, restated in TypeScript.
 *
 * A rule that holds (or whose subject has the wrong type, which the schema's type check reports) yields `true`.
 */
const CEL_IMPLEMENTATIONS: ReadonlyMap<string, CelCheck> = new Map<string, CelCheck>([
  // PeerAuthentication spec: portLevelMtls requires selector
  [
    'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
    (self, offenders) => {
      if (!isPlainObject(self) || !has(self, 'portLevelMtls')) return;
      const selector = self.selector;
      const labels = isPlainObject(selector) && has(selector, 'matchLabels') ? selector.matchLabels : {};
      if (!isPlainObject(labels)) return; // wrong type, reported by the schema
      for (const _ in labels) return;
      offenders.push(NO_OFFENDER);
    },
  ],
  // PeerAuthentication spec.portLevelMtls: port must be between 1-65535
  [
    'self.all(key, 0 < int(key) && int(key) <= 65535)',
    allKeys((key) => {
      const n = celInt(key);
      return n !== undefined && 0 < n && n <= 65535;
    }),
  ],
  // matchLabels keys (PeerAuthentication selector, DestinationRule workloadSelector)
  ['self.all(key, !key.contains("*"))', allKeys((key) => !key.includes('*'))],
  ['self.all(key, key.size() != 0)', allKeys((key) => key.length !== 0)],
  // matchLabels values
  [
    '!self.contains("*")',
    (self, offenders) => {
      if (typeof self === 'string' && self.includes('*')) offenders.push(self);
    },
  ],
  // DestinationRule durations (connectTimeout, interval, baseEjectionTime, idleTimeout, ...)
  [
    "duration(self) >= duration('1ms')",
    (self, offenders) => {
      if (typeof self !== 'string') return;
      const ns = parseGoDuration(self);
      if (ns === undefined || ns < ONE_MS_NS) offenders.push(self);
    },
  ],
]);

/**
 * The exact text of every CEL rule (`x-kubernetes-validations[].rule`) this module restates in TypeScript.
 *
 * A test asserts that every rule in the vendored CRDs is listed here, so a CRD update cannot silently skip one.
 */
export const KNOWN_CEL_RULES: readonly string[] = Object.freeze([...CEL_IMPLEMENTATIONS.keys()]);

// ---------------------------------------------------------------------------------------------------------------
// Vendored CRDs
// ---------------------------------------------------------------------------------------------------------------

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
 * Finds the vendored `crds/` directory by walking up from this module: `src/engine/` under jest or ts-node,
 * `lib/src/engine/` once compiled, both inside the installed package.
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

/** One served version of a vendored CRD. */
interface CrdVersion {
  /** `group/version/Kind`. */
  readonly key: string;
  readonly schema: Record<string, any>;
  /** apiextensions v1 (and v1beta1 with `preserveUnknownFields: false`): unknown fields are rejected. */
  readonly pruneUnknown: boolean;
  validator?: ValidateFunction;
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
  crdDir ??= _findCrdDir();
  const docs = readCrdDocs(crdDir, file);
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

function lookup(apiVersion: unknown, kind: unknown): CrdVersion | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return schemas.get(apiVersion, kind) ?? undefined;
}

/** The schema of each apiVersion and kind (null: none), found once: every object of the input is looked up. */
const schemas = new PairMemo<CrdVersion | null>((apiVersion, kind) => {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return null; // core group: never an Istio CRD
  const file = CRD_FILES[`${apiVersion.slice(0, slash)}/${kind}`];
  if (file === undefined) return null;
  loadCrdFile(file);
  return versions.get(`${apiVersion}/${kind}`) ?? null;
});

/**
 * Whether `apiVersion` + `kind` is a served version of one of the vendored Istio CRDs (PeerAuthentication,
 * DestinationRule, legacy MeshPolicy and Policy).
 */
export function isSchemaKnown(apiVersion: string, kind: string): boolean {
  return lookup(apiVersion, kind) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Structural schema -> ajv
// ---------------------------------------------------------------------------------------------------------------

const CEL_KEYWORD = 'x-cdk8s-istio-mtls-cel';

interface CelRuleEntry {
  readonly rule: string;
  readonly message: string;
}

/**
 * Converts a Kubernetes structural schema node to plain JSON Schema for ajv.
 *
 * - `x-kubernetes-*` keys, `description` and `format` are dropped (Kubernetes checks none of the formats these CRDs
 *   use on authored fields: `int32`, `double`, legacy `string`, and `date-time` only under `status`);
 * - `x-kubernetes-int-or-string: true` accepts an integer or a string;
 * - `nullable: true` also accepts `null`;
 * - `x-kubernetes-validations` becomes the custom CEL keyword;
 * - with `pruneUnknown`, objects reject fields not in `properties` (kubectl's default strict field validation),
 *   except under `x-kubernetes-preserve-unknown-fields: true`.
 */
function toAjvSchema(node: Record<string, any>, pruneUnknown: boolean): Record<string, any> {
  const out: Record<string, any> = {};
  for (const key of Object.keys(node)) {
    const value = node[key];
    switch (key) {
      case 'properties': {
        const props: Record<string, any> = {};
        for (const name of Object.keys(value)) props[name] = toAjvSchema(value[name], pruneUnknown);
        out.properties = props;
        break;
      }
      case 'items':
      case 'not':
        out[key] = toAjvSchema(value, pruneUnknown);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'object' && value !== null ? toAjvSchema(value, pruneUnknown) : value;
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as Array<Record<string, any>>).map((s) => toAjvSchema(s, pruneUnknown));
        break;
      case 'description':
      case 'format':
      case 'nullable':
        break;
      default:
        if (!key.startsWith('x-kubernetes-')) out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.anyOf; // the generated `anyOf: [{type: integer}, {type: string}]`
  }
  if (node.nullable === true) {
    if (out.type !== undefined) out.type = [...(Array.isArray(out.type) ? out.type : [out.type]), 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  const rules = node['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) {
    out[CEL_KEYWORD] = rules.map((r: Record<string, any>): CelRuleEntry => ({
      rule: String(r.rule),
      message: typeof r.message === 'string' ? r.message : `failed rule: ${r.rule}`,
    }));
  }
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (pruneUnknown && isObject && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };

/** The CRD schema plus what the API server itself checks on every object: apiVersion, kind, metadata. */
function wrapRoot(schema: Record<string, any>, pruneUnknown: boolean): Record<string, any> {
  const root = shareRepeatedSubschemas(toAjvSchema(schema, pruneUnknown));
  return {
    ...root,
    type: 'object',
    properties: {
      ...root.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      // other ObjectMeta fields (uid, ownerReferences, ...) are accepted as they are in dumps of a live cluster
      metadata: {
        type: 'object',
        properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: STRING_MAP, annotations: STRING_MAP },
      },
    },
  };
}

/** Object schemas with at least this many characters of JSON are compiled once when they occur more than once. */
const SHARE_MIN_CHARS = 512;

/**
 * Moves object schemas that occur more than once (a DestinationRule's traffic policy body appears at the top level,
 * under each port-level setting and under each subset, twice over) into `$defs`, each occurrence becoming a `$ref`,
 * so that ajv generates each one once (`inlineRefs: false`). Validation results are the same: only `schemaPath`
 * changes, to `#/$defs/...` inside a shared schema. Nothing inside `oneOf`/`anyOf`/`allOf`/`not` is shared, so a
 * `oneOf` and its branches' errors keep one schemaPath prefix (toViolations relies on that).
 *
 * @internal exported for tests
 */
export function shareRepeatedSubschemas(root: Record<string, any>): Record<string, any> {
  const keyOf = new Map<object, string>();
  const counts = new Map<string, number>();
  // Occurrences as they will be after sharing: the inside of a repeated schema is counted once, at its first
  // occurrence, since every other occurrence becomes a $ref to that one.
  const count = (node: Record<string, any>): void => {
    if (node.properties !== undefined) {
      const key = JSON.stringify(node);
      if (key.length >= SHARE_MIN_CHARS) {
        keyOf.set(node, key);
        const seen = counts.get(key) ?? 0;
        counts.set(key, seen + 1);
        if (seen > 0) return;
      }
    }
    forEachSubschema(node, count);
  };
  count(root);
  const defs: Record<string, any> = {};
  const names = new Map<string, string>();
  const rewrite = (node: Record<string, any>, isDefinition: boolean): Record<string, any> => {
    const key = keyOf.get(node);
    if (!isDefinition && key !== undefined && (counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (name === undefined) {
        name = `shared${names.size}`;
        names.set(key, name);
        defs[name] = rewrite(node, true);
      }
      return { $ref: `#/$defs/${name}` };
    }
    const out: Record<string, any> = { ...node };
    if (node.properties !== undefined) {
      const props: Record<string, any> = {};
      for (const p of Object.keys(node.properties)) props[p] = rewrite(node.properties[p], false);
      out.properties = props;
    }
    if (isPlainObject(node.items)) out.items = rewrite(node.items, false);
    if (isPlainObject(node.additionalProperties)) out.additionalProperties = rewrite(node.additionalProperties, false);
    return out;
  };
  const shared = rewrite(root, true);
  return names.size === 0 ? root : { ...shared, $defs: defs };
}

/** Calls `fn` on the subschemas that may be shared: properties, items, additionalProperties (not combinators). */
function forEachSubschema(node: Record<string, any>, fn: (sub: Record<string, any>) => void): void {
  if (isPlainObject(node.properties)) for (const p of Object.keys(node.properties)) fn(node.properties[p] as Record<string, any>);
  if (isPlainObject(node.items)) fn(node.items);
  if (isPlainObject(node.additionalProperties)) fn(node.additionalProperties);
}

const celOffenders: unknown[] = []; // reused: nothing is allocated while rules hold

/**
 * The errors of the CEL rules `entries` on `data` (null when all hold), as ajv error objects without their paths
 * (the generated code adds them). Rules we do not restate are skipped here; the KNOWN_CEL_RULES test fails for them.
 */
function celErrors(data: unknown, entries: readonly CelRuleEntry[]): Array<Partial<ErrorObject>> | null {
  let errors: Array<Partial<ErrorObject>> | null = null;
  for (const entry of entries) {
    const check = CEL_IMPLEMENTATIONS.get(entry.rule);
    if (!check) continue;
    celOffenders.length = 0;
    check(data, celOffenders);
    for (const offender of celOffenders) {
      const params = offender === NO_OFFENDER ? { rule: entry.rule } : { rule: entry.rule, value: offender };
      (errors ??= []).push({ keyword: CEL_KEYWORD, message: entry.message, params });
    }
  }
  return errors;
}

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  ajvInstance ??= newAjv();
  return ajvInstance;
}

/** An ajv instance set up for the CRD schemas: all errors, with data; the CEL keyword. */
function newAjv(): Ajv {
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { default: AjvClass, _, str, stringify } = require('ajv') as typeof import('ajv');
  const N = (require('ajv/dist/compile/names') as typeof import('ajv/dist/compile/names')).default;
  const { strConcat } = require('ajv/dist/compile/codegen') as typeof import('ajv/dist/compile/codegen');
  /* eslint-enable @typescript-eslint/no-var-requires */
  // inlineRefs: false compiles each shared subschema once (shareRepeatedSubschemas). optimize: false skips ajv's
  // optimizing pass over the generated code, which changes no result and took ~30% of the compile time. source: true
  // keeps the code for standaloneValidatorsSource.
  const instance = new AjvClass({ strict: false, allErrors: true, verbose: true, validateFormats: false, inlineRefs: false, code: { optimize: false, source: true } });
  instance.addKeyword({
    keyword: CEL_KEYWORD,
    schemaType: 'array',
    // Code, not a compiled closure, so that the validators can also be generated ahead of time (crds/validators.js):
    // `celErrors(data, entries)` returns the errors of the entries' rules, which are appended to ajv's own.
    code(cxt: KeywordCxt) {
      const { gen, data, schema, it } = cxt;
      const check = gen.scopeValue('func', { ref: celErrors, code: _`celErrors` });
      const entries = gen.scopeValue('obj', { ref: schema, code: stringify(schema) });
      const errs = gen.const('celErrs', _`${check}(${data}, ${entries})`);
      gen.if(_`${errs} !== null`, () => {
        gen.forOf('e', errs, (e) => {
          gen.assign(_`${e}.instancePath`, strConcat(N.instancePath, it.errorPath));
          gen.assign(_`${e}.schemaPath`, str`${it.errSchemaPath}/${CEL_KEYWORD}`);
        });
        gen.assign(N.vErrors, _`${N.vErrors} === null ? ${errs} : ${N.vErrors}.concat(${errs})`);
        gen.assign(N.errors, _`${N.vErrors}.length`);
      });
    },
  });
  return instance;
}

/** Compiled validators shared between versions with identical schemas (DestinationRule serves three). */
const compiledBySchema = new Map<string, ValidateFunction>();

function validatorFor(version: CrdVersion): ValidateFunction {
  if (version.validator) return version.validator;
  let validator = precompiledValidators()?.get(version.key);
  if (!validator) {
    const key = schemaKeyOf(version);
    validator = compiledBySchema.get(key);
    if (!validator) {
      validator = ajv().compile(wrapRoot(version.schema, version.pruneUnknown));
      compiledBySchema.set(key, validator);
    }
  }
  version.validator = validator;
  return validator;
}

/** Versions with equal keys (DestinationRule v1, v1beta1, v1alpha3) validate with one function. */
function schemaKeyOf(version: CrdVersion): string {
  return `${version.pruneUnknown}:${JSON.stringify(version.schema)}`;
}

/** The file, next to the vendored CRDs, that holds their validators generated ahead of time. */
export const VALIDATORS_FILE = 'validators.js';

let precompiled: Map<string, ValidateFunction> | null | undefined;

/**
 * Makes validateAgainstCrd use the generated validators (the default) or compile its own, and forgets the validators
 * picked so far: tests compare the two.
 *
 * @internal
 */
export function _usePrecompiledValidators(use: boolean): void {
  precompiled = use ? undefined : null;
  for (const version of versions.values()) version.validator = undefined;
}

/**
 * The validators of crds/validators.js by `group/version/Kind`, loaded on first use; null without the file (then each
 * is compiled on first use, ~50-120 ms per CRD). scripts/crd-validators.ts writes the file; a test fails while it
 * differs from what the CRDs and this module generate.
 */
function precompiledValidators(): Map<string, ValidateFunction> | null {
  if (precompiled !== undefined) return precompiled;
  precompiled = null;
  crdDir ??= _findCrdDir();
  const file = path.join(crdDir, VALIDATORS_FILE);
  if (!fs.existsSync(file)) return precompiled;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(file) as { (cel: typeof celErrors): Record<string, ValidateFunction>; versions: Record<string, string> };
  const fns = mod(celErrors);
  precompiled = new Map(Object.entries(mod.versions).map(([key, id]) => [key, fns[id]]));
  return precompiled;
}

/**
 * The source of crds/validators.js: ajv's standalone code for every served version of every vendored CRD (versions
 * with the same schema share one function), compiled exactly as {@link validateAgainstCrd} compiles them otherwise.
 *
 * @internal
 */
export function standaloneValidatorsSource(): string {
  for (const file of vendoredCrdFiles()) loadCrdFile(file);
  const instance = newAjv();
  const ids = new Map<string, string>();
  const refs: Record<string, string> = {};
  const byVersion: Record<string, string> = {};
  for (const key of [...versions.keys()].sort()) {
    const version = versions.get(key)!;
    const schemaKey = schemaKeyOf(version);
    let id = ids.get(schemaKey);
    if (id === undefined) {
      id = `v${ids.size}`;
      ids.set(schemaKey, id);
      const uri = `https://cdk8s-istio-mtls.invalid/crd/${id}.json`;
      instance.addSchema({ ...wrapRoot(version.schema, version.pruneUnknown), $id: uri });
      refs[id] = uri;
    }
    byVersion[key] = id;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const code = standaloneCode(instance, refs).replace(/^"use strict";/, '');
  return [
    '// Generated by scripts/crd-validators.ts from the vendored CRDs and src/engine/schema.ts: do not edit.',
    '// ajv standalone validators; `celErrors` (the CRDs\' CEL rules restated in TypeScript) is passed in by schema.ts.',
    '"use strict";',
    'module.exports = function crdValidators(celErrors) {',
    'const exports = {};',
    code,
    'return exports;',
    '};',
    `module.exports.versions = ${JSON.stringify(byVersion)};`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Errors -> violations
// ---------------------------------------------------------------------------------------------------------------

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** Turns ajv's JSON pointer into `spec.subsets[0].name` / `spec.selector.matchLabels["app.kubernetes.io/name"]`. */
function toPath(root: unknown, pointer: string, extra?: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segments.push(extra);
  let out = '';
  let node: unknown = root;
  for (const seg of segments) {
    if (Array.isArray(node)) {
      out += `[${seg}]`;
    } else if (PLAIN_KEY.test(seg)) {
      out += out === '' ? seg : `.${seg}`;
    } else {
      out += `[${JSON.stringify(seg)}]`;
    }
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return out;
}

/** A value as it appears in a message: strings quoted, composites named. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  return String(v);
}

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  if (isPlainObject(v)) return Object.keys(v).length;
  return 0;
}

/** `oneOf` as generated from a proto `oneof`: `[{not: {anyOf: [required...]}}, {required: [a]}, ...]`. */
function oneOfMessage(err: ErrorObject): string {
  const branches = (Array.isArray(err.schema) ? err.schema : []) as Array<Record<string, any>>;
  const names = branches.flatMap((b) => (Array.isArray(b.required) && b.required.length === 1 ? [String(b.required[0])] : []));
  if (names.length === 0) return 'must match exactly one of the allowed shapes';
  const noneAllowed = branches.some((b) => b.not !== undefined);
  const data = err.data;
  const present = isPlainObject(data) ? names.filter((n) => data[n] !== undefined) : [];
  const got = present.length === 0 ? 'none' : present.join(', ');
  return `must set ${noneAllowed ? 'at most' : 'exactly'} one of ${names.join(', ')} (got ${got})`;
}

function toViolations(obj: Record<string, unknown>, errors: readonly ErrorObject[]): SchemaViolation[] {
  const kind = String(obj.kind);
  // Drop what the branches of a failed oneOf said (the oneOf error says it better), and the enum/format/CEL
  // noise on a value that already has the wrong type.
  const oneOfPrefixes: string[] = [];
  const typeFailed = new Set<string>();
  for (const err of errors) {
    if (err.keyword === 'oneOf') oneOfPrefixes.push(`${err.schemaPath}/`);
    if (err.keyword === 'type') typeFailed.add(err.instancePath);
  }
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  const push = (v: SchemaViolation) => {
    const key = `${v.path}\u0000${v.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(v);
  };
  for (const err of errors) {
    if (oneOfPrefixes.some((p) => err.schemaPath.startsWith(p))) continue;
    if (err.keyword !== 'type' && err.keyword !== 'required' && typeFailed.has(err.instancePath)) continue;
    const params = err.params as Record<string, any>;
    const data = err.data;
    switch (err.keyword) {
      case 'type': {
        const types = Array.isArray(err.schema) ? err.schema : String(err.schema ?? params.type).split(',');
        push({ path: toPath(obj, err.instancePath), message: `must be ${types.join(' or ')} (got ${show(data)})`, rule: 'type', value: data });
        break;
      }
      case 'enum': {
        const allowed = ((err.schema ?? params.allowedValues) as unknown[]).map((v) => (v === null ? 'null' : String(v))).join(', ');
        push({ path: toPath(obj, err.instancePath), message: `must be one of ${allowed} (got ${show(data)})`, rule: 'enum', value: data });
        break;
      }
      case 'required':
        push({ path: toPath(obj, err.instancePath, params.missingProperty), message: 'is required', rule: 'required' });
        break;
      case 'additionalProperties': {
        const field = String(params.additionalProperty);
        push({
          path: toPath(obj, err.instancePath, field),
          message: `unknown field: the ${kind} schema has no '${field}' (kubectl rejects it; without strict field validation the API server drops it silently)`,
          rule: 'other',
          value: isPlainObject(data) ? data[field] : undefined,
        });
        break;
      }
      case CEL_KEYWORD: {
        const hasValue = 'value' in params;
        push({
          path: toPath(obj, err.instancePath),
          message: hasValue ? `${err.message} (got ${show(params.value)})` : String(err.message),
          rule: 'cel',
          ...(hasValue ? { value: params.value } : {}),
        });
        break;
      }
      case 'oneOf':
        push({ path: toPath(obj, err.instancePath), message: oneOfMessage(err), rule: 'other', value: data });
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        push({ path: toPath(obj, err.instancePath), message: `must be ${params.comparison} ${params.limit} (got ${show(data)})`, rule: 'other', value: data });
        break;
      case 'minLength':
      case 'maxLength':
        push({
          path: toPath(obj, err.instancePath),
          message: `must be ${err.keyword === 'minLength' ? 'at least' : 'at most'} ${plural(params.limit, 'character')} long (got ${sizeOf(data)})`,
          rule: 'other',
          value: data,
        });
        break;
      case 'minItems':
      case 'maxItems':
        push({
          path: toPath(obj, err.instancePath),
          message: `must have ${err.keyword === 'minItems' ? 'at least' : 'at most'} ${plural(params.limit, 'item')} (got ${sizeOf(data)})`,
          rule: 'other',
        });
        break;
      case 'minProperties':
      case 'maxProperties':
        push({
          path: toPath(obj, err.instancePath),
          message: `must have ${err.keyword === 'minProperties' ? 'at least' : 'at most'} ${plural(params.limit, 'entry', 'entries')} (got ${sizeOf(data)})`,
          rule: 'other',
        });
        break;
      default:
        push({ path: toPath(obj, err.instancePath), message: err.message ?? `fails '${err.keyword}'`, rule: 'other', value: data });
    }
  }
  return out;
}

/**
 * {@link validateAgainstCrd} with each object's result kept, so that one run validates an object once: the CLI checks
 * field types while it loads, and rule IMT2014 reads the same result. Objects are told apart by identity, so an object
 * must not be modified while a memo that has seen it is in use (the CLI never modifies what it loaded).
 * @internal
 */
export class CrdValidations {
  // A Map, not a WeakMap: a memo lives for one run, whose objects are alive anyway, and the garbage collector
  // processes every WeakMap entry as an ephemeron on each collection (thousands of entries in a large input).
  private readonly results = new Map<object, readonly SchemaViolation[]>();
  /** How many objects were validated (not served from the memo): for tests. */
  public computed = 0;

  /** The violations of `obj`, validated on first request (valid objects share one frozen empty list). */
  public validate(obj: any): readonly SchemaViolation[] {
    if (!isPlainObject(obj)) return NO_VIOLATIONS;
    let r = this.results.get(obj);
    if (r === undefined) {
      this.computed++;
      const found = validateAgainstCrd(obj);
      r = found.length === 0 ? NO_VIOLATIONS : found;
      this.results.set(obj, r);
    }
    return r;
  }
}

const NO_VIOLATIONS: readonly SchemaViolation[] = Object.freeze([]);

/**
 * Validates a Kubernetes object against the vendored Istio CRD schema for its `apiVersion` and `kind`, including
 * the CRD's CEL rules (`x-kubernetes-validations`, restated in TypeScript).
 *
 * The validators are generated ahead of time (`crds/validators.js`); one missing there is compiled once per process,
 * on first use. Objects of kinds and versions we do not vendor pass (`[]`).
 *
 * @param obj a manifest object (`{ apiVersion, kind, metadata, spec }`); it is not modified
 * @returns the violations, in schema order; `[]` when the object is valid or its schema is not vendored
 */
export function validateAgainstCrd(obj: any): SchemaViolation[] {
  if (!isPlainObject(obj)) return [];
  const version = lookup(obj.apiVersion, obj.kind);
  if (version === undefined) return [];
  const validate = validatorFor(version);
  if (validate(obj)) return [];
  return toViolations(obj, validate.errors ?? []);
}
