import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { analyze, ruleInfo } from '../engine/analyze';
import { Workload, buildModel } from '../engine/model';
import { Resolver } from '../engine/resolve';
import { Finding, K8sObject, Severity } from '../engine/types';
import { kubeApiHost } from '../engine/resolve';
import { DEFAULT_CLUSTER_DOMAIN } from '../engine/vocabulary';
import { markPhase } from './_app-layout';
import { markOwner } from './_synth-check';
import { ClientTls } from './client-tls';
import { ClientTlsPolicy } from './client-tls-policy';
import { MeshWideMtls } from './mesh-wide-mtls';
import { ApiFlavor, MtlsMode } from './mtls-mode';
import { NamespaceMtls } from './namespace-mtls';
import { TRAFFIC_CODES } from './_traffic-codes';
import { ServiceMtls } from './service-mtls';
import { IstioMtls } from './istio-mtls';
import { writePlanReport } from './_plan-report';

/** A workload or namespace that stays PERMISSIVE at the end of the migration, on purpose. */
export interface MigrationException {
  /** Namespace of the exception. */
  readonly namespace: string;
  /**
   * The Service that stays PERMISSIVE.
   *
   * @default - the whole namespace stays PERMISSIVE
   */
  readonly serviceName?: string;
  /** Why it stays PERMISSIVE (written to the policy's reason annotation and the plan report). */
  readonly reason: string;
}

/** Props for {@link MigrationPlan}. */
export interface MigrationPlanProps {
  /**
   * The mesh as known: a construct (usually a Chart) holding the Namespaces, workloads and Services, with calls
   * declared by {@link Calls.declare}. Without declared calls, any workload may call any service.
   */
  readonly topology: IConstruct;
  /**
   * Which Istio API the phases use.
   *
   * @default - the app's setting, else ApiFlavor.MODERN
   */
  readonly flavor?: ApiFlavor;
  /**
   * Exceptions that stay PERMISSIVE, each with a reason.
   *
   * @default - none beyond those the plan needs (see allowExceptions)
   */
  readonly exceptions?: MigrationException[];
  /**
   * Whether the plan may keep a service (or namespace) PERMISSIVE when a caller without a sidecar still calls it.
   * When false, such a caller makes the plan fail and names the caller, the callee and the fix.
   *
   * @default true
   */
  readonly allowExceptions?: boolean;
  /**
   * Istio's root namespace.
   *
   * @default - the app's setting, else 'istio-system'
   */
  readonly rootNamespace?: string;
}

/** One step of a migration: a Chart with the complete desired mTLS state at that point. */
export interface MigrationPhase {
  /** 1-based position in apply order. */
  readonly index: number;
  /** Short name (also in the chart id). */
  readonly name: string;
  /** What the phase changes. */
  readonly description: string;
  /** The chart holding the phase's objects (one manifest file). */
  readonly chart: Chart;
}

/** A call that breaks at some step of a migration. */
export interface MigrationBreak {
  /** The step: `phase N` or `phase N, after applying K of M objects`. */
  readonly step: string;
  /** The engine finding that shows the break. */
  readonly finding: Finding;
}

/** The rule a break is reported under. */
const STEP_BREAKS_CALL = ruleInfo('IMT6001');


function keyOf(o: K8sObject): string {
  return `${o.apiVersion?.split('/')[0]}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;
}

/**
 * Checks a sequence of phases (each the complete list of mTLS objects, in apply order) against a topology: every
 * phase, and every half-applied state in between (each prefix of the next phase's objects applied over the previous
 * phase), must keep every call working.
 *
 * With `anyCaller` (no declared calls), possible failures (warnings of the traffic rules) count as breaks too.
 */
export function verifyMigration(topology: readonly K8sObject[], phases: ReadonlyArray<readonly K8sObject[]>, options: { rootNamespace?: string; autoMtls?: boolean; anyCaller?: boolean; clusterDomain?: string } = {}): MigrationBreak[] {
  const breaks: MigrationBreak[] = [];
  const check = (step: string, state: Map<string, K8sObject>) => {
    for (const f of analyze([...topology, ...state.values()], { rootNamespace: options.rootNamespace, autoMtls: options.autoMtls, clusterDomain: options.clusterDomain, migration: true })) {
      const isBreak = f.severity === Severity.ERROR || (options.anyCaller && f.severity === Severity.WARNING && TRAFFIC_CODES.has(f.code));
      if (isBreak) breaks.push({ step, finding: f });
    }
  };
  let state = new Map<string, K8sObject>();
  phases.forEach((objects, i) => {
    const next = new Map(state);
    objects.forEach((o, j) => {
      next.set(keyOf(o), o);
      if (j < objects.length - 1) check(`phase ${i + 1}, after applying ${j + 1} of ${objects.length} objects`, next);
    });
    state = new Map(objects.map((o) => [keyOf(o), o]));
    check(`phase ${i + 1}`, state);
  });
  return breaks;
}

interface Blocker { readonly caller: Workload; readonly namespace: string; readonly service?: string }

/**
 * A safe, ordered migration to mutual TLS, proved step by step.
 *
 * Each phase is its own Chart (one manifest file, in apply order) holding the complete desired mTLS state at that
 * phase. Modern plan: PERMISSIVE baseline -> STRICT per namespace once every caller of that namespace has a sidecar
 * (callers without one keep their service PERMISSIVE as a reasoned exception) -> mesh-wide STRICT. Legacy plan:
 * PERMISSIVE -> client DestinationRules (kube-apiserver exemption and DISABLE for servers without sidecars first,
 * then `*.local` ISTIO_MUTUAL) -> STRICT.
 *
 * Ambient-aware: ambient namespaces go STRICT like sidecar ones (ztunnel enforces PeerAuthentication), exceptions stay
 * PERMISSIVE (never DISABLE, which ambient does not support), and the legacy plan writes no DISABLE DestinationRule
 * for ambient servers (sidecars reach them over HBONE).
 *
 * At synth the plan runs the engine on every phase and on every half-applied state in between; a call that would
 * break fails synth, naming the caller, the callee and the fix.
 *
 * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
 */
export class MigrationPlan extends Construct {
  /** The phases, in apply order. */
  public readonly phases: MigrationPhase[] = [];
  /** Exceptions that stay PERMISSIVE at the end, with their reasons (reported as warnings). */
  public readonly exceptions: MigrationException[] = [];
  /** The API flavour used. */
  public readonly flavor: ApiFlavor;
  private readonly topologyScope: IConstruct;
  private readonly rootNamespace: string;
  private readonly anyCaller: boolean;
  private readonly declaredCalls: string[] = [];

  public constructor(scope: Construct, id: string, props: MigrationPlanProps) {
    super(scope, id);
    markOwner(this);
    this.flavor = IstioMtls._flavor(this, props.flavor);
    this.rootNamespace = IstioMtls._rootNamespace(this, props.rootNamespace);
    this.topologyScope = props.topology;
    const topo = this.topologyObjects();
    const legacy = this.flavor === ApiFlavor.LEGACY;
    const model = buildModel(topo, { rootNamespace: this.rootNamespace, clusterDomain: IstioMtls.settingsOf(this).clusterDomain ?? DEFAULT_CLUSTER_DOMAIN, migration: true, autoMtls: !legacy });
    const resolver = new Resolver(model);
    this.anyCaller = model.workloads.every((w) => w.calls.length === 0);
    for (const w of model.workloads) for (const c of w.calls) this.declaredCalls.push(`${w.name}.${w.namespace}${w.sidecar ? '' : ' (no sidecar)'} -> ${c.host}${c.port ? `:${c.port}` : ''}`);

    // Which servers does each caller without a sidecar reach?
    const blockers: Blocker[] = [];
    // Callers outside the mesh (no sidecar, not ambient) send plaintext, which STRICT sidecars and ztunnels refuse.
    // So do ambient callers toward sidecars that do not take HBONE: ztunnel cannot speak Istio mTLS to them (IMT7001).
    const inMesh = (x: Workload) => x.dataplane === 'sidecar' || x.dataplane === 'ambient';
    const noHbone = (x: Workload) => x.dataplane === 'sidecar' && !x.hbone;
    for (const w of model.workloads) {
      const reaches = w.dataplane === 'none' ? inMesh : w.dataplane === 'ambient' ? noHbone : undefined;
      if (!reaches) continue;
      if (this.anyCaller) {
        for (const ns of model.namespaces.keys()) if ((model.workloadsByNamespace.get(ns) ?? []).some(reaches)) blockers.push({ caller: w, namespace: ns });
        continue;
      }
      for (const c of w.calls) {
        const svc = resolver.serviceForHost(c.host, w.namespace);
        if (svc && resolver.workloadsOf(svc).some(reaches)) blockers.push({ caller: w, namespace: svc.namespace, service: svc.name });
      }
    }
    const allowExceptions = props.allowExceptions ?? true;
    if (!allowExceptions && blockers.length > 0) {
      const lines = blockers.map((b) => `${b.caller.name}.${b.caller.namespace} (${b.caller.dataplane === 'ambient' ? 'ambient' : 'no sidecar'}) calls ${b.service ? `${b.service}.${b.namespace}` : `services in ${b.namespace} (no declared calls: it may call anything)`}`);
      throw new Error(`[${this.node.path}] STRICT cannot be reached without breaking calls: ${lines.join('; ')}. Fix: inject a sidecar into the caller(s), declare exactly what they call (Calls.declare), or allow exceptions (allowExceptions: true)`);
    }
    const exceptions: MigrationException[] = [...(props.exceptions ?? [])];
    for (const b of blockers) {
      const reason = b.caller.dataplane === 'ambient'
        ? `${b.caller.name}.${b.caller.namespace} is ambient and calls ${b.service ?? 'services here'}, whose sidecar does not take HBONE (ztunnel sends plaintext)`
        : `${b.caller.name}.${b.caller.namespace} has no sidecar and calls ${b.service ?? 'services here'}`;
      if (exceptions.some((e) => e.namespace === b.namespace && (e.serviceName === undefined || e.serviceName === b.service))) continue;
      exceptions.push({ namespace: b.namespace, serviceName: b.service, reason });
    }
    this.exceptions.push(...exceptions);
    // Servers in the mesh: sidecars, and ambient pods, whose ztunnel enforces PeerAuthentication the same way (STRICT
    // denies plaintext; DISABLE is not available there and acts as PERMISSIVE: MESH-2026 §1.2, api peer_authentication.proto).
    const serverNamespaces = [...new Set(model.workloads.filter(inMesh).map((w) => w.namespace))].filter((n) => n !== this.rootNamespace).sort();
    const nsExcepted = new Set(exceptions.filter((e) => !e.serviceName).map((e) => e.namespace));
    const selectorOf = (ns: string, name: string) => model.services.find((s) => s.namespace === ns && s.name === name)?.selector;

    const addExceptions = (chart: Chart) => {
      for (const e of exceptions) {
        if (!e.serviceName) continue;
        const labels = selectorOf(e.namespace, e.serviceName);
        if (!legacy && (!labels || Object.keys(labels).length === 0)) throw new Error(`[${this.node.path}] exception for ${e.serviceName}.${e.namespace}: the topology has no Service with a selector by that name, so its pods cannot be selected`);
        new ServiceMtls(chart, `exception-${e.namespace}-${e.serviceName}`, {
          namespace: e.namespace, name: `${e.serviceName}-mtls-exception`, serviceName: e.serviceName,
          matchLabels: labels, mode: MtlsMode.PERMISSIVE, reason: e.reason, flavor: this.flavor,
        });
      }
    };
    const addNamespaces = (chart: Chart) => {
      for (const ns of serverNamespaces) {
        const e = exceptions.find((x) => x.namespace === ns && !x.serviceName);
        new NamespaceMtls(chart, `ns-${ns}`, e
          ? { namespace: ns, mode: MtlsMode.PERMISSIVE, reason: e.reason, flavor: this.flavor, namespaceDestinationRule: false }
          : { namespace: ns, mode: MtlsMode.STRICT, flavor: this.flavor, namespaceDestinationRule: false });
      }
    };

    if (!legacy) {
      this.phase(scope, id, 'permissive', 'Mesh-wide PERMISSIVE baseline: every sidecar accepts plaintext and mTLS; auto mTLS upgrades sidecar-to-sidecar calls.', (c) => {
        new MeshWideMtls(c, 'mesh', { mode: MtlsMode.PERMISSIVE, flavor: this.flavor, rootNamespace: this.rootNamespace });
      });
      this.phase(scope, id, 'namespaces-strict', `PERMISSIVE exceptions first, then STRICT per namespace whose callers all have sidecars (${serverNamespaces.filter((n) => !nsExcepted.has(n)).join(', ') || 'none'}).`, (c) => {
        new MeshWideMtls(c, 'mesh', { mode: MtlsMode.PERMISSIVE, flavor: this.flavor, rootNamespace: this.rootNamespace });
        addExceptions(c);
        addNamespaces(c);
      });
      this.phase(scope, id, 'mesh-strict', 'Mesh-wide STRICT; the exceptions stay PERMISSIVE.', (c) => {
        addExceptions(c);
        addNamespaces(c);
        new MeshWideMtls(c, 'mesh', { mode: MtlsMode.STRICT, flavor: this.flavor, rootNamespace: this.rootNamespace });
      });
    } else {
      // DISABLE DestinationRules only for servers outside the mesh: toward ambient pods sidecars send HBONE whatever the
      // DestinationRule says (istio cluster_tls.go applyHBONETransportSocketMatches), so ambient namespaces need no
      // DestinationRule phase.
      const plainServers = model.services.filter((s) => { const ws = resolver.workloadsOf(s); return ws.length > 0 && ws.every((w) => w.dataplane === 'none'); });
      const meshLegacy = (c: Chart, mode: MtlsMode, withDr: boolean) => new MeshWideMtls(c, 'mesh', {
        mode, flavor: ApiFlavor.LEGACY, rootNamespace: this.rootNamespace, meshDestinationRule: withDr,
        ...(mode === MtlsMode.DISABLE ? { reason: 'migration' } : {}),
      });
      const disableRules = (c: Chart) => {
        for (const s of plainServers) {
          new ClientTlsPolicy(c, `plaintext-${s.namespace}-${s.name}`, {
            host: s.host, namespace: s.namespace, name: s.name, tls: ClientTls.disable(), flavor: ApiFlavor.LEGACY,
            reason: `${s.name}.${s.namespace} has no sidecar`,
          });
        }
      };
      const clientRules = (c: Chart) => {
        new ClientTlsPolicy(c, 'api-server', {
          host: kubeApiHost(IstioMtls.settingsOf(this).clusterDomain ?? DEFAULT_CLUSTER_DOMAIN), namespace: this.rootNamespace, name: 'api-server', tls: ClientTls.disable(),
          reason: 'the kube-apiserver has no sidecar and cannot terminate Istio mTLS', flavor: ApiFlavor.LEGACY,
        });
        new ClientTlsPolicy(c, 'mesh-mtls', { host: '*.local', namespace: this.rootNamespace, name: 'default', tls: ClientTls.istioMutual(), flavor: ApiFlavor.LEGACY });
      };
      this.phase(scope, id, 'permissive', 'MeshPolicy PERMISSIVE: sidecars accept plaintext and mTLS; clients still send plaintext (no auto mTLS).', (c) => {
        meshLegacy(c, MtlsMode.PERMISSIVE, false);
      });
      this.phase(scope, id, 'client-mtls', `Client DestinationRules: DISABLE for servers without sidecars (${plainServers.map((s) => `${s.name}.${s.namespace}`).join(', ') || 'none'}) and the kube-apiserver exemption first, then '*.local' ISTIO_MUTUAL.`, (c) => {
        meshLegacy(c, MtlsMode.PERMISSIVE, false);
        disableRules(c);
        clientRules(c);
      });
      this.phase(scope, id, 'strict', 'PERMISSIVE exceptions, then MeshPolicy STRICT.', (c) => {
        disableRules(c);
        clientRules(c);
        addExceptions(c);
        for (const ns of serverNamespaces.filter((n) => nsExcepted.has(n))) {
          new NamespaceMtls(c, `ns-${ns}`, { namespace: ns, mode: MtlsMode.PERMISSIVE, reason: exceptions.find((e) => e.namespace === ns && !e.serviceName)!.reason, flavor: ApiFlavor.LEGACY, namespaceDestinationRule: false });
        }
        meshLegacy(c, MtlsMode.STRICT, false);
      });
    }

    this.node.addValidation({ validate: () => this.verify().map((b) => `${STEP_BREAKS_CALL.code} migration step "${b.step}" breaks a call: ${b.finding.code} ${b.finding.message}`) });
  }

  private phase(scope: Construct, id: string, name: string, description: string, build: (c: Chart) => void): void {
    const index = this.phases.length + 1;
    const chart = new Chart(scope, `${id}-${index}-${name}`);
    IstioMtls.configure(chart, { flavor: this.flavor, rootNamespace: this.rootNamespace, migration: true, autoMtls: this.flavor !== ApiFlavor.LEGACY, printWarnings: false });
    // The phase is an alternative mTLS state of the topology's mesh, not more objects of it: the synth-time check,
    // the plugin and the CLI analyze the topology plus this phase (and write it to istio-mtls-metadata.json).
    markPhase(chart, this, index, this.topologyScope);
    build(chart);
    this.phases.push({ index, name, description, chart });
  }

  private topologyObjects(): K8sObject[] {
    return this.topologyScope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
  }

  /** The objects of each phase, in apply order. */
  public phaseObjects(): K8sObject[][] {
    return this.phases.map((p) => p.chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson()));
  }

  /** Runs the engine on every phase and every half-applied state; returns what breaks (empty = safe). */
  public verify(): MigrationBreak[] {
    return verifyMigration(this.topologyObjects(), this.phaseObjects(), { rootNamespace: this.rootNamespace, autoMtls: this.flavor !== ApiFlavor.LEGACY, anyCaller: this.anyCaller, clusterDomain: IstioMtls.settingsOf(this).clusterDomain });
  }

  /** The plan as a markdown report: phases, changes, verified calls, checks and rollback. */
  public report(): string {
    const objs = this.phaseObjects();
    const lines: string[] = [];
    lines.push(`# mTLS migration plan: ${this.node.id}`, '');
    lines.push(`API flavour: ${this.flavor}. Root namespace: ${this.rootNamespace}. Apply the phase files in order; each is the complete desired mTLS state at that phase.`, '');
    lines.push('## Calls verified', '');
    if (this.anyCaller) lines.push('No calls were declared, so every workload was assumed to call every service.');
    else for (const c of this.declaredCalls) lines.push(`- ${c}`);
    lines.push('', 'Every phase and every half-applied state in between (each prefix of a phase\'s objects applied over the previous phase, in file order) was analyzed: no verified call breaks.', '');
    if (this.exceptions.length > 0) {
      lines.push('## Exceptions (stay PERMISSIVE)', '');
      for (const e of this.exceptions) lines.push(`- ${e.serviceName ? `${e.serviceName}.${e.namespace}` : `namespace ${e.namespace}`}: ${e.reason}`);
      lines.push('');
    }
    this.phases.forEach((p, i) => {
      const file = `${p.chart.node.id}.k8s.yaml`;
      lines.push(`## Phase ${p.index}: ${p.name}`, '', p.description, '', `File: \`${file}\` (${objs[i].length} objects, apply in order):`, '');
      for (const o of objs[i]) lines.push(`- ${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}${o.spec?.mtls?.mode ? ` (${o.spec.mtls.mode})` : ''}${o.spec?.host ? ` host ${o.spec.host}` : ''}`);
      lines.push('', `Apply: \`kubectl apply -f ${file}\`${i > 0 ? ` then remove objects of phase ${i} that are not in this file (\`kubectl apply --prune\` or delete them)` : ''}.`);
      lines.push(`Check: \`npx istio-mtls analyze --migration --fail-on warning <topology files> ${file}\` exits 0 (it names every caller, declared or possible, that this state would reset; --migration: PERMISSIVE is expected here); \`npx istio-mtls status <topology files> ${file}\` shows no CONFLICT and which hosts reset PLAIN CALLERS; \`kubectl get peerauthentication,destinationrule -A\`; watch for 503/connection resets of the calls above (Envoy flag UF/UC).`);
      lines.push(`Roll back: ${i === 0 ? `\`kubectl delete -f ${file}\`` : `\`kubectl apply -f ${this.phases[i - 1].chart.node.id}.k8s.yaml\` and delete what this phase added`}.`, '');
    });
    return lines.join('\n');
  }

  /** Writes the report as `<outdir>/<id>-plan.md` (call after `app.synth()`); returns the path. */
  public writeReport(outdir: string): string {
    return writePlanReport(outdir, this.node.id, this.report());
  }
}
