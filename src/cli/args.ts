/** Argument parsing for the `istio-mtls` commands: flags, values, the engine options they set. */
import { runAcknowledgements } from '../engine/acknowledge';
import { ruleCodes } from '../engine/analyze';
import { AnalyzeOptions, K8sObject } from '../engine/types';
import { istioMinorVersion } from '../engine/vocabulary';
import { LoadResult } from '../input/load';
import { withDefaultNamespace } from '../input/namespace';
export type FlagKind = 'value' | 'boolean' | 'list';
export interface Parsed {
  readonly positionals: string[];
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
  /** Values of repeatable options (`--ignore`), in order. */
  readonly lists: Map<string, string[]>;
}

export class UsageError extends Error {}

export function parseArgs(args: readonly string[], spec: Readonly<Record<string, FlagKind>>): Parsed {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') { flags.add('--help'); continue; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = SHORT[arg] !== undefined && spec[SHORT[arg]] !== undefined ? SHORT[arg] : eq > 0 ? arg.slice(0, eq) : arg;
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option '${name}'`);
    if (kind === 'boolean') {
      if (eq > 0) throw new UsageError(`option '${name}' takes no value`);
      flags.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`option '${name}' needs a value`);
    if (kind === 'list') { lists.set(name, [...(lists.get(name) ?? []), value]); continue; }
    if (values.has(name)) throw new UsageError(`option '${name}' given more than once`);
    values.set(name, value);
  }
  return { positionals, values, flags, lists };
}

export function choice(parsed: Parsed, name: string, allowed: readonly string[], fallback: string): string {
  const v = parsed.values.get(name) ?? fallback;
  if (!allowed.includes(v)) throw new UsageError(`unknown ${name.replace(/^--/, '')} '${v}': use ${allowed.map((a) => `'${a}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
  return v;
}

/** A `true|false` option; undefined when not given. */
export function booleanValue(parsed: Parsed, name: string): boolean | undefined {
  const v = parsed.values.get(name);
  if (v !== undefined && v !== 'true' && v !== 'false') throw new UsageError(`'${name}' must be 'true' or 'false' (got '${v}')`);
  return v === undefined ? undefined : v === 'true';
}

export function engineOptions(parsed: Parsed): AnalyzeOptions {
  return {
    rootNamespace: parsed.values.get('--root-namespace'),
    autoMtls: booleanValue(parsed, '--auto-mtls'),
    clusterDomain: parsed.values.get('--cluster-domain'),
    migration: parsed.flags.has('--migration') || undefined,
    sidecarHbone: booleanValue(parsed, '--sidecar-hbone'),
    sidecarsSendHbone: booleanValue(parsed, '--sidecars-send-hbone'),
    istioVersion: istioVersionFlag(parsed.values.get('--istio-version')),
    ...ignoreFlag(parsed),
  };
}

/** `--ignore 'CODE: reason'` (repeatable): every finding of CODE is listed as suppressed; a reason is required. */
export function ignoreFlag(parsed: Parsed): { ignore?: string[] } {
  const values = parsed.lists.get('--ignore');
  if (!values) return {};
  for (const v of values) {
    const code = /^\s*([A-Z]{3}\d{4})\s*$/.exec(v);
    if (code) throw new UsageError(`'--ignore ${code[1]}' needs a reason: an acknowledgement without one is refused; write --ignore '${code[1]}: <why it is accepted>'`);
    try {
      runAcknowledgements({ ignore: [v] }, ruleCodes());
    } catch (e) {
      throw new UsageError(`'--ignore': ${(e as Error).message.replace(/^ignore entry/, 'entry')}`);
    }
  }
  return { ignore: values };
}

export function istioVersionFlag(v: string | undefined): string | undefined {
  if (v !== undefined && !istioMinorVersion(v)) throw new UsageError(`'--istio-version' must be an Istio release like '1.24' or '1.24.3' (got '${v}')`);
  return v;
}

/** The input objects, with `--namespace` applied to those that name no namespace. */
export function objectsOf(parsed: Parsed, loaded: LoadResult): K8sObject[] {
  const ns = parsed.values.get('--namespace');
  if (ns !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) throw new UsageError(`'--namespace' must be a namespace name (DNS-1123 label), got '${ns}'`);
  return loaded.objects.map((o) => (ns === undefined ? o.object : withDefaultNamespace(o.object, ns)));
}

export const ENGINE_FLAGS: Record<string, FlagKind> = {
  '--help': 'boolean', '--format': 'value', '--output': 'value', '--root-namespace': 'value', '--auto-mtls': 'value',
  '--cluster-domain': 'value', '--migration': 'boolean', '--max-input-mib': 'value', '--namespace': 'value',
  '--sidecar-hbone': 'value', '--sidecars-send-hbone': 'value', '--istio-version': 'value',
};

/** Short options and the long ones they stand for. */
export const SHORT: Readonly<Record<string, string>> = { '-n': '--namespace' };

/** `--max-input-mib` in bytes, or undefined for the default. */
export function maxInputBytes(parsed: Parsed): number | undefined {
  const v = parsed.values.get('--max-input-mib');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`'--max-input-mib' must be a positive number of MiB (got '${v}')`);
  return Math.floor(n * 1024 * 1024);
}

export const ANALYZE_FLAGS: Record<string, FlagKind> = { ...ENGINE_FLAGS, '--source-root': 'value', '--passthrough': 'boolean', '--fail-on': 'value' };
