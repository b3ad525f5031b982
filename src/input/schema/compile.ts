/**
 * The validators of the vendored CRDs' schemas: the ones generated ahead of time in crds/validators.js (ajv standalone
 * code), else compiled on first use by an ajv instance that is itself loaded on first use; and the generator of
 * crds/validators.js.
 *
 * ajv stands in for the API server's structural schema validation (k8s.io/apiextensions-apiserver); the CEL keyword
 * calls the rules restated in ./cel.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';
// Types only: ajv itself is loaded when a validator has to be compiled (newAjv), which a process that finds the
// generated crds/validators.js never needs (loading ajv's compiler takes ~40 ms).
import type Ajv from 'ajv';
import type { KeywordCxt, ValidateFunction } from 'ajv';
import { CEL_KEYWORD, celErrors } from './cel';
import { CrdVersion, allCrdVersions, crdDirectory } from './crd-files';
import { wrapRoot } from './to-ajv';

let ajvInstance: Ajv | undefined;

function ajv(): Ajv {
  ajvInstance ??= newAjv();
  return ajvInstance;
}

/** An ajv instance set up for the CRD schemas: all errors, with data; the CEL keyword. */
function newAjv(): Ajv {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: AjvClass, _, str, stringify } = require('ajv') as typeof import('ajv');
  const N = (require('ajv/dist/compile/names') as typeof import('ajv/dist/compile/names')).default;
  const { strConcat } = require('ajv/dist/compile/codegen') as typeof import('ajv/dist/compile/codegen');
  /* eslint-enable @typescript-eslint/no-require-imports */
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

/** The validator picked for each `group/version/Kind`. */
const validators = new Map<string, ValidateFunction>();

/** Compiled validators shared between versions with identical schemas (DestinationRule serves three). */
const compiledBySchema = new Map<string, ValidateFunction>();

/** The validator of a CRD version: the generated one, else one compiled on first use. */
export function validatorFor(version: CrdVersion): ValidateFunction {
  let validator = validators.get(version.key);
  if (validator) return validator;
  validator = precompiledValidators()?.get(version.key);
  if (!validator) {
    const key = schemaKeyOf(version);
    validator = compiledBySchema.get(key);
    if (!validator) {
      validator = ajv().compile(wrapRoot(version.schema, version.pruneUnknown));
      compiledBySchema.set(key, validator);
    }
  }
  validators.set(version.key, validator);
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
  validators.clear();
}

/**
 * The validators of crds/validators.js by `group/version/Kind`, loaded on first use; null without the file (then each
 * is compiled on first use, ~50-120 ms per CRD). scripts/crd-validators.ts writes the file; a test fails while it
 * differs from what the CRDs and this module generate.
 */
function precompiledValidators(): Map<string, ValidateFunction> | null {
  if (precompiled !== undefined) return precompiled;
  precompiled = null;
  const file = path.join(crdDirectory(), VALIDATORS_FILE);
  if (!fs.existsSync(file)) return precompiled;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { (cel: typeof celErrors): Record<string, ValidateFunction>; versions: Record<string, string> };
  const fns = mod(celErrors);
  precompiled = new Map(Object.entries(mod.versions).map(([key, id]) => [key, fns[id]]));
  return precompiled;
}

/**
 * The source of crds/validators.js: ajv's standalone code for every served version of every vendored CRD (versions
 * with the same schema share one function), compiled exactly as {@link validatorFor} compiles them otherwise.
 *
 * @internal
 */
export function standaloneValidatorsSource(): string {
  const instance = newAjv();
  const ids = new Map<string, string>();
  const refs: Record<string, string> = {};
  const byVersion: Record<string, string> = {};
  for (const version of allCrdVersions()) {
    const schemaKey = schemaKeyOf(version);
    let id = ids.get(schemaKey);
    if (id === undefined) {
      id = `v${ids.size}`;
      ids.set(schemaKey, id);
      const uri = `https://cdk8s-istio-mtls.invalid/crd/${id}.json`;
      instance.addSchema({ ...wrapRoot(version.schema, version.pruneUnknown), $id: uri });
      refs[id] = uri;
    }
    byVersion[version.key] = id;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const code = standaloneCode(instance, refs).replace(/^"use strict";/, '');
  return [
    '// Generated by scripts/crd-validators.ts from the vendored CRDs and src/input/schema/: do not edit.',
    '// ajv standalone validators; `celErrors` (the CRDs\' CEL rules restated in TypeScript) is passed in by compile.ts.',
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
