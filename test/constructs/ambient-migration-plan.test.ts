import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { AmbientMigrationPlan, Calls, IstioMtls, MeshWideMtls, MtlsMode } from '../../src';
import { AmbientStep, verifyAmbientMigration } from '../../src/constructs/_ambient-states';
import { bookinfoAmbientMigration } from '../../examples/ambient-migration';

type K8s = { [key: string]: any };

/** The plan's phases as the proof reads them (objects plus the user's restarts). */
function steps(plan: AmbientMigrationPlan): AmbientStep[] {
  const objects = plan.phaseObjects();
  return plan.phases.map((p, i) => ({
    name: p.name, objects: objects[i],
    restart: p.name === 'install' ? ['bookinfo', 'sleep'] : p.name.endsWith('-restart') ? [p.namespace!] : [],
    hbone: p.name === 'install',
  }));
}

/** A copy of the steps with `edit` applied to every object of the phases in `which`. */
function edited(s: AmbientStep[], which: (name: string) => boolean, edit: (o: K8s) => K8s | undefined): AmbientStep[] {
  return s.map((st) => (which(st.name) ? { ...st, objects: st.objects.map((o) => edit(JSON.parse(JSON.stringify(o)))).filter((o): o is K8s => o !== undefined) } : st));
}

function proof(plan: AmbientMigrationPlan, s: AmbientStep[]) {
  return verifyAmbientMigration(plan.topologyManifest(), s);
}

describe('AmbientMigrationPlan (bookinfo example)', () => {
  let plan: AmbientMigrationPlan;
  beforeAll(() => { plan = bookinfoAmbientMigration(Testing.app()); });

  test('has the guide\'s phases in order, one chart each, and proves every state clean', () => {
    expect(plan.phases.map((p) => p.chart.node.id)).toEqual([
      'bookinfo-ambient-1-install', 'bookinfo-ambient-2-policies', 'bookinfo-ambient-3-bookinfo-waypoint', 'bookinfo-ambient-4-bookinfo-ambient',
      'bookinfo-ambient-5-bookinfo-injection', 'bookinfo-ambient-6-bookinfo-restart', 'bookinfo-ambient-7-bookinfo-cleanup',
    ]);
    expect(plan.namespaces).toEqual(['bookinfo']);
    expect(plan.verify()).toEqual([]);
    expect(proof(plan, steps(plan))).toEqual([]);
  });

  test('moves the L7 policy to targetRefs, narrows the original to sidecar pods, then deletes it after the restart', () => {
    const phases = plan.phaseObjects();
    const ap = (i: number, name: string): K8s => phases[i].find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === name) as K8s;
    expect(ap(1, 'reviews-viewer-waypoint').spec.targetRefs).toEqual([{ kind: 'Service', group: '', name: 'reviews' }]);
    expect(ap(1, 'reviews-viewer-waypoint').spec.selector).toBeUndefined();
    expect(ap(1, 'reviews-viewer').spec.selector).toEqual({ matchLabels: { 'app': 'reviews', 'security.istio.io/tlsMode': 'istio' } });
    expect(ap(5, 'reviews-viewer')).toBeDefined();
    expect(ap(6, 'reviews-viewer')).toBeUndefined();
  });

  test('the waypoint-bypass DENY lists every caller while the pods keep sidecars, then only the waypoint and sleep', () => {
    const phases = plan.phaseObjects();
    const deny = (i: number) => phases[i].find((o) => o.metadata.name === 'reviews-deny-waypoint-bypass')?.spec.rules[0].from[0].source.notPrincipals;
    expect(deny(1)).toBeUndefined();
    expect(deny(2)).toEqual(['cluster.local/ns/bookinfo/sa/waypoint', 'cluster.local/ns/bookinfo/sa/bookinfo-productpage', 'cluster.local/ns/sleep/sa/sleep']);
    expect(deny(6)).toEqual(['cluster.local/ns/bookinfo/sa/waypoint', 'cluster.local/ns/sleep/sa/sleep']);
  });

  test('deploys the waypoint first and labels the namespace in the guide\'s order', () => {
    const phases = plan.phaseObjects();
    expect(phases[0].find((o) => o.kind === 'Gateway')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'bookinfo', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    });
    const labels = phases.map((p) => p.find((o) => o.kind === 'Namespace' && o.metadata.name === 'bookinfo')!.metadata.labels);
    expect(labels[1]).toEqual({ 'istio-injection': 'enabled' });
    expect(labels[2]).toEqual({ 'istio-injection': 'enabled', 'istio.io/use-waypoint': 'waypoint' });
    expect(labels[3]).toEqual({ 'istio-injection': 'enabled', 'istio.io/use-waypoint': 'waypoint', 'istio.io/dataplane-mode': 'ambient' });
    expect(labels[4]).toEqual({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/dataplane-mode': 'ambient' });
  });

  test('flags the DestinationRule subsets and creates the per-version Services', () => {
    const svc = plan.phaseObjects()[1].filter((o) => o.kind === 'Service').map((o) => [o.metadata.name, o.spec.selector]);
    expect(svc).toEqual([['reviews-v1', { app: 'reviews', version: 'v1' }], ['reviews-v2', { app: 'reviews', version: 'v2' }]]);
    expect(plan.report()).toMatch(/has subsets v1, v2: waypoints do not support subsets, so the plan creates the Services reviews-v1, reviews-v2/);
  });

  test('the report shows each phase as a Mermaid picture, the user\'s restart and the guide\'s rollback', () => {
    const md = plan.report();
    expect(md.match(/```mermaid\nflowchart LR/g)).toHaveLength(7);
    expect(md).toMatch(/## Phase 6: bookinfo-restart[\s\S]*kubectl rollout restart deployment -n bookinfo/);
    expect(md).toMatch(/Roll back: `kubectl label namespace bookinfo istio.io\/dataplane-mode-`/);
    expect(md).toMatch(/sleep stays on sidecars: owned by another team/);
    // After the restart, bookinfo's pods are ambient in the picture.
    const last = md.split('## Phase 7')[1];
    expect(last).toMatch(/productpage<br\/>ambient, PERMISSIVE"\]:::ambient/);
    expect(last).not.toMatch(/linkStyle/);
  });
});

describe('AmbientMigrationPlan: each documented wrong order is reported', () => {
  let plan: AmbientMigrationPlan;
  let good: AmbientStep[];
  beforeAll(() => { plan = bookinfoAmbientMigration(Testing.app()); good = steps(plan); });
  const bookinfoNs = (o: K8s) => o.kind === 'Namespace' && o.metadata.name === 'bookinfo';

  test('removing injection before the ambient label: a pod restarted in between has no mesh and its calls break', () => {
    const wrong = edited(good, (n) => n === 'bookinfo-ambient', (o) => {
      if (bookinfoNs(o)) o.metadata.labels = { 'istio.io/use-waypoint': 'waypoint' };
      return o;
    });
    const breaks = proof(plan, wrong);
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks[0].step).toMatch(/^phase 4 \(bookinfo-ambient\).*restarted/);
    expect(breaks[0].finding.code).toBe('IMT5001');
    expect(breaks[0].finding.message).toMatch(/declared call productpage\.bookinfo \(no sidecar\) -> (details|reviews)\.bookinfo/);
  });

  test('labelling before the waypoint is active for the L7 policy: restarted pods have a policy nothing enforces', () => {
    const wrong = edited(good, (n) => n !== 'bookinfo-cleanup', (o) => {
      if (bookinfoNs(o)) delete o.metadata.labels['istio.io/use-waypoint'];
      return o;
    });
    const breaks = proof(plan, wrong);
    expect(breaks.map((b) => b.finding.code)).toContain('IMT7010');
    const b = breaks.find((x) => x.finding.code === 'IMT7010')!;
    expect(b.step).toMatch(/bookinfo-injection.*restarted/);
    expect(b.finding.message).toMatch(/reviews-viewer-waypoint targets Service reviews\.bookinfo, whose pods are ambient/);
  });

  test('deleting the bypass exceptions while sidecar callers remain denies sleep.sleep', () => {
    const wrong = edited(good, (n) => n === 'bookinfo-cleanup', (o) => {
      if (o.metadata.name === 'reviews-deny-waypoint-bypass') o.spec.rules[0].from[0].source.notPrincipals = ['cluster.local/ns/bookinfo/sa/waypoint'];
      return o;
    });
    const breaks = proof(plan, wrong);
    expect(breaks.map((b) => [b.step, b.finding.code])).toEqual([['phase 7 (bookinfo-cleanup), after applying 6 of 6 objects', 'IMT7009']]);
    expect(breaks[0].finding.message).toMatch(/denies the declared call sleep\.sleep -> reviews\.bookinfo\.svc\.cluster\.local:9080: it arrives at reviews-v1\.bookinfo as cluster\.local\/ns\/sleep\/sa\/sleep; it is on a sidecar, which bypasses the waypoint/);
  });

  test('a selector L7 policy left in place becomes deny-all at ztunnel once the pods restart', () => {
    const original = plan.topologyManifest().find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'reviews-viewer')!;
    const wrong = edited(good, () => true, (o) => (o.metadata.name === 'reviews-viewer' ? JSON.parse(JSON.stringify(original)) : o));
    wrong[6] = { ...wrong[6], objects: [...wrong[6].objects, original] };
    const breaks = proof(plan, wrong);
    const b = breaks.find((x) => x.finding.code === 'IMT7008')!;
    expect(b.step).toMatch(/^phase 5 \(bookinfo-injection\), after applying 1 of 7 objects, with .*restarted/);
    expect(b.finding.message).toMatch(/reviews-viewer \(ALLOW\) matches on to\.operation\.methods and applies to ambient workloads \(reviews-v/);
  });
});

/** A small mesh: `app` (sidecars) calls `db`, whose Service is headless. */
function headlessMesh(app: App): Chart {
  const chart = new Chart(app, 'topology');
  IstioMtls.configure(chart, {});
  const ns = (name: string) => new ApiObject(chart, `ns-${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });
  ns('app'); ns('db');
  const deploy = (name: string, namespace: string) => new ApiObject(chart, `${namespace}-${name}`, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name, image: `${name}:1`, ports: [{ containerPort: 5432 }] }] } } },
  });
  const web = deploy('web', 'app');
  deploy('pg', 'db');
  new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'pg', namespace: 'db' }, spec: { clusterIP: 'None', selector: { app: 'pg' }, ports: [{ name: 'tcp', port: 5432 }] } });
  Calls.declare(web, 'pg.db', 5432);
  new MeshWideMtls(chart, 'mesh', { mode: MtlsMode.STRICT });
  return chart;
}

describe('AmbientMigrationPlan: namespaces that cannot move yet', () => {
  test('a headless Service with sidecar callers keeps its namespace on sidecars, with the engine\'s IMT7002 as the reason', () => {
    const app = Testing.app();
    const plan = new AmbientMigrationPlan(app, 'plan', { topology: headlessMesh(app), namespaces: ['db'] });
    expect(plan.namespaces).toEqual([]);
    expect(plan.exceptions).toEqual([{ namespace: 'db', reason: expect.stringMatching(/^stays on sidecars: moving it breaks a call at "phase \d+ \(db-[a-z]+\).*": IMT7002 .*web\.app -> pg\.db/) }]);
    expect(plan.verify()).toEqual([]);
  });

  test('fails naming the step, caller, callee and fix when exceptions are not allowed', () => {
    const app = Testing.app();
    expect(() => new AmbientMigrationPlan(app, 'plan', { topology: headlessMesh(app), namespaces: ['db'], allowExceptions: false }))
      .toThrow(/\[plan\] namespace db cannot move to ambient: moving it breaks a call at "phase \d+ \(db-.*IMT7002 .*web\.app -> pg\.db.*Fix:/);
  });

  test('an ambient caller toward a sidecar without HBONE (IMT7001) keeps the caller on sidecars', () => {
    const app = Testing.app();
    const plan = new AmbientMigrationPlan(app, 'plan', { topology: headlessMesh(app), namespaces: ['app'], hboneSidecars: false });
    expect(plan.exceptions.map((e) => e.namespace)).toEqual(['app']);
    expect(plan.exceptions[0].reason).toMatch(/IMT7001 .*web\.app \(ambient\) -> pg\.db/);
  });

  test('with HBONE in the sidecars (the default) the caller moves', () => {
    const app = Testing.app();
    const plan = new AmbientMigrationPlan(app, 'plan', { topology: headlessMesh(app), namespaces: ['app'] });
    expect(plan.namespaces).toEqual(['app']);
    expect(plan.phases.map((p) => p.name)).toEqual(['install', 'app-ambient', 'app-injection', 'app-restart', 'app-cleanup']);
    expect(plan.verify()).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });
});
