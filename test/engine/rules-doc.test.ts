/**
 * docs/RULES.md is generated from listRules() and the rules' fixtures by scripts/rules-doc.ts; these tests keep the
 * committed file current.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureExamples, renderCommittedRulesDoc, renderRulesDoc } from '../../scripts/rules-doc';
import { listRules } from '../../src/engine';

const DOC = path.join(__dirname, '..', '..', 'docs', 'RULES.md');
const committed = fs.readFileSync(DOC, 'utf8');

describe('docs/RULES.md', () => {
  test('is exactly what scripts/rules-doc.ts generates (regenerate: npx ts-node --transpile-only scripts/rules-doc.ts > docs/RULES.md)', () => {
    expect(committed).toBe(renderCommittedRulesDoc());
  });

  // Rules analyze() runs have a bad and a good fixture; IMT6001 is reported by the MigrationPlan construct over a
  // plan's phases, so its section has no fixture examples (tested in the next test).
  const analyzed = listRules().filter((r) => !r.reportedBy);
  test.each(analyzed.map((r) => [r.code, r] as const))('has a section for %s with its summary, source and both fixtures as examples', (code, rule) => {
    const start = committed.indexOf(`\n### ${code} ${rule.name}\n`);
    expect(start).toBeGreaterThan(committed.indexOf('## Rule details'));
    const end = committed.indexOf('\n### ', start + 1);
    const body = committed.slice(start, end < 0 ? undefined : end);
    expect(body).toContain(`- **Severity:** ${rule.severity}\n`);
    expect(body).toContain('- **Summary:** ');
    expect(body).toContain('- **Source:** ');
    const dir = path.join(__dirname, '..', 'fixtures', 'rules', code);
    for (const [label, file] of [['Incorrect', 'bad.yaml'], ['Correct', 'good.yaml']]) {
      const yaml = fs.readFileSync(path.join(dir, file), 'utf8').trimEnd();
      expect(body).toContain(`${label} (\`test/fixtures/rules/${code}/${file}\`):\n\n\`\`\`yaml\n${yaml}\n\`\`\``);
    }
  });

  test.each(listRules().filter((r) => r.reportedBy).map((r) => [r.code, r] as const))('has a section for %s, reported by a construct, without fixture examples', (code, rule) => {
    const start = committed.indexOf(`\n### ${code} ${rule.name}\n`);
    expect(start).toBeGreaterThan(committed.indexOf('## Rule details'));
    const end = committed.indexOf('\n### ', start + 1);
    const body = committed.slice(start, end < 0 ? undefined : end);
    expect(body).toContain(`- **Severity:** ${rule.severity}\n`);
    expect(body).toContain(`reported by the ${rule.reportedBy} construct`);
    expect(body).not.toContain('Incorrect (');
  });

  test.each(listRules().map((r) => [r.code, r] as const))('has a row with an anchor, the name and the severity of %s', (code, rule) => {
    const row = committed.split('\n').find((l) => l.startsWith(`| <a id="${code.toLowerCase()}"></a>\`${code}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`| \`${rule.name}\` | ${rule.severity} |`);
  });

  test('has one table row per rule and names no code that listRules() does not know', () => {
    const codes = new Set(listRules().map((r) => r.code));
    expect(committed.split('\n').filter((l) => l.startsWith('| <a id="imt'))).toHaveLength(codes.size);
    const mentioned = new Set(committed.match(/IMT\d{4}/g));
    expect([...mentioned].filter((c) => !codes.has(c))).toEqual([]);
  });

  test('escapes table-breaking characters in summaries and sources', () => {
    const doc = renderRulesDoc([{ code: 'IMT9999', name: 'x', severity: listRules()[0].severity, summary: 'a | b *c*\nd', source: '<tag>' }]);
    expect(doc).toContain('| <a id="imt9999"></a>`IMT9999` | `x` | error | a \\| b \\*c\\* d | &lt;tag> |');
  });

  test('without examples (the packed library, `istio-mtls rules --format markdown`) it is the table page alone', () => {
    const table = renderRulesDoc();
    expect(committed.startsWith(table)).toBe(true);
    expect(table).not.toContain('## Rule details');
    expect(fixtureExamples('IMT1001', path.join(os.tmpdir(), `no-checkout-${process.pid}`))).toBeUndefined();
  });

  test('a fixture containing a code fence gets a longer fence', () => {
    const doc = renderRulesDoc([listRules()[0]], { examples: () => ({ folder: 'f', incorrect: 'a: "```"\n', correct: 'b: 1\n' }) });
    expect(doc).toContain('````yaml\na: "```"\n````');
    expect(doc).toContain('```yaml\nb: 1\n```');
  });

  test('explains severities, declared and possible calls, and the calls annotation', () => {
    expect(committed).toContain('## Severities');
    expect(committed).toContain('## Declared and possible calls');
    expect(committed).toContain('istio-mtls.cdk8s.io/calls: "httpbin.test1:8000,reviews"');
  });
});
