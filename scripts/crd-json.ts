/**
 * Writes `crds/<name>.json` next to each vendored CRD file: the same documents as JSON, which the engine reads instead
 * of the YAML (JSON.parse takes ~4 ms where js-yaml takes ~80 ms for the DestinationRule CRD, on every process that
 * validates a DestinationRule). Run after changing a file under `crds/`:
 *
 *   npx ts-node --transpile-only scripts/crd-json.ts
 *
 * then scripts/crd-validators.ts, which generates the validators from them. test/input/schema/ fails while a JSON
 * file differs from its YAML.
 */
import * as fs from 'fs';
import * as path from 'path';
import { crdJsonText, vendoredCrdFiles } from '../src/input/schema';

const dir = path.join(__dirname, '..', 'crds');
for (const file of vendoredCrdFiles()) {
  const target = path.join(dir, file.replace(/\.yaml$/, '.json'));
  fs.writeFileSync(target, crdJsonText(fs.readFileSync(path.join(dir, file), 'utf8')));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
