/**
 * cdk8s-cli validation plugin: `cdk8s synth` hands it the synthesized manifests; it runs the one engine over all of
 * them together and reports one violation per rule.
 *
 * cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-istio-mtls/lib/src/plugin/index.js   # or ./lib/src/plugin/index.js in this repo
 *     version: 0.1.0
 *     class: IstioMtlsValidation
 *     properties:
 *       rootNamespace: istio-system
 *       autoMtls: true
 *       failOnWarnings: false
 * ```
 *
 * It does not import cdk8s-cli (a development tool, not a dependency): the interfaces below are the parts of its
 * `ValidationContext` contract the plugin uses.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDetailed, listRules, ruleCodes } from '../engine/analyze';
import { analyzeApp } from '../engine/app';
import { APP_METADATA_FILE, AppMetadata, isAppMetadata, meshesFromMetadata, relabelConstructAcknowledgements } from '../input/app-metadata';
import { runAcknowledgements } from '../engine/acknowledge';
import { AnalyzeOptions, Finding } from '../engine/types';
import { displayRef } from '../engine/values';
import { InputError, describeError } from '../input/input-error';
import { SourcedObject, appendAll, loadContent } from '../input/load';

/**
 * Properties of the plugin (`properties:` in cdk8s.yaml): the engine's {@link AnalyzeOptions} (root namespace, auto
 * mTLS, cluster domain, migration) for the manifests, and how to report.
 */
export interface IstioMtlsValidationProperties extends AnalyzeOptions {
  /**
   * Fail the validation on warnings too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Analyze each manifest file as its own mesh (for apps whose charts are independent scenarios, like examples or
   * migration phases). By default all manifests are one mesh, as when they are applied to one cluster.
   *
   * @default false
   */
  readonly meshPerManifest?: boolean;
  /**
   * Also list info findings as violations (they never fail the validation).
   *
   * @default false
   */
  readonly includeInfo?: boolean;
}

/** A resource in violation (cdk8s-cli `ValidationViolatingResource`). */
export interface PluginViolatingResource {
  /** metadata.name of the resource. */
  readonly resourceName: string;
  /** The fields at fault. */
  readonly locations: string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/** A violation (cdk8s-cli `ValidationViolation`). */
export interface PluginViolation {
  /** `CODE rule-name`. */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources in violation. */
  readonly violatingResources: PluginViolatingResource[];
}

/** The report of cdk8s-cli's `ValidationContext`, as far as the plugin uses it. */
export interface IPluginReport {
  /** Adds a violation. */
  addViolation(violation: PluginViolation): void;
  /** Submits the report with `success` or `failure`. */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** The parts of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface IPluginValidationContext {
  /** Paths of the synthesized manifests. */
  readonly manifests: string[];
  /** Where violations go. */
  readonly report: IPluginReport;
}

/** Rule name of the violation reported when a manifest cannot be used at all. */
export const UNUSABLE_MANIFEST_RULE = 'istio-mtls unusable-manifest';

/**
 * The cdk8s validation plugin: runs `analyze()` once over every synthesized manifest and reports one violation per
 * rule code (`IMT5001 strict-server-plaintext-client`), listing each violating resource with the field at fault.
 * The report fails when there is an error finding (or a warning, with `failOnWarnings`).
 */
export class IstioMtlsValidation {
  private readonly options: AnalyzeOptions;
  private readonly failOnWarnings: boolean;
  private readonly includeInfo: boolean;
  private readonly meshPerManifest: boolean;

  /** @param properties the `properties:` of the validation in cdk8s.yaml */
  constructor(properties: IstioMtlsValidationProperties = {}) {
    const p = properties ?? {};
    checkKnownProperties(p);
    this.options = {
      rootNamespace: stringProp(p, 'rootNamespace'),
      autoMtls: boolProp(p, 'autoMtls'),
      clusterDomain: stringProp(p, 'clusterDomain'),
      migration: boolProp(p, 'migration'),
      sidecarHbone: boolProp(p, 'sidecarHbone'),
      sidecarsSendHbone: boolProp(p, 'sidecarsSendHbone'),
      istioVersion: stringProp(p, 'istioVersion'),
      ...ignoreProp(p),
    };
    this.failOnWarnings = boolProp(p, 'failOnWarnings') ?? false;
    this.includeInfo = boolProp(p, 'includeInfo') ?? false;
    this.meshPerManifest = boolProp(p, 'meshPerManifest') ?? false;
  }

  /** Validates `context.manifests` and submits the report. */
  public async validate(context: IPluginValidationContext): Promise<void> {
    const objects: SourcedObject[] = [];
    for (const manifest of context.manifests) {
      try {
        appendAll(objects, loadContent(fs.readFileSync(manifest), manifest));
      } catch (e) {
        const reason = e instanceof InputError ? e.message : `${manifest}: cannot read: ${describeError(e)}`;
        context.report.addViolation({
          ruleName: UNUSABLE_MANIFEST_RULE,
          recommendation: reason,
          fix: 'make the manifest valid YAML whose objects have apiVersion, kind and correctly typed Istio fields',
          violatingResources: [{ resourceName: '', locations: e instanceof InputError && e.line !== undefined ? [`line ${e.line}`] : [], manifestPath: manifest }],
        });
        context.report.submit('failure', { error: reason });
        return;
      }
    }

    // The synth-time check writes the app's mesh scopes and MigrationPlan phases beside the manifests: analyze the
    // app as synth does (phases as alternative states of their topology, not duplicates of each other).
    const metadata = readAppMetadata(context.manifests);
    let findings: Array<Finding & { objectIndex: number }>;
    let places: ReturnType<typeof meshesFromMetadata>['places'] = objects.map(() => undefined);
    if (metadata) {
      const layout = meshesFromMetadata(objects, metadata, { perFile: this.meshPerManifest, options: this.options });
      places = layout.places;
      findings = relabelConstructAcknowledgements(analyzeApp(objects.map((o) => o.object), layout.meshes), (i) => layout.places[i]?.acknowledgedByConstruct);
    } else {
      findings = this.meshPerManifest ? this.analyzePerManifest(objects) : analyzeDetailed(objects.map((o) => o.object), this.options);
    }
    const counts = { error: 0, warning: 0, info: 0 };
    const suppressed = findings.filter((f) => f.suppressed);
    findings = findings.filter((f) => !f.suppressed);
    for (const f of findings) counts[f.severity]++;
    // cdk8s-cli's "Construct Path" is looked up by object name only, so it is wrong when charts share names (every
    // mesh-wide and namespace-wide policy is named 'default'): our message names the object and its real path.
    const where = (f: Finding & { objectIndex: number }) => {
      const p = places[f.objectIndex]?.path;
      return `${p ? `[${p}] ` : ''}${displayRef(f.resource)}`;
    };

    const rules = new Map(listRules().map((r) => [r.code, r]));
    const byCode = new Map<string, Array<Finding & { objectIndex: number }>>();
    for (const f of findings) {
      if (f.severity === 'info' && !this.includeInfo) continue;
      const list = byCode.get(f.code) ?? [];
      list.push(f);
      byCode.set(f.code, list);
    }
    for (const code of [...byCode.keys()].sort()) {
      const list = byCode.get(code)!;
      const rule = rules.get(code);
      const resources = new Map<string, { resourceName: string; locations: string[]; manifestPath: string }>();
      for (const f of list) {
        const manifestPath = objects[f.objectIndex]?.file ?? '';
        const key = `${manifestPath}\u0000${f.resource.kind}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.name}`;
        const r = resources.get(key) ?? { resourceName: f.resource.name, locations: [], manifestPath };
        const location = f.field ?? '(object)';
        if (!r.locations.includes(location)) r.locations.push(location);
        resources.set(key, r);
      }
      const messages = distinct(list.map((f) => `(${f.severity}) ${where(f)}: ${f.message}`));
      const fixes = distinct(list.map((f) => f.fix).filter((x): x is string => !!x));
      context.report.addViolation({
        ruleName: `${code} ${rule?.name ?? ''}`.trim(),
        recommendation: messages.length === 1 ? messages[0] : `${rule?.summary ?? code}:\n${messages.map((m) => `    - ${m}`).join('\n')}`,
        fix: fixes.length > 0 ? fixes.join('\n') : rule?.summary ?? '',
        violatingResources: [...resources.values()],
      });
    }

    const failed = counts.error > 0 || (this.failOnWarnings && counts.warning > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      errors: String(counts.error),
      warnings: String(counts.warning),
      info: String(counts.info),
      objects: String(objects.length),
      manifests: String(context.manifests.length),
      ...(suppressed.length > 0 ? {
        suppressed: String(suppressed.length),
        suppressedFindings: suppressed.map((f) => `${f.code} ${where(f)} (${f.suppressed!.kind}: ${f.suppressed!.reason})`).join('\n'),
      } : {}),
    });
  }

  /** One engine run per manifest file; finding indices stay global. */
  private analyzePerManifest(objects: readonly SourcedObject[]): ReturnType<typeof analyzeDetailed> {
    const groups = new Map<string, number[]>();
    objects.forEach((o, i) => {
      const g = groups.get(o.file);
      if (g) g.push(i); else groups.set(o.file, [i]);
    });
    const out: ReturnType<typeof analyzeDetailed> = [];
    for (const indices of groups.values()) {
      for (const f of analyzeDetailed(indices.map((i) => objects[i].object), this.options)) out.push({ ...f, objectIndex: indices[f.objectIndex] });
    }
    return out;
  }
}

/** This library's app metadata beside the manifests (cdk8s-cli's outdir), if the synth-time check wrote one. */
function readAppMetadata(manifests: readonly string[]): AppMetadata | undefined {
  const dirs = new Set<string>();
  for (const m of manifests) { dirs.add(path.dirname(m)); dirs.add(path.dirname(path.dirname(m))); }
  for (const dir of dirs) {
    const file = path.join(dir, APP_METADATA_FILE);
    if (!fs.existsSync(file)) continue;
    try {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (isAppMetadata(file, doc)) return doc;
    } catch {
      // not ours, or half written: analyze without it
    }
  }
  return undefined;
}

/** `ignore: ['CODE: reason', ...]`: findings accepted for the whole run (kind 'cli'), a reason each. */
function ignoreProp(p: object): { ignore?: string[] } {
  const v = (p as Record<string, unknown>).ignore;
  if (v === undefined || v === null) return {};
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`IstioMtlsValidation: property 'ignore' must be a list of 'CODE: reason' strings (got ${JSON.stringify(v)})`);
  try {
    runAcknowledgements({ ignore: v as string[] }, ruleCodes());
  } catch (e) {
    throw new Error(`IstioMtlsValidation: property 'ignore': ${(e as Error).message}`);
  }
  return { ignore: v as string[] };
}

function distinct<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Every property the plugin reads, with its type: the one list that the reads below and the unknown-property check
 * use (the reads take only these names).
 */
const PROPERTIES = {
  rootNamespace: 'string', autoMtls: 'boolean', clusterDomain: 'string', migration: 'boolean', sidecarHbone: 'boolean',
  sidecarsSendHbone: 'boolean', istioVersion: 'string', failOnWarnings: 'boolean', meshPerManifest: 'boolean', includeInfo: 'boolean',
  ignore: 'list',
} as const;
type PropertyName = keyof typeof PROPERTIES;

/** Throws on a property the plugin does not read: a misspelt one (`failOnWarning`) would otherwise be ignored silently. */
function checkKnownProperties(p: object): void {
  const valid = Object.keys(PROPERTIES).sort();
  for (const name of Object.keys(p)) {
    if (Object.prototype.hasOwnProperty.call(PROPERTIES, name)) continue;
    const lower = name.toLowerCase();
    const near = valid.find((v) => v.toLowerCase() === lower || v.toLowerCase().startsWith(lower) || lower.startsWith(v.toLowerCase()));
    throw new Error(`IstioMtlsValidation: unknown property '${name}'${near ? `; did you mean '${near}'?` : ''}; valid properties: ${valid.join(', ')} (fix the 'properties:' of the validation in cdk8s.yaml)`);
  }
}

function stringProp(p: object, name: PropertyName): string | undefined {
  const v = (p as Record<string, unknown>)[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw new Error(`IstioMtlsValidation: property '${name}' must be a non-empty string (got ${JSON.stringify(v)})`);
  return v;
}

function boolProp(p: object, name: PropertyName): boolean | undefined {
  const v = (p as Record<string, unknown>)[name];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new Error(`IstioMtlsValidation: property '${name}' must be true or false (got ${JSON.stringify(v)})`);
}
