import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ruleInfo } from '../engine/analyze';
import { buildModel } from '../engine/model';
import { K8sObject } from '../engine/types';
import { DEFAULT_CLUSTER_DOMAIN } from '../engine/vocabulary';
import { PlanNotes, PlannedPhase, planAmbientPhases } from './_ambient-phases';
import { ambientReport } from './_ambient-report';
import { verifyAmbientMigration } from './_ambient-states';
import { markOwner } from './_synth-check';
import { IstioMtls } from './istio-mtls';
import { MigrationBreak, MigrationPhase } from './migration-plan';
import { writePlanReport } from './_plan-report';

/** A namespace that stays on sidecars at the end of the migration, on purpose. */
export interface AmbientMigrationException {
  /** The namespace that keeps its sidecars. */
  readonly namespace: string;
  /** Why (in the plan report). */
  readonly reason: string;
}

/** Props for {@link AmbientMigrationPlan}. */
export interface AmbientMigrationPlanProps {
  /**
   * The mesh as known: a construct (usually a Chart) holding the Namespaces, workloads, Services and Istio policies,
   * with calls declared by {@link Calls.declare}. Without declared calls, any workload may call any service.
   */
  readonly topology: IConstruct;
  /**
   * The namespaces to move to ambient, in this order.
   *
   * @default - every namespace with sidecar workloads except the root namespace, by name
   */
  readonly namespaces?: string[];
  /**
   * Namespaces that stay on sidecars, each with a reason.
   *
   * @default - none beyond those the plan finds cannot move (see allowExceptions)
   */
  readonly exceptions?: AmbientMigrationException[];
  /**
   * Whether a namespace whose move would break a call may stay on sidecars (with the break as its reason). When
   * false, such a namespace makes the plan fail, naming the step, the caller, the callee and the fix.
   *
   * @default true
   */
  readonly allowExceptions?: boolean;
  /**
   * Name of the waypoint (Gateway) deployed in each namespace that needs one.
   *
   * @default 'waypoint' (what `istioctl waypoint apply` creates)
   */
  readonly waypointName?: string;
  /**
   * Whether the sidecars are restarted after the upgrade to the ambient profile, so that they take HBONE from ambient
   * callers (istio.io ambient/migrate/install-ambient-components, "Enable HBONE support in existing sidecars").
   *
   * @default true
   */
  readonly hboneSidecars?: boolean;
  /**
   * Istio's root namespace.
   *
   * @default - the app's setting, else 'istio-system'
   */
  readonly rootNamespace?: string;
}

/** One phase of an ambient migration. */
export interface AmbientMigrationPhase extends MigrationPhase {
  /** What the user does after applying the phase's file (restarts), and how to check it. */
  readonly userAction?: string;
  /** The namespace the phase moves, if it moves one. */
  readonly namespace?: string;
}

const STEP_BREAKS_CALL = ruleInfo('IMT6001');

/**
 * A sidecar -> ambient migration, namespace by namespace, in the order of Istio's migration guide, proved step by step.
 *
 * Phases (one Chart each, in apply order): install (the ambient profile; waypoints deployed, not active), policies
 * (L7 AuthorizationPolicies copied to `targetRefs`, selector originals narrowed to pods that still have a sidecar,
 * per-version Services for DestinationRule subsets), then per namespace: waypoint (activate it; waypoint-bypass DENY
 * listing every caller that reaches the pods directly), ambient (the `istio.io/dataplane-mode` label), injection
 * (labels removed), restart (done by the user), cleanup (selector L7 policies deleted, bypass lists narrowed to the
 * callers still on sidecars).
 *
 * At synth the plan runs the engine on every phase, every half-applied state and every mix of restarted and not yet
 * restarted pods; a call that would break fails synth (IMT6001) naming the step, the caller, the callee and the fix.
 * A namespace that cannot move without breaking a call stays on sidecars with that break as its reason.
 *
 * @see https://istio.io/latest/docs/ambient/migrate/
 */
export class AmbientMigrationPlan extends Construct {
  /** The phases, in apply order. */
  public readonly phases: AmbientMigrationPhase[] = [];
  /** Namespaces that stay on sidecars, with their reasons. */
  public readonly exceptions: AmbientMigrationException[] = [];
  /** The namespaces moved to ambient, in order. */
  public readonly namespaces: string[];
  private readonly topologyScope: IConstruct;
  private readonly rootNamespace: string;
  private readonly clusterDomain: string;
  private readonly anyCaller: boolean;
  private readonly notes: PlanNotes;
  private readonly steps: PlannedPhase[];

  public constructor(scope: Construct, id: string, props: AmbientMigrationPlanProps) {
    super(scope, id);
    markOwner(this);
    this.rootNamespace = IstioMtls._rootNamespace(this, props.rootNamespace);
    this.clusterDomain = IstioMtls.settingsOf(this).clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    this.topologyScope = props.topology;
    const topo = this.topologyObjects();
    const model = buildModel(topo, { rootNamespace: this.rootNamespace, clusterDomain: this.clusterDomain, migration: true });
    this.anyCaller = model.workloads.every((w) => w.calls.length === 0);
    const excepted = new Map((props.exceptions ?? []).map((e) => [e.namespace, e.reason]));
    this.exceptions.push(...(props.exceptions ?? []));
    const candidates = props.namespaces
      ?? [...new Set(model.workloads.filter((w) => w.dataplane === 'sidecar').map((w) => w.namespace))].filter((n) => n !== this.rootNamespace).sort();
    const opts = { rootNamespace: this.rootNamespace, clusterDomain: this.clusterDomain, waypointName: props.waypointName ?? 'waypoint', hboneSidecars: props.hboneSidecars ?? true };
    const allowExceptions = props.allowExceptions ?? true;

    // Each namespace joins the plan only if the plan with it still proves clean; otherwise it stays on sidecars.
    const accepted: string[] = [];
    for (const ns of candidates) {
      if (excepted.has(ns)) continue;
      const breaks = this.prove(topo, planAmbientPhases(topo, [...accepted, ns], opts).phases);
      if (breaks.length === 0) { accepted.push(ns); continue; }
      const b = breaks[0];
      const why = `moving it breaks a call at "${b.step}": ${b.finding.code} ${b.finding.message}`;
      if (!allowExceptions) throw new Error(`[${this.node.path}] namespace ${ns} cannot move to ambient: ${why}. Fix: that finding's fix, or keep ${ns} on sidecars (allowExceptions: true, or list it in exceptions)`);
      this.exceptions.push({ namespace: ns, reason: `stays on sidecars: ${why}` });
    }
    this.namespaces = accepted;
    const planned = planAmbientPhases(topo, accepted, opts);
    this.notes = planned.notes;
    this.steps = planned.phases;
    for (const p of planned.phases) {
      const index = this.phases.length + 1;
      const chart = new Chart(scope, `${id}-${index}-${p.name}`);
      IstioMtls.configure(chart, { rootNamespace: this.rootNamespace, migration: true, printWarnings: false });
      p.objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
      this.phases.push({ index, name: p.name, description: p.description, chart, userAction: p.userAction, namespace: p.namespace });
    }
    this.node.addValidation({ validate: () => this.verify().map((b) => `${STEP_BREAKS_CALL.code} migration step "${b.step}" breaks a call: ${b.finding.code} ${b.finding.message}`) });
  }

  private prove(topo: readonly K8sObject[], steps: readonly PlannedPhase[]): MigrationBreak[] {
    return verifyAmbientMigration(topo, steps, { rootNamespace: this.rootNamespace, clusterDomain: this.clusterDomain, anyCaller: this.anyCaller });
  }

  private topologyObjects(): K8sObject[] {
    return this.topologyScope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson());
  }

  /** The objects of each phase, in apply order (each phase is the complete desired state of what the plan manages). */
  public phaseObjects(): K8sObject[][] {
    return this.phases.map((p) => p.chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson()));
  }

  /** The topology's objects (what the phases are applied over). */
  public topologyManifest(): K8sObject[] {
    return this.topologyObjects();
  }

  /** Runs the engine on every phase, half-applied state and restart mix; returns what breaks (empty = safe). */
  public verify(): MigrationBreak[] {
    const objects = this.phaseObjects();
    return this.prove(this.topologyObjects(), this.steps.map((s, i) => ({ ...s, objects: objects[i] })));
  }

  /** The plan as a markdown report: phases with their pictures (Mermaid), changes, user actions, checks, rollback. */
  public report(): string {
    return ambientReport({
      id: this.node.id, rootNamespace: this.rootNamespace, clusterDomain: this.clusterDomain, topology: this.topologyObjects(), namespaces: this.namespaces,
      exceptions: this.exceptions, notes: this.notes, anyCaller: this.anyCaller,
      phases: this.phases.map((p, i) => ({ ...this.steps[i], ...p, file: `${p.chart.node.id}.k8s.yaml`, objects: this.phaseObjects()[i] })),
    });
  }

  /** Writes the report as `<outdir>/<id>-plan.md` (call after `app.synth()`); returns the path. */
  public writeReport(outdir: string): string {
    return writePlanReport(outdir, this.node.id, this.report());
  }
}
