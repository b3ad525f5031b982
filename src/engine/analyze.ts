/**
 * The one engine: constructs, the cdk8s plugin and the CLI all call `analyze()`.
 */
import { applyAcknowledgements } from './acknowledge';
import { modelOf } from './model';
import { Resolver } from './resolve';
import { IndexedFinding, Rule, RuleContext } from './rule';
import { RULES } from './rules';
import { CrdValidations } from '../input/schema';
import { AnalyzeOptions, Finding, K8sObject, Severity } from './types';

/** Documentation of one rule. */
export interface RuleInfo {
  /** Stable code, e.g. `IMT1001`. */
  readonly code: string;
  /** Kebab-case name. */
  readonly name: string;
  /** Default severity. */
  readonly severity: Severity;
  /** What the rule finds. */
  readonly summary: string;
  /** Where it comes from. */
  readonly source: string;
  /**
   * The construct that reports the rule, for a rule that needs more than one mesh as input (IMT6001: MigrationPlan
   * checks every step of a migration); `analyze()` never reports it.
   *
   * @default - `analyze()` reports it
   */
  readonly reportedBy?: string;
}

/** Every rule of the engine, one entry per code. */
export function listRules(): RuleInfo[] {
  return RULES.map(({ code, name, severity, summary, source, reportedBy }) => ({ code, name, severity, summary, source, ...(reportedBy ? { reportedBy } : {}) }));
}

/** The codes of every rule. @internal */
export function ruleCodes(): ReadonlySet<string> {
  return RULE_CODES;
}

const RULE_CODES: ReadonlySet<string> = new Set(RULES.map((r) => r.code));

/** The rule with `code`. @internal */
export function ruleInfo(code: string): RuleInfo {
  const rule = listRules().find((r) => r.code === code);
  if (!rule) throw new Error(`no rule ${code} in the registry`);
  return rule;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Result of {@link analyzeDetailed}: findings plus each finding's position in the input. @internal */
export interface DetailedFinding extends Finding {
  /** Index of the object in the input array. */
  readonly objectIndex: number;
}

/**
 * Analyzes plain Kubernetes objects (what `cdk8s synth` or a YAML parser produces) and returns the findings.
 *
 * Never throws on malformed objects: what cannot be read is left out of the model, and field rules report it.
 * Findings come in a stable order (input order, then code, then field), so outputs never flap. Findings accepted on
 * purpose (`istio-mtls.cdk8s.io/accept: "CODE: reason"` on the object, or {@link AnalyzeOptions.ignore}) are left
 * out here; the CLI, the plugin and the synth-time check list them as suppressed.
 */
export function analyze(objects: readonly K8sObject[], options: AnalyzeOptions = {}): Finding[] {
  return analyzeDetailed(objects, options).filter((f) => !f.suppressed).map(({ objectIndex: _ignored, ...f }) => f);
}

/** What {@link analyzeDetailed} runs with, besides the {@link AnalyzeOptions}. @internal */
export interface AnalyzeRun {
  /**
   * The rules to run.
   *
   * @default - every rule of the registry (RULES)
   */
  readonly rules?: readonly Rule[];
  /**
   * CRD schema validation of the input objects, to share one the loader already ran.
   *
   * @default - a fresh one for this run
   */
  readonly crd?: CrdValidations;
}

/** Like {@link analyze}, keeping the index of the object each finding is about. @internal */
export function analyzeDetailed(objects: readonly K8sObject[], options: AnalyzeOptions = {}, run: AnalyzeRun = {}): DetailedFinding[] {
  const { rules = RULES, crd = new CrdValidations() } = run;
  const model = modelOf(objects, options);
  const resolver = new Resolver(model);
  const findings: Array<IndexedFinding & { acknowledgeable?: boolean }> = [];
  const memo = new Map<string, unknown>();
  const seen = new Set<string>();
  let current: Rule = rules[0];
  const ctx: RuleContext = {
    model,
    resolver,
    crd,
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
    report(input) {
      const message = input.fix && !input.message.includes(input.fix) ? `${input.message}; fix: ${input.fix}` : input.message;
      const key = `${current.code}|${input.at.index}|${input.field ?? ''}|${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({
        code: current.code,
        severity: input.severity ?? current.severity,
        message,
        resource: input.at.ref,
        ...(input.field ? { field: input.field } : {}),
        ...(input.fix ? { fix: input.fix } : {}),
        index: input.at.index,
        ...(input.acknowledgeable === false ? { acknowledgeable: false } : {}),
      });
    },
  };
  for (const rule of rules) {
    if (!rule.check) continue;
    current = rule;
    rule.check(ctx);
  }
  findings.sort((a, b) => a.index - b.index || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || ((a.field ?? '') < (b.field ?? '') ? -1 : (a.field ?? '') > (b.field ?? '') ? 1 : 0)
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  applyAcknowledgements(findings, objects, options, RULE_CODES);
  return findings.map(({ index, acknowledgeable: _a, ...f }) => ({ ...f, objectIndex: index }));
}

/**
 * The engine as a class, for jsii languages (Python, Java, Go, .NET), where free functions are not available.
 */
export class MeshAnalyzer {
  /**
   * Analyzes plain Kubernetes objects and returns the findings (see {@link analyze}).
   *
   * @param objects Kubernetes objects as parsed from YAML or produced by `ApiObject.toJson()`
   * @param options root namespace, auto mTLS, cluster domain, migration
   */
  public static analyze(objects: any[], options?: AnalyzeOptions): Finding[] {
    return analyze(objects, options ?? {});
  }

  /** Every rule the engine runs. */
  public static rules(): RuleInfo[] {
    return listRules();
  }

  private constructor() {}
}
