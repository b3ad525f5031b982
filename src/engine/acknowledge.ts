/**
 * Acknowledgements: accepting a finding on purpose, with a written reason. One mechanism for the three front ends,
 * applied once here, after the rules ran: a finding that is acknowledged is kept and marked `suppressed` (it never
 * fails anything and is listed apart), never dropped.
 *
 * Sources, most specific first:
 * - the object's annotation `istio-mtls.cdk8s.io/accept` (kind `annotation`; `IstioMtls.acknowledge` on a construct
 *   writes the same annotation, and the synth-time check reports those as kind `construct`);
 * - the run's {@link AnalyzeOptions.ignore} (kind `cli`: the CLI's `--ignore`, the plugin's `ignore` property).
 *
 * Format of the annotation value: one or more `CODE: reason` entries, separated by newlines or by `;` followed by
 * the next code (`"IMT1010: legacy callers until Q3; IMT5001: sleep.legacy is retired in May"`). A `;` that is not
 * followed by a code stays in the reason.
 * @internal
 */
import { isObject } from './model';
import { IndexedFinding } from './rule';
import { AnalyzeOptions, K8sObject, Suppression, SuppressionKind } from './types';
import { ACCEPT_ANNOTATION } from './vocabulary';

/** One `CODE: reason` entry; `reason` is empty when none was written. */
export interface AcceptEntry {
  readonly code: string;
  readonly reason: string;
  /** The entry as written. */
  readonly text: string;
}

const CODE = /^[A-Z]{3}\d{4}$/;

/** The entries of an accept annotation (or of one `--ignore` value); `code` is '' when the entry names no code. */
export function parseAcceptValue(value: string): AcceptEntry[] {
  const out: AcceptEntry[] = [];
  for (const line of value.split(/\r?\n/)) {
    for (const part of line.split(/;(?=\s*[A-Z]{3}\d{4}\s*(?::|;|$))/)) {
      const text = part.trim();
      if (text === '') continue;
      const m = /^([A-Z]{3}\d{4})\s*(?::([\s\S]*))?$/.exec(text);
      if (!m) { out.push({ code: '', reason: '', text }); continue; }
      out.push({ code: m[1], reason: (m[2] ?? '').trim(), text });
    }
  }
  return out;
}

/** Whether `code` looks like a rule code (`IMT1010`). */
export function isRuleCode(code: string): boolean {
  return CODE.test(code);
}

/** The accept entries on an object (none when it has no annotation). */
export function acceptEntriesOf(obj: K8sObject | undefined): AcceptEntry[] {
  const md = obj && isObject(obj.metadata) ? obj.metadata : undefined;
  const v = md && isObject(md.annotations) ? md.annotations[ACCEPT_ANNOTATION] : undefined;
  return typeof v === 'string' ? parseAcceptValue(v) : [];
}

/** Codes whose findings can never be suppressed: the acknowledgement problems themselves. */
const NEVER_SUPPRESSED = new Set(['IMT8001']);

/** Whether findings of `code` can be acknowledged at all (IMT8001, the acknowledgement problem, cannot). */
export function isAcknowledgeable(code: string): boolean {
  return !NEVER_SUPPRESSED.has(code);
}

/**
 * The run-level acknowledgements of `options.ignore`, by code.
 *
 * @param codes the rule codes there are (`listRules()`); an entry naming another code is refused, since it would
 *   accept nothing (a misspelt `IMT1100` for `IMT1010` leaves the finding as it was)
 * @throws when an entry has no code, no reason, a code no rule has, or a code that cannot be acknowledged (the front
 *   ends turn this into a usage error)
 */
export function runAcknowledgements(options: AnalyzeOptions, codes: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of options.ignore ?? []) {
    for (const e of parseAcceptValue(String(value))) {
      if (e.code === '') throw new Error(`ignore entry ${JSON.stringify(e.text)} names no rule code: write 'CODE: reason', e.g. 'IMT1010: legacy callers until Q3'`);
      if (!codes.has(e.code)) throw new Error(`ignore entry ${JSON.stringify(e.text)} names ${e.code}, which no rule has, so it would accept nothing: \`istio-mtls rules\` lists the codes`);
      if (!isAcknowledgeable(e.code)) throw new Error(`ignore entry ${JSON.stringify(e.text)} names ${e.code}, which cannot be acknowledged: fix the acknowledgement it reports instead`);
      if (e.reason === '') throw new Error(`ignore entry ${JSON.stringify(e.text)} has no reason: an acknowledgement without a reason is refused; write '${e.code}: <why this finding is accepted>'`);
      out.set(e.code, out.has(e.code) ? `${out.get(e.code)}; ${e.reason}` : e.reason);
    }
  }
  return out;
}

/**
 * Marks the acknowledged findings as suppressed (in place of the array's elements): the object's annotation first,
 * then the run's acknowledgements. Findings a rule reported as not acknowledgeable stay as they are.
 */
export function applyAcknowledgements(
  findings: Array<IndexedFinding & { readonly acknowledgeable?: boolean }>, objects: readonly K8sObject[], options: AnalyzeOptions, codes: ReadonlySet<string>,
): void {
  const run = runAcknowledgements(options, codes);
  const perObject = new Map<number, AcceptEntry[]>();
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (f.acknowledgeable === false || !isAcknowledgeable(f.code)) continue;
    let entries = perObject.get(f.index);
    if (!entries) { entries = acceptEntriesOf(objects[f.index]); perObject.set(f.index, entries); }
    const own = entries.filter((e) => e.code === f.code && e.reason !== '').map((e) => e.reason);
    let suppressed: Suppression | undefined;
    if (own.length > 0) suppressed = { kind: SuppressionKind.ANNOTATION, reason: own.join('; ') };
    else if (run.has(f.code)) suppressed = { kind: SuppressionKind.CLI, reason: run.get(f.code)! };
    if (suppressed) findings[i] = { ...f, suppressed };
  }
}
