/**
 * Kill tests for four small files of src/engine: values.ts, host-validation.ts, vocabulary.ts and analyze.ts. Each
 * test names the Stryker survivors (or uncovered mutants) it kills as `file.ts:LINE:COL (mutator)`, with the lines of
 * commit 102f108 (analyze.ts: the lines of the run, before `ruleCodes()` was added; the current line follows in
 * brackets). Mutants that no test can kill are listed as equivalent, with the reason.
 */
import { K8sObject, MeshAnalyzer, Severity, analyze, listRules } from '../../src/engine';
import { analyzeDetailed, ruleInfo } from '../../src/engine/analyze';
import { hostProblem } from '../../src/engine/host-validation';
import { CheckedRule, ReportInput, RuleContext } from '../../src/engine/rule';
import { hasKeys, show, stringMap, stringValue, timestampOf, toPort } from '../../src/engine/values';
import {
  ANY_CLIENT_NAMESPACE, ANY_GROUP, DEFAULT_ISTIO_VERSION, NO_POLICY_NAMESPACE, groupOf, inGroup, istioAtLeast, istioMinorVersion, modelKindOf,
} from '../../src/engine/vocabulary';

describe('values.ts', () => {
  // values.ts:15:10 (ConditionalExpression true), values.ts:15:10 (EqualityOperator >= 0)
  test('hasKeys: an object without own keys has none', () => {
    expect(hasKeys({})).toBe(false);
    expect(hasKeys({ a: 1 })).toBe(true);
  });

  // values.ts:20:38 (LogicalOperator &&), values.ts:20:38 (ConditionalExpression false, twice: the whole test and the
  // number test), values.ts:20:63 (ConditionalExpression false), values.ts:20:51 (StringLiteral ""),
  // values.ts:20:76 (StringLiteral "")
  test('stringValue: strings as they are, numbers and booleans as text, anything else undefined', () => {
    expect(stringValue('x')).toBe('x');
    expect(stringValue(8080)).toBe('8080');
    expect(stringValue(true)).toBe('true');
    expect(stringValue(false)).toBe('false');
    expect(stringValue(null)).toBeUndefined();
    expect(stringValue({})).toBeUndefined();
    expect(stringValue(['a'])).toBeUndefined();
  });

  // values.ts:31:7 (ConditionalExpression false), values.ts:31:7 (EqualityOperator !==), values.ts:31:56
  // (BooleanLiteral: the `!` dropped), values.ts:31:98 (ArrowFunction () => undefined), values.ts:31:105
  // (ConditionalExpression false), values.ts:31:121 (StringLiteral "")
  test('stringMap: a plain map of strings is returned as it is (the same object)', () => {
    const labels = { app: 'reviews', version: 'v1' };
    expect(stringMap(labels)).toBe(labels);
    expect(stringMap(labels)).toStrictEqual({ app: 'reviews', version: 'v1' });
  });

  // values.ts:31:7 (ConditionalExpression true: the whole condition), values.ts:31:87 (MethodExpression some),
  // values.ts:32:25 (BlockStatement {}), values.ts:34:9 (ConditionalExpression true / false, EqualityOperator ===)
  test('stringMap: numbers and booleans become text, other values are dropped, in a new object', () => {
    const input = { app: 'reviews', replicas: 3, canary: false, nested: { a: 'b' }, gone: null, list: ['x'] };
    const out = stringMap(input);
    expect(out).toStrictEqual({ app: 'reviews', replicas: '3', canary: 'false' });
    expect(Object.keys(out)).toEqual(['app', 'replicas', 'canary']);
    expect(out).not.toBe(input);
  });

  // values.ts:31:7 (LogicalOperator ||), values.ts:31:7 (ConditionalExpression true: the prototype test)
  test('stringMap: a map of strings without Object.prototype is copied into a plain object', () => {
    const input = Object.create(null) as Record<string, string>;
    input.app = 'reviews';
    const out = stringMap(input);
    expect(out).not.toBe(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect({ ...out }).toEqual({ app: 'reviews' });
  });

  // values.ts:31:71 (StringLiteral "": the '__proto__' key test). A JSON/YAML map can carry an own `__proto__` key;
  // copying it assigns the prototype (a string there is ignored), so the key is dropped. `__proto__` is no valid
  // Kubernetes label key (a name starts with an alphanumeric character), so nothing real is lost.
  test('stringMap: a map with an own __proto__ key is copied, without that key', () => {
    const input = JSON.parse('{"__proto__": "x", "app": "reviews"}') as Record<string, string>;
    expect(Object.keys(input)).toEqual(['__proto__', 'app']);
    const out = stringMap(input);
    expect(out).not.toBe(input);
    expect(Object.keys(out)).toEqual(['app']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  test('stringMap: anything but an object is an empty map', () => {
    expect(stringMap(undefined)).toStrictEqual({});
    expect(stringMap(['a'])).toStrictEqual({});
    expect(stringMap('app=reviews')).toStrictEqual({});
  });

  // values.ts:41:7 (ConditionalExpression true), values.ts:41:7 (LogicalOperator ||), values.ts:42:7
  // (ConditionalExpression true: the whole test, and `typeof x === 'string'` alone, which lets ['80'] through as the
  // text '80'), values.ts:42:32 (Regex /^[0-9]+/), values.ts:42:32 (Regex /[0-9]+$/).
  // Equivalent, were Stryker to make it: `typeof x === 'number'` alone as true on line 41 (Number.isInteger is true
  // only for numbers).
  test('toPort: an integer or a decimal string, else undefined', () => {
    expect(toPort(9080)).toBe(9080);
    expect(toPort('9080')).toBe(9080);
    expect(toPort(90.5)).toBeUndefined();
    expect(toPort('9080a')).toBeUndefined();
    expect(toPort('a9080')).toBeUndefined();
    expect(toPort('http')).toBeUndefined();
    expect(toPort(null)).toBeUndefined();
    expect(toPort(true)).toBeUndefined();
    expect(toPort(['80'])).toBeUndefined();
  });

  // values.ts:51:37 (ConditionalExpression true), values.ts:52:7 (ConditionalExpression false), values.ts:53:10
  // (ConditionalExpression true / false, EqualityOperator !==), values.ts:53:23 (StringLiteral "")
  test('timestampOf: dates and RFC 3339 strings normalized, unparseable strings kept, anything else undefined', () => {
    expect(timestampOf('2024-03-01T10:00:00+02:00')).toBe('2024-03-01T08:00:00.000Z');
    expect(timestampOf(new Date(Date.UTC(2024, 2, 1, 8)))).toBe('2024-03-01T08:00:00.000Z');
    expect(timestampOf('yesterday')).toBe('yesterday');
    expect(timestampOf(0)).toBeUndefined();
    expect(timestampOf(new Date('not a date'))).toBeUndefined();
    expect(timestampOf(undefined)).toBeUndefined();
  });

  // values.ts:69:11 (BlockStatement {}), values.ts:70:31 (StringLiteral ""), values.ts:70:55 (StringLiteral "")
  test('show: never throws; cyclic values and BigInts shown in short', () => {
    const list: unknown[] = [];
    list.push(list);
    const obj: Record<string, unknown> = {};
    obj.self = obj;
    expect(show(list)).toBe('[...]');
    expect(show(obj)).toBe('{...}');
    expect(show(BigInt(12))).toBe('12');
    expect(show({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(show(undefined)).toBe('undefined');
  });
});

/**
 * hostProblem mirrors istio@86c9f01 pkg/config/validation/agent/validation.go ValidateWildcardDomain (with
 * CheckDNS1123Preconditions and ValidateDNS1123Labels) and pkg/config/labels/instance.go IsWildcardDNS1123Label /
 * IsDNS1123Label (63 characters a label, `^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$` for the first).
 *
 * Deliberate differences, in the messages only: Istio validates the rest of the host (after the first label) as its
 * own domain, so its messages for a later label or the top-level domain quote that rest (`domain name "1.1.1"` for
 * 1.1.1.1); hostProblem quotes the whole host, and says when a later label fails for holding a wildcard.
 *
 * One difference left: a top-level domain of 20 digits or more overflows Go's strconv.Atoi, so Istio does not count
 * it as all-numeric; hostProblem does (no real host has one).
 */
describe('host-validation.ts', () => {
  const invalid = (host: string, label: string) => `domain name ${JSON.stringify(host)} invalid (label ${JSON.stringify(label)} invalid)`;
  const laterWildcard = (host: string, label: string) => `${invalid(host, label)}: a wildcard is only allowed as the first label`;
  const numericTld = (host: string, tld: string) => `domain name ${JSON.stringify(host)} invalid (top level domain ${JSON.stringify(tld)} cannot be all-numeric)`;

  // Rows of TestValidateWildcardDomain (istio@86c9f01 pkg/config/validation/agent/validation_test.go), with the
  // exact message where Istio's test only checks a fragment.
  // host-validation.ts:15:7 (ConditionalExpression false), :15:16 (StringLiteral "Stryker was here!"), :15:27
  // (StringLiteral "", uncovered); :16:7 (ConditionalExpression false), :16:33 (StringLiteral ``); :21:71
  // (EqualityOperator < 63); :11:24 (Regex \*- without ?; [^a-z0-9] after the star; [^a-z0-9] as the last character;
  // no ^); :21:27 (ConditionalExpression true); :23:14 (EqualityOperator i >= 0); :28:7 (ConditionalExpression false,
  // EqualityOperator <= 1); :28:51 (ArithmeticOperator +1); :28:79 (StringLiteral ``); :28:166 (ArithmeticOperator +1,
  // uncovered)
  test.each<[string, string, string | undefined]>([
    ['empty', '', 'empty domain name not allowed'],
    ['too long', 'x'.repeat(256), `domain name ${JSON.stringify('x'.repeat(256))} too long (max 255)`],
    ['happy', 'x'.repeat(63), undefined],
    ['wildcard', '*', undefined],
    ['wildcard multi-segment', '*.bar.com', undefined],
    ['wildcard single segment', '*foo', undefined],
    ['wildcard prefix', '*foo.bar.com', undefined],
    ['wildcard prefix dash', '*-foo.bar.com', undefined],
    // Istio: `domain name "*.com" invalid (label "*" invalid)` (the rest of the host); here the whole host and why.
    ['bad wildcard', 'foo.*.com', laterWildcard('foo.*.com', '*')],
    ['bad wildcard', 'foo*.bar.com', invalid('foo*.bar.com', 'foo*')],
    // Istio: `domain name "1.1.1" invalid (top level domain "1" cannot be all-numeric)`; here the whole host.
    ['IP address', '1.1.1.1', numericTld('1.1.1.1', '1')],
  ])('TestValidateWildcardDomain %s: %j', (_name, host, problem) => {
    expect(hostProblem(host)).toBe(problem);
  });

  // Rows of TestValidateFQDN (istio@86c9f01 pkg/config/validation/agent/validation_test.go): ValidateFQDN is the
  // same check without wildcards, so every row applies.
  // host-validation.ts:17:13 (MethodExpression startsWith)
  test.each<[string, string, string | undefined]>([
    ['long FQDN', 'x'.repeat(256), `domain name ${JSON.stringify('x'.repeat(256))} too long (max 255)`],
    ['empty FQDN', '', 'empty domain name not allowed'],
    ['standard FQDN', 'istio.io', undefined],
    ['unambiguous FQDN', 'istio.io.', undefined],
    ['standard kubernetes FQDN', 'istio-pilot.istio-system.svc.cluster.local', undefined],
    ['unambiguous kubernetes FQDN', 'istio-pilot.istio-system.svc.cluster.local.', undefined],
  ])('TestValidateFQDN %s: %j', (_name, host, problem) => {
    expect(hostProblem(host)).toBe(problem);
  });

  // host-validation.ts:16:7 (EqualityOperator >= 255): 255 characters are allowed (CheckDNS1123Preconditions:
  // `len(name) > 255`), four labels of 63.
  test('a host of exactly 255 characters is valid', () => {
    const host = ['a', 'b', 'c', 'd'].map((c) => c.repeat(63)).join('.');
    expect(host.length).toBe(255);
    expect(hostProblem(host)).toBeUndefined();
    expect(hostProblem(`${host}x`)).toBe(`domain name ${JSON.stringify(`${host}x`)} too long (max 255)`);
  });

  // host-validation.ts:17:34 (MethodExpression host: the trailing dot kept), :17:48 (UnaryOperator +1: slice(0, 1)).
  // Istio: the rest `*.` splits into "*" and the empty last label, and "*" is no DNS-1123 label.
  test('a trailing dot is dropped before the labels are checked, and only the dot', () => {
    expect(hostProblem('foo.*.')).toBe(laterWildcard('foo.*.', '*'));
    expect(hostProblem('foo.b_r.')).toBe(invalid('foo.b_r.', 'b_r'));
    // Two dots leave an empty label (Istio: the rest "." has an empty label that is not the last).
    expect(hostProblem('foo..')).toBe(invalid('foo..', ''));
  });

  // host-validation.ts:21:71 (ConditionalExpression true), :21:54 (LogicalOperator ||), :23:14 (ConditionalExpression
  // true). IsWildcardDNS1123Label: a first label without a star is a DNS-1123 label of at most 63 characters.
  test('a first label without a wildcard is a DNS-1123 label of at most 63 characters', () => {
    expect(hostProblem(`${'x'.repeat(64)}.com`)).toBe(invalid(`${'x'.repeat(64)}.com`, 'x'.repeat(64)));
    expect(hostProblem('foo_bar.example.com')).toBe(invalid('foo_bar.example.com', 'foo_bar'));
    expect(hostProblem('-foo.example.com')).toBe(invalid('-foo.example.com', '-foo'));
    expect(hostProblem('Reviews.Default.svc')).toBeUndefined();
  });

  // IsWildcardDNS1123Label: `len(value) <= DNS1123LabelMaxLength && wildcardPrefixRegexp.MatchString(value)`, so a
  // wildcard first label is capped at 63 characters too (was accepted here).
  test('a wildcard first label is at most 63 characters', () => {
    expect(hostProblem(`*${'x'.repeat(62)}.com`)).toBeUndefined();
    expect(hostProblem(`*${'x'.repeat(63)}.com`)).toBe(invalid(`*${'x'.repeat(63)}.com`, `*${'x'.repeat(63)}`));
  });

  // ValidateDNS1123Labels: the top-level domain is the last part as written, the empty one after a trailing dot, which
  // it allows ("unambiguous names like `istio.io.`"): so `1.1.1.1.` and `foo.123.` pass (were refused here).
  test('a numeric label before a trailing dot is no top-level domain', () => {
    expect(hostProblem('foo.123.')).toBeUndefined();
    expect(hostProblem('1.1.1.1.')).toBeUndefined();
    expect(hostProblem('foo.123')).toBe(numericTld('foo.123', '123'));
  });

  // host-validation.ts:21:108 (ConditionalExpression true, EqualityOperator < 63), :23:14 (ConditionalExpression
  // true). IsDNS1123Label for every later label (ValidateDNS1123Labels).
  test('a later label is a DNS-1123 label of at most 63 characters', () => {
    expect(hostProblem(`foo.${'x'.repeat(63)}.com`)).toBeUndefined();
    expect(hostProblem(`foo.${'x'.repeat(64)}.com`)).toBe(invalid(`foo.${'x'.repeat(64)}.com`, 'x'.repeat(64)));
    expect(hostProblem('foo.bar_baz.com')).toBe(invalid('foo.bar_baz.com', 'bar_baz'));
    expect(hostProblem('foo.bar-.com')).toBe(invalid('foo.bar-.com', 'bar-'));
    expect(hostProblem('*.foo.*')).toBe(laterWildcard('*.foo.*', '*'));
  });

  // host-validation.ts:10:15 (Regex: the optional tail made required, so one-character labels fail)
  test('one-character labels are valid', () => {
    expect(hostProblem('a.b.c')).toBeUndefined();
    expect(hostProblem('a')).toBeUndefined();
  });

  // host-validation.ts:11:24 (Regex: no $; the tail made required; [-a-z0-9] without *)
  test('a wildcard first label: `*`, or `*` / `*-` and a DNS-1123 label, nothing else', () => {
    expect(hostProblem('**.example.com')).toBe(invalid('**.example.com', '**'));
    expect(hostProblem('*_x.example.com')).toBe(invalid('*_x.example.com', '*_x'));
    expect(hostProblem('*a.example.com')).toBeUndefined();
    expect(hostProblem('*-a.example.com')).toBeUndefined();
    expect(hostProblem('*foo-bar.example.com')).toBeUndefined();
    expect(hostProblem('*--.example.com')).toBe(invalid('*--.example.com', '*--'));
  });

  // host-validation.ts:28:7 (ConditionalExpression true, EqualityOperator >= 1), :28:28 (Regex /^[0-9]+/, /[0-9]+$/,
  // /^[0-9]$/). ValidateDNS1123Labels: strconv.Atoi of the top-level domain; a one-label host has no rest to check.
  test('the top-level domain of a host of several labels cannot be all-numeric', () => {
    expect(hostProblem('123')).toBeUndefined();
    expect(hostProblem('foo.123')).toBe(numericTld('foo.123', '123'));
    expect(hostProblem('foo.1a')).toBeUndefined();
    expect(hostProblem('foo.a1')).toBeUndefined();
    expect(hostProblem('*.10')).toBe(numericTld('*.10', '10'));
  });
});

describe('vocabulary.ts', () => {
  // vocabulary.ts:22:38 (StringLiteral "")
  test('the default Istio release is 1.30', () => {
    expect(DEFAULT_ISTIO_VERSION).toBe('1.30');
    expect(istioMinorVersion(DEFAULT_ISTIO_VERSION)).toEqual({ major: 1, minor: 30 });
  });

  // vocabulary.ts:26:13 (Regex: no ^; no $; (\d) for the major; \.\d and \.\D+ for the patch; one character and
  // [^0-9A-Za-z.-] for the pre-release), vocabulary.ts:26:67 (MethodExpression: no trim)
  test.each<[string, { major: number; minor: number } | undefined]>([
    ['1.24', { major: 1, minor: 24 }],
    ['1.24.3', { major: 1, minor: 24 }],
    ['1.24.10', { major: 1, minor: 24 }],
    ['v1.24.0-rc.1', { major: 1, minor: 24 }],
    ['1.25.0-alpha', { major: 1, minor: 25 }],
    ['10.2', { major: 10, minor: 2 }],
    [' 1.22 ', { major: 1, minor: 22 }],
    ['x1.24', undefined],
    ['1.24x', undefined],
    ['1.24.x', undefined],
    ['1.24.0-', undefined],
    ['1.24.0-rc_1', undefined],
    ['1', undefined],
    ['latest', undefined],
  ])('istioMinorVersion(%j)', (v, expected) => {
    expect(istioMinorVersion(v)).toEqual(expected);
  });

  // vocabulary.ts:33:7 (ConditionalExpression false), vocabulary.ts:33:18 (BooleanLiteral false, uncovered),
  // vocabulary.ts:34:10 (ConditionalExpression false), vocabulary.ts:34:30 (ConditionalExpression true)
  test('istioAtLeast: a newer major, the same major and a minor at least as new; unknown versions count as new', () => {
    expect(istioAtLeast('2.0', 1, 30)).toBe(true);
    expect(istioAtLeast('0.40', 1, 30)).toBe(false);
    expect(istioAtLeast('1.30', 1, 30)).toBe(true);
    expect(istioAtLeast('1.29.9', 1, 30)).toBe(false);
    expect(istioAtLeast('1.31', 1, 30)).toBe(true);
    expect(istioAtLeast('master', 1, 30)).toBe(true);
  });

  // vocabulary.ts:53:37 (StringLiteral ""), vocabulary.ts:56:36 (StringLiteral "")
  test('the sentinel namespaces start with a NUL byte, which no namespace name has', () => {
    expect(ANY_CLIENT_NAMESPACE).toBe('\u0000any-namespace');
    expect(NO_POLICY_NAMESPACE).toBe('\u0000no-namespace');
  });

  // vocabulary.ts:61:10 (ConditionalExpression false), vocabulary.ts:61:18 (StringLiteral "Stryker was here!")
  test('groupOf: the part before the slash; the core group is empty', () => {
    expect(groupOf('v1')).toBe('');
    expect(groupOf('security.istio.io/v1')).toBe('security.istio.io');
    expect(groupOf('apps/v1')).toBe('apps');
  });

  test('inGroup: the apiVersion starts with the group and a slash', () => {
    expect(inGroup('security.istio.io/v1beta1', 'security.istio.io')).toBe(true);
    expect(inGroup('security.istio.iox/v1', 'security.istio.io')).toBe(false);
    expect(inGroup('v1', '')).toBe(false);
  });

  // vocabulary.ts:70:26 (StringLiteral ""), vocabulary.ts:108:28 (ConditionalExpression true)
  test('modelKindOf: core kinds only in v1, Istio kinds only in their group, workloads in any group', () => {
    expect(ANY_GROUP).toBe('*');
    expect(modelKindOf('v1', 'Service')).toBe('Service');
    expect(modelKindOf('apps/v1', 'Service')).toBeUndefined();
    expect(modelKindOf('serving.knative.dev/v1', 'Service')).toBeUndefined();
    expect(modelKindOf('v1', 'Namespace')).toBe('Namespace');
    expect(modelKindOf('networking.istio.io/v1', 'DestinationRule')).toBe('DestinationRule');
    expect(modelKindOf('security.istio.io/v1', 'DestinationRule')).toBeUndefined();
    expect(modelKindOf('apps.openshift.io/v1', 'DeploymentConfig')).toBe('DeploymentConfig');
    expect(modelKindOf('example.com/v1', 'Deployment')).toBe('Deployment');
    expect(modelKindOf('v1', 'ConfigMap')).toBeUndefined();
  });

  // vocabulary.ts:105:7 (ConditionalExpression false): without the own-property test, `__proto__` reads
  // Object.prototype as its group, and an apiVersion `[object Object]/v1` is in it.
  test('modelKindOf: names of Object.prototype are no kinds', () => {
    expect(modelKindOf('[object Object]/v1', '__proto__')).toBeUndefined();
    expect(modelKindOf('v1', 'toString')).toBeUndefined();
    expect(modelKindOf('v1', 'constructor')).toBeUndefined();
  });

  // Equivalent: vocabulary.ts:61:10 (EqualityOperator i <= 0): for i === 0 (`/v1`) `apiVersion.slice(0, 0)` is '',
  // the same as the '' the mutant returns.
});

describe('analyze.ts', () => {
  const OBJ: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } };
  const OBJ2: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } };

  /** A rule that reports what `reports` says, about the objects by index. */
  function rule(code: string, reports: Array<Omit<ReportInput, 'at'> & { index?: number }>, more?: (ctx: RuleContext) => void): CheckedRule {
    return {
      code, name: code.toLowerCase(), severity: Severity.WARNING, summary: code, source: 'test',
      check(ctx) {
        for (const { index = 0, ...r } of reports) ctx.report({ ...r, at: ctx.model.objects[index] });
        more?.(ctx);
      },
    };
  }

  /** The findings of `rules` as `code field message`, in the engine's order. */
  const run = (rules: CheckedRule[], objects: K8sObject[] = [OBJ]) =>
    analyzeDetailed(objects, {}, { rules }).map((f) => `${f.objectIndex} ${f.code} ${f.field ?? '-'} ${f.message}`);

  // analyze.ts:41:7 [48] (ConditionalExpression false), analyze.ts:41:30 [48] (StringLiteral ``, uncovered)
  test('ruleInfo: the rule with the code, or an error', () => {
    expect(ruleInfo('IMT2001')).toEqual({
      code: 'IMT2001',
      name: 'dr-host',
      severity: 'error',
      summary: 'DestinationRule host is required and may use a wildcard only as its first label',
      source: 'CRD spec.required [host]; webhook ValidateDestinationRule -> agent.ValidateWildcardDomain (istio@86c9f01 pkg/config/validation/agent/validation.go)',
    });
    expect(() => ruleInfo('IMT0000')).toThrow(new Error('no rule IMT0000 in the registry'));
  });

  // analyze.ts:142:37 [149] (BlockStatement {}, uncovered)
  test('MeshAnalyzer.rules() is listRules()', () => {
    expect(MeshAnalyzer.rules()).toEqual(listRules());
    expect(MeshAnalyzer.rules().map((r) => r.code)).toContain('IMT2001');
  });

  // analyze.ts:137:78 [144] (BlockStatement {}, uncovered), analyze.ts:138:29 [145] (LogicalOperator options && {},
  // uncovered)
  test('MeshAnalyzer.analyze() is analyze(), with the options passed on', () => {
    const bad: K8sObject = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'bad', namespace: 'default' }, spec: { host: 'foo.*.com' } };
    const fix = "use a fully qualified name or a leading wildcard such as '*.foo.svc.cluster.local'";
    expect(MeshAnalyzer.analyze([bad])).toEqual([{
      code: 'IMT2001',
      severity: 'error',
      message: `'spec.host': domain name "foo.*.com" invalid (label "*" invalid): a wildcard is only allowed as the first label; fix: ${fix}`,
      resource: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', namespace: 'default', name: 'bad' },
      field: 'spec.host',
      fix,
    }]);
    expect(MeshAnalyzer.analyze([bad])).toEqual(analyze([bad]));
    expect(MeshAnalyzer.analyze([bad], { ignore: ['IMT2001: test'] })).toEqual([]);
  });

  // analyze.ts:95:11 [102] (ConditionalExpression true)
  test('memo computes a key once per run, and every rule sees the value', () => {
    let computed = 0;
    const seen: number[] = [];
    const memoRule = (code: string) => rule(code, [], (ctx) => {
      seen.push(ctx.memo('k', () => ++computed), ctx.memo('k', () => ++computed));
    });
    analyzeDetailed([OBJ], {}, { rules: [memoRule('TST1'), memoRule('TST2')] });
    expect(computed).toBe(1);
    expect(seen).toEqual([1, 1, 1, 1]);
  });

  // analyze.ts:99:23 [106] (ConditionalExpression true, LogicalOperator ||)
  test('the fix is appended to the message unless the message says it already', () => {
    expect(run([rule('TST1', [
      { message: 'no fix' },
      { message: 'has a fix', fix: 'do this', field: 'a' },
      { message: 'says it: do that', fix: 'do that', field: 'b' },
    ])])).toEqual([
      '0 TST1 - no fix',
      '0 TST1 a has a fix; fix: do this',
      '0 TST1 b says it: do that',
    ]);
  });

  // analyze.ts:101:11 [108] (ConditionalExpression false), analyze.ts:100:56 [107] (LogicalOperator input.field && ''),
  // analyze.ts:100:71 [107] (StringLiteral "Stryker was here!": an empty field and no field are the same finding)
  test('a rule reporting the same finding twice gives it once; another field or object is another finding', () => {
    expect(run([rule('TST1', [
      { message: 'm', field: 'x' },
      { message: 'm', field: 'x' },
      { message: 'm', field: 'y' },
      { message: 'm' },
      { message: 'm', field: '' },
      { message: 'm', index: 1 },
    ])], [OBJ, OBJ2])).toEqual([
      '0 TST1 - m',
      '0 TST1 x m',
      '0 TST1 y m',
      '1 TST1 - m',
    ]);
  });

  // analyze.ts:121:9 [128] (ConditionalExpression false), analyze.ts:121:27 [128] (UnaryOperator +1, uncovered)
  test('findings of one object and severity are ordered by code', () => {
    expect(run([rule('TST2', [{ message: 'm' }]), rule('TST1', [{ message: 'm' }])])).toEqual(['0 TST1 - m', '0 TST2 - m']);
  });

  // analyze.ts:121:61 [128] (ConditionalExpression false), analyze.ts:121:73 [128] (StringLiteral "Stryker was
  // here!": no field compared as that text, which sorts after 'B'), analyze.ts:121:80 [128] (LogicalOperator
  // b.field && '')
  test('then by field, no field first', () => {
    expect(run([rule('TST1', [{ message: 'm', field: 'B' }, { message: 'm', field: 'A' }, { message: 'm' }])])).toEqual([
      '0 TST1 - m',
      '0 TST1 A m',
      '0 TST1 B m',
    ]);
  });

  // analyze.ts:121:132 [128] (StringLiteral "Stryker was here!" for b's missing field in the `>` test): the field
  // decides before the message; with the mutant a field 'A' is not after no field, and the message decides.
  test('the field decides before the message', () => {
    expect(run([rule('TST1', [{ message: 'b' }, { message: 'a', field: 'A' }])])).toEqual(['0 TST1 - b', '0 TST1 A a']);
  });

  test('then by message', () => {
    expect(run([rule('TST1', [{ message: 'c' }, { message: 'a' }, { message: 'b' }])])).toEqual(['0 TST1 - a', '0 TST1 - b', '0 TST1 - c']);
  });

  test('objects in input order first, then errors before warnings', () => {
    expect(run([rule('TST1', [
      { message: 'w', index: 1 },
      { message: 'w' },
      { message: 'e', severity: Severity.ERROR, field: 'z' },
    ])], [OBJ, OBJ2])).toEqual(['0 TST1 z e', '0 TST1 - w', '1 TST1 - w']);
  });

  // Equivalent, analyze.ts:122 [129] (the message comparison, last in the chain):
  // - 122:9 (EqualityOperator a.message <= b.message), 122:38 (ConditionalExpression true, EqualityOperator >=): they
  //   differ only for equal messages, and two findings never compare equal up to the message: the same code, object,
  //   field and message is the same dedupe key (report() keeps one), and severity, resource and fix follow from them.
  // - 122:38 (ConditionalExpression false, EqualityOperator a.message <= b.message): the comparator returns 0 instead
  //   of 1 where a.message > b.message, as the last term. V8's Array.prototype.sort (TimSort) only tests `order < 0`
  //   or `order >= 0`, so 0 and 1 sort alike (checked: 20,000 random arrays sort the same with `x < y ? -1 : 0` as
  //   with `x < y ? -1 : x > y ? 1 : 0`). The same does not hold for the field term (121:132): there 0 lets the message
  //   decide, which the test above shows.
});
