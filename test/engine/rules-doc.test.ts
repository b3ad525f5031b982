/**
 * docs/RULES.md is generated from listRules() by scripts/rules-doc.ts; these tests keep the committed file current.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderRulesDoc } from '../../scripts/rules-doc';
import { listRules } from '../../src/engine';

const DOC = path.join(__dirname, '..', '..', 'docs', 'RULES.md');
const committed = fs.readFileSync(DOC, 'utf8');

describe('docs/RULES.md', () => {
  test('is exactly what scripts/rules-doc.ts generates (regenerate: npx ts-node --transpile-only scripts/rules-doc.ts > docs/RULES.md)', () => {
    expect(committed).toBe(renderRulesDoc());
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

  test('explains severities, declared and possible calls, and the calls annotation', () => {
    expect(committed).toContain('## Severities');
    expect(committed).toContain('## Declared and possible calls');
    expect(committed).toContain('istio-mtls.cdk8s.io/calls: "httpbin.test1:8000,reviews"');
  });
});
