/** The CRDs' CEL rules (x-kubernetes-validations) as validateAgainstCrd reports them, and that every rule in the vendored CRDs is restated. */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KNOWN_CEL_RULES, validateAgainstCrd } from '../../../src/input/schema';
import { CRD_DIR, dr, pa } from './_objects';

describe('CEL rules', () => {
  test.each([
    ['no selector', {}],
    ['a selector without matchLabels', { selector: {} }],
    ['empty matchLabels', { selector: { matchLabels: {} } }],
  ])('fails if portLevelMtls is set with %s', (_, selectorPart) => {
    expect(validateAgainstCrd(pa({ ...selectorPart, portLevelMtls: { 8080: { mode: 'DISABLE' } } }))).toEqual([
      { path: 'spec', message: 'portLevelMtls requires selector', rule: 'cel' },
    ]);
  });

  test('fails once per port key outside 1-65535', () => {
    const obj = pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: { 0: { mode: 'DISABLE' }, 70000: { mode: 'DISABLE' }, 65535: {}, 1: {} } });
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.portLevelMtls', message: 'port must be between 1-65535 (got "0")', rule: 'cel', value: '0' },
      { path: 'spec.portLevelMtls', message: 'port must be between 1-65535 (got "70000")', rule: 'cel', value: '70000' },
    ]);
  });

  test('fails if a port key is not an integer (CEL int() cannot parse it)', () => {
    expect(validateAgainstCrd(pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: { http: {} } }))).toEqual([
      { path: 'spec.portLevelMtls', message: 'port must be between 1-65535 (got "http")', rule: 'cel', value: 'http' },
    ]);
  });

  test.each([
    ['PeerAuthentication', (labels: unknown) => pa({ selector: { matchLabels: labels } }), 'spec.selector.matchLabels'],
    ['DestinationRule', (labels: unknown) => dr({ host: 'a', workloadSelector: { matchLabels: labels } }), 'spec.workloadSelector.matchLabels'],
  ])('fails if a %s selector has a wildcard key, a wildcard value or an empty key', (_, make, at) => {
    expect(validateAgainstCrd(make({ 'app*': 'x' }))).toEqual([
      { path: at, message: 'wildcard not allowed in label key match (got "app*")', rule: 'cel', value: 'app*' },
    ]);
    expect(validateAgainstCrd(make({ 'app.kubernetes.io/name': 'review*' }))).toEqual([
      { path: `${at}["app.kubernetes.io/name"]`, message: 'wildcard not allowed in label value match (got "review*")', rule: 'cel', value: 'review*' },
    ]);
    expect(validateAgainstCrd(make({ '': 'x' }))).toEqual([{ path: at, message: 'key must not be empty (got "")', rule: 'cel', value: '' }]);
  });

  test.each(['1ms', '0.001s', '1.5s', '.5s', '1h30m', '+2s', '1000us', '1000000ns', '1000µs'])('accepts the duration %p', (d) => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { connectionPool: { tcp: { connectTimeout: d } } } }))).toEqual([]);
  });

  test.each(['0.5ms', '0', '0s', '-1s', '10', '1sec', 'abc', '', '.s', '1d', '3000000000h'])('fails on the duration %p', (d) => {
    const obj = dr({ host: 'a', trafficPolicy: { connectionPool: { tcp: { connectTimeout: d } } } });
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: `must be a valid duration greater than 1ms (got ${JSON.stringify(d)})`, rule: 'cel', value: d },
    ]);
  });

  test('checks durations deep inside subsets and port-level settings', () => {
    const obj = dr({ host: 'a', subsets: [{ name: 'v1', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, outlierDetection: { interval: '0s' } }] } }] });
    expect(validateAgainstCrd(obj)).toEqual([
      { path: 'spec.subsets[0].trafficPolicy.portLevelSettings[0].outlierDetection.interval', message: 'must be a valid duration greater than 1ms (got "0s")', rule: 'cel', value: '0s' },
    ]);
  });

  test('does not run a CEL rule on a value of the wrong type', () => {
    expect(validateAgainstCrd(dr({ host: 'a', trafficPolicy: { connectionPool: { tcp: { connectTimeout: 5 } } } }))).toEqual([
      { path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout', message: 'must be string (got 5)', rule: 'type', value: 5 },
    ]);
  });

  test('every CEL rule in the vendored CRDs is implemented', () => {
    const found = new Map<string, number>();
    let rawRuleLines = 0;
    for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
      const text = fs.readFileSync(path.join(CRD_DIR, file), 'utf8');
      rawRuleLines += text.split('\n').filter((line) => /^\s*-?\s*rule:/.test(line)).length;
      for (const doc of yaml.loadAll(text)) collectCelRules(doc, found);
    }
    // the YAML walk saw every `rule:` line of the files
    expect([...found.values()].reduce((a, b) => a + b, 0)).toEqual(rawRuleLines);
    expect(found.size).toBeGreaterThan(0);
    const missing = [...found.keys()].filter((rule) => !KNOWN_CEL_RULES.includes(rule));
    expect(missing).toEqual([]);
  });
});

function collectCelRules(node: unknown, into: Map<string, number>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectCelRules(n, into));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-kubernetes-validations' && Array.isArray(value)) {
      for (const v of value) into.set(String(v.rule), (into.get(String(v.rule)) ?? 0) + 1);
    }
    collectCelRules(value, into);
  }
}
