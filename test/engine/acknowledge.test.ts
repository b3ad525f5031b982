/**
 * Acknowledgements (src/engine/acknowledge.ts): the `CODE: reason` format of the istio-mtls.cdk8s.io/accept annotation
 * and of the run's `ignore`, and how analyze() marks acknowledged findings as suppressed (kept, never dropped). The
 * scenarios are those of the CLI, plugin and synth-time tests (test/cdk8s-workflow.test.ts, the IMT8001 and IMT2005
 * fixtures), asserted exactly at the engine, so that the mutation run (engine tests only) sees them.
 */
import { AnalyzeOptions, K8sObject, Severity, SuppressionKind, analyze } from '../../src/engine';
import { AcceptEntry, acceptEntriesOf, applyAcknowledgements, isRuleCode, parseAcceptValue, runAcknowledgements } from '../../src/engine/acknowledge';
import { DetailedFinding, analyzeDetailed, ruleCodes } from '../../src/engine/analyze';
import { IndexedFinding } from '../../src/engine/rule';

const ACCEPT = 'istio-mtls.cdk8s.io/accept';
const CODES = ruleCodes();
const entry = (code: string, reason: string, text: string): AcceptEntry => ({ code, reason, text });

describe('parseAcceptValue', () => {
  // Each row: an annotation (or --ignore) value and every entry it yields, code, reason and the trimmed text.
  test.each<[string, string, AcceptEntry[]]>([
    ['one entry', 'IMT1010: legacy callers until Q3', [entry('IMT1010', 'legacy callers until Q3', 'IMT1010: legacy callers until Q3')]],
    ['no space after the colon', 'IMT1010:legacy', [entry('IMT1010', 'legacy', 'IMT1010:legacy')]],
    ['spaces before the colon', 'IMT1010 : legacy', [entry('IMT1010', 'legacy', 'IMT1010 : legacy')]],
    ['a tab before the colon', 'IMT1010\t: legacy', [entry('IMT1010', 'legacy', 'IMT1010\t: legacy')]],
    ['entries on lines (\\n)', 'IMT1010: a\nIMT1011: b', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', 'b', 'IMT1011: b')]],
    ['entries on lines (\\r\\n)', 'IMT1010: a\r\nIMT1011: b\r\n', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', 'b', 'IMT1011: b')]],
    ['a reason on its own line is not an entry of the line above', 'IMT1010: a\nmore text', [entry('IMT1010', 'a', 'IMT1010: a'), entry('', '', 'more text')]],
    ['"; CODE:" with spaces (the documented example)', 'IMT1010: legacy callers until Q3; IMT5001: sleep.legacy is retired in May', [
      entry('IMT1010', 'legacy callers until Q3', 'IMT1010: legacy callers until Q3'),
      entry('IMT5001', 'sleep.legacy is retired in May', 'IMT5001: sleep.legacy is retired in May'),
    ]],
    ['";CODE:" without spaces', 'IMT1010: a;IMT1011: b', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', 'b', 'IMT1011: b')]],
    ['"; CODE :" with a space before the colon', 'IMT1010: a; IMT1011 : b', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', 'b', 'IMT1011 : b')]],
    ['"; CODE;" a code followed by ";"', 'IMT1010: a; IMT1011; IMT1012: c', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', '', 'IMT1011'), entry('IMT1012', 'c', 'IMT1012: c')]],
    ['";CODE;" without spaces', 'IMT1010: a;IMT1011;IMT1012: c', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', '', 'IMT1011'), entry('IMT1012', 'c', 'IMT1012: c')]],
    ['"; CODE" at the end of the text', 'IMT1010: a; IMT1011', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', '', 'IMT1011')]],
    ['"; CODE  " at the end of the text, with trailing spaces', 'IMT1010: a; IMT1011  ', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', '', 'IMT1011')]],
    ['"; CODE" at the end of a line', 'IMT1010: a; IMT1011\nIMT1012: c', [entry('IMT1010', 'a', 'IMT1010: a'), entry('IMT1011', '', 'IMT1011'), entry('IMT1012', 'c', 'IMT1012: c')]],
    ['"; text" stays in the reason', 'IMT1010: a; b', [entry('IMT1010', 'a; b', 'IMT1010: a; b')]],
    ['"; CODE text" (no colon after the code) stays in the reason', 'IMT1010: a; IMT1011 is related', [entry('IMT1010', 'a; IMT1011 is related', 'IMT1010: a; IMT1011 is related')]],
    ['"; code:" in lower case stays in the reason', 'IMT1010: a; imt1011: b', [entry('IMT1010', 'a; imt1011: b', 'IMT1010: a; imt1011: b')]],
    ['"; IM1011:" (two letters) stays in the reason', 'IMT1010: a; IM1011: b', [entry('IMT1010', 'a; IM1011: b', 'IMT1010: a; IM1011: b')]],
    ['"; IMTT1011:" (four letters) stays in the reason', 'IMT1010: a; IMTT1011: b', [entry('IMT1010', 'a; IMTT1011: b', 'IMT1010: a; IMTT1011: b')]],
    ['"; IMT101:" (three digits) stays in the reason', 'IMT1010: a; IMT101: b', [entry('IMT1010', 'a; IMT101: b', 'IMT1010: a; IMT101: b')]],
    ['"; IMT10110:" (five digits) stays in the reason', 'IMT1010: a; IMT10110: b', [entry('IMT1010', 'a; IMT10110: b', 'IMT1010: a; IMT10110: b')]],
    ['"; IMTabcd:" (letters for digits) stays in the reason', 'IMT1010: a; IMTabcd: b', [entry('IMT1010', 'a; IMTabcd: b', 'IMT1010: a; IMTabcd: b')]],
    ['";;" only the ";" before the code separates', 'IMT1010: a;; IMT1011: b', [entry('IMT1010', 'a;', 'IMT1010: a;'), entry('IMT1011', 'b', 'IMT1011: b')]],
    ['a code named inside the reason without ";" stays in it', 'IMT1010: see IMT1011: b', [entry('IMT1010', 'see IMT1011: b', 'IMT1010: see IMT1011: b')]],
    ['the empty text', '', []],
    ['whitespace only', '  \t ', []],
    ['empty and whitespace-only lines are skipped', '\n\nIMT1010: a\n   \n\t\r\n', [entry('IMT1010', 'a', 'IMT1010: a')]],
    ['an empty part before a leading "; CODE" is skipped', '; IMT1010: a', [entry('IMT1010', 'a', 'IMT1010: a')]],
    ['a code without a reason', 'IMT1010', [entry('IMT1010', '', 'IMT1010')]],
    ['a code and a colon without a reason', 'IMT1010:', [entry('IMT1010', '', 'IMT1010:')]],
    ['a code and a colon with only spaces after it', 'IMT1010  :   ', [entry('IMT1010', '', 'IMT1010  :')]],
    ['text that is not a code', 'legacy callers', [entry('', '', 'legacy callers')]],
    ['a code with text before it', 'xIMT1010: a', [entry('', '', 'xIMT1010: a')]],
    ['a code followed by text without a colon', 'IMT1010 legacy', [entry('', '', 'IMT1010 legacy')]],
    ['a code followed by other characters', 'IMT1010-b: a', [entry('', '', 'IMT1010-b: a')]],
    ['a lower-case code', 'imt1010: a', [entry('', '', 'imt1010: a')]],
    ['a mixed-case code', 'Imt1010: a', [entry('', '', 'Imt1010: a')]],
    ['two letters', 'IM1010: a', [entry('', '', 'IM1010: a')]],
    ['four letters', 'IMTT1010: a', [entry('', '', 'IMTT1010: a')]],
    ['three digits', 'IMT101: a', [entry('', '', 'IMT101: a')]],
    ['five digits', 'IMT10100: a', [entry('', '', 'IMT10100: a')]],
    ['letters for digits', 'IMTabcd: a', [entry('', '', 'IMTabcd: a')]],
    ['the text and the reason are trimmed, inner spaces kept', '  IMT1010:  spaced   reason \t', [entry('IMT1010', 'spaced   reason', 'IMT1010:  spaced   reason')]],
    ['a reason with a colon', 'IMT1010: a: b', [entry('IMT1010', 'a: b', 'IMT1010: a: b')]],
    ['a reason with a lone \\r (not a line break) in it', 'IMT1010: a\rb', [entry('IMT1010', 'a\rb', 'IMT1010: a\rb')]],
    ['a reason with a Unicode line separator in it', 'IMT1010: a\u2028b', [entry('IMT1010', 'a\u2028b', 'IMT1010: a\u2028b')]],
    ['a reason with a tab in it', 'IMT1010: a\tb', [entry('IMT1010', 'a\tb', 'IMT1010: a\tb')]],
  ])('%s', (_name, value, expected) => {
    expect(parseAcceptValue(value)).toStrictEqual(expected);
  });
});

describe('isRuleCode', () => {
  // Exactly three upper-case letters and four digits, the whole string (the regex is anchored at both ends).
  test.each<[string, boolean]>([
    ['IMT1010', true],
    ['ABC1234', true],
    ['IMT101', false],
    ['IMT10100', false],
    ['IM1010', false],
    ['IMTT1010', false],
    ['imt1010', false],
    ['IMTabcd', false],
    [' IMT1010', false],
    ['IMT1010 ', false],
    ['xIMT1010', false],
    ['IMT1010x', false],
    ['', false],
  ])('%j → %s', (code, expected) => {
    expect(isRuleCode(code)).toBe(expected);
  });

  // The regex is a shared /.../ without the g flag: repeated calls do not carry a lastIndex over.
  test('gives the same answer when called again', () => {
    expect([isRuleCode('IMT1010'), isRuleCode('IMT1010'), isRuleCode('IMT1010')]).toEqual([true, true, true]);
  });
});

describe('acceptEntriesOf', () => {
  // Only a string annotation under an object metadata.annotations is read; anything else yields no entries.
  test.each<[string, K8sObject | undefined]>([
    ['no object', undefined],
    ['no metadata', { kind: 'PeerAuthentication' }],
    ['metadata null', { metadata: null }],
    ['metadata a string', { metadata: `${ACCEPT}: IMT1010: a` }],
    ['metadata an array carrying annotations', { metadata: Object.assign([], { annotations: { [ACCEPT]: 'IMT1010: a' } }) }],
    ['no annotations', { metadata: { name: 'default' } }],
    ['annotations null', { metadata: { annotations: null } }],
    ['annotations a string', { metadata: { annotations: 'IMT1010: a' } }],
    ['annotations an array carrying the key', { metadata: { annotations: Object.assign([], { [ACCEPT]: 'IMT1010: a' }) } }],
    ['no accept annotation', { metadata: { annotations: { 'istio-mtls.cdk8s.io/reason': 'IMT1010: a' } } }],
    ['the annotation a number', { metadata: { annotations: { [ACCEPT]: 1010 } } }],
    ['the annotation a list', { metadata: { annotations: { [ACCEPT]: ['IMT1010: a'] } } }],
    ['the annotation null', { metadata: { annotations: { [ACCEPT]: null } } }],
  ])('%s: no entries', (_name, obj) => {
    expect(acceptEntriesOf(obj)).toStrictEqual([]);
  });

  // A string annotation is parsed as parseAcceptValue parses it.
  test('a string annotation yields its entries', () => {
    const obj = { metadata: { annotations: { [ACCEPT]: 'IMT1010: a; bare\nIMT1011' } } };
    expect(acceptEntriesOf(obj)).toStrictEqual([entry('IMT1010', 'a; bare', 'IMT1010: a; bare'), entry('IMT1011', '', 'IMT1011')]);
  });
});

describe('runAcknowledgements', () => {
  const NO_CODE = (text: string) => new Error(`ignore entry ${JSON.stringify(text)} names no rule code: write 'CODE: reason', e.g. 'IMT1010: legacy callers until Q3'`);
  const NO_REASON = (text: string, code: string) => new Error(`ignore entry ${JSON.stringify(text)} has no reason: an acknowledgement without a reason is refused; write '${code}: <why this finding is accepted>'`);

  // Without ignore, or with nothing in it, nothing is acknowledged.
  test.each<[string, AnalyzeOptions]>([
    ['no ignore', {}],
    ['an empty list', { ignore: [] }],
    ['an empty value', { ignore: [''] }],
    ['a whitespace-only value', { ignore: ['  \n '] }],
  ])('%s: an empty map', (_name, options) => {
    expect([...runAcknowledgements(options, CODES)]).toEqual([]);
  });

  // Each value may hold several entries; the map is by code, in the order the codes first appear.
  test('several values, each with one or more entries', () => {
    const run = runAcknowledgements({ ignore: ['IMT1010: legacy callers', 'IMT1011: batch is plaintext\nIMT2005: egress SNI; IMT5001 : retired in May'] }, CODES);
    expect([...run]).toEqual([['IMT1010', 'legacy callers'], ['IMT1011', 'batch is plaintext'], ['IMT2005', 'egress SNI'], ['IMT5001', 'retired in May']]);
  });

  // The same code given twice keeps both reasons, joined with '; ', in order.
  test('the same code twice: the reasons are merged with "; "', () => {
    const run = runAcknowledgements({ ignore: ['IMT1010: first', 'IMT1011: other\nIMT1010: second; IMT1010: third'] }, CODES);
    expect([...run]).toEqual([['IMT1010', 'first; second; third'], ['IMT1011', 'other']]);
  });

  // A "; x" that names no code stays in the reason, also for --ignore.
  test('a ";" not followed by a code stays in the reason', () => {
    expect([...runAcknowledgements({ ignore: ['IMT1010: a; b'] }, CODES)]).toEqual([['IMT1010', 'a; b']]);
  });

  // An entry that names no code is refused with the exact usage message, quoting the trimmed entry.
  test.each<[string, string]>([
    ['  legacy callers  ', 'legacy callers'],
    ['imt1010: lower case', 'imt1010: lower case'],
    ['IMT1010: a\n"quoted"', '"quoted"'],
  ])('%j names no code', (value, text) => {
    expect(() => runAcknowledgements({ ignore: [value] }, CODES)).toThrow(NO_CODE(text));
  });

  // An entry with a code but no reason is refused with the exact usage message, quoting the trimmed entry.
  test.each<[string, string, string]>([
    ['IMT1010', 'IMT1010', 'IMT1010'],
    [' IMT1010: ', 'IMT1010:', 'IMT1010'],
    ['IMT1010: a; IMT1011', 'IMT1011', 'IMT1011'],
  ])('%j has no reason', (value, text, code) => {
    expect(() => runAcknowledgements({ ignore: [value] }, CODES)).toThrow(NO_REASON(text, code));
  });

  // Good entries before a bad one do not save it: the whole ignore is refused.
  test('a bad value after good ones still throws', () => {
    expect(() => runAcknowledgements({ ignore: ['IMT1010: fine', 'IMT1011'] }, CODES)).toThrow(NO_REASON('IMT1011', 'IMT1011'));
  });

  // A code no rule has would accept nothing (a misspelt IMT1100 leaves the IMT1010 finding as it was), and IMT8001
  // reports acknowledgements themselves: both are refused, with what to do instead.
  test.each<[string, string, string]>([
    ['IMT1100: misspelt', 'IMT1100', 'which no rule has, so it would accept nothing: `istio-mtls rules` lists the codes'],
    ['ABC1234: not ours', 'ABC1234', 'which no rule has, so it would accept nothing: `istio-mtls rules` lists the codes'],
    ['IMT8001: quiet', 'IMT8001', 'which cannot be acknowledged: fix the acknowledgement it reports instead'],
  ])('%j is refused', (value, code, why) => {
    expect(() => runAcknowledgements({ ignore: [value] }, CODES)).toThrow(new Error(`ignore entry ${JSON.stringify(value)} names ${code}, ${why}`));
    // The codes are the caller's: with IMT1100 among them, the same entry is accepted.
    if (code !== 'IMT8001') expect([...runAcknowledgements({ ignore: [value] }, new Set([code]))]).toEqual([[code, value.slice(9)]]);
  });

  // Values that are not strings (untyped callers) are read as String(value).
  test('values that are not strings are converted with String()', () => {
    expect(() => runAcknowledgements({ ignore: [1010 as unknown as string] }, CODES)).toThrow(NO_CODE('1010'));
    const value = { toString: () => 'IMT1010: from toString' } as unknown as string;
    expect([...runAcknowledgements({ ignore: [value] }, CODES)]).toEqual([['IMT1010', 'from toString']]);
  });
});

describe('applyAcknowledgements', () => {
  const finding = (code: string, index: number, extra: Partial<IndexedFinding> & { acknowledgeable?: boolean } = {}) => ({
    code, severity: Severity.WARNING, message: `${code} on ${index}`, resource: { apiVersion: 'v1', kind: 'Thing', name: `o${index}` }, index, ...extra,
  });
  const annotated = (accept: string): K8sObject => ({ metadata: { annotations: { [ACCEPT]: accept } } });

  // Each finding reads the annotation of its own object; a finding replaced is a new object, the old one untouched.
  test('marks findings in place by their object, annotation first, then the run', () => {
    const objects = [annotated('IMT1010: zero; IMT1011: zero too'), {}, annotated('IMT1011: two')];
    const findings = [finding('IMT1010', 0), finding('IMT1011', 0), finding('IMT1010', 1), finding('IMT1011', 1), finding('IMT1010', 2), finding('IMT1011', 2), finding('IMT2005', 2)];
    const first = findings[0];
    applyAcknowledgements(findings, objects, { ignore: ['IMT1010: run'] }, CODES);
    expect(findings).toStrictEqual([
      { ...finding('IMT1010', 0), suppressed: { kind: SuppressionKind.ANNOTATION, reason: 'zero' } },
      { ...finding('IMT1011', 0), suppressed: { kind: SuppressionKind.ANNOTATION, reason: 'zero too' } },
      { ...finding('IMT1010', 1), suppressed: { kind: SuppressionKind.CLI, reason: 'run' } },
      finding('IMT1011', 1),
      { ...finding('IMT1010', 2), suppressed: { kind: SuppressionKind.CLI, reason: 'run' } },
      { ...finding('IMT1011', 2), suppressed: { kind: SuppressionKind.ANNOTATION, reason: 'two' } },
      finding('IMT2005', 2),
    ]);
    expect(first).toStrictEqual(finding('IMT1010', 0));
  });

  // acknowledgeable: false and IMT8001 are skipped, by the annotation and by the run alike.
  test('leaves findings that are not acknowledgeable, and IMT8001, as they are', () => {
    const objects = [annotated('IMT2005: object; IMT8001: object')];
    const findings = [finding('IMT2005', 0, { acknowledgeable: false }), finding('IMT8001', 0), finding('IMT2005', 0, { acknowledgeable: true, field: 'sni' })];
    applyAcknowledgements(findings, objects, { ignore: ['IMT2005: run'] }, CODES);
    expect(findings).toStrictEqual([
      finding('IMT2005', 0, { acknowledgeable: false }),
      finding('IMT8001', 0),
      { ...finding('IMT2005', 0, { acknowledgeable: true, field: 'sni' }), suppressed: { kind: SuppressionKind.ANNOTATION, reason: 'object' } },
    ]);
    // Even with a caller's code set that lets the entry through, the run does not suppress IMT8001.
    const run = [finding('IMT8001', 0)];
    expect(() => applyAcknowledgements(run, [{}], { ignore: ['IMT8001: run'] }, CODES)).toThrow(/cannot be acknowledged/);
    expect(run).toStrictEqual([finding('IMT8001', 0)]);
  });

  // A bad ignore entry is refused before any finding is marked.
  test('throws on a bad run entry', () => {
    expect(() => applyAcknowledgements([finding('IMT1010', 0)], [{}], { ignore: ['IMT1010'] }, CODES)).toThrow(/^ignore entry "IMT1010" has no reason/);
  });
});

describe('acknowledgements in analyze()', () => {
  const pa = (name: string, mode: string, accept?: string, selector?: K8sObject): K8sObject => ({
    apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
    metadata: { name, namespace: 'shop', ...(accept === undefined ? {} : { annotations: { [ACCEPT]: accept } }) },
    spec: { ...(selector ? { selector: { matchLabels: selector } } : {}), mtls: { mode } },
  });
  /** The mesh of test/cdk8s-workflow.test.ts: a PERMISSIVE default (IMT1010) and a DISABLE policy (IMT1011). */
  const mesh = (accept?: string): K8sObject[] => [pa('default', 'PERMISSIVE', accept), pa('off', 'DISABLE', undefined, { app: 'batch' })];
  /** Each finding as code, severity, object, field, and its suppression only when it has the key. */
  const view = (fs: DetailedFinding[]) => fs.map((f) => ({
    code: f.code, severity: f.severity, at: `${f.objectIndex} ${f.resource.name}`, field: f.field, ...('suppressed' in f ? { suppressed: f.suppressed } : {}),
  }));
  const run = (objects: K8sObject[], options: AnalyzeOptions = {}) => view(analyzeDetailed(objects, options));
  const IMT1010 = { code: 'IMT1010', severity: 'warning', at: '0 default', field: 'spec.mtls.mode' };
  const IMT1011 = { code: 'IMT1011', severity: 'warning', at: '1 off', field: 'spec.mtls.mode' };
  const IMT8001 = { code: 'IMT8001', severity: 'error', at: '0 default', field: `metadata.annotations.${ACCEPT}` };
  const byAnnotation = (reason: string) => ({ kind: 'annotation', reason });
  const byRun = (reason: string) => ({ kind: 'cli', reason });

  // The baseline: the mesh's findings, none suppressed.
  test('without acknowledgements nothing is suppressed', () => {
    expect(run(mesh())).toStrictEqual([IMT1010, IMT1011]);
  });

  // The annotation suppresses its object's finding of that code only; the entry for IMT1011 is on another object.
  test('an annotation entry with a reason suppresses the finding, which is kept (kind annotation)', () => {
    expect(run(mesh('IMT1010: monitoring scrapes plaintext; IMT1011: DISABLE is on purpose'))).toStrictEqual([
      { ...IMT1010, suppressed: byAnnotation('monitoring scrapes plaintext') },
      IMT1011,
    ]);
  });

  // Several entries of the code: every reason, joined with '; ', in order.
  test('the reasons of several matching entries are joined with "; "', () => {
    expect(run(mesh('IMT1010: monitoring scrapes plaintext\nIMT1011: not this one\nIMT1010: until June'))).toStrictEqual([
      { ...IMT1010, suppressed: byAnnotation('monitoring scrapes plaintext; until June') },
      IMT1011,
    ]);
  });

  // An entry without a reason accepts nothing (IMT8001 says so), and adds nothing to the reasons of another entry.
  test('an entry of the right code without a reason does not suppress', () => {
    expect(run(mesh('IMT1010'))).toStrictEqual([IMT8001, IMT1010, IMT1011]);
    expect(run(mesh('IMT1010:'))).toStrictEqual([IMT8001, IMT1010, IMT1011]);
    expect(run(mesh('IMT1010\nIMT1010: until June'))).toStrictEqual([IMT8001, { ...IMT1010, suppressed: byAnnotation('until June') }, IMT1011]);
  });

  // An entry for another code does not suppress this one.
  test('an entry for another code does not suppress', () => {
    expect(run(mesh('IMT1011: DISABLE is on purpose'))).toStrictEqual([IMT1010, IMT1011]);
  });

  // The run's ignore suppresses every finding of its code (kind cli), and nothing else.
  test('a run-level ignore suppresses the code everywhere (kind cli)', () => {
    expect(run(mesh(), { ignore: ['IMT1011: the shop team owns this exception'] })).toStrictEqual([
      IMT1010,
      { ...IMT1011, suppressed: byRun('the shop team owns this exception') },
    ]);
    expect(run(mesh(), { ignore: ['IMT1010: a', 'IMT1010: b'] })).toStrictEqual([{ ...IMT1010, suppressed: byRun('a; b') }, IMT1011]);
  });

  // The object's own reason wins over the run's; an annotation entry without a reason leaves it to the run.
  test('the annotation wins over the run-level ignore', () => {
    expect(run(mesh('IMT1010: monitoring scrapes plaintext'), { ignore: ['IMT1010: from the run'] })).toStrictEqual([
      { ...IMT1010, suppressed: byAnnotation('monitoring scrapes plaintext') },
      IMT1011,
    ]);
    expect(run(mesh('IMT1010'), { ignore: ['IMT1010: from the run'] })).toStrictEqual([IMT8001, { ...IMT1010, suppressed: byRun('from the run') }, IMT1011]);
  });

  // IMT8001, the acknowledgement problem itself, cannot be acknowledged away: the object's entry is not honoured, and
  // a run that tries is refused before anything is reported.
  test('IMT8001 is never suppressed', () => {
    expect(run(mesh('IMT1010\nIMT8001: accepted on purpose'))).toStrictEqual([IMT8001, IMT1010, IMT1011]);
    expect(() => run(mesh('IMT1010'), { ignore: ['IMT8001: the whole run'] })).toThrow(/^ignore entry "IMT8001: the whole run" names IMT8001, which cannot be acknowledged/);
  });

  // IMT2005 on certificate fields Istio replaces is reported acknowledgeable: false; on sni alone it can be accepted.
  test('findings reported as not acknowledgeable stay unsuppressed', () => {
    const dr = (tls: K8sObject, accept?: string): K8sObject => ({
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
      metadata: { name: 'egressgateway-for-cnn', namespace: 'istio-system', ...(accept === undefined ? {} : { annotations: { [ACCEPT]: accept } }) },
      spec: { host: 'istio-egressgateway.istio-system.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', ...tls } } },
    });
    const at = (field: string) => ({ code: 'IMT2005', severity: 'error', at: '0 egressgateway-for-cnn', field: `spec.trafficPolicy.tls.${field}` });
    const ignore = ['IMT2005: the egress gateway routes on this SNI'];
    expect(run([dr({ sni: 'edition.cnn.com', clientCertificate: '/etc/certs/cert.pem' }, 'IMT2005: egress')], { ignore })).toStrictEqual([at('clientCertificate')]);
    expect(run([dr({ sni: 'edition.cnn.com' })], { ignore })).toStrictEqual([{ ...at('sni'), suppressed: byRun('the egress gateway routes on this SNI') }]);
    expect(run([dr({ sni: 'edition.cnn.com' }, 'IMT2005: egress')], { ignore })).toStrictEqual([{ ...at('sni'), suppressed: byAnnotation('egress') }]);
  });

  // analyze() leaves the suppressed findings out (the front ends list them from analyzeDetailed).
  test('analyze() returns only the findings that are not suppressed', () => {
    expect(analyze(mesh('IMT1010: monitoring scrapes plaintext')).map((f) => [f.code, f.resource.name, f.suppressed])).toEqual([['IMT1011', 'off', undefined]]);
  });

  // A bad ignore entry makes analyze() throw the usage error (the CLI's exit 2, the plugin's error).
  test('analyze() refuses an ignore entry without a reason', () => {
    expect(() => analyzeDetailed(mesh(), { ignore: ['IMT1010'] })).toThrow(new Error("ignore entry \"IMT1010\" has no reason: an acknowledgement without a reason is refused; write 'IMT1010: <why this finding is accepted>'"));
  });
});
