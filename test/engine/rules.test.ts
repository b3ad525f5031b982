/**
 * Every rule checked against its fixtures, the way eslint's RuleTester checks a rule: the fixtures and the
 * expectations sit together in test/fixtures/rules/<CODE>/:
 *
 * - bad.yaml (and bad-<case>.yaml): objects the rule must report;
 * - good.yaml: the corrected objects, on which the rule must stay silent;
 * - expected.yaml: the findings each bad*.yaml must produce (file, severity, resource, field and message fragments;
 *   the format is described in the comment at the top of each expected.yaml);
 * - options.json (optional): the engine options the fixtures are analyzed with, for rules about an install choice.
 *
 * The suite iterates `listRules()`: a new rule without a folder, fixtures or expected.yaml fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { AnalyzeOptions, Severity, analyze, listRules } from '../../src/engine';
import { FIXTURES, containingAll, flat, loadFixtures } from './_fixtures';

/** One entry of expected.yaml: at least one finding of the rule's code on `file` must match all of this. */
interface Expected {
  /** A bad*.yaml fixture in the code's folder. */
  readonly file: string;
  readonly severity: Severity;
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
  readonly resource: string;
  /** The dotted field path, or null when the finding is about the object as a whole. */
  readonly field: string | null;
  /** Fragments the message must contain, in any order (the field, the bad value, Istio's wording). */
  readonly messageIncludes: readonly string[];
}

// IMT6001 is reported by the MigrationPlan construct (it needs a plan's phases), not by analyze(): no fixtures.
const RULES = listRules().filter((r) => !r.reportedBy);
const RULES_DIR = path.join(FIXTURES, 'rules');
const dir = (code: string) => path.join(RULES_DIR, code);
const expectedFile = (code: string) => path.join(dir(code), 'expected.yaml');
/** The engine options a folder's fixtures are analyzed with: its options.json (e.g. an install choice), or the defaults. */
const optionsOf = (code: string): AnalyzeOptions => (fs.existsSync(path.join(dir(code), 'options.json')) ? JSON.parse(fs.readFileSync(path.join(dir(code), 'options.json'), 'utf8')) : {});
const run = (code: string, file: string) => analyze(loadFixtures(path.join('rules', code, file)), optionsOf(code)).map(flat);

/** The bad*.yaml fixtures of a code, sorted; none when the folder is missing (the folder test reports that). */
function badFiles(code: string): string[] {
  return fs.existsSync(dir(code)) ? fs.readdirSync(dir(code)).filter((f) => f.startsWith('bad') && f.endsWith('.yaml')).sort() : [];
}

/** The entries of a code's expected.yaml; none when the file is missing (the folder test reports that). */
function expectations(code: string): Expected[] {
  if (!fs.existsSync(expectedFile(code))) return [];
  const list = yaml.load(fs.readFileSync(expectedFile(code), 'utf8'));
  return Array.isArray(list) ? (list as Expected[]) : [];
}

describe('rule fixtures', () => {
  test('every rule in listRules() has a fixture folder with an expected.yaml', () => {
    const missing = RULES.map((r) => r.code).filter((code) => !fs.existsSync(expectedFile(code)));
    expect(missing).toEqual([]);
  });

  test('every fixture folder belongs to a rule in listRules()', () => {
    const codes = new Set(RULES.map((r) => r.code));
    const orphans = fs.readdirSync(RULES_DIR).filter((d) => !codes.has(d));
    expect(orphans).toEqual([]);
  });

  describe.each(RULES.map((r) => [r.code, r] as const))('%s', (code, rule) => {
    test(`${rule.name} has a bad.yaml and a good.yaml fixture, each starting with a comment`, () => {
      for (const f of ['bad.yaml', 'good.yaml']) {
        const file = path.join(dir(code), f);
        expect(fs.existsSync(file)).toBe(true);
        expect(fs.readFileSync(file, 'utf8')).toMatch(new RegExp(`^# ${code} ${f === 'good.yaml' ? 'good' : 'bad'}`));
      }
    });

    test(`${rule.name} has an expected.yaml with well-formed findings for each of its bad fixtures and for no other file`, () => {
      expect(fs.existsSync(expectedFile(code))).toBe(true);
      expect(Array.isArray(yaml.load(fs.readFileSync(expectedFile(code), 'utf8')))).toBe(true);
      const expected = expectations(code);
      expect(expected.length).toBeGreaterThan(0);
      for (const e of expected) {
        expect(Object.keys(e).sort()).toEqual(['field', 'file', 'messageIncludes', 'resource', 'severity']);
        expect(Object.values(Severity)).toContain(e.severity);
        expect(typeof e.resource).toBe('string');
        expect(e.field === null || typeof e.field === 'string').toBe(true);
        expect(e.messageIncludes.length).toBeGreaterThan(0);
        for (const m of e.messageIncludes) expect(typeof m).toBe('string');
      }
      expect([...new Set(expected.map((e) => e.file))].sort()).toEqual(badFiles(code));
    });

    // One test per bad fixture, read while the suite is defined: a missing folder leaves none here, and the tests
    // above fail instead.
    for (const file of badFiles(code)) {
      test(`${rule.name} reports each expected finding on ${file}, with severity, resource, field and message`, () => {
        const expected = expectations(code).filter((e) => e.file === file);
        expect(expected.length).toBeGreaterThan(0);
        const findings = run(code, file).filter((f) => f.code === code);
        for (const e of expected) {
          // Matched by code, resource and field first, so that a finding on another object or field reads clearly ...
          expect(findings.map((f) => ({ code: f.code, resource: f.resource, field: f.field }))).toContainEqual({ code, resource: e.resource, field: e.field });
          // ... then with its severity and every message fragment.
          expect(findings).toContainEqual({ code, severity: e.severity, resource: e.resource, field: e.field, message: expect.stringMatching(containingAll(e.messageIncludes)) });
        }
      });
    }

    test(`${rule.name} is silent on its good fixture`, () => {
      expect(run(code, 'good.yaml').filter((f) => f.code === code)).toEqual([]);
    });

    test(`${rule.name} reports only its own severity, or a warning/error split it documents`, () => {
      // A rule's findings use its default severity, except the documented downgrades (possible calls, a tls block
      // without mode, a port key that is no port at all) which expected.yaml lists explicitly.
      const allowed = new Set<string>([rule.severity, ...expectations(code).map((e) => e.severity)]);
      const files = fs.readdirSync(dir(code)).filter((f) => f.startsWith('bad'));
      for (const f of files) for (const finding of run(code, f).filter((x) => x.code === code)) expect(allowed).toContain(finding.severity);
    });
  });
});
