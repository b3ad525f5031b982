/**
 * The rule contract: one rule per file under `rules/`, each with a stable code, a severity, a one-line summary,
 * the Istio source it comes from and either a `check` over the normalized model or the construct that reports it.
 * @internal
 */
import { Located, MeshModel } from './model';
import { Resolver } from './resolve';
import { CrdValidations } from '../input/schema';
import { Finding, Severity } from './types';

export interface ReportInput {
  readonly at: Located;
  readonly message: string;
  readonly field?: string;
  readonly fix?: string;
  /** Overrides the rule's default severity (e.g. a potential rather than declared failure). */
  readonly severity?: Severity;
  /**
   * False when no acknowledgement may suppress this finding (e.g. IMT2005 on certificate fields Istio replaces).
   *
   * @default true
   */
  readonly acknowledgeable?: boolean;
}

export interface RuleContext {
  readonly model: MeshModel;
  readonly resolver: Resolver;
  /** Shared, lazily computed analyses (e.g. traffic), keyed by name. */
  memo<T>(key: string, compute: () => T): T;
  /** CRD schema validation of input objects, once per object and run. */
  readonly crd: CrdValidations;
  report(input: ReportInput): void;
}

/** What every rule declares. */
export interface RuleMeta {
  /** Stable code, e.g. `IMT1001`. Never reused for another meaning. */
  readonly code: string;
  /** Short kebab-case name, used as the cdk8s plugin's rule name. */
  readonly name: string;
  readonly severity: Severity;
  /** One line: what the rule finds. */
  readonly summary: string;
  /** Where the rule comes from (Istio source file, doc page, issue). */
  readonly source: string;
}

/** A rule `analyze()` runs: a check over the model of the input. */
export interface CheckedRule extends RuleMeta {
  readonly reportedBy?: undefined;
  check(ctx: RuleContext): void;
}

/**
 * A rule no single input can decide, so `analyze()` never runs it: the construct it names reports it (IMT6001 needs
 * the phases of a migration plan, not one mesh). Listed with the others, so that its code is documented.
 */
export interface ConstructRule extends RuleMeta {
  /** The construct that reports the rule, e.g. `MigrationPlan`. */
  readonly reportedBy: string;
  readonly check?: undefined;
}

export type Rule = CheckedRule | ConstructRule;

/** A finding plus where it sorts in the input. @internal */
export interface IndexedFinding extends Finding {
  readonly index: number;
}
