/**
 * Writes docs/RULES.md, the rules reference, to stdout: the rules table and, per rule, its bad and good fixture
 * (test/fixtures/rules/<CODE>/bad.yaml and good.yaml) as incorrect and correct examples.
 *
 *   npx ts-node --transpile-only scripts/rules-doc.ts > docs/RULES.md
 */
import * as fs from 'fs';
import * as path from 'path';
import { listRules } from '../src/engine/analyze';
import { RuleExamples, renderRulesDoc } from '../src/engine/rules-doc';

export { renderRulesDoc };

const ROOT = path.join(__dirname, '..');

/** Reads a rule's examples from test/fixtures/rules/<CODE>/; undefined when either file is missing. */
export function fixtureExamples(code: string, root: string = ROOT): RuleExamples | undefined {
  const folder = path.posix.join('test', 'fixtures', 'rules', code);
  const read = (file: string) => {
    const full = path.join(root, folder, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  };
  const incorrect = read('bad.yaml');
  const correct = read('good.yaml');
  return incorrect !== undefined && correct !== undefined ? { folder, incorrect, correct } : undefined;
}

/** docs/RULES.md as committed: the table and a section per rule with its fixtures. */
export function renderCommittedRulesDoc(): string {
  return renderRulesDoc(listRules(), { examples: (code) => fixtureExamples(code) });
}

if (require.main === module) process.stdout.write(renderCommittedRulesDoc());
