import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { analyzeDetailed } from '../engine/analyze';
import { IstioMtls } from './istio-mtls';

/** Options for {@link printSynthSummary}. */
export interface SynthSummaryOptions {
  /**
   * Other files written beside the manifests (e.g. migration reports), listed at the end.
   *
   * @default - none
   */
  readonly extraFiles?: string[];
}

/**
 * Prints what a synth wrote (see {@link SynthSummary.lines}) on standard error, which `cdk8s synth` shows (it hides
 * the app's standard output). Call it after `app.synth()`.
 */
export function printSynthSummary(app: App, options: SynthSummaryOptions = {}): void {
  for (const l of SynthSummary.lines(app, options)) process.stderr.write(`${l}\n`);
}

/** The synth summary: objects per manifest file and the engine's findings by severity, per mesh scope. */
export class SynthSummary {
  /** The summary lines for an app that was synthesized. */
  public static lines(app: App, options: SynthSummaryOptions = {}): string[] {
    const out: string[] = [];
    const print = (l: string) => { out.push(l); };
    const charts = app.node.findAll().filter((c): c is Chart => Chart.isChart(c));
    const scopes = new Map<IConstruct, ApiObject[]>();
    print(`istio-mtls: wrote ${charts.length} manifest(s) to ${app.outdir}/`);
    for (const chart of charts) {
      const objs = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
      print(`  ${path.join(app.outdir, `${chart.node.id}${app.outputFileExtension}`)}: ${objs.length} object(s)`);
      for (const o of objs) {
        const s = IstioMtls.meshScopeOf(o);
        const list = scopes.get(s) ?? [];
        list.push(o);
        scopes.set(s, list);
      }
    }
    for (const f of options.extraFiles ?? []) print(`  ${f}`);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const [scope, objs] of scopes) {
      for (const f of analyzeDetailed(objs.map((o) => o.toJson()), IstioMtls.settingsOf(scope))) counts[f.severity]++;
    }
    print(`istio-mtls: findings: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info in ${scopes.size} mesh scope(s)`);
    return out;
  }

  private constructor() {}
}
