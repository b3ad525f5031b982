/**
 * The markdown report of an AmbientMigrationPlan: the guide's order, the namespaces that move and those that stay,
 * the policies it migrated, and per phase its picture (Mermaid), its file, what the user does, how to check it and
 * how to roll it back (istio.io docs/ambient/migrate/enable-ambient-mode, "Rollback").
 * @internal
 */
import { meshGraph, toMermaid } from '../engine/graph';
import { K8sObject } from '../engine/types';
import { PlanNotes, PlannedPhase } from './_ambient-phases';
import { verifyAmbientMigration } from './_ambient-states';

export interface ReportInput {
  readonly id: string;
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  readonly topology: readonly K8sObject[];
  readonly namespaces: readonly string[];
  readonly exceptions: ReadonlyArray<{ readonly namespace: string; readonly reason: string }>;
  readonly notes: PlanNotes;
  readonly anyCaller: boolean;
  readonly phases: ReadonlyArray<PlannedPhase & { readonly index: number; readonly file: string; readonly userAction?: string }>;
}

const GUIDE = 'https://istio.io/latest/docs/ambient/migrate';

/** Rollback of a phase, by the guide's table. */
function rollback(p: ReportInput['phases'][number], previous: string | undefined): string {
  const ns = p.namespace;
  const back = previous ? `\`kubectl apply -f ${previous}\` and delete what this phase added` : `\`kubectl delete -f ${p.file}\` (waypoints), then the ambient profile upgrade can be reverted`;
  if (!ns) return back;
  if (p.name.endsWith('-waypoint')) return `\`kubectl label namespace ${ns} istio.io/use-waypoint-\`, and ${back}`;
  if (p.name.endsWith('-ambient')) return `\`kubectl label namespace ${ns} istio.io/dataplane-mode-\``;
  if (p.name.endsWith('-injection')) return `re-add the injection label: \`kubectl label namespace ${ns} istio-injection=enabled\``;
  if (p.name.endsWith('-restart')) return `re-add the injection label, then \`kubectl rollout restart deployment -n ${ns}\`; check the pods show 2/2 containers`;
  return `\`kubectl apply -f istio-config-backup.yaml\` (the backup taken before you began), or ${back}`;
}

export function ambientReport(input: ReportInput): string {
  const lines: string[] = [];
  lines.push(`# Ambient migration plan: ${input.id}`, '');
  lines.push(`Moves namespaces from sidecars to ambient mode in the order of Istio's migration guide (${GUIDE}/): before you begin, install the ambient components, migrate policies, then enable ambient mode one namespace at a time (activate waypoints, label the namespace, remove injection, restart, remove the old sidecar policies). "The order of operations in this step is critical" (${GUIDE}/enable-ambient-mode/). Root namespace: ${input.rootNamespace}.`, '');
  lines.push('Each phase file is the complete desired state of the objects the plan manages (Namespaces, waypoints, AuthorizationPolicies, per-version Services); apply the files in order, pruning what a phase no longer holds.', '');
  lines.push('## Before you begin', '', `From ${GUIDE}/before-you-begin/: Gateway API CRDs installed (waypoints are Gateways), a backup of the mesh configuration (\`kubectl get virtualservice,destinationrule,authorizationpolicy,requestauthentication,peerauthentication,gateway,httproute,telemetry -A -o yaml > istio-config-backup.yaml\`, \`kubectl get namespaces -o yaml > namespace-backup.yaml\`), and no PeerAuthentication with mode DISABLE (ztunnel treats it as PERMISSIVE).`, '');
  lines.push('## Namespaces', '', `Move to ambient, in order: ${input.namespaces.join(', ') || 'none'}.`, '');
  for (const e of input.exceptions) lines.push(`- ${e.namespace} stays on sidecars: ${e.reason}`);
  if (input.exceptions.length > 0) lines.push('');
  lines.push('## Proof', '', `${input.anyCaller ? 'No calls were declared, so every workload was assumed to call every service. ' : ''}Every phase, every half-applied state in between (each prefix of a phase's objects applied over the previous phase, in file order) and, in each, every mix of restarted and not yet restarted pods (none, all, each alone, all but each) was analyzed with the mixed-dataplane engine: no call breaks. A pod still running with its sidecar keeps it whatever the labels say now; a restarted pod gets what the namespace's labels decide (a sidecar wins over ambient).`, '');
  const notes: Array<[string, string[]]> = [['L7 AuthorizationPolicies moved to the waypoint', input.notes.l7], ['DestinationRule subsets (not supported by waypoints)', input.notes.subsets], ['Waypoint bypass prevention', input.notes.bypass]];
  for (const [title, items] of notes) {
    if (items.length === 0) continue;
    lines.push(`## ${title}`, '');
    for (const n of items) lines.push(`- ${n}`);
    lines.push('');
  }
  lines.push('## Reading the pictures', '', 'Namespaces are boxes; workloads are coloured by dataplane (blue: sidecar, indigo: sidecar taking HBONE, green: ambient, grey: no mesh, dashed: unknown) with their server mode; hexagons are waypoints; arrows are the declared calls, red where the engine finds the call broken and orange where it is at risk.', '');
  const pictures: K8sObject[][] = [];
  verifyAmbientMigration(input.topology, input.phases, { rootNamespace: input.rootNamespace, clusterDomain: input.clusterDomain, visitOnly: true, visit: (i, objects) => { pictures[i] = objects; } });
  input.phases.forEach((p, i) => {
    lines.push(`## Phase ${p.index}: ${p.name}`, '', p.description, '');
    lines.push('```mermaid', toMermaid(meshGraph(pictures[i], { rootNamespace: input.rootNamespace, clusterDomain: input.clusterDomain, migration: true })).trimEnd(), '```', '');
    lines.push(`File: \`${p.file}\` (${p.objects.length} objects, apply in order):`, '');
    for (const o of p.objects) lines.push(`- ${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}${o.kind === 'Namespace' ? ` (${Object.entries(o.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'})` : ''}`);
    lines.push('', `Apply: \`kubectl apply -f ${p.file}\`${i > 0 ? `, then delete the objects of phase ${i} that this file no longer holds (\`kubectl apply --prune\`, or \`kubectl delete\` them)` : ''}.`);
    if (p.userAction) lines.push(`You do: ${p.userAction}`);
    lines.push(`Check: \`kubectl get namespaces,deployments,services,pods,peerauthentications,authorizationpolicies,gateways -A -o yaml | npx istio-mtls analyze --migration -\` exits 0 on the live state (its pods show which sidecars are really there); \`npx istio-mtls graph --format mermaid -\` on the same export draws it as above.`);
    lines.push(`Roll back: ${rollback(p, i > 0 ? input.phases[i - 1].file : undefined)}.`, '');
  });
  lines.push('## Validate', '', `After the last phase (${GUIDE}/enable-ambient-mode/, step 6): \`kubectl get pods -n <namespace>\` shows no sidecars, \`istioctl ztunnel-config workloads -n istio-system\` lists the workloads, and the L7 behaviour of each waypoint policy (methods, paths, headers) is tested. Sidecar callers bypass waypoints: L7 policies on the waypoint do not apply to them until they move too.`, '');
  return lines.join('\n');
}
