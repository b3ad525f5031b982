/**
 * The mesh as a picture: namespaces grouped, workloads coloured by dataplane (sidecar, sidecar taking HBONE, ambient,
 * none, unknown) with their server mode, waypoints, and the declared calls as edges, red where the engine finds the
 * call broken (a finding on that call, or an L7 policy ztunnel turns into deny-all), orange where it is at risk (a
 * possible failure, or a waypoint policy nothing enforces). Rendered as Mermaid (which code hosts draw inline) or
 * Graphviz DOT. The verdicts are the engine's own (`analyze()` and the shared ambient authorization analysis).
 * @internal
 */
import { analyze } from './analyze';
import { AmbientAuthz } from './authz-ambient';
import { Dataplane, modelOf } from './model';
import { namespaceInjection } from './model/dataplane';
import { Resolver } from './resolve';
import { AnalyzeOptions, K8sObject, Severity } from './types';

export type NodeKind = Dataplane | 'sidecar-hbone' | 'waypoint' | 'service';

export interface GraphNode {
  readonly id: string;
  readonly name: string;
  readonly kind: NodeKind;
  /** Second line: dataplane and server mode ("ambient, STRICT"). */
  readonly detail: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly status: 'ok' | 'at-risk' | 'broken';
  /** The codes that decided a broken or at-risk status. */
  readonly codes: readonly string[];
}

export interface MeshGraph {
  readonly groups: ReadonlyArray<{ readonly namespace: string; readonly detail: string; readonly nodes: readonly GraphNode[] }>;
  readonly edges: readonly GraphEdge[];
}

/** The graph of a mesh: what `istio-mtls graph` draws and the ambient plan report shows per phase. */
export function meshGraph(objects: readonly K8sObject[], options: AnalyzeOptions = {}): MeshGraph {
  const model = modelOf(objects, options);
  const r = new Resolver(model);
  const findings = analyze(objects, options).filter((f) => f.severity !== Severity.INFO);
  const authz = new AmbientAuthz({ model, resolver: r });
  const ids = new Map<object, string>();
  const id = (o: object) => { let v = ids.get(o); if (!v) { v = `n${ids.size}`; ids.set(o, v); } return v; };
  const groups = new Map<string, GraphNode[]>();
  const add = (ns: string, n: GraphNode) => { const g = groups.get(ns) ?? []; g.push(n); groups.set(ns, g); };
  for (const w of model.workloads) {
    const kind: NodeKind = w.dataplane === 'sidecar' && w.hbone ? 'sidecar-hbone' : w.dataplane;
    const port = w.ports[0]?.port;
    const mode = w.dataplane === 'sidecar' || w.dataplane === 'ambient' ? `, ${r.serverMode(w.namespace, w.podLabels, port).mode}` : '';
    add(w.namespace, { id: id(w), name: w.name, kind, detail: `${kind === 'sidecar-hbone' ? 'sidecar+HBONE' : w.dataplane}${mode}` });
  }
  for (const wp of model.waypoints) add(wp.namespace, { id: id(wp), name: wp.name, kind: 'waypoint', detail: 'waypoint' });
  const deniedAll = new Map<object, string>();
  for (const { workloads } of authz.l7AtZtunnel) for (const w of workloads) deniedAll.set(w, 'IMT7008');
  const unenforced = new Set(authz.unenforced.map((u) => u.service));
  const edges: GraphEdge[] = [];
  // One node per host that is no Service, however many calls name it.
  const hostNodes = new Map<string, object>();
  for (const w of model.workloads) {
    for (const call of w.calls) {
      const svc = call.target.kind === 'service' ? call.target.service : undefined;
      const ports = svc ? svc.ports.filter((p) => call.port === undefined || p.port === call.port).map((p) => p.port) : [];
      const caller = `${w.name}.${w.namespace}`;
      // Traffic findings read "declared call <caller>[ (why)] -> <host>:<port>: ..." (rules/_traffic-report.ts): the
      // callee is matched whole, so that api.example does not take api.example.com's findings, nor port 80 port 8080's.
      // A Service call names its ports (none: the call matches no port, so no finding); a host call its port, or any.
      const callee = svc
        ? (ports.length > 0 ? new RegExp(`-> ${escapeRegExp(svc.host)}:(?:${ports.join('|')}): `) : undefined)
        : new RegExp(`-> ${escapeRegExp(call.host)}${call.port === undefined ? '(?::\\d+)?' : `:${call.port}`}: `);
      const hit = callee ? findings.filter((f) => f.message.includes(`declared call ${caller} `) && callee.test(f.message)) : [];
      const label = `${svc ? svc.name : call.host}${call.port ? `:${call.port}` : ''}`;
      const targets = svc ? r.workloadsOf(svc) : [];
      if (targets.length === 0) {
        let key: object | undefined = svc;
        if (!key) { key = hostNodes.get(call.host) ?? { host: call.host }; hostNodes.set(call.host, key); }
        if (!ids.has(key)) add(svc?.namespace ?? '(outside the input)', { id: id(key), name: svc ? svc.name : call.host, kind: 'service', detail: svc ? 'Service, no workloads' : 'host' });
        const status = hit.some((f) => f.severity === Severity.ERROR) ? 'broken' : hit.length > 0 ? 'at-risk' : 'ok';
        edges.push({ from: id(w), to: id(key), label, status, codes: [...new Set(hit.map((f) => f.code))] });
        continue;
      }
      for (const t of targets) {
        const codes = [...new Set([...hit.map((f) => f.code), ...(deniedAll.has(t) ? [deniedAll.get(t)!] : [])])];
        const broken = hit.some((f) => f.severity === Severity.ERROR) || deniedAll.has(t);
        const risk = codes.length > 0 || (svc !== undefined && unenforced.has(svc));
        edges.push({ from: id(w), to: id(t), label, status: broken ? 'broken' : risk ? 'at-risk' : 'ok', codes: svc && unenforced.has(svc) ? [...codes, 'IMT7010'] : codes });
      }
    }
  }
  const nsDetail = (ns: string) => {
    const namespace = model.namespaces.get(ns);
    if (!namespace) return 'not in the input';
    const labels = namespace.labels;
    const parts = [labels['istio.io/dataplane-mode'] === 'ambient' ? 'ambient' : '', namespaceInjection(namespace)?.[0] ? 'injection' : '', labels['istio.io/use-waypoint'] && labels['istio.io/use-waypoint'] !== '#none' ? `waypoint ${labels['istio.io/use-waypoint']}` : ''].filter(Boolean);
    return parts.join(', ') || 'no mesh label';
  };
  return { groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([namespace, nodes]) => ({ namespace, detail: nsDetail(namespace), nodes })), edges };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const COLOURS: Record<NodeKind, string> = {
  'sidecar': 'fill:#dbeafe,stroke:#1d4ed8', 'sidecar-hbone': 'fill:#e0e7ff,stroke:#4338ca', 'ambient': 'fill:#dcfce7,stroke:#15803d',
  'none': 'fill:#f3f4f6,stroke:#6b7280', 'unknown': 'fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 2', 'waypoint': 'fill:#fef9c3,stroke:#a16207', 'service': 'fill:#ffffff,stroke:#6b7280',
};
const EDGE_COLOURS = { 'broken': '#dc2626', 'at-risk': '#ea580c', 'ok': '#4b5563' };
const CLASS: Record<NodeKind, string> = { 'sidecar': 'sidecar', 'sidecar-hbone': 'sidecarHbone', 'ambient': 'ambient', 'none': 'none', 'unknown': 'unknown', 'waypoint': 'waypoint', 'service': 'service' };

function edgeLabel(e: GraphEdge): string {
  return e.codes.length > 0 ? `${e.label} ${e.status === 'broken' ? 'BROKEN' : 'AT RISK'} ${e.codes.join(' ')}` : e.label;
}

/** Mermaid text: characters that end a label are written as entity codes. */
function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;')).replace(/[|[\]{}]/g, ' ');
}

/** The graph as a Mermaid flowchart. */
export function toMermaid(g: MeshGraph): string {
  const out = ['flowchart LR'];
  g.groups.forEach((grp, i) => {
    out.push(`  subgraph ns${i}["${mermaidText(`${grp.namespace} (${grp.detail})`)}"]`);
    for (const n of grp.nodes) {
      const text = `"${mermaidText(n.name)}<br/>${mermaidText(n.detail)}"`;
      out.push(`    ${n.id}${n.kind === 'waypoint' ? `{{${text}}}` : n.kind === 'service' ? `([${text}])` : `[${text}]`}:::${CLASS[n.kind]}`);
    }
    out.push('  end');
  });
  g.edges.forEach((e) => out.push(`  ${e.from} -->|"${mermaidText(edgeLabel(e))}"| ${e.to}`));
  g.edges.forEach((e, i) => { if (e.status !== 'ok') out.push(`  linkStyle ${i} stroke:${EDGE_COLOURS[e.status]},stroke-width:2px,color:${EDGE_COLOURS[e.status]}`); });
  for (const k of Object.keys(CLASS) as NodeKind[]) out.push(`  classDef ${CLASS[k]} ${COLOURS[k]}`);
  return `${out.join('\n')}\n`;
}

function dotText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** The graph as Graphviz DOT. */
export function toDot(g: MeshGraph): string {
  const style = (k: NodeKind) => {
    const m = /fill:(#[0-9a-f]+),stroke:(#[0-9a-f]+)/.exec(COLOURS[k])!;
    const shape = k === 'waypoint' ? 'hexagon' : k === 'service' ? 'ellipse' : 'box';
    return `shape=${shape}, fillcolor="${m[1]}", color="${m[2]}"${k === 'unknown' ? ', style="rounded,filled,dashed"' : ''}`;
  };
  const out = ['digraph mesh {', '  rankdir=LR;', '  node [style="rounded,filled", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=10];'];
  g.groups.forEach((grp, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label="${dotText(`${grp.namespace} (${grp.detail})`)}";`, '    style="rounded"; color="#9ca3af";');
    for (const n of grp.nodes) out.push(`    ${n.id} [label="${dotText(`${n.name}\n${n.detail}`)}", ${style(n.kind)}];`);
    out.push('  }');
  });
  for (const e of g.edges) {
    const c = EDGE_COLOURS[e.status];
    out.push(`  ${e.from} -> ${e.to} [label="${dotText(edgeLabel(e))}", color="${c}", fontcolor="${c}"${e.status === 'ok' ? '' : ', penwidth=2'}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
