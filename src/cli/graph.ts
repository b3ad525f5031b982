/**
 * `istio-mtls graph <file|dir|->... [--format mermaid|dot]`: the mesh of any YAML as a picture (src/engine/graph.ts):
 * namespaces grouped, workloads coloured by dataplane and server mode, declared calls as edges, red where the engine
 * finds a call broken. Exit codes: 0 drawn, 1 a declared call is broken, 2 usage or unusable input.
 */
import { meshGraph, toDot, toMermaid } from '../engine/graph';
import { describeError, InputError } from '../input/input-error';
import { loadInputs } from '../input/load';
import { writeOutput } from './write';

/** What `graph` needs from the outside world (a subset of the CLI's). */
export interface GraphIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stdin?: (maxBytes: number) => Promise<Buffer | string> | Buffer | string;
}

export const GRAPH_HELP = `Usage: istio-mtls graph <file|dir|->... [options]

Draws the mesh of the inputs: namespaces grouped, workloads coloured by dataplane (sidecar, sidecar taking
HBONE, ambient, none, unknown) with their server mode, waypoints, and the declared calls as edges, red where
the engine finds the call broken and orange where it is at risk. Mermaid renders inline on code hosts; DOT
renders with Graphviz ('dot -Tsvg').

Options:
  --format mermaid|dot      output format (default: mermaid)
  --root-namespace NS       Istio's root namespace (default: istio-system)
  --output FILE             write the output to FILE (atomically) instead of standard output
  -h, --help                show this help

Exit codes: 0 drawn, no broken call; 1 drawn, a declared call is broken; 2 usage error or unusable input.
`;

class UsageError extends Error {}

/** Runs `istio-mtls graph` with the arguments after the command. */
export async function runGraph(args: readonly string[], io: GraphIo): Promise<number> {
  const files: string[] = [];
  const values = new Map<string, string>();
  try {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-h' || a === '--help') { io.stdout(GRAPH_HELP); return 0; }
      if (a === '--') { files.push(...args.slice(i + 1)); break; }
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        const name = eq > 0 ? a.slice(0, eq) : a;
        if (!['--format', '--root-namespace', '--output'].includes(name)) throw new UsageError(`unknown option '${name}'`);
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined || v === '') throw new UsageError(`option '${name}' needs a value`);
        values.set(name, v);
        continue;
      }
      files.push(a);
    }
    const format = values.get('--format') ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'dot') throw new UsageError(`unknown format '${format}': use 'mermaid' or 'dot'`);
    if (files.length === 0) throw new UsageError("give at least one file, directory, or '-' for standard input");
    const loaded = await loadInputs(files, { stdin: io.stdin });
    const g = meshGraph(loaded.objects.map((o) => o.object), { rootNamespace: values.get('--root-namespace') });
    const text = format === 'dot' ? toDot(g) : toMermaid(g);
    const output = values.get('--output');
    if (output === undefined || output === '-') io.stdout(text);
    else writeOutput(output, text, { inputs: loaded.files });
    return g.edges.some((e) => e.status === 'broken') ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`istio-mtls graph: ${e.message} (run 'istio-mtls graph --help' for usage)\n`); return 2; }
    if (e instanceof InputError) { io.stderr(`istio-mtls graph: ${e.message}\n`); return 2; }
    io.stderr(`istio-mtls graph: ${describeError(e)}\n`);
    return 2;
  }
}
