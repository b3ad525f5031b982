/**
 * Writes `crds/validators.js`: the vendored CRDs' validators as ajv standalone code, so that a process validating an
 * Istio object loads them (~10 ms) instead of compiling them (~50-120 ms per CRD, plus ~40 ms to load ajv's
 * compiler). Run after changing a file under `crds/` (after scripts/crd-json.ts) or the schema conversion in
 * src/input/schema/:
 *
 *   npx ts-node --transpile-only scripts/crd-validators.ts
 *
 * test/input/schema/ fails while the file differs from what this writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { VALIDATORS_FILE, standaloneValidatorsSource } from '../src/input/schema';

const target = path.join(__dirname, '..', 'crds', VALIDATORS_FILE);
fs.writeFileSync(target, standaloneValidatorsSource());
console.log(`wrote ${path.relative(process.cwd(), target)} (${fs.statSync(target).size} bytes)`);
