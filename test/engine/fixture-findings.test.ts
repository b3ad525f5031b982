/**
 * The exact findings — code, severity, resource, field, message and fix — of every rule, task, upstream and seed
 * fixture, analyzed file by file with the default options, against a golden file reviewed in each change
 * (test/engine/fixture-findings.golden.json). The expected.yaml files beside the rule fixtures say which findings are
 * right, matched by code and resource; this file pins what the user reads: a message, fix or field that changes is a
 * visible change and needs a reviewed golden update. Mutation testing showed why: the rule tests passed with messages
 * and fixes emptied (docs/mutation.md, 2026-12-03).
 *
 * After an intended change of wording: `UPDATE_GOLDEN=1 npx jest test/engine/fixture-findings.test.ts`, then review
 * the diff of the golden file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/engine';
import { FIXTURES, loadFixtures } from './_fixtures';

const GOLDEN = path.join(__dirname, 'fixture-findings.golden.json');
const DIRS = ['rules', 'seed', 'istio-tasks', 'upstream'];

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(FIXTURES, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...yamlFiles(rel));
    else if (entry.name.endsWith('.yaml') && entry.name !== 'expected.yaml') out.push(rel);
  }
  return out.sort();
}

const files = DIRS.flatMap(yamlFiles);
const actual: Record<string, unknown[]> = {};
for (const file of files) {
  actual[file] = analyze(loadFixtures(file)).map((f) => ({
    code: f.code, severity: f.severity, resource: f.resource, field: f.field ?? null, message: f.message, fix: f.fix ?? null,
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  }));
}

if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, JSON.stringify(actual, null, 1) + '\n');
const golden: Record<string, unknown[]> = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));

test('the golden file covers exactly the fixture files', () => {
  expect(Object.keys(golden).sort()).toEqual([...files].sort());
  expect(files.length).toBeGreaterThan(200);
});

test.each(files)('%s: the findings are the reviewed ones, word for word', (file) => {
  expect(actual[file]).toEqual(golden[file]);
});
