/**
 * Helpers shared by the engine tests: load YAML fixtures, label findings.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Finding, K8sObject } from '../../src/engine';
import { displayRef as display } from '../../src/engine/values';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Every document of one or more YAML fixture files (paths relative to test/fixtures), in order. */
export function loadFixtures(...files: string[]): K8sObject[] {
  return files.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(FIXTURES, f), 'utf8')).filter((d): d is K8sObject => d !== null && d !== undefined));
}

/** A finding as a flat record that reads well in a failed expectation; the resource as `Kind ns/name` or `Kind name`. */
export function flat(f: Finding): { code: string; severity: string; resource: string; field: string | null; message: string } {
  return { code: f.code, severity: f.severity, resource: display(f.resource), field: f.field ?? null, message: f.message };
}

/** A regular expression that matches a string containing every fragment, in any order. */
export function containingAll(fragments: readonly string[]): RegExp {
  return new RegExp(`^${fragments.map((s) => `(?=[\\s\\S]*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`).join('')}`);
}

/** Deep copy of objects with an annotation set on the named workload (the calls annotation, typically). */
export function withAnnotation(objects: readonly K8sObject[], kind: string, namespace: string, name: string, key: string, value: string): K8sObject[] {
  const out = JSON.parse(JSON.stringify(objects)) as K8sObject[];
  const target = out.find((o) => o.kind === kind && o.metadata?.namespace === namespace && o.metadata?.name === name);
  if (!target) throw new Error(`no ${kind} ${namespace}/${name} in the fixture`);
  target.metadata.annotations = { ...(target.metadata.annotations ?? {}), [key]: value };
  return out;
}
