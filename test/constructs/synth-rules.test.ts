/**
 * Every rule that reports an error fails `cdk8s synth` of an app that uses this library, naming the construct path
 * of the object at fault, the rule code and the engine's message (which names the field and the fix) — for the
 * rule's bad fixture placed in the app as raw ApiObjects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { AnalyzeOptions, IstioMtls, listRules } from '../../src';
import { analyzeDetailed } from '../../src/engine/analyze';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

function load(file: string): any[] {
  return (yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]).filter((d) => d && typeof d === 'object');
}

// Rules a construct reports (IMT6001, MigrationPlan) have no fixture for analyze(); test/migration-plan.test.ts has them.
const ANALYZED = listRules().filter((r) => !r.reportedBy);
const cases = ANALYZED.flatMap((r) => {
  const dir = path.join(FIXTURES, r.code);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('bad')).map((f) => [r.code, f] as const) : [];
});

test('every rule has a bad fixture to drive this test', () => {
  expect(new Set(cases.map(([code]) => code))).toEqual(new Set(ANALYZED.map((r) => r.code)));
});

/** The engine options of a rule's fixtures (options.json beside them, for rules about an install choice). */
function optionsOf(code: string): AnalyzeOptions {
  const file = path.join(FIXTURES, code, 'options.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

function synthError(objects: any[], options: AnalyzeOptions): string {
  const chart = Testing.chart();
  IstioMtls.configure(chart, { printWarnings: false, ...options });
  objects.forEach((o, i) => new ApiObject(chart, `obj${i}`, o));
  try {
    Testing.synth(chart);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe.each(cases)('%s %s', (code, file) => {
  const objects = load(path.join(FIXTURES, code, file));
  const options = optionsOf(code);
  const found = analyzeDetailed(objects, options).filter((f) => f.code === code);
  const errors = found.filter((f) => f.severity === 'error');

  if (errors.length > 0) {
    test('fails synth with [path] CODE message for the raw objects in the app', () => {
      const message = synthError(objects, options);
      for (const f of errors) expect(message).toContain(`[test/obj${f.objectIndex}] ${code} ${f.message}`);
    });
  } else {
    test('reports only warnings or info here, which do not fail synth', () => {
      expect(found.length).toBeGreaterThan(0);
      expect(synthError(objects, options)).not.toContain(` ${code} `);
    });
  }
});
