/**
 * The CEL rules of the vendored CRDs (`x-kubernetes-validations`), restated in TypeScript, and the ajv keyword that
 * carries them.
 *
 * Follows Kubernetes' CRD validation rules (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules)
 * and CEL's `int()` and `duration()`, which are Go's `strconv.ParseInt` and `time.ParseDuration` (go/src/time/format.go);
 * the rule texts are those of Istio's crd-all.gen.yaml (istio@86c9f01).
 * @internal
 */
import type { ErrorObject } from 'ajv';
import { isObject } from '../../engine/values';

/** The ajv keyword that holds a schema node's CEL rules (see toAjvSchema). */
export const CEL_KEYWORD = 'x-cdk8s-istio-mtls-cel';

/** One `x-kubernetes-validations` entry as the CEL keyword holds it. */
export interface CelRuleEntry {
  readonly rule: string;
  readonly message: string;
}

/**
 * A CEL rule restated in TypeScript: pushes every offending map key or value onto `offenders` (`NO_OFFENDER` when
 * the rule fails as a whole), and nothing when the rule holds or its subject has the wrong type (the schema's type
 * check reports that).
 */
type CelCheck = (self: unknown, offenders: unknown[]) => void;

const NO_OFFENDER: unique symbol = Symbol('no offender');

/** CEL `has(x.f)` on a Kubernetes object: the field is set (null fields are pruned by the API server). */
function has(obj: Record<string, unknown>, field: string): boolean {
  const v = obj[field];
  return v !== undefined && v !== null;
}

/** CEL `self.all(key, pred)` over a map, reporting every key that fails rather than the first. */
function allKeys(pred: (key: string) => boolean): CelCheck {
  return (self, offenders) => {
    if (!isObject(self)) return;
    for (const key in self) {
      if (!pred(key)) offenders.push(key);
    }
  };
}

const CEL_INT = /^[+-]?[0-9]+$/;

/** CEL `int(string)` (Go `strconv.ParseInt(s, 10, 64)`); `undefined` where CEL raises an evaluation error. */
function celInt(s: string): number | undefined {
  if (!CEL_INT.test(s)) return undefined;
  const n = Number(s);
  // eslint-disable-next-line no-loss-of-precision -- int64's maximum as written in the CEL spec; the comparison is in doubles
  return Math.abs(n) <= 9223372036854775807 ? n : undefined;
}

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  'ns': 1n,
  'us': 1_000n,
  '\u00b5s': 1_000n, // µ (micro sign)
  '\u03bcs': 1_000n, // μ (Greek mu)
  'ms': 1_000_000n,
  's': 1_000_000_000n,
  'm': 60_000_000_000n,
  'h': 3_600_000_000_000n,
};
const MAX_INT64 = (1n << 63n) - 1n;
const ONE_MS_NS = 1_000_000n;

/**
 * CEL `duration(string)`, which is Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-zµμ]+)+` or `0`.
 *
 * @returns nanoseconds, or `undefined` where Go returns an error (CEL then raises an evaluation error).
 */
export function parseGoDuration(input: string): bigint | undefined {
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (!(c === '.' || (c >= '0' && c <= '9'))) return undefined;
    // integer part
    const intStart = i;
    let v = 0n;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > MAX_INT64 + 1n) return undefined; // Go: "invalid duration" on overflow
      i++;
    }
    const pre = i > intStart;
    // fraction part (Go keeps at most what fits in int64 and ignores the rest)
    let f = 0n;
    let scale = 1;
    let post = false;
    if (i < s.length && s[i] === '.') {
      i++;
      const fracStart = i;
      let overflow = false;
      while (i < s.length && s[i] >= '0' && s[i] <= '9') {
        if (!overflow) {
          if (f > MAX_INT64 / 10n) {
            overflow = true;
          } else {
            f = f * 10n + BigInt(s.charCodeAt(i) - 48);
            scale *= 10;
          }
        }
        i++;
      }
      post = i > fracStart;
    }
    if (!pre && !post) return undefined;
    // unit
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    if (i === unitStart) return undefined; // missing unit
    const unit = NS_PER_UNIT[s.slice(unitStart, i)];
    if (unit === undefined) return undefined;
    if (v > (1n << 63n) / unit) return undefined;
    v *= unit;
    if (f > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale))
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) return undefined;
    }
    total += v;
    if (total > 1n << 63n) return undefined;
  }
  if (neg) return -total;
  return total > MAX_INT64 ? undefined : total;
}

/**
 * The CEL rules found in the vendored CRDs, keyed by their exact rule text, restated in TypeScript.
 *
 * A rule that holds (or whose subject has the wrong type, which the schema's type check reports) reports no offender.
 */
const CEL_IMPLEMENTATIONS: ReadonlyMap<string, CelCheck> = new Map<string, CelCheck>([
  // PeerAuthentication spec: portLevelMtls requires selector
  [
    'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
    (self, offenders) => {
      if (!isObject(self) || !has(self, 'portLevelMtls')) return;
      const selector = self.selector;
      const labels = isObject(selector) && has(selector, 'matchLabels') ? selector.matchLabels : {};
      if (!isObject(labels)) return; // wrong type, reported by the schema
      for (const _ in labels) return;
      offenders.push(NO_OFFENDER);
    },
  ],
  // PeerAuthentication spec.portLevelMtls: port must be between 1-65535
  [
    'self.all(key, 0 < int(key) && int(key) <= 65535)',
    allKeys((key) => {
      const n = celInt(key);
      return n !== undefined && 0 < n && n <= 65535;
    }),
  ],
  // matchLabels keys (PeerAuthentication selector, DestinationRule workloadSelector)
  ['self.all(key, !key.contains("*"))', allKeys((key) => !key.includes('*'))],
  ['self.all(key, key.size() != 0)', allKeys((key) => key.length !== 0)],
  // matchLabels values
  [
    '!self.contains("*")',
    (self, offenders) => {
      if (typeof self === 'string' && self.includes('*')) offenders.push(self);
    },
  ],
  // DestinationRule durations (connectTimeout, interval, baseEjectionTime, idleTimeout, ...)
  [
    "duration(self) >= duration('1ms')",
    (self, offenders) => {
      if (typeof self !== 'string') return;
      const ns = parseGoDuration(self);
      if (ns === undefined || ns < ONE_MS_NS) offenders.push(self);
    },
  ],
]);

/**
 * The exact text of every CEL rule (`x-kubernetes-validations[].rule`) this module restates in TypeScript.
 *
 * A test asserts that every rule in the vendored CRDs is listed here, so a CRD update cannot silently skip one.
 */
export const KNOWN_CEL_RULES: readonly string[] = Object.freeze([...CEL_IMPLEMENTATIONS.keys()]);

/**
 * The errors of the CEL rules `entries` on `data` (null when all hold), as ajv error objects without their paths
 * (the generated code adds them). Rules we do not restate are skipped here; the KNOWN_CEL_RULES test fails for them.
 */
export function celErrors(data: unknown, entries: readonly CelRuleEntry[]): Array<Partial<ErrorObject>> | null {
  let errors: Array<Partial<ErrorObject>> | null = null;
  for (const entry of entries) {
    const check = CEL_IMPLEMENTATIONS.get(entry.rule);
    if (!check) continue;
    const offenders: unknown[] = [];
    check(data, offenders);
    for (const offender of offenders) {
      const params = offender === NO_OFFENDER ? { rule: entry.rule } : { rule: entry.rule, value: offender };
      (errors ??= []).push({ keyword: CEL_KEYWORD, message: entry.message, params });
    }
  }
  return errors;
}
